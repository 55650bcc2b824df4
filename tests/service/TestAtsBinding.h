//
// TestAtsBinding.h
//
// A two-table ATS of the tests' own (t_person, t_activity) and a parser of
// plain test messages, so the service's assembly can be checked against
// the real servers apart from the mapping module.
//

#ifndef MB_Tests_TestAtsBinding_INCLUDED
#define MB_Tests_TestAtsBinding_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/service/MailboxWorker.h"
#include "connector/sync/ParsedMessage.h"

#include <Poco/Mutex.h>

#include <map>
#include <string>

namespace mailbridge {
namespace test {

class TestAtsBinding: public service::AtsBinding
{
public:
	explicit TestAtsBinding(const std::string& odbc);

	std::string connectionString() const override;
	std::unique_ptr<sync::PeopleDirectory> people(mapping::OdbcConnection& db) const override;
	std::unique_ptr<mapping::ActivityWriter> activities(mapping::OdbcConnection& db, const std::string& imapHost) const override;
	std::unique_ptr<mapping::BounceMarker> bounces(mapping::OdbcConnection&) const override { return nullptr; }
	std::vector<std::string> allAddresses(mapping::OdbcConnection& db) const override;

	static void createTables(mapping::OdbcConnection& db, const std::string& shareDir);
		/// mailbridge's own tables, t_person (id, email) and t_activity.

	static int countActivities(const std::string& odbc, const std::string& where);

	static sync::ParsedMessage parseHeaders(const std::string& raw, const Poco::Timestamp& internalDate);
		/// From, To, Subject and Message-ID of a simple test message.

private:
	std::string _odbc;
};

class StatusRecorder: public service::StatusSink
	/// Keeps each mailbox's last state; safe across worker threads.
{
public:
	void report(const std::string& mailbox, const service::MailboxState& state) override;
	service::MailboxState last(const std::string& mailbox) const;

private:
	mutable Poco::FastMutex _mutex;
	std::map<std::string, service::MailboxState> _last;
};

} } // namespace mailbridge::test

#endif
