//
// Durations.cpp
//

#include "connector/service/Durations.h"

namespace mailbridge {
namespace service {

namespace {

std::string twoDigits(long long n)
{
	return (n < 10 ? "0" : "") + std::to_string(n);
}

} // namespace

std::string formatDuration(const Poco::Timespan& span)
{
	const long long seconds = span.totalSeconds();
	if (seconds <= 0) return "0s";
	const long long s = seconds % 60, m = seconds / 60 % 60, h = seconds / 3600 % 24, d = seconds / 86400;
	if (d) return std::to_string(d) + "d " + twoDigits(h) + "h";
	if (h) return std::to_string(h) + "h " + twoDigits(m) + "m";
	if (m) return std::to_string(m) + "m " + twoDigits(s) + "s";
	return std::to_string(s) + "s";
}

} } // namespace mailbridge::service
