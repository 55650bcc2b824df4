//
// AtsBinding.h
//
// What the daemon needs from the ATS side: its database, who the people
// are, and how an activity row is written. The mapping file provides it;
// tests provide a small one of their own.
//

#ifndef MB_Service_AtsBinding_INCLUDED
#define MB_Service_AtsBinding_INCLUDED

#include "mapping/store/ActivityWriter.h"
#include "mapping/store/BounceMarker.h"
#include "connector/sync/PeopleDirectory.h"

#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

class AtsBinding
{
public:
	virtual ~AtsBinding() = default;

	virtual std::string connectionString() const = 0;
		/// The ODBC connection string, password included. Throws ConfigError
		/// when the password's variable or file is missing.

	virtual std::unique_ptr<sync::PeopleDirectory> people(mapping::OdbcConnection& db) const = 0;
		/// A lookup over `db`, used from one thread at a time.

	virtual std::unique_ptr<mapping::ActivityWriter> activities(mapping::OdbcConnection& db, const std::string& imapHost) const = 0;
		/// A writer for `db`; it writes inside the store's transaction.
		/// imapHost names the mailbox's server in the links it writes.

	virtual std::unique_ptr<mapping::BounceMarker> bounces(mapping::OdbcConnection& db) const = 0;
		/// How a failed address is marked bad; null when the mapping has no
		/// bounce action (the bounce is still logged as an activity).

	virtual std::vector<std::string> allAddresses(mapping::OdbcConnection& db) const = 0;
		/// Every address the people tables hold now, as comparison keys
		/// (trimmed, lowercased; multi-valued columns split), so that people
		/// added or changed in the ATS are noticed. Throws DatabaseUnavailable.

	virtual std::vector<std::string> checkDatabase(mapping::OdbcConnection& db) const;
		/// What does not fit the database ("file:line: message", as
		/// check-mapping prints it); empty when everything does. Run once at
		/// startup. Throws DatabaseUnavailable. A binding without a mapping
		/// file has nothing to check.

	virtual std::vector<std::string> userAddresses(mapping::OdbcConnection& db) const;
		/// Every address in the users table (with its filter), as comparison
		/// keys, for mailboxes_from_users. Throws ConfigError when the
		/// binding has no users table, DatabaseUnavailable as above.
};

} } // namespace mailbridge::service

#endif
