//
// ImapMailboxClientLiveTest.cpp
//
// The engine's IMAP adapter against the stack's Dovecot: folder roles by
// SPECIAL-USE, EXAMINE with CONDSTORE/QRESYNC, the n:* trap, fetches that
// leave \Seen alone, IDLE, and the engine syncing a real folder.
//

#include "connector/common/Errors.h"
#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ServiceConfig.h"
#include "connector/sync/FolderSync.h"
#include "tests/common/TestEnv.h"
#include "tests/sync/FakeStore.h"
#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Random.h>
#include <Poco/Stopwatch.h>
#include <Poco/Thread.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

using namespace mailbridge;
using mailbridge::test::TestEnv;

namespace {

service::MailboxConfig aliceConfig()
{
	const TestEnv& env = TestEnv::instance();
	service::MailboxConfig c;
	c.name = "alice";
	c.address = env.get("MB_USER1");
	c.host = env.get("MB_IMAP_HOST");
	c.port = std::stoi(env.get("MB_IMAP_PORT"));
	c.tls = service::TlsMode::StartTls;
	c.caFile = env.get("MB_CA_FILE");
	c.secret.value = env.get("MB_PASS1");
	return c;
}

std::string message(const std::string& id, const std::string& to)
{
	return "From: Alice <alice@example.test>\r\nTo: " + to + "\r\nSubject: about " + id
		+ "\r\nMessage-ID: <" + id + ">\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\n\r\nHello " + id + "\r\n";
}

class LinesChannel: public Poco::Channel
	/// Keeps what a logger was given, for a look at the protocol trace.
{
public:
	void log(const Poco::Message& msg) override { lines.push_back(msg.getText()); }
	std::vector<std::string> lines;
};

} // namespace

class ImapMailboxClientLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapMailboxClientLiveTest);
	CPPUNIT_TEST(testFolderRoles);
	CPPUNIT_TEST(testOpenSearchFetch);
	CPPUNIT_TEST(testSeenUntouched);
	CPPUNIT_TEST(testIdleWakesOnAppend);
	CPPUNIT_TEST(testHeldIdleOverTls);
	CPPUNIT_TEST(testEngineSyncsRealFolder);
	CPPUNIT_TEST(testMissingFolderIsMailboxError);
	CPPUNIT_TEST(testLargeMessagesWhole);
	CPPUNIT_TEST(testBatchFetchPipelined);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_client = service::ImapMailboxClient::connect(aliceConfig(), Poco::Timespan(1, 0));
		_folder = "Client" + std::to_string(Poco::Random().next());
		_client->session().command("CREATE " + _folder);
	}

	void tearDown() override
	{
		if (!_client) return; // setUp could not connect
		try { _client->session().command("UNSELECT"); } catch (...) {}
		try { _client->session().command("DELETE " + _folder); } catch (...) {}
		_client.reset();
	}

	void append(const std::string& id, const std::string& flags = "")
	{
		auto other = service::ImapMailboxClient::connect(aliceConfig(), Poco::Timespan(1, 0));
		other->session().append(_folder, flags, message(id, "carol@example.net"));
	}

	void testLargeMessagesWhole()
	{
		// Messages above the parser's in-memory literal limit (1 MB), two in
		// one FETCH: each arrives whole and under its own UID.
		const std::string big(3 * 1024 * 1024, 'x');
		auto other = service::ImapMailboxClient::connect(aliceConfig(), Poco::Timespan(1, 0));
		other->session().append(_folder, "", message("big1@live.test", "carol@example.net") + big + "\r\n");
		other->session().append(_folder, "", message("big2@live.test", "carol@example.net") + big + big + "\r\n");
		_client->open(_folder, 0, 0);
		std::vector<sync::FetchedMessage> got;
		_client->fetch(_client->search(1, 0, nullptr), [&](sync::FetchedMessage& m) { got.push_back(m); });
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), got.size());
		CPPUNIT_ASSERT(got[0].raw.find("big1@live.test") != std::string::npos);
		CPPUNIT_ASSERT(got[1].raw.find("big2@live.test") != std::string::npos);
		CPPUNIT_ASSERT(got[0].raw.size() > big.size() && got[0].raw.size() < 2 * big.size());
		CPPUNIT_ASSERT(got[1].raw.size() > 2 * big.size());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(got[1].raw.size()), got[1].size);
	}

	void testBatchFetchPipelined()
	{
		// A batch of 600 goes out as three UID FETCH commands, the later ones
		// sent before the first completes; every message arrives once. The
		// protocol trace (log_level = trace) shows it, without the password.
		{
			auto other = service::ImapMailboxClient::connect(aliceConfig(), Poco::Timespan(1, 0));
			for (int i = 0; i < 600; ++i) other->session().append(_folder, "", message("p" + std::to_string(i) + "@live.test", "carol@example.net"));
		}
		Poco::Logger& log = Poco::Logger::get("mailbridge.mailbox.alice");
		Poco::AutoPtr<LinesChannel> trace(new LinesChannel);
		Poco::AutoPtr<Poco::Channel> before(log.getChannel(), true);
		const int level = log.getLevel();
		log.setChannel(trace);
		log.setLevel(Poco::Message::PRIO_TRACE);
		std::unique_ptr<service::ImapMailboxClient> client;
		std::set<std::uint32_t> uids;
		std::size_t got = 0;
		try
		{
			client = service::ImapMailboxClient::connect(aliceConfig(), Poco::Timespan(1, 0));
			client->open(_folder, 0, 0);
			client->fetch(client->search(1, 0, nullptr), [&](sync::FetchedMessage& m) { ++got; uids.insert(m.uid); });
		}
		catch (...)
		{
			log.setChannel(before);
			log.setLevel(level);
			throw;
		}
		log.setChannel(before);
		log.setLevel(level);
		client.reset();
		CPPUNIT_ASSERT_EQUAL(std::size_t(600), got);
		CPPUNIT_ASSERT_EQUAL(std::size_t(600), uids.size());
		std::size_t sent = 0, done = 0, mostOutstanding = 0;
		for (const std::string& line: trace->lines)
		{
			CPPUNIT_ASSERT_MESSAGE(line, line.find(TestEnv::instance().get("MB_PASS1")) == std::string::npos);
			if (line.find("C: ") == 0 && line.find(" UID FETCH ") != std::string::npos) ++sent;
			if (line.find("S: ") == 0 && line.find(" OK ") != std::string::npos && line.find("Fetch completed") != std::string::npos) ++done;
			mostOutstanding = std::max(mostOutstanding, sent - done);
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), sent);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), done);
		CPPUNIT_ASSERT(mostOutstanding >= 2);
	}

	void testFolderRoles()
	{
		auto folders = _client->folders();
		bool inbox = false, sent = false, trash = false, mine = false;
		for (const auto& f: folders)
		{
			inbox = inbox || (f.name == "INBOX" && f.role == sync::FolderRole::Inbox);
			sent = sent || (f.name == "Sent" && f.role == sync::FolderRole::Sent);
			trash = trash || (f.name == "Trash" && f.role == sync::FolderRole::Trash);
			mine = mine || (f.name == _folder && f.role == sync::FolderRole::Other);
		}
		CPPUNIT_ASSERT(inbox && sent && trash && mine);
	}

	void testOpenSearchFetch()
	{
		append("one@live.test");
		append("two@live.test");
		auto snap = _client->open(_folder, 0, 0);
		CPPUNIT_ASSERT(snap.uidValidity != 0);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), snap.uidNext);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), snap.exists);
		CPPUNIT_ASSERT(snap.highestModSeq > 0);
		auto all = _client->search(1, 0, nullptr);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), all.size());
		// "3:*" answers with UID 2 on the wire; the adapter drops it.
		CPPUNIT_ASSERT(_client->search(3, 0, nullptr).empty());
		Poco::Timestamp future = Poco::Timestamp() + Poco::Timespan(3, 0, 0, 0, 0);
		CPPUNIT_ASSERT(_client->search(1, 0, &future).empty());
		std::vector<sync::FetchedMessage> got;
		_client->fetch(all, [&](sync::FetchedMessage& m) { got.push_back(m); });
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), got.size());
		CPPUNIT_ASSERT(got[0].raw.find("Message-ID: <one@live.test>") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(got[0].raw.size()), got[0].size);
		CPPUNIT_ASSERT(got[0].internalDate.epochTime() > 1700000000);
		std::vector<sync::MessageIdentity> ids;
		_client->fetchIdentities(all, [&](const sync::MessageIdentity& id) { ids.push_back(id); });
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), ids.size());
		CPPUNIT_ASSERT_EQUAL(std::string("two@live.test"), ids[1].messageId);
		// QRESYNC: nothing vanished since the modseq we saw
		auto again = _client->open(_folder, snap.uidValidity, snap.highestModSeq);
		CPPUNIT_ASSERT(again.vanished.empty());
	}

	void testSeenUntouched()
	{
		append("unseen@live.test");
		_client->open(_folder, 0, 0);
		auto uids = _client->search(1, 0, nullptr);
		_client->fetch(uids, [](sync::FetchedMessage&) {});
		bool seen = true;
		_client->session().command("UID FETCH 1:* (FLAGS)", [&](const imap::Response& r) {
			if (r.kind == "FETCH" && r.fetch.hasFlags)
				seen = std::find(r.fetch.flags.begin(), r.fetch.flags.end(), "\\Seen") != r.fetch.flags.end();
		});
		CPPUNIT_ASSERT(!seen);
	}

	void testIdleWakesOnAppend()
	{
		_client->open(_folder, 0, 0);
		std::thread deliver([this] {
			Poco::Thread::sleep(300);
			append("idle@live.test");
		});
		Poco::Stopwatch sw;
		sw.start();
		bool woke = _client->waitForChange(Poco::Timespan(10, 0));
		sw.stop();
		deliver.join();
		CPPUNIT_ASSERT(woke);
		CPPUNIT_ASSERT(sw.elapsed() < 5000000);
	}

	void testHeldIdleOverTls()
	{
		// One IDLE, held while nothing happens and looked at without
		// blocking; the server's EXISTS read through STARTTLS; one DONE.
		const TestEnv& env = TestEnv::instance();
		imap::ImapSessionOptions o;
		o.host = env.get("MB_IMAP_HOST");
		o.port = static_cast<unsigned short>(std::stoi(env.get("MB_IMAP_PORT")));
		o.security = imap::ImapSessionOptions::StartTls;
		o.caFile = env.get("MB_CA_FILE");
		int idles = 0, dones = 0;
		o.trace = [&](imap::TraceDirection d, const std::string& line) {
			if (d != imap::TraceDirection::Sent) return;
			if (line.size() >= 5 && line.compare(line.size() - 5, 5, " IDLE") == 0) ++idles;
			if (line == "DONE") ++dones;
		};
		std::unique_ptr<imap::ImapSession> session(new imap::ImapSession(o));
		session->connect();
		session->login(env.get("MB_USER1"), env.get("MB_PASS1"));
		service::ImapMailboxClient client(std::move(session));
		client.open(_folder, 0, 0);
		CPPUNIT_ASSERT(!client.beginWait());
		CPPUNIT_ASSERT(dynamic_cast<const service::SocketWaitHandle*>(client.waitHandle()) != nullptr);
		for (int i = 0; i < 15; ++i)
		{
			Poco::Stopwatch sw;
			sw.start();
			CPPUNIT_ASSERT(!client.checkWait(0));
			CPPUNIT_ASSERT(sw.elapsed() < 50000);
			Poco::Thread::sleep(100);
		}
		append("held1@live.test");
		append("held2@live.test");
		Poco::Stopwatch sw;
		sw.start();
		CPPUNIT_ASSERT(client.checkWait(Poco::Timespan(10, 0)));
		std::cout << " [held IDLE woken " << sw.elapsed() / 1e6 << " s after the appends] ";
		client.endWait();
		CPPUNIT_ASSERT_EQUAL(1, idles);
		CPPUNIT_ASSERT_EQUAL(1, dones);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), client.search(1, 0, nullptr).size());
	}

	void testEngineSyncsRealFolder()
	{
		for (int i = 0; i < 5; ++i) append("engine" + std::to_string(i) + "@live.test");
		test::FakeStore store;
		test::FakeProcessor processor;
		sync::FolderSyncOptions o;
		o.windowStart = Poco::Timestamp() - Poco::Timespan(90, 0, 0, 0, 0);
		o.batchMessages = 2;
		sync::FolderKey key{"alice@example.test", _folder};
		for (int pass = 0; pass < 10; ++pass)
		{
			sync::FolderSync engine(*_client, store, processor, o);
			auto report = engine.syncOnce(key, sync::FolderRole::Other);
			if (!report.backfillPending && !report.retryLater) break;
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.liveLedgerRows(key));
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.activities.size());
		append("later@live.test");
		sync::FolderSync engine(*_client, store, processor, o);
		engine.syncOnce(key, sync::FolderRole::Other);
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), store.liveLedgerRows(key));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(6), store.cursors[key].lastUid);
	}

	void testMissingFolderIsMailboxError()
	{
		CPPUNIT_ASSERT_THROW(_client->open("NoSuchFolder" + _folder, 0, 0), MailboxError);
	}

private:
	std::unique_ptr<service::ImapMailboxClient> _client;
	std::string _folder;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapMailboxClientLiveTest);
