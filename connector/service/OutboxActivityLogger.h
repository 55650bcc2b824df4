//
// OutboxActivityLogger.h
//
// Logs a sent outbox item as the inbound engine would log its copy in Sent:
// parsed by the same parser, matched to people by its recipients, written
// through the mapping with direction out and a ledger row for the filed
// copy. Since activities are unique per message and person, whichever of
// the two sees the message first writes it and the other finds it.
//

#ifndef MB_Service_OutboxActivityLogger_INCLUDED
#define MB_Service_OutboxActivityLogger_INCLUDED

#include "connector/sync/ActivityLogger.h"
#include "connector/sync/PeopleDirectory.h"
#include "connector/sync/SyncStore.h"

#include <functional>
#include <string>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

class OutboxLinks;

class OutboxActivityLogger: public sync::ActivityLogger
{
public:
	using SentLocation = std::function<std::pair<std::string, std::uint32_t>()>;
		///< the Sent folder's name and UIDVALIDITY

	OutboxActivityLogger(mapping::OdbcConnection& db, sync::SyncStore& store, sync::PeopleDirectory& people,
		const std::string& mailbox, SentLocation sent);

	bool logged(const std::string& messageId) override;
		/// The ledger holds a row with this Message-ID (with or without
		/// angle brackets). Throws TransientError.

	void log(const sync::OutboxItem& item, const std::string& message) override;
		/// One activity per known person among the recipients (none when no
		/// recipient is a person: the ledger row alone records it). Throws
		/// TransientError, MessageError (a value the ATS refused).

private:
	mapping::OdbcConnection& _db;
	sync::SyncStore& _store;
	sync::PeopleDirectory& _people;
	std::string _mailbox;
	SentLocation _sent;
};

} } // namespace mailbridge::service

#endif
