//
// MappedOutboundQueue.h
//
// The ATS's own queue of mail to send, as the mapping's <outbound> describes
// it: the rows waiting, and the marks that tell the ATS a row is being sent,
// was sent (with its Message-ID) or failed (with the reason).
//

#ifndef MB_Mapping_MappedOutboundQueue_INCLUDED
#define MB_Mapping_MappedOutboundQueue_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/sql/MappingSql.h"
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

struct QueuedMessage
{
	std::string id;                             ///< the key column, as text
	std::map<std::string, std::string> fields;  ///< by field name (to, cc, subject, send-at, ...); NULL as ""

	std::string field(const std::string& name) const
	{
		auto it = fields.find(name);
		return it == fields.end() ? std::string() : it->second;
	}
};

class MappedOutboundQueue
{
public:
	MappedOutboundQueue(OdbcConnection& db, const Mapping& mapping);
		/// Throws Poco::NotFoundException when the mapping has no <outbound>.

	std::vector<QueuedMessage> due(std::size_t limit, std::size_t offset = 0);
		/// Up to limit rows of the queue (its filter or query applied), in key
		/// order, after the first offset. Throws DatabaseUnavailable or
		/// StatementError.

	bool mark(const std::string& id, const std::string& state, const std::string& messageId = std::string(),
		const std::string& reason = std::string());
		/// Runs the mark for "sending", "sent" or "failed" on the row. Returns
		/// false when the mapping has no mark for that state or no row was
		/// changed. Runs in the caller's transaction, if any. Throws as due().

private:
	OdbcConnection& _db;
	const Mapping& _mapping;
	MappingSql _sql;
};

} } // namespace mailbridge::mapping

#endif
