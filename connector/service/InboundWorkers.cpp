#include "connector/service/InboundWorkers.h"
#include "connector/common/Errors.h"
#include "connector/service/AtsStore.h"
#include "connector/service/ImapMailboxClient.h"

#include <algorithm>

namespace mailbridge {
namespace service {

std::unique_ptr<MailboxWorker> makeInboundWorker(const ServiceConfig& config, const MailboxConfig& mailbox, const InboundParts& parts)
{
	auto policy = std::make_shared<sync::MessagePolicy>(config.policy, mailbox.address, mailbox.aliases, mailbox.headerOnly);
	const Poco::Timespan poll = config.pollInterval;
	const Poco::Timespan maxIdle = config.idleRestart;
	std::shared_ptr<const AtsBinding> ats = parts.ats;
	sync::InboundProcessor::Parser parser = parts.parser;

	MailboxWorker::ClientFactory connect = [mailbox, poll, maxIdle]() -> std::unique_ptr<sync::MailboxClient> {
		return ImapMailboxClient::connect(mailbox, poll, maxIdle);
	};
	MailboxWorker::ClientFactory connectSent;
	if (mailbox.idleSent)
	{
		connectSent = [mailbox, poll, maxIdle]() -> std::unique_ptr<sync::MailboxClient> {
			MailboxConfig watch = mailbox;
			watch.idle = true;
			std::unique_ptr<ImapMailboxClient> client = ImapMailboxClient::connect(watch, poll, maxIdle);
			if (!client->session().hasCapability("IDLE"))
				throw TransientError("the server does not offer IDLE");
			return std::unique_ptr<sync::MailboxClient>(client.release());
		};
	}
	const std::string host = mailbox.host;
	MailboxWorker::StoreFactory openStore = [ats, host]() -> std::unique_ptr<sync::SyncStore> {
		return std::unique_ptr<sync::SyncStore>(new AtsStore(*ats, host));
	};
	// The policy is shared with the processors, which hold it by reference.
	MailboxWorker::ProcessorFactory makeProcessor = [policy, parser](sync::SyncStore& store) -> std::unique_ptr<sync::MessageProcessor> {
		return std::unique_ptr<sync::MessageProcessor>(
			new sync::InboundProcessor(*policy, static_cast<AtsStore&>(store).directory(), parser));
	};

	sync::FolderSyncOptions options;
	options.windowStart = Poco::Timestamp() - Poco::Timespan(config.windowDays, 0, 0, 0, 0);
	options.batchMessages = static_cast<std::size_t>(config.batchSize);
	// A long first backfill yields between batches, so new mail is not kept waiting.
	options.maxBackfillBatches = 4;
	// IMAP reads the next batch while the database commits this one.
	options.fetchAhead = true;

	WorkerTimings timings = parts.timings;
	timings.poll = poll;
	timings.retryMax = std::max(timings.retryFirst, config.retryMax);
	return std::unique_ptr<MailboxWorker>(new MailboxWorker(mailbox.name, mailbox.address, connect, openStore, makeProcessor,
		mailbox.folders, options, timings, *parts.status, connectSent));
}

} } // namespace mailbridge::service
