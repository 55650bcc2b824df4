//
// AtsStore.h
//
// One worker's view of the ATS database: its own ODBC connection (a
// connection is never shared between threads), the people lookup and the
// activity writer on it, and the sync store that commits through them.
//

#ifndef MB_Service_AtsStore_INCLUDED
#define MB_Service_AtsStore_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/service/OdbcSyncStore.h"
#include "mapping/store/OdbcConnection.h"

#include <memory>

namespace mailbridge {
namespace service {

struct AtsResources
	/// Built before the OdbcSyncStore base that refers to them.
{
	AtsResources(const AtsBinding& binding, const std::string& imapHost);

	std::unique_ptr<mapping::OdbcConnection> db;
	std::unique_ptr<sync::PeopleDirectory> people;
	std::unique_ptr<mapping::ActivityWriter> writer;
	std::unique_ptr<mapping::BounceMarker> bounces;
};

class AtsStore: private AtsResources, public OdbcSyncStore
{
public:
	AtsStore(const AtsBinding& binding, const std::string& imapHost);
		/// Connects. Throws DatabaseUnavailable (transient) when the database
		/// cannot be reached, ConfigError when the login is refused.

	sync::PeopleDirectory& directory() { return *people; }
	mapping::OdbcConnection& connection() { return *db; }
};

} } // namespace mailbridge::service

#endif
