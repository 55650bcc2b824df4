//
// InboundWorkersLiveTest.cpp
//
// A mailbox's whole inbound pipeline as makeInboundWorker assembles it,
// against the stack's Dovecot and a SQLite database: one pass logs what a
// known person is on, a second pass logs nothing new, and a backfill after
// a person is added writes only what is missing. \Seen stays untouched.
// The ATS side here is a two-table binding of the test's own, so this
// checks the assembly; the mapping's binding has its own tests.
//

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/InboundWorkers.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/SchemaInstaller.h"
#include "tests/common/TestEnv.h"
#include "tests/service/TestAtsBinding.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Random.h>
#include <Poco/String.h>
#include <iostream>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::mapping::ParamBinder;
using mailbridge::test::TestEnv;

namespace {

std::string message(const std::string& id, const std::string& from, const std::string& to)
{
	return "From: " + from + "\r\nTo: " + to + "\r\nSubject: about " + id + "\r\nMessage-ID: <" + id +
		">\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\n\r\nHello\r\n";
}

} // namespace

class InboundWorkersLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(InboundWorkersLiveTest);
	CPPUNIT_TEST(testPassRepeatAndBackfill);
	CPPUNIT_TEST(testNewPersonRescannedByTheRunningWorker);
	CPPUNIT_TEST(testSentWatchedThroughIdle);
	CPPUNIT_TEST(testSentFiledBeforeTheWatchOpens);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		const TestEnv& env = TestEnv::instance();
		const std::string tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_dbFile = Poco::Path::temp() + "mb-inbound-" + tag + ".db";
		_odbc = "Driver=SQLite3;Database=" + _dbFile + ";";
		{
			OdbcConnection db(_odbc);
			test::TestAtsBinding::createTables(db, MB_SHARE_DIR);
			db.session() << "INSERT INTO t_person (id, email) VALUES (1, 'Carol@Example.net')", Poco::Data::Keywords::now;
		}
		_in = "WiringIn" + tag;
		_out = "WiringOut" + tag;
		std::string config = "[service]\nmapping = unused.xml\nwindow_days = 30\nbatch_size = 2\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\nhost = " + env.get("MB_IMAP_HOST") +
			"\nport = " + env.get("MB_IMAP_PORT") + "\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") +
			"\npassword_env = MB_WIRING_ALICE_PW\ninbox = " + _in + "\nsent = " + _out + "\n";
		Poco::Environment::set("MB_WIRING_ALICE_PW", env.get("MB_PASS1"));
		_config = service::ServiceConfig::parse(config, "wiring.conf", Poco::Path::temp());
		_imap = service::ImapMailboxClient::connect(_config.mailboxes.front(), Poco::Timespan(1, 0));
		_imap->session().command("CREATE " + _in);
		_imap->session().command("CREATE " + _out);
	}

	void tearDown() override
	{
		if (_imap) // setUp could not connect
		{
			try { _imap->session().command("DELETE " + _in); } catch (...) {}
			try { _imap->session().command("DELETE " + _out); } catch (...) {}
		}
		_imap.reset();
		if (Poco::File(_dbFile).exists()) Poco::File(_dbFile).remove();
	}

	int count(const std::string& where)
	{
		return test::TestAtsBinding::countActivities(_odbc, where);
	}

	void testPassRepeatAndBackfill()
	{
		const std::string me = _config.mailboxes.front().address;
		_imap->session().append(_in, "", message("w1@wiring.test", "Carol <carol@example.net>", me));
		_imap->session().append(_in, "", message("w2@wiring.test", "erin@example.net", me));
		_imap->session().append(_in, "", message("w3@wiring.test", "carol@example.net", me));
		_imap->session().append(_out, "(\\Seen)", message("w4@wiring.test", me, "carol@example.net"));

		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &status;
		auto worker = service::makeInboundWorker(_config, _config.mailboxes.front(), parts);

		sync::MailboxReport first = worker->runOnce();
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), first.fetched);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), first.logged);
		CPPUNIT_ASSERT_EQUAL(2, count("direction = 'I' AND person_id = 1"));
		CPPUNIT_ASSERT_EQUAL(1, count("direction = 'O' AND message_id = 'w4@wiring.test'"));

		sync::MailboxReport second = worker->runOnce();
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), second.fetched);
		CPPUNIT_ASSERT_EQUAL(3, count("1 = 1"));

		// Erin becomes a candidate: a backfill writes her message, and only hers.
		{
			OdbcConnection db(_odbc);
			db.session() << "INSERT INTO t_person (id, email) VALUES (2, 'erin@example.net')", Poco::Data::Keywords::now;
		}
		const Poco::Timestamp since = Poco::Timestamp() - Poco::Timespan(1, 0, 0, 0, 0);
		const Poco::Timestamp before = Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0);
		std::size_t lastDone = 0;
		sync::RescanScope range;
		range.since = since;
		range.before = before;
		sync::RescanReport rescan = worker->rescan(range, [&](const std::string&, std::size_t done, std::size_t) { lastDone = done; });
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), rescan.found);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), lastDone); // the last folder (Sent) holds one
		CPPUNIT_ASSERT_EQUAL(1, count("person_id = 2 AND message_id = 'w2@wiring.test'"));
		CPPUNIT_ASSERT_EQUAL(4, count("1 = 1"));
		worker->rescan(range, {});
		CPPUNIT_ASSERT_EQUAL(4, count("1 = 1"));

		// Nothing was marked read: BODY.PEEK only.
		int seen = 0;
		_imap->session().command("EXAMINE " + _in);
		_imap->session().command("UID FETCH 1:* (FLAGS)", [&](const imap::Response& r) {
			if (r.kind == "FETCH" && std::find(r.fetch.flags.begin(), r.fetch.flags.end(), "\\Seen") != r.fetch.flags.end()) ++seen;
		});
		CPPUNIT_ASSERT_EQUAL(0, seen);
	}

	void testNewPersonRescannedByTheRunningWorker()
	{
		const std::string me = _config.mailboxes.front().address;
		_imap->session().append(_in, "", message("f1@wiring.test", "Frank <frank@example.net>", me));
		_imap->session().append(_in, "", message("f2@wiring.test", "gina@example.net", me));
		_imap->session().append(_out, "", message("f3@wiring.test", me, "\"F. Ranks\" <FRANK@example.net>"));
		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &status;
		auto worker = service::makeInboundWorker(_config, _config.mailboxes.front(), parts);
		const Poco::Timespan wait(0, 200000);
		worker->step(wait); // connect
		worker->step(wait); // first pass: nobody is Frank yet
		CPPUNIT_ASSERT_EQUAL(std::string("idle"), status.last("alice").state);
		CPPUNIT_ASSERT_EQUAL(0, count("message_id LIKE 'f%'"));

		{
			OdbcConnection db(_odbc);
			db.session() << "INSERT INTO t_person (id, email) VALUES (3, 'frank@example.net')", Poco::Data::Keywords::now;
		}
		worker->requestRescan({"frank@example.net"});
		worker->step(wait); // waiting: the rescan runs first, then IDLE is held
		CPPUNIT_ASSERT_EQUAL(1, count("person_id = 3 AND message_id = 'f1@wiring.test' AND direction = 'I'"));
		CPPUNIT_ASSERT_EQUAL(1, count("person_id = 3 AND message_id = 'f3@wiring.test' AND direction = 'O'"));
		CPPUNIT_ASSERT_EQUAL(2, count("message_id LIKE 'f%'"));
		worker->shutdown();
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), status.last("alice").state);
	}

	int sentWithin(bool idleSent, const std::string& id, Poco::Timespan limit)
		/// Runs a worker that polls every 10 minutes until it waits, appends
		/// `id` to Sent, and steps it until the activity is logged or `limit`
		/// passes. Returns the activity rows for `id`.
	{
		service::ServiceConfig config = _config;
		config.pollInterval = Poco::Timespan(600, 0);
		config.mailboxes.front().idleSent = idleSent;
		const std::string me = config.mailboxes.front().address;
		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &status;
		auto worker = service::makeInboundWorker(config, config.mailboxes.front(), parts);
		const Poco::Timespan wait(0, 500000);
		for (int i = 0; i < 20 && status.last("alice").state != "idle"; ++i) worker->step(wait);
		CPPUNIT_ASSERT_EQUAL(std::string("idle"), status.last("alice").state);
		worker->step(wait); // waiting: INBOX opened, Sent watched, both held in IDLE

		_imap->session().append(_out, "(\\Seen)", message(id, me, "carol@example.net"));
		const std::string where = "direction = 'O' AND message_id = '" + id + "'";
		Poco::Timestamp appended;
		while (count(where) == 0 && !appended.isElapsed(limit.totalMicroseconds())) worker->step(wait);
		const int rows = count(where);
		if (rows) std::cout << " [Sent append to row: " << appended.elapsed() / 1e6 << " s] ";
		worker->shutdown();
		return rows;
	}

	void testSentWatchedThroughIdle()
	{
		// Polled every 10 minutes: sent mail waits without the watch...
		CPPUNIT_ASSERT_EQUAL(0, sentWithin(false, "s1@wiring.test", Poco::Timespan(3, 0)));
		// ...and is logged within seconds with it.
		Poco::Timestamp start;
		CPPUNIT_ASSERT_EQUAL(1, sentWithin(true, "s2@wiring.test", Poco::Timespan(10, 0)));
		CPPUNIT_ASSERT(!start.isElapsed(Poco::Timespan(15, 0).totalMicroseconds()));
	}

	void testSentFiledBeforeTheWatchOpens()
	{
		// Filed in Sent after the first pass and before the watch's EXAMINE:
		// no IDLE will announce it, the watch's UIDNEXT does.
		service::ServiceConfig config = _config;
		config.pollInterval = Poco::Timespan(600, 0);
		config.mailboxes.front().idleSent = true;
		const std::string me = config.mailboxes.front().address;
		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &status;
		auto worker = service::makeInboundWorker(config, config.mailboxes.front(), parts);
		const Poco::Timespan wait(0, 200000);
		for (int i = 0; i < 20 && status.last("alice").state != "idle"; ++i) worker->step(wait);
		CPPUNIT_ASSERT_EQUAL(std::string("idle"), status.last("alice").state);
		_imap->session().append(_out, "(\\Seen)", message("gap@wiring.test", me, "carol@example.net"));
		worker->step(wait); // waiting: the watch opens and finds it
		CPPUNIT_ASSERT(!worker->waiting());
		worker->step(wait); // the pass
		CPPUNIT_ASSERT_EQUAL(1, count("direction = 'O' AND message_id = 'gap@wiring.test'"));
		worker->shutdown();
	}

private:
	std::string _dbFile;
	std::string _odbc;
	std::string _in;
	std::string _out;
	service::ServiceConfig _config;
	std::unique_ptr<service::ImapMailboxClient> _imap;
};

CPPUNIT_TEST_SUITE_REGISTRATION(InboundWorkersLiveTest);
