// ImapSession's typed commands against the stack's Dovecot: AUTHENTICATE
// PLAIN, special-use folders, QRESYNC and CHANGEDSINCE after changes made
// with doveadm, MOVE, pipelined fetches, a 40 MB message streamed with
// bounded memory, and a UIDVALIDITY reset.

#include "tests/common/TestEnv.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/SpecialUse.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/Quoting.h"

#include <Poco/NumberParser.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace mailbridge::imap;
using mailbridge::test::TestEnv;

namespace {

ImapSessionOptions stackOptions()
{
	const TestEnv& env = TestEnv::instance();
	ImapSessionOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(Poco::NumberParser::parse(env.get("MB_IMAP_PORT")));
	o.security = ImapSessionOptions::StartTls;
	o.caFile = env.get("MB_CA_FILE");
	return o;
}

std::unique_ptr<ImapSession> open(int user = 1)
{
	const TestEnv& env = TestEnv::instance();
	auto s = std::make_unique<ImapSession>(stackOptions());
	s->connect();
	s->login(env.get("MB_USER" + std::to_string(user)), env.get("MB_PASS" + std::to_string(user)));
	return s;
}

std::string uniqueFolder(const std::string& stem)
{
	static int counter = 0;
	return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(++counter);
}

void doveadm(const std::string& command, const std::string& args, int user = 1)
{
	const TestEnv& env = TestEnv::instance();
	std::string cmd = "doveadm -c '" + env.get("MB_DOVECOT_CONF") + "' " + command + " -u '"
		+ env.get("MB_USER" + std::to_string(user)) + "' " + args;
	int rc = std::system(cmd.c_str());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(cmd, 0, rc);
}

std::string message(int i, std::size_t bodySize = 200)
{
	std::string body(bodySize, 'm');
	return "From: a@example.test\r\nSubject: message " + std::to_string(i) + "\r\nMessage-ID: <" + std::to_string(i)
		+ "@live.test>\r\n\r\n" + body + "\r\n";
}

UidSet range(std::uint32_t first, std::uint32_t last)
{
	UidSet s;
	s.add(first, last);
	return s;
}

struct Bodies: FetchHandler, LiteralSink
{
	std::map<std::uint32_t, std::string> bySeq;
	std::map<std::uint32_t, std::string> byUid;
	std::map<std::uint32_t, std::vector<std::string>> flags;
	std::uint32_t seq = 0;

	LiteralSink* bodySink(std::uint32_t s, std::uint64_t) override { seq = s; return this; }
	void begin(std::uint64_t) override { bySeq[seq].clear(); }
	void write(const char* p, std::size_t n) override { bySeq[seq].append(p, n); }
	void end() override {}
	void message(const FetchData& d) override
	{
		byUid[d.uid] = bySeq[d.seq];
		flags[d.uid] = d.flags;
	}
};

long rssKb()
{
	std::ifstream in("/proc/self/status");
	std::string line;
	while (std::getline(in, line))
		if (line.compare(0, 6, "VmRSS:") == 0) return std::atol(line.c_str() + 6);
	return -1;
}

bool hasFlag(const std::vector<std::string>& flags, const std::string& flag)
{
	for (const std::string& f: flags)
		if (f == flag) return true;
	return false;
}

} // namespace

class ImapCommandsLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapCommandsLiveTest);
	CPPUNIT_TEST(testAuthenticatePlain);
	CPPUNIT_TEST(testListSpecialUse);
	CPPUNIT_TEST(testStatusAndAppendDate);
	CPPUNIT_TEST(testQresyncAfterChanges);
	CPPUNIT_TEST(testChangedSinceAfterDoveadmFlags);
	CPPUNIT_TEST(testMoveBetweenFolders);
	CPPUNIT_TEST(testSearchUtf8);
	CPPUNIT_TEST(testPipelinedEqualsSingle);
	CPPUNIT_TEST(testLargeMessageBoundedMemory);
	CPPUNIT_TEST(testUidValidityReset);
	CPPUNIT_TEST_SUITE_END();

public:
	void testAuthenticatePlain()
	{
		const TestEnv& env = TestEnv::instance();
		std::vector<std::string> sent;
		ImapSessionOptions o = stackOptions();
		o.trace = [&sent](TraceDirection d, const std::string& line) { if (d == TraceDirection::Sent) sent.push_back(line); };
		ImapSession session(o);
		session.connect();
		CPPUNIT_ASSERT(session.hasCapability("AUTH=PLAIN"));
		Credentials c;
		c.mechanism = Credentials::Plain;
		c.user = env.get("MB_USER2");
		c.secret = env.get("MB_PASS2");
		session.login(c);
		CPPUNIT_ASSERT(session.hasCapability("QRESYNC"));
		session.noop();
		session.logout();
		bool authenticated = false;
		for (const std::string& line: sent)
		{
			CPPUNIT_ASSERT_MESSAGE(line, line.find(c.secret) == std::string::npos);
			if (line.find("AUTHENTICATE PLAIN") != std::string::npos) authenticated = true;
		}
		CPPUNIT_ASSERT(authenticated);
		ImapSession wrong(stackOptions());
		wrong.connect();
		c.secret = "not-the-password";
		CPPUNIT_ASSERT_THROW(wrong.login(c), ImapAuthError);
	}

	void testListSpecialUse()
	{
		auto s = open();
		std::vector<ListEntry> boxes = s->list("", "*");
		std::map<SpecialUse, ListEntry> roles = findSpecialUse(boxes);
		CPPUNIT_ASSERT(roles.count(SpecialUse::Sent));
		CPPUNIT_ASSERT(roles.count(SpecialUse::Trash));
		CPPUNIT_ASSERT(roles.count(SpecialUse::Drafts));
		CPPUNIT_ASSERT(roles.count(SpecialUse::Junk));
		CPPUNIT_ASSERT_EQUAL(std::string("Sent"), roles[SpecialUse::Sent].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Trash"), roles[SpecialUse::Trash].name);
		CPPUNIT_ASSERT_EQUAL('/', roles[SpecialUse::Sent].delimiter);
		NamespaceInfo ns = s->personalNamespace();
		CPPUNIT_ASSERT(ns.hasPersonal);
		CPPUNIT_ASSERT_EQUAL(std::string(""), ns.personalPrefix);
		CPPUNIT_ASSERT_EQUAL('/', ns.delimiter);
		std::map<std::string, std::string> server = s->id({{"name", "mailbridge"}, {"version", "test"}});
		CPPUNIT_ASSERT_EQUAL(std::string("Dovecot"), server["name"]);
		CPPUNIT_ASSERT(s->capability().count("IMAP4REV1"));
		s->logout();
	}

	void testStatusAndAppendDate()
	{
		auto s = open();
		std::string folder = uniqueFolder("Status");
		s->command("CREATE " + folder);
		AppendResult a = s->append(folder, message(1), {"\\Seen", "\\Flagged"}, dateTime(1709626020, 60));
		s->append(folder, message(2), {}, "");
		CPPUNIT_ASSERT(a.uid != 0 && a.uidValidity != 0);
		StatusResult st = s->status(folder);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), st.messages);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), st.unseen);
		CPPUNIT_ASSERT_EQUAL(a.uidValidity, st.uidValidity);
		CPPUNIT_ASSERT_EQUAL(a.uid + 2, st.uidNext);
		CPPUNIT_ASSERT(st.highestModSeq != 0);
		s->select(folder);
		struct Dates: FetchHandler
		{
			std::vector<FetchData> got;
			LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return nullptr; }
			void message(const FetchData& d) override { got.push_back(d); }
		} h;
		s->uidFetch(range(a.uid, a.uid), "UID FLAGS INTERNALDATE", h);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), h.got.size());
		// Maildir keeps the instant (as the file's mtime), not the zone it was given in.
		const std::string& date = h.got[0].internalDate;
		CPPUNIT_ASSERT_MESSAGE(date, date == "05-Mar-2024 09:07:00 +0100" || date == "05-Mar-2024 08:07:00 +0000");
		CPPUNIT_ASSERT(hasFlag(h.got[0].flags, "\\Flagged"));
		s->logout();
	}

	void testQresyncAfterChanges()
	{
		auto s = open();
		std::string folder = uniqueFolder("Qresync");
		s->command("CREATE " + folder);
		for (int i = 1; i <= 5; ++i) s->append(folder, message(i), {}, "");
		SelectOptions first;
		first.condstore = true;
		SelectResult before = s->select(folder, first);
		CPPUNIT_ASSERT(before.highestModSeq != 0);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), before.exists);
		s->logout();

		doveadm("expunge", "mailbox " + folder + " uid 2:3");
		doveadm("flags add", "'\\Flagged' mailbox " + folder + " uid 5");

		auto t = open();
		SelectOptions again;
		again.uidValidity = before.uidValidity;
		again.modSeq = before.highestModSeq;
		again.knownUids = range(1, 5);
		SelectResult after = t->select(folder, again);
		CPPUNIT_ASSERT(t->enabled().count("QRESYNC"));
		CPPUNIT_ASSERT(after.qresync);
		CPPUNIT_ASSERT(!after.uidValidityChanged);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), after.exists);
		CPPUNIT_ASSERT_EQUAL(std::string("2:3"), after.vanished.toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), after.changed.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), after.changed[0].uid);
		CPPUNIT_ASSERT(hasFlag(after.changed[0].flags, "\\Flagged"));
		CPPUNIT_ASSERT(after.highestModSeq > before.highestModSeq);
		t->logout();
	}

	void testChangedSinceAfterDoveadmFlags()
	{
		auto s = open();
		std::string folder = uniqueFolder("Changed");
		s->command("CREATE " + folder);
		for (int i = 1; i <= 4; ++i) s->append(folder, message(i), {}, "");
		SelectOptions o;
		o.condstore = true;
		SelectResult sel = s->select(folder, o);
		doveadm("flags add", "'\\Seen' mailbox " + folder + " uid 2");
		s->noop();
		Bodies changed;
		FetchModifiers m;
		m.changedSince = sel.highestModSeq;
		FetchResult r = s->uidFetch(range(1, UidSet::STAR), "UID FLAGS", changed, m);
		CPPUNIT_ASSERT(r.changedSinceSent);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), changed.flags.size());
		CPPUNIT_ASSERT(hasFlag(changed.flags[2], "\\Seen"));
		s->logout();
	}

	void testMoveBetweenFolders()
	{
		auto s = open();
		std::string from = uniqueFolder("MoveFrom"), to = uniqueFolder("MoveTo");
		s->command("CREATE " + from);
		s->command("CREATE " + to);
		for (int i = 1; i <= 3; ++i) s->append(from, message(i), {}, "");
		s->select(from);
		CPPUNIT_ASSERT(s->hasCapability("MOVE"));
		CopyResult moved = s->uidMove(range(1, 2), to);
		CPPUNIT_ASSERT_EQUAL(std::string("1:2"), moved.source.toString());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), moved.target.count());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), s->mailbox().exists());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), s->status(to).messages);
		CPPUNIT_ASSERT_EQUAL(moved.uidValidity, s->status(to).uidValidity);
		CopyResult copied = s->uidCopy(range(3, 3), to);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copied.target.count());
		s->uidStore(range(3, 3), "+FLAGS.SILENT", {"\\Deleted"});
		s->uidExpunge(range(3, 3));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(0), s->mailbox().exists());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), s->status(to).messages);
		s->logout();
	}

	void testSearchUtf8()
	{
		auto s = open();
		std::string folder = uniqueFolder("Search");
		s->command("CREATE " + folder);
		s->append(folder, "From: a@example.test\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nx\r\n", {}, "");
		s->append(folder, message(2), {}, "");
		s->select(folder);
		UidSet found = s->uidSearch("SUBJECT \"Gr\xC3\xBC\xC3\x9F" "e\"");
		CPPUNIT_ASSERT_EQUAL(std::string("1"), found.toString());
		CPPUNIT_ASSERT_EQUAL(std::string("1:2"), s->uidSearch("ALL").toString());
		CPPUNIT_ASSERT(s->uidSearch("SUBJECT nothing-like-this").empty());
		s->logout();
	}

	void testPipelinedEqualsSingle()
	{
		auto s = open();
		std::string folder = uniqueFolder("Pipeline");
		s->command("CREATE " + folder);
		for (int i = 1; i <= 200; ++i) s->append(folder, message(i, 100 + std::size_t(i) * 13), {}, "");
		s->select(folder);
		Bodies single, pipelined;
		s->uidFetch(range(1, UidSet::STAR), "UID FLAGS BODY.PEEK[]", single);
		std::vector<UidSet> ranges;
		for (std::uint32_t first = 1; first <= 200; first += 25) ranges.push_back(range(first, first + 24));
		s->uidFetchPipelined(ranges, "UID FLAGS BODY.PEEK[]", pipelined, 4);
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), single.byUid.size());
		CPPUNIT_ASSERT(single.byUid == pipelined.byUid);
		CPPUNIT_ASSERT_EQUAL(message(7, 100 + 7 * 13), pipelined.byUid[7]);
		s->logout();
	}

	void testLargeMessageBoundedMemory()
	{
		// 40 MB saved by doveadm, so the test process never holds it.
		std::string folder = uniqueFolder("Large");
		std::string file = "/tmp/mb-large-" + std::to_string(::getpid()) + ".eml";
		{
			std::ofstream out(file, std::ios::binary);
			out << "From: a@example.test\r\nSubject: large\r\n\r\n";
			std::string line(76, 'x');
			line += "\r\n";
			for (std::size_t written = 0; written < 40u << 20; written += line.size()) out << line;
		}
		auto s = open();
		s->command("CREATE " + folder);
		doveadm("save", "-m " + folder + " < '" + file + "'");
		std::remove(file.c_str());
		s->select(folder);
		struct Counting: FetchHandler, LiteralSink
		{
			std::uint64_t bytes = 0;
			long peakKb = 0;
			int messages = 0;
			LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return this; }
			void begin(std::uint64_t) override {}
			void write(const char*, std::size_t n) override
			{
				if ((bytes >> 22) != ((bytes + n) >> 22)) peakKb = std::max(peakKb, rssKb()); // every 4 MB
				bytes += n;
			}
			void end() override {}
			void message(const FetchData&) override { ++messages; }
		} sink;
		long before = rssKb();
		sink.peakKb = before;
		s->uidFetch(range(1, UidSet::STAR), "UID BODY.PEEK[]", sink);
		long after = rssKb();
		CPPUNIT_ASSERT_EQUAL(1, sink.messages);
		CPPUNIT_ASSERT(sink.bytes > 40u << 20);
		long growthKb = std::max(sink.peakKb, after) - before;
		std::fprintf(stderr, "40 MB fetch: VmRSS %ld kB before, peak %ld kB, %ld kB after\n", before, sink.peakKb, after);
		CPPUNIT_ASSERT_MESSAGE(std::to_string(growthKb) + " kB", growthKb < 20 * 1024);
		s->logout();
	}

	void testUidValidityReset()
	{
		auto s = open();
		std::string folder = uniqueFolder("Validity");
		s->command("CREATE " + folder);
		s->append(folder, message(1), {}, "");
		SelectOptions o;
		o.condstore = true;
		SelectResult first = s->select(folder, o);
		s->select("INBOX");
		std::uint32_t fresh = first.uidValidity + 1000;
		doveadm("mailbox update", "--uid-validity " + std::to_string(fresh) + " " + folder);
		SelectOptions again;
		again.uidValidity = first.uidValidity;
		again.modSeq = first.highestModSeq;
		SelectResult second = s->select(folder, again);
		CPPUNIT_ASSERT_EQUAL(fresh, second.uidValidity);
		CPPUNIT_ASSERT(second.uidValidityChanged);
		CPPUNIT_ASSERT(second.vanished.empty()); // QRESYNC with a stale UIDVALIDITY reports nothing
		s->logout();
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapCommandsLiveTest);
