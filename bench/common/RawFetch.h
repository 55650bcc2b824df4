//
// RawFetch.h
//
// The ceiling for any client: IMAP commands sent over a plain socket and
// the replies only scanned for line ends, literal sizes and tagged ends,
// with nothing parsed or kept.
//

#ifndef MB_Bench_RawFetch_INCLUDED
#define MB_Bench_RawFetch_INCLUDED

#include <cstdint>
#include <string>
#include <vector>

namespace mailbridge {
namespace bench {

struct Figure
{
	std::uint64_t messages = 0;
	std::uint64_t bytes = 0;  ///< body bytes (raw: bytes on the wire)
	double seconds = 0;

	double msgPerSec() const { return seconds > 0 ? messages / seconds : 0; }
	double mbPerSec() const { return seconds > 0 ? bytes / 1e6 / seconds : 0; }
};

struct RawLogin
{
	std::string host;
	unsigned short port = 143;
	std::string user;
	std::string password;
	std::string folder;
};

Figure rawFetch(const RawLogin& login, std::uint64_t messages, const std::vector<std::string>& commands, std::size_t maxInFlight);
	/// LOGIN and SELECT (untimed), then the commands, at most maxInFlight
	/// sent ahead; times until the last tagged end. `messages` is what the
	/// folder holds (the loop does not count them). Throws std::runtime_error
	/// when the server closes the connection.

} } // namespace mailbridge::bench

#endif
