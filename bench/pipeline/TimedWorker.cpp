//
// TimedWorker.cpp
//
// Mirrors connector/service/InboundWorkers.cpp; only the decorators differ.
//

#include "bench/pipeline/TimedWorker.h"
#include "bench/pipeline/TimedBinding.h"
#include "bench/pipeline/TimedMailboxClient.h"
#include "bench/pipeline/TimedProcessor.h"
#include "bench/pipeline/TimedSyncStore.h"
#include "connector/service/ImapMailboxClient.h"
#include "connector/service/MessageParsing.h"

namespace mailbridge {
namespace bench {

std::unique_ptr<service::MailboxWorker> makeTimedWorker(const service::ServiceConfig& config, const service::MailboxConfig& mailbox,
	std::shared_ptr<const service::MappingBinding> binding, service::StatusSink& status, StageClock& clock)
{
	auto policy = std::make_shared<sync::MessagePolicy>(config.policy, mailbox.address, mailbox.aliases, mailbox.headerOnly);
	const Poco::Timespan poll = config.pollInterval;
	auto ats = std::make_shared<TimedBinding>(binding, clock);
	StageClock* c = &clock;

	sync::InboundProcessor::Parser parser = [c](const std::string& raw, const Poco::Timestamp& internalDate) {
		StageClock::Scope t(*c, "parse", 1);
		return service::parseMessageForSync(raw, internalDate);
	};
	service::MailboxWorker::ClientFactory connect = [mailbox, poll, c]() -> std::unique_ptr<sync::MailboxClient> {
		StageClock::Scope t(*c, "imap.connect");
		return std::unique_ptr<sync::MailboxClient>(new TimedMailboxClient(service::ImapMailboxClient::connect(mailbox, poll), *c));
	};
	const std::string host = mailbox.host;
	service::MailboxWorker::StoreFactory openStore = [ats, host, c]() -> std::unique_ptr<sync::SyncStore> {
		StageClock::Scope t(*c, "db.connect");
		return std::unique_ptr<sync::SyncStore>(new TimedSyncStore(std::unique_ptr<service::AtsStore>(new service::AtsStore(*ats, host)), *c));
	};
	service::MailboxWorker::ProcessorFactory makeProcessor = [policy, parser, c](sync::SyncStore& store) -> std::unique_ptr<sync::MessageProcessor> {
		std::unique_ptr<sync::MessageProcessor> inner(
			new sync::InboundProcessor(*policy, static_cast<TimedSyncStore&>(store).directory(), parser));
		return std::unique_ptr<sync::MessageProcessor>(new TimedProcessor(std::move(inner), *c));
	};

	sync::FolderSyncOptions options;
	options.windowStart = Poco::Timestamp() - Poco::Timespan(config.windowDays, 0, 0, 0, 0);
	options.batchMessages = static_cast<std::size_t>(config.batchSize);
	options.maxBackfillBatches = 4;
	options.fetchAhead = true;  // as makeInboundWorker

	service::WorkerTimings timings;
	timings.poll = poll;
	return std::unique_ptr<service::MailboxWorker>(new service::MailboxWorker(mailbox.name, mailbox.address, connect, openStore,
		makeProcessor, mailbox.folders, options, timings, status));
}

} } // namespace mailbridge::bench
