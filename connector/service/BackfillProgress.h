//
// BackfillProgress.h
//
// What `mailbridge backfill` prints: a progress line rewritten in place
// while it runs (only on a terminal: a log or a pipe gets no carriage
// returns), and the figures of its summary line (always printed).
//

#ifndef MB_Service_BackfillProgress_INCLUDED
#define MB_Service_BackfillProgress_INCLUDED

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

namespace mailbridge {
namespace service {

class BackfillProgress
{
public:
	BackfillProgress(std::ostream& out, const std::string& mailbox, bool terminal);
		/// Times from now; with terminal false, update() and finish() print nothing.

	void update(const std::string& folder, std::size_t done, std::size_t total);
		/// The rescan's callback: done of total messages of folder. Rate and
		/// ETA are the folder's own, counted from the end of the previous
		/// folder (the search for the folder's messages included).

	void finish();
		/// Ends the progress line, so the summary starts on a line of its own.

	Poco::Timespan elapsed() const;
		/// Since construction.

	static double rate(std::size_t done, const Poco::Timespan& elapsed);
		/// Messages per second; 0 before any time has passed.

	static std::optional<Poco::Timespan> eta(std::size_t done, std::size_t total, const Poco::Timespan& elapsed);
		/// The time left at the rate so far; none before a first message.

	static std::string line(const std::string& mailbox, const std::string& folder, std::size_t done, std::size_t total,
		const Poco::Timespan& elapsed);
		/// "alice INBOX: 1200/5000 messages, 240 msg/s, ETA 15s".

	static std::string summary(std::size_t messages, const Poco::Timespan& elapsed);
		/// "in 1m 05s, 77 msg/s": the end of the summary line.

private:
	std::ostream& _out;
	std::string _mailbox;
	bool _terminal;
	Poco::Timestamp _started;
	std::string _folder;
	Poco::Timestamp _folderStarted;
	Poco::Timestamp _last;
	bool _shown = false;
};

} } // namespace mailbridge::service

#endif
