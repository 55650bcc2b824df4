//
// BackfillProgress.cpp
//

#include "connector/service/BackfillProgress.h"
#include "connector/service/Durations.h"

#include <Poco/Format.h>

namespace mailbridge {
namespace service {

BackfillProgress::BackfillProgress(std::ostream& out, const std::string& mailbox, bool terminal):
	_out(out),
	_mailbox(mailbox),
	_terminal(terminal)
{
}

void BackfillProgress::update(const std::string& folder, std::size_t done, std::size_t total)
{
	const Poco::Timestamp now;
	if (folder != _folder)
	{
		// The callback comes after each batch: the folder began when the
		// previous one ended.
		_folderStarted = _folder.empty() ? _started : _last;
		_folder = folder;
	}
	_last = now;
	if (!_terminal) return;
	// Padded, so a shorter line covers the end of a longer one.
	std::string text = line(_mailbox, folder, done, total, now - _folderStarted);
	if (text.size() < 79) text.append(79 - text.size(), ' ');
	_out << '\r' << text << std::flush;
	_shown = true;
}

void BackfillProgress::finish()
{
	if (_shown) _out << '\n';
	_shown = false;
}

Poco::Timespan BackfillProgress::elapsed() const
{
	return Poco::Timespan(_started.elapsed());
}

double BackfillProgress::rate(std::size_t done, const Poco::Timespan& elapsed)
{
	const double seconds = double(elapsed.totalMicroseconds()) / 1e6;
	return seconds > 0 ? double(done) / seconds : 0;
}

std::optional<Poco::Timespan> BackfillProgress::eta(std::size_t done, std::size_t total, const Poco::Timespan& elapsed)
{
	const double perSecond = rate(done, elapsed);
	if (done == 0 || perSecond <= 0) return std::nullopt;
	if (done >= total) return Poco::Timespan(0);
	return Poco::Timespan(Poco::Timespan::TimeDiff(double(total - done) / perSecond * 1e6));
}

std::string BackfillProgress::line(const std::string& mailbox, const std::string& folder, std::size_t done,
	std::size_t total, const Poco::Timespan& elapsed)
{
	const std::optional<Poco::Timespan> left = eta(done, total, elapsed);
	return Poco::format("%s %s: %z/%z messages, %.0f msg/s, ETA %s", mailbox, folder, done, total,
		rate(done, elapsed), left ? formatDuration(*left) : std::string("?"));
}

std::string BackfillProgress::summary(std::size_t messages, const Poco::Timespan& elapsed)
{
	return Poco::format("in %s, %.0f msg/s", formatDuration(elapsed), rate(messages, elapsed));
}

} } // namespace mailbridge::service
