//
// Durations.h
//
// Spans of time as an operator reads them: "45s", "12m 05s", "3h 04m",
// "2d 05h". Used for a mailbox's lag in `status` and a backfill's ETA.
//

#ifndef MB_Service_Durations_INCLUDED
#define MB_Service_Durations_INCLUDED

#include <Poco/Timespan.h>

#include <string>

namespace mailbridge {
namespace service {

std::string formatDuration(const Poco::Timespan& span);
	/// The two largest units, seconds rounded down; a negative span (a
	/// clock that moved back) reads as "0s".

} } // namespace mailbridge::service

#endif
