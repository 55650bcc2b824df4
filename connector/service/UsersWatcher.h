//
// UsersWatcher.h
//
// With mailboxes_from_users = yes: polls the mapping's users table on its
// own thread and connection, and hands the addresses over whenever they
// differ from the last poll, so mailboxes of users added to or removed
// from the ATS are started or stopped without a restart.
//

#ifndef MB_Service_UsersWatcher_INCLUDED
#define MB_Service_UsersWatcher_INCLUDED

#include "connector/service/AtsBinding.h"

#include <Poco/Event.h>
#include <Poco/Logger.h>
#include <Poco/Runnable.h>
#include <Poco/Thread.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace service {

class UsersWatcher: public Poco::Runnable
{
public:
	using Notify = std::function<void(const std::vector<std::string>& addresses)>;

	UsersWatcher(std::shared_ptr<const AtsBinding> ats, Poco::Timespan interval, std::vector<std::string> known, Notify notify);
		/// `known`: the addresses read at start; only a difference is notified.
	~UsersWatcher();

	void start();
	void stop();

	bool pollOnce();
		/// Reads the users table; notifies and returns true when its
		/// addresses changed. Throws what the database throws.

	void run() override;
		/// Polls until stop(); a failed poll is logged and tried again at
		/// the next interval, on a new connection.

private:
	std::shared_ptr<const AtsBinding> _ats;
	Poco::Timespan _interval;
	std::vector<std::string> _known;
	Notify _notify;
	std::unique_ptr<mapping::OdbcConnection> _db;
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
	Poco::Logger& _logger;
};

} } // namespace mailbridge::service

#endif
