//
// OutboxWorker.h
//
// One mailbox's outbound side: its queue rows claimed from mb_outbox (where
// the mapping's <outbound> queue, when there is one, is copied first), sent
// through its submission server, filed in its Sent folder and logged
// through the mapping, by the outbox state machine. Every ledger_check_minutes
// it also holds the mailbox's ledger against the server (LedgerCheck). The database, SMTP and
// IMAP connections are opened when needed and dropped after a failure.
//

#ifndef MB_Service_OutboxWorker_INCLUDED
#define MB_Service_OutboxWorker_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/service/LedgerCheck.h"
#include "connector/service/ServiceConfig.h"
#include "connector/sync/OutboxProcessor.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <memory>

namespace mailbridge {
namespace service {

class OutboxWorker
{
public:
	OutboxWorker(const MailboxConfig& mailbox, std::shared_ptr<const AtsBinding> ats, const sync::OutboxOptions& options);
	~OutboxWorker();

	std::size_t runOnce(Poco::Timestamp now = Poco::Timestamp());
		/// Claims and drives the mailbox's due rows. Returns how many were
		/// claimed. Throws DatabaseUnavailable (transient) when the database
		/// cannot be reached, MailboxError when the mailbox's login is refused.

	void close();
		/// Drops every connection; never throws.

	const std::string& mailbox() const { return _mailbox.name; }

	static std::string workerId();
		/// host:pid, unique per running process.

private:
	struct Parts;

	void checkLedger(Poco::Timestamp now);

	MailboxConfig _mailbox;
	std::shared_ptr<const AtsBinding> _ats;
	sync::OutboxOptions _options;
	std::unique_ptr<Parts> _parts;
	Poco::Timestamp _nextLedgerCheck;
	LedgerCheck::Report _ledgerReport;  ///< of the pass in progress
	Poco::Logger& _logger;
};

} } // namespace mailbridge::service

#endif
