//
// InboundWorkers.h
//
// Puts one mailbox's inbound pipeline together: the IMAP client, the ATS
// store on its own connection, the policy and the parser, in a
// MailboxWorker that `run`, `sync --once` and `backfill` drive.
//

#ifndef MB_Service_InboundWorkers_INCLUDED
#define MB_Service_InboundWorkers_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/service/MailboxWorker.h"
#include "connector/service/ServiceConfig.h"
#include "connector/sync/InboundProcessor.h"

#include <memory>

namespace mailbridge {
namespace service {

struct InboundParts
{
	std::shared_ptr<const AtsBinding> ats;
	sync::InboundProcessor::Parser parser;
	StatusSink* status = nullptr;  ///< must outlive the workers
	WorkerTimings timings;
};

std::unique_ptr<MailboxWorker> makeInboundWorker(const ServiceConfig& config, const MailboxConfig& mailbox, const InboundParts& parts);
	/// Nothing connects yet: the worker connects when it first runs.

} } // namespace mailbridge::service

#endif
