#include "connector/service/OutboxWorker.h"
#include "connector/common/Errors.h"
#include "connector/service/AtsStore.h"
#include "connector/service/LedgerCheck.h"
#include "connector/service/Logging.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/OdbcOutboxComposer.h"
#include "connector/service/OdbcOutboxStore.h"
#include "connector/service/OutboxActivityLogger.h"
#include "connector/service/OutboxLinks.h"
#include "connector/service/OutboxQueueFeed.h"
#include "connector/service/UserSenders.h"
#include "mapping/store/StoreErrors.h"

#include <Poco/Environment.h>
#include <Poco/Process.h>
#include <Poco/String.h>

namespace mailbridge {
namespace service {

namespace {

const mapping::Mapping* mappingOf(const AtsBinding& binding)
{
	// Only the mapping file's binding has an outbound queue, users and deletes.
	const MappingBinding* mapped = dynamic_cast<const MappingBinding*>(&binding);
	return mapped ? &mapped->mapping() : nullptr;
}

} // namespace

struct OutboxWorker::Parts
	/// Everything on one database connection, built in dependency order.
{
	Parts(const MailboxConfig& mailbox, const AtsBinding& binding, const sync::OutboxOptions& options):
		ats(binding, mailbox.host),
		mapping(mappingOf(binding)),
		senders(mapping ? new UserSenders(ats.connection(), *mapping) : nullptr),
		store(ats.connection()),
		composer(ats.connection(), [this, mailbox](const std::string& address) { return displayName(mailbox, address); }),
		links(mailbox),
		logger(ats.connection(), ats, ats.directory(), mailbox.address,
			[this] { return std::make_pair(links.sentFolder(), links.sentUidValidity()); }),
		processor(store, composer, links, links, logger, options),
		ledger(ats.connection(), mapping, mailbox)
	{
		if (mapping && mapping->outbound.present)
		{
			feed.reset(new OutboxQueueFeed(ats.connection(), *mapping, mailbox, *senders));
			store.afterTransition([this](const sync::OutboxItem& item, sync::OutboxState expected) { feed->marked(item, expected); });
		}
	}

	std::string displayName(const MailboxConfig& mailbox, const std::string& address)
	{
		// The recruiter's name in the ATS first, then the configured one. A
		// users query the database refuses must not fail the message.
		std::string name;
		try
		{
			if (senders) name = senders->displayName(address);
		}
		catch (const mapping::StatementError& exc)
		{
			mailboxLogger(mailbox.name).warning("outbox: the name for From is not known: %s", exc.displayText());
		}
		return name.empty() && Poco::icompare(address, mailbox.address) == 0 ? mailbox.displayName : name;
	}

	AtsStore ats;
	const mapping::Mapping* mapping;
	std::unique_ptr<UserSenders> senders;
	OdbcOutboxStore store;
	OdbcOutboxComposer composer;
	OutboxLinks links;
	OutboxActivityLogger logger;
	sync::OutboxProcessor processor;
	LedgerCheck ledger;
	std::unique_ptr<OutboxQueueFeed> feed;
};

OutboxWorker::OutboxWorker(const MailboxConfig& mailbox, std::shared_ptr<const AtsBinding> ats, const sync::OutboxOptions& options):
	_mailbox(mailbox),
	_ats(std::move(ats)),
	_options(options),
	_logger(mailboxLogger(mailbox.name))
{
	_options.mailbox = mailbox.address;
	_nextLedgerCheck = Poco::Timestamp() + mailbox.ledgerCheck.totalMicroseconds(); // not at every start
	if (_options.worker.empty()) _options.worker = workerId();
}

OutboxWorker::~OutboxWorker()
{
	close();
}

std::string OutboxWorker::workerId()
{
	return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
}

std::size_t OutboxWorker::runOnce(Poco::Timestamp now)
{
	try
	{
		if (!_parts) _parts.reset(new Parts(_mailbox, *_ats, _options));
		if (_parts->feed)
		{
			const std::size_t taken = _parts->feed->takeDue(now);
			if (taken) _logger.information("outbox: %z messages taken from the outbound queue", taken);
		}
		const std::size_t claimed = _parts->processor.runOnce(now);
		if (claimed) _logger.information("outbox: %z queued messages handled", claimed);
		if (_mailbox.ledgerCheck.totalMicroseconds() > 0 && now >= _nextLedgerCheck) checkLedger(now);
		return claimed;
	}
	catch (...)
	{
		close();
		throw;
	}
}

void OutboxWorker::checkLedger(Poco::Timestamp now)
{
	// One page per poll, so a long ledger never holds up sending for long.
	try
	{
		if (!_parts->ledger.step(_ledgerReport)) return;
		const LedgerCheck::Report& r = _ledgerReport;
		if (r.expunged || r.removed || r.mismatched)
			_logger.information("ledger check: %z rows, %z expunged on the server, %z removed for deleted activities, "
				"%z not removed (another message under the UID)", r.checked, r.expunged, r.removed, r.mismatched);
	}
	catch (const std::exception& exc)
	{
		// Sending goes on; the check is tried again at the next interval.
		_parts->ledger.close();
		_logger.warning("ledger check: %s", describe(exc));
	}
	_ledgerReport = LedgerCheck::Report();
	_nextLedgerCheck = now + _mailbox.ledgerCheck.totalMicroseconds();
}

void OutboxWorker::close()
{
	if (_parts) _parts->links.close();
	if (_parts) _parts->ledger.close();
	_parts.reset();
}

} } // namespace mailbridge::service
