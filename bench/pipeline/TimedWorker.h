//
// TimedWorker.h
//
// The inbound worker as service::makeInboundWorker assembles it (same
// policy, parser, store and FolderSync options), with every part behind a
// stopwatch: IMAP calls, parsing, the people lookup, the processor, the
// activity writer and the store's transactions.
//

#ifndef MB_Bench_TimedWorker_INCLUDED
#define MB_Bench_TimedWorker_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/service/InboundWorkers.h"
#include "connector/service/MappingBinding.h"

#include <memory>

namespace mailbridge {
namespace bench {

std::unique_ptr<service::MailboxWorker> makeTimedWorker(const service::ServiceConfig& config, const service::MailboxConfig& mailbox,
	std::shared_ptr<const service::MappingBinding> binding, service::StatusSink& status, StageClock& clock);
	/// Nothing connects yet. `clock` and `status` must outlive the worker.

} } // namespace mailbridge::bench

#endif
