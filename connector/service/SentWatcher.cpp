#include "connector/service/SentWatcher.h"

#include "connector/common/Errors.h"

namespace mailbridge {
namespace service {

SentWatcher::SentWatcher(ClientFactory connect, Poco::Timespan retryFirst, Poco::Timespan retryMax, Poco::Logger& logger):
	_connect(std::move(connect)),
	_backoff(retryFirst, retryMax),
	_logger(logger)
{
}

bool SentWatcher::begin(const std::string& folder, std::uint32_t uidValidity, std::uint32_t lastUid)
{
	if (_client && _folder == folder && _held) return false;
	if (!_client && _failed && !_failedAt.isElapsed(_rest.totalMicroseconds())) return false;
	bool changed = false;
	try
	{
		if (!_client || _folder != folder)
		{
			close();
			_folder = folder;
			_client = _connect();
			sync::FolderSnapshot snap = _client->open(folder, 0, 0);
			_logger.information("watching %s through IDLE", folder);
			// Mail may have come in while the watch was down, or between the
			// sync pass and this EXAMINE: the sync would not see it before
			// the next poll. What comes after the EXAMINE, IDLE announces.
			changed = _failed || (uidValidity != 0 &&
				(snap.uidValidity != uidValidity || (snap.uidNext != 0 && snap.uidNext > lastUid + 1)));
			_failed = false;
		}
		changed = _client->beginWait() || changed;
		_held = true;
		_backoff.reset();
		return changed;
	}
	catch (const std::exception& exc)
	{
		failed(exc);
		return false;
	}
}

bool SentWatcher::check(Poco::Timespan timeout)
{
	if (!_client || !_held) return false;
	try
	{
		return _client->checkWait(timeout);
	}
	catch (const std::exception& exc)
	{
		failed(exc);
		return false;
	}
}

const sync::WaitHandle* SentWatcher::waitHandle() const
{
	return _client && _held ? _client->waitHandle() : nullptr;
}

Poco::Timespan SentWatcher::untilRetry() const
{
	if (_client || !_failed) return 0;
	const Poco::Timespan left = _rest - Poco::Timespan(_failedAt.elapsed());
	return left > 0 ? left : Poco::Timespan(0);
}

void SentWatcher::failed(const std::exception& exc)
{
	_client.reset();
	_held = false;
	_failed = true;
	_failedAt.update();
	_rest = _backoff.next();
	_logger.warning("IDLE on %s stopped: %s; it is polled, and watched again in %d s", _folder, describe(exc), int(_rest.totalSeconds()));
}

void SentWatcher::close()
{
	// The client's destructor logs out (ending the IDLE first).
	_client.reset();
	_held = false;
}

} } // namespace mailbridge::service
