//
// OutboxSender.h
//
// Sends one composed message; the service wires it to smtp::SmtpSender.
//

#ifndef MB_Sync_OutboxSender_INCLUDED
#define MB_Sync_OutboxSender_INCLUDED

#include "connector/sync/OutboxItem.h"

#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

class OutboxSender
{
public:
	virtual ~OutboxSender() = default;

	virtual std::vector<OutboxRecipient> send(const OutboxItem& item, const std::string& message) = 0;
		/// Sends message from item.from to item.recipients (Bcc included: they
		/// are envelope only) and returns each recipient with its state and
		/// the server's reply. When every recipient was refused for good,
		/// nothing was sent and all come back Refused.
		/// Throws MessageError (5xx to MAIL FROM or DATA: do not retry),
		/// TransientError (4xx, network; when it comes after the end of DATA
		/// the server may have taken the message), MailboxError (login or
		/// certificate refused: stop the mailbox).
};

} } // namespace mailbridge::sync

#endif
