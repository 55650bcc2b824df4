#include "connector/service/PeopleWatcher.h"
#include "connector/common/Errors.h"
#include "mapping/store/OdbcConnection.h"

namespace mailbridge {
namespace service {

PeopleWatcher::PeopleWatcher(std::shared_ptr<const AtsBinding> ats, Poco::Timespan interval, Notify notify):
	_ats(std::move(ats)),
	_interval(interval),
	_notify(std::move(notify)),
	_thread("mailbridge-people"),
	_wake(Poco::Event::EVENT_AUTORESET),
	_logger(Poco::Logger::get("mailbridge.people"))
{
}

PeopleWatcher::~PeopleWatcher()
{
	stop();
}

void PeopleWatcher::start()
{
	_stop = false;
	_thread.start(*this);
}

void PeopleWatcher::stop()
{
	_stop = true;
	_wake.set();
	if (_thread.isRunning()) _thread.join();
}

std::size_t PeopleWatcher::pollOnce()
{
	if (!_db) _db.reset(new mapping::OdbcConnection(_ats->connectionString()));
	std::vector<std::string> added = _changes.update(_ats->allAddresses(*_db));
	if (!added.empty())
	{
		_logger.information("%z new or changed addresses in the people tables; their mail is visited again", added.size());
		_notify(added);
	}
	return added.size();
}

void PeopleWatcher::run()
{
	while (!_stop)
	{
		try
		{
			pollOnce();
		}
		catch (const std::exception& exc)
		{
			_db.reset();
			_logger.warning("cannot read the people tables: %s", describe(exc));
		}
		_wake.tryWait(static_cast<long>(_interval.totalMilliseconds()));
	}
	_db.reset();
}

} } // namespace mailbridge::service
