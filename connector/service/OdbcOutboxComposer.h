//
// OdbcOutboxComposer.h
//
// Builds an mb_outbox row's message with the MIME module: From the mailbox,
// To/Cc from the row (Bcc envelope only), the stored Message-ID and send_at
// as Date, and threading headers from the parent activity's message.
//

#ifndef MB_Service_OdbcOutboxComposer_INCLUDED
#define MB_Service_OdbcOutboxComposer_INCLUDED

#include "connector/sync/OutboxComposer.h"
#include "mapping/sql/OwnTablesSql.h"
#include <functional>
#include <string>

namespace mailbridge {
namespace mime { class MessageBuilder; }
namespace mapping { class OdbcConnection; }
namespace service {

class OdbcOutboxComposer: public sync::OutboxComposer
	/// One per worker thread, like the connection it reads through.
{
public:
	using DisplayNames = std::function<std::string(const std::string& mailbox)>;
		/// The recruiter's display name for From (the mapping's users table);
		/// empty for none.

	explicit OdbcOutboxComposer(mapping::OdbcConnection& db, DisplayNames displayNames = DisplayNames());

	std::string compose(const sync::OutboxItem& item) override;
		/// Reads the row item.id (subject, body_text, body_html, to/cc/bcc
		/// addresses, parent_activity_key) and builds the message. The same
		/// row and item give the same bytes. Throws MessageError when the row
		/// is gone, has no recipient or no Message-ID yet; DatabaseUnavailable.

	std::string parentMessageId(const std::string& activityKey);
		/// The Message-ID (without <>) of the message an activity was logged
		/// from (mb_message_activity), empty when none is known or the message
		/// had no Message-ID. Throws DatabaseUnavailable, StatementError.

private:
	bool hasAttachments(std::int64_t id);
	void attach(mime::MessageBuilder& builder, std::int64_t id, const std::string& label);

	mapping::OdbcConnection& _db;
	mapping::OwnTablesSql _sql;
	DisplayNames _displayNames;
};

} } // namespace mailbridge::service

#endif
