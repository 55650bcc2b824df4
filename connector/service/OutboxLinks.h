//
// OutboxLinks.h
//
// A mailbox's submission server and Sent folder for the outbox, connected
// only when an item needs them (an empty queue costs no connection) and
// dropped after a failure, so the next attempt starts on a fresh one.
//

#ifndef MB_Service_OutboxLinks_INCLUDED
#define MB_Service_OutboxLinks_INCLUDED

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ImapSentFiler.h"
#include "connector/service/ServiceConfig.h"
#include "connector/service/SmtpOutboxSender.h"
#include "connector/smtp/SmtpSender.h"
#include "connector/sync/OutboxSender.h"
#include "connector/sync/SentFiler.h"

#include <memory>

namespace mailbridge {
namespace service {

class OutboxLinks: public sync::OutboxSender, public sync::SentFiler
{
public:
	explicit OutboxLinks(const MailboxConfig& mailbox);
	~OutboxLinks();

	std::vector<sync::OutboxRecipient> send(const sync::OutboxItem& item, const std::string& message) override;
	bool filesSentItself() const override;
	std::uint32_t find(const std::string& messageId) override;
	std::uint32_t file(const std::string& message, Poco::Timestamp date) override;

	std::string sentFolder();
	std::uint32_t sentUidValidity();
		/// Both connect to IMAP when needed. Throw as find().

	void close();
		/// Logs out of both servers; never throws.

private:
	ImapSentFiler& filer();
	template <class Work> auto guarded(bool imap, Work work) -> decltype(work());

	MailboxConfig _mailbox;
	std::unique_ptr<smtp::SmtpSender> _smtp;
	std::unique_ptr<ImapMailboxClient> _imap;
	std::unique_ptr<ImapSentFiler> _filer;
};

} } // namespace mailbridge::service

#endif
