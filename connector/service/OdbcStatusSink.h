//
// OdbcStatusSink.h
//
// Mailbox health in mb_mailbox_status, where the ATS (or a DBA) can show it,
// and where `mailbridge status` reads it back.
//

#ifndef MB_Service_OdbcStatusSink_INCLUDED
#define MB_Service_OdbcStatusSink_INCLUDED

#include "connector/service/MailboxWorker.h"
#include <Poco/Mutex.h>
#include <Poco/Timestamp.h>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

struct MailboxStatusRow
{
	std::string mailbox;
	std::string state;
	std::string lastSyncAt;   ///< as the database prints it; empty when never
	std::string lastError;
	std::string heartbeatAt;
	std::optional<Poco::Timestamp> lastSync;  ///< lastSyncAt read as UTC, when the database gave a time
};

class OdbcStatusSink: public StatusSink
	/// Shared by every worker: writes are serialised on its one connection.
{
public:
	using Reopen = std::function<std::unique_ptr<mapping::OdbcConnection>()>;

	explicit OdbcStatusSink(mapping::OdbcConnection& db, Reopen reopen = Reopen());
		/// Writes through db. With reopen, a failed write drops the connection
		/// and the next report opens a new one, so status is written again
		/// once a database that went away (a restart, a network cut) is back.

	void report(const std::string& mailbox, const MailboxState& state) override;
		/// Upserts the mailbox's row; a failure is logged, never thrown.
		/// Until this process has seen the mailbox sync, the row's
		/// last_sync_at is kept, so a restart does not make it read "never".

	static std::vector<MailboxStatusRow> read(mapping::OdbcConnection& db);
		/// Every mailbox's row, by address. Throws as OdbcConnection::translate().

	static void print(std::ostream& out, const std::vector<MailboxStatusRow>& rows, const Poco::Timestamp& now = Poco::Timestamp());
		/// The table `mailbridge status` shows. LAG is the time from the
		/// last successful sync to now.

private:
	mapping::OdbcConnection* _db;             ///< null after a failure, until reopened
	std::unique_ptr<mapping::OdbcConnection> _own;
	Reopen _reopen;
	Poco::FastMutex _mutex;
	std::map<std::string, Poco::Timestamp> _lastSync;
};

} } // namespace mailbridge::service

#endif
