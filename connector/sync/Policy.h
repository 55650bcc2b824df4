//
// Policy.h
//
// The operator's choices about what is logged (the [policy] section).
//

#ifndef MB_Sync_Policy_INCLUDED
#define MB_Sync_Policy_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

enum class FilterPolicy { Skip, Log };
enum class UnknownSenderPolicy { Ignore, Stage, Create };

struct Policy
{
	std::vector<std::string> internalDomains;    ///< lowercased
	std::vector<std::string> excludeAddresses;   ///< lowercased
	std::vector<std::string> excludeDomains;     ///< lowercased
	std::vector<std::string> headerOnlyDomains;  ///< lowercased
	FilterPolicy bulk = FilterPolicy::Skip;
	FilterPolicy autoReply = FilterPolicy::Skip;
	UnknownSenderPolicy unknownSender = UnknownSenderPolicy::Ignore;
	bool subjectThreading = false;
	int subjectThreadingDays = 30;  ///< how much older a parent found by subject may be
};

} } // namespace mailbridge::sync

#endif
