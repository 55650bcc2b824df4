//
// Backoff.h
//
// Exponential backoff with full jitter, so that many mailboxes losing the
// same server do not all come back in the same second.
//

#ifndef MB_Sync_Backoff_INCLUDED
#define MB_Sync_Backoff_INCLUDED

#include <Poco/Random.h>
#include <Poco/Timespan.h>

namespace mailbridge {
namespace sync {

class Backoff
{
public:
	Backoff(Poco::Timespan first, Poco::Timespan max);

	Backoff(const Backoff&) = delete;
	Backoff& operator=(const Backoff&) = delete;
		///< Poco::Random owns a raw buffer: a copy would free it twice.

	Poco::Timespan next();
		/// A random delay in [first, min(max, first * 2^failures)], then counts
		/// one more failure.

	void reset();
	int failures() const { return _failures; }

private:
	Poco::Timespan _first;
	Poco::Timespan _max;
	int _failures = 0;
	Poco::Random _random;
};

} } // namespace mailbridge::sync

#endif
