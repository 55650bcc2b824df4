//
// PeopleWatcher.h
//
// Polls the ATS's people tables on its own thread and connection; when an
// address appears (a new candidate, a changed email) it hands it to every
// mailbox worker, which visits that address's mail in its window again.
//

#ifndef MB_Service_PeopleWatcher_INCLUDED
#define MB_Service_PeopleWatcher_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/sync/PeopleChanges.h"

#include <Poco/Event.h>
#include <Poco/Logger.h>
#include <Poco/Runnable.h>
#include <Poco/Thread.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <functional>
#include <memory>

namespace mailbridge {
namespace service {

class PeopleWatcher: public Poco::Runnable
{
public:
	using Notify = std::function<void(const std::vector<std::string>& added)>;

	PeopleWatcher(std::shared_ptr<const AtsBinding> ats, Poco::Timespan interval, Notify notify);
	~PeopleWatcher();

	void start();
	void stop();

	std::size_t pollOnce();
		/// One poll: reads every address, notifies the new ones, returns how
		/// many. Throws what the database throws.

	void run() override;
		/// Polls until stop(); a failed poll is logged and tried again at
		/// the next interval, on a new connection.

private:
	std::shared_ptr<const AtsBinding> _ats;
	Poco::Timespan _interval;
	Notify _notify;
	std::unique_ptr<mapping::OdbcConnection> _db;
	sync::PeopleChanges _changes;
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
	Poco::Logger& _logger;
};

} } // namespace mailbridge::service

#endif
