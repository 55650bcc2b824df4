#include "connector/service/UsersWatcher.h"
#include "connector/common/Errors.h"
#include "mapping/store/OdbcConnection.h"

#include <algorithm>

namespace mailbridge {
namespace service {

UsersWatcher::UsersWatcher(std::shared_ptr<const AtsBinding> ats, Poco::Timespan interval, std::vector<std::string> known, Notify notify):
	_ats(std::move(ats)),
	_interval(interval),
	_known(std::move(known)),
	_notify(std::move(notify)),
	_thread("mailbridge-users"),
	_wake(Poco::Event::EVENT_AUTORESET),
	_logger(Poco::Logger::get("mailbridge.users"))
{
	std::sort(_known.begin(), _known.end());
}

UsersWatcher::~UsersWatcher()
{
	stop();
}

void UsersWatcher::start()
{
	_stop = false;
	_thread.start(*this);
}

void UsersWatcher::stop()
{
	_stop = true;
	_wake.set();
	if (_thread.isRunning()) _thread.join();
}

bool UsersWatcher::pollOnce()
{
	if (!_db) _db.reset(new mapping::OdbcConnection(_ats->connectionString()));
	std::vector<std::string> now = _ats->userAddresses(*_db);
	std::sort(now.begin(), now.end());
	if (now == _known) return false;
	_logger.information("the users table changed: %z addresses, %z before", now.size(), _known.size());
	_known = now;
	_notify(now);
	return true;
}

void UsersWatcher::run()
{
	while (!_stop)
	{
		// The first poll waits: the addresses read at start are in use.
		_wake.tryWait(static_cast<long>(_interval.totalMilliseconds()));
		if (_stop) break;
		try
		{
			pollOnce();
		}
		catch (const std::exception& exc)
		{
			_db.reset();
			_logger.warning("cannot read the users table: %s", describe(exc));
		}
	}
	_db.reset();
}

} } // namespace mailbridge::service
