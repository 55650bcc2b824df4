//
// FiledWatcher.h
//
// Watches mb_outbox rows from a connection of its own, polling at a fine
// interval, and notes when each row is first seen filed (or already
// logged), when logged, and when first seen in each state on the way: mb_outbox keeps no time per state, only the
// claim's and the send's, both the worker's poll time.
//

#ifndef MB_Bench_FiledWatcher_INCLUDED
#define MB_Bench_FiledWatcher_INCLUDED

#include "mapping/store/OdbcConnection.h"

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace mailbridge {
namespace bench {

class FiledWatcher
{
public:
	struct Seen
	{
		Poco::Timestamp filed = Poco::Timestamp(0);   ///< first seen filed or logged (0: not yet)
		Poco::Timestamp logged = Poco::Timestamp(0);  ///< first seen logged (0: not yet)
		bool failed = false;
		std::map<std::string, Poco::Timestamp> states; ///< when each state was first seen
	};

	FiledWatcher(const std::string& connectionString, Poco::Timespan interval);
	~FiledWatcher();

	void watch(std::int64_t id);
		/// Adds a row to watch (from the moment its INSERT committed).

	bool waitLogged(Poco::Timespan timeout);
		/// Waits until every watched row is logged or failed; false on timeout.

	std::map<std::int64_t, Seen> seen() const;
	std::size_t polls() const { return _polls; }

private:
	void run();
	void pollOnce();

	mapping::OdbcConnection _db;
	Poco::Timespan _interval;
	mutable std::mutex _mutex;
	std::condition_variable _done;
	std::map<std::int64_t, Seen> _rows;
	std::size_t _open = 0;  ///< rows neither logged nor failed
	std::atomic<std::size_t> _polls{0};
	std::atomic<bool> _stop{false};
	std::thread _thread;
};

} } // namespace mailbridge::bench

#endif
