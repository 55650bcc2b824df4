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

bool SentWatcher::wait(const std::string& folder, Poco::Timespan timeout)
{
	if (!_client && _failed && !_failedAt.isElapsed(_rest.totalMicroseconds())) return false;
	bool changed = false;
	try
	{
		if (!_client || _folder != folder)
		{
			close();
			_client = _connect();
			_client->open(folder, 0, 0);
			_folder = folder;
			_logger.information("watching %s through IDLE", folder);
			// Mail may have come in while the watch was down.
			changed = _failed;
			_failed = false;
		}
		// Each wait is short (the caller's slice), so IDLE is re-issued well
		// within the server's 30 minutes.
		changed = _client->waitForChange(timeout) || changed;
		_backoff.reset();
		return changed;
	}
	catch (const std::exception& exc)
	{
		_client.reset();
		_failed = true;
		_failedAt.update();
		_rest = _backoff.next();
		_logger.warning("IDLE on %s stopped: %s; it is polled, and watched again in %d s", folder, describe(exc),
			int(_rest.totalSeconds()));
		return false;
	}
}

void SentWatcher::close()
{
	// The client's destructor logs out.
	_client.reset();
}

} } // namespace mailbridge::service
