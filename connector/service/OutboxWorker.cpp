#include "connector/service/OutboxWorker.h"
#include "connector/service/AtsStore.h"
#include "connector/service/Logging.h"
#include "connector/service/OdbcOutboxComposer.h"
#include "connector/service/OdbcOutboxStore.h"
#include "connector/service/OutboxActivityLogger.h"
#include "connector/service/OutboxLinks.h"

#include <Poco/Environment.h>
#include <Poco/Process.h>

namespace mailbridge {
namespace service {

struct OutboxWorker::Parts
	/// Everything on one database connection, built in dependency order.
{
	Parts(const MailboxConfig& mailbox, const AtsBinding& binding, const sync::OutboxOptions& options):
		ats(binding, mailbox.host),
		store(ats.connection()),
		composer(ats.connection()),
		links(mailbox),
		logger(ats.connection(), ats, ats.directory(), mailbox.address,
			[this] { return std::make_pair(links.sentFolder(), links.sentUidValidity()); }),
		processor(store, composer, links, links, logger, options)
	{
	}

	AtsStore ats;
	OdbcOutboxStore store;
	OdbcOutboxComposer composer;
	OutboxLinks links;
	OutboxActivityLogger logger;
	sync::OutboxProcessor processor;
};

OutboxWorker::OutboxWorker(const MailboxConfig& mailbox, std::shared_ptr<const AtsBinding> ats, const sync::OutboxOptions& options):
	_mailbox(mailbox),
	_ats(std::move(ats)),
	_options(options),
	_logger(mailboxLogger(mailbox.name))
{
	_options.mailbox = mailbox.address;
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
		const std::size_t claimed = _parts->processor.runOnce(now);
		if (claimed) _logger.information("outbox: %z queued messages handled", claimed);
		return claimed;
	}
	catch (...)
	{
		close();
		throw;
	}
}

void OutboxWorker::close()
{
	if (_parts) _parts->links.close();
	_parts.reset();
}

} } // namespace mailbridge::service
