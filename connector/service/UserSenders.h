//
// UserSenders.h
//
// Who sends as whom, from the mapping's <users> table: a user key gives the
// mailbox a queued message goes out from, and an address gives the
// recruiter's name for From. Read again after a minute, so users added in
// the ATS are seen without a restart.
//

#ifndef MB_Service_UserSenders_INCLUDED
#define MB_Service_UserSenders_INCLUDED

#include <Poco/Timestamp.h>
#include <map>
#include <string>

namespace mailbridge {
namespace mapping { class OdbcConnection; struct Mapping; }
namespace service {

class UserSenders
	/// One per worker thread, on that thread's connection.
{
public:
	UserSenders(mapping::OdbcConnection& db, const mapping::Mapping& mapping);
		/// Without a <users> table every lookup answers "".

	std::string addressOf(const std::string& userKey);
		/// The user's address (the first, when the column holds several),
		/// lowercased; "" for an unknown key. Throws DatabaseUnavailable,
		/// StatementError.

	std::string displayName(const std::string& address);
		/// The display-name column of the user with this address; "" when
		/// the mapping has none, the address is no user's, or the value is
		/// empty. Throws as addressOf().

private:
	void refresh();

	mapping::OdbcConnection& _db;
	const mapping::Mapping& _mapping;
	Poco::Timestamp _loadedAt{0};
	bool _loaded = false;
	std::map<std::string, std::string> _addressByKey;
	std::map<std::string, std::string> _nameByAddress;
};

} } // namespace mailbridge::service

#endif
