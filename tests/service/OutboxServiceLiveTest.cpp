//
// OutboxServiceLiveTest.cpp
//
// The daemon's outbox thread (OutboxService over an OutboxWorker, the
// modern example mapping in SQLite, alice's submission and Sent on the
// stack): more rows than one poll's batch go out back to back, not one
// batch per poll interval, and an idle service waits for its interval.
//

#include "connector/service/MappingBinding.h"
#include "connector/service/OutboxService.h"
#include "connector/service/ServiceConfig.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/TestEnv.h"
#include "tests/service/ExampleAts.h"
#include "tests/service/MailStackSupport.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Thread.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::TestEnv;

namespace {

const std::string ROOT = MB_SHARE_DIR;

} // namespace

class OutboxServiceLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OutboxServiceLiveTest);
	CPPUNIT_TEST(testBurstGoesOutWithoutWaitingPerBatch);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_file = Poco::Path::temp() + "mb-outbox-service-" + _tag + ".db";
		_db.reset(new OdbcConnection(connection()));
		test::createModernAts(*_db, ROOT, "sqlite", true);
		_mappingFile = Poco::Path::temp() + "mb-outbox-service-" + _tag + ".xml";
		test::writeExampleMapping(ROOT, "modern.xml", connection(), "MB_OUTBOX_SERVICE_DB_PW", _mappingFile);
		_sent = "OutboxService" + _tag;
		test::stackLogin("MB_USER1", "MB_PASS1")->command("CREATE " + _sent);
	}

	void tearDown() override
	{
		try { test::stackLogin("MB_USER1", "MB_PASS1")->command("DELETE " + _sent); } catch (...) {}
		_db.reset();
		Poco::File(_mappingFile).remove();
		Poco::File(_file).remove();
	}

	void testBurstGoesOutWithoutWaitingPerBatch()
	{
		// One poll claims a batch (20). With a ten-minute interval, rows
		// beyond the first batch go out only if the next poll follows the
		// work at once.
		const std::size_t batch = sync::OutboxOptions().batch;
		const int rows = static_cast<int>(batch) + 5;
		for (int i = 0; i < rows; ++i) queue("burst " + std::to_string(i));
		service::ServiceConfig config = this->config("outbox_poll_ms = 600000\n");
		std::vector<std::unique_ptr<service::OutboxWorker>> workers;
		workers.emplace_back(new service::OutboxWorker(config.mailboxes[0], service::bindMapping(config), sync::OutboxOptions()));
		service::OutboxService outbox(std::move(workers), config.outboxPoll);
		outbox.start();
		Poco::Timestamp started;
		while (count("state = 'logged'") < rows && started.elapsed() < 90 * 1000000LL) Poco::Thread::sleep(100);
		CPPUNIT_ASSERT_EQUAL(rows, count("state = 'logged'"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(rows), test::stackLogin("MB_USER1", "MB_PASS1")->status(_sent, {"MESSAGES"}).messages);

		// Idle now: a row queued later waits for the next poll, so the loop
		// does not spin on an empty queue.
		queue("after the burst");
		Poco::Thread::sleep(3000);
		CPPUNIT_ASSERT_EQUAL(1, count("state = 'queued'"));
		outbox.stop();
		CPPUNIT_ASSERT_EQUAL(rows, count("state = 'logged'"));
	}

private:
	std::string connection() const
	{
		return "Driver=SQLite3;Database=" + _file + ";";
	}

	service::ServiceConfig config(const std::string& extraService)
	{
		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_OUTBOX_SERVICE_PW", env.get("MB_PASS1"));
		const std::string text = "[service]\nmapping = " + _mappingFile + "\n" + extraService +
			"[policy]\ninternal_domains = example.test\n"
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\nsmtp_host = " + env.get("MB_IMAP_HOST") +
			"\nsmtp_port = " + env.get("MB_SUBMISSION_PORT") + "\nsmtp_tls = starttls\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\npassword_env = MB_OUTBOX_SERVICE_PW\nsent = " + _sent + "\n";
		return service::ServiceConfig::parse(text, "outbox-service.conf", Poco::Path::temp());
	}

	void queue(const std::string& subject)
	{
		_db->execute("INSERT INTO mb_outbox (mailbox, to_addrs, subject, body_text) VALUES ('" +
			TestEnv::instance().get("MB_USER1") + "', 'carol@example.net', '" + subject + "', 'Dear Carol')");
	}

	int count(const std::string& where)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << "SELECT COUNT(*) FROM mb_outbox WHERE " + where;
		stmt.execute();
		return Poco::Data::RecordSet(stmt).value(0).convert<int>();
	}

	std::string _tag;
	std::string _file;
	std::string _mappingFile;
	std::string _sent;
	std::unique_ptr<OdbcConnection> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutboxServiceLiveTest);
