//
// ActivityLogger.h
//
// Writes the outbound activity through the mapping, with its ledger row.
//

#ifndef MB_Sync_ActivityLogger_INCLUDED
#define MB_Sync_ActivityLogger_INCLUDED

#include "connector/sync/OutboxItem.h"

#include <string>

namespace mailbridge {
namespace sync {

class ActivityLogger
{
public:
	virtual ~ActivityLogger() = default;

	virtual bool logged(const std::string& messageId) = 0;
		/// The ledger already holds this Message-ID (logged by us, or by the
		/// inbound engine from the filed copy). Throws TransientError.

	virtual void log(const OutboxItem& item, const std::string& message) = 0;
		/// The activity (direction out) and the ledger row for the filed copy,
		/// in one transaction. Throws TransientError, MessageError.
};

} } // namespace mailbridge::sync

#endif
