// Transcript tests of ImapSession's typed commands: SELECT with QRESYNC,
// SEARCH/ESEARCH, EXPUNGEISSUED, Gmail's and Microsoft 365's capabilities,
// MOVE and its fallback, APPEND with a date, and pipelined UID FETCH.

#include "FakeServer.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/Quoting.h"

#include <Poco/Timestamp.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;
using mailbridge::test::FakeServer;

namespace {

ImapSessionOptions plainOptions(unsigned short port)
{
	ImapSessionOptions o;
	o.port = port;
	o.security = ImapSessionOptions::Plain;
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(0, 300000);
	return o;
}

std::pair<std::string, std::string> greet(const std::string& caps)
{
	return {"S", "* OK [CAPABILITY IMAP4rev1 " + caps + "] ready\r\n"};
}

struct Collector: FetchHandler, LiteralSink
{
	std::vector<FetchData> messages;
	std::map<std::uint32_t, std::string> bodies; ///< by sequence number
	std::uint32_t seq = 0;

	LiteralSink* bodySink(std::uint32_t s, std::uint64_t) override { seq = s; return this; }
	void message(const FetchData& data) override { messages.push_back(data); }
	void begin(std::uint64_t) override { bodies[seq].clear(); }
	void write(const char* data, std::size_t size) override { bodies[seq].append(data, size); }
	void end() override {}

	std::vector<std::uint32_t> uids() const
	{
		std::vector<std::uint32_t> out;
		for (const FetchData& m: messages) out.push_back(m.uid);
		return out;
	}
};

UidSet range(std::uint32_t first, std::uint32_t last)
{
	UidSet s;
	s.add(first, last);
	return s;
}

bool sentAnything(const FakeServer& server, const std::string& text)
{
	for (const std::string& line: server.received())
		if (line.find(text) != std::string::npos) return true;
	return false;
}

} // namespace

class ImapSessionCommandTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapSessionCommandTest);
	CPPUNIT_TEST(testSelectQresync);
	CPPUNIT_TEST(testUidNextBackwards);
	CPPUNIT_TEST(testExpungeIssued);
	CPPUNIT_TEST(testSearchAndEsearch);
	CPPUNIT_TEST(testSearchNonAsciiLiteral);
	CPPUNIT_TEST(testListStatusNamespaceId);
	CPPUNIT_TEST(testGmailExtensions);
	CPPUNIT_TEST(testMicrosoft365WithoutCondstore);
	CPPUNIT_TEST(testChangedSinceWithVanished);
	CPPUNIT_TEST(testMove);
	CPPUNIT_TEST(testMoveFallback);
	CPPUNIT_TEST(testMoveRefusedWithoutUidplus);
	CPPUNIT_TEST(testAppendWithDate);
	CPPUNIT_TEST(testPipelinedFetchWithInterleavedExists);
	CPPUNIT_TEST(testPipelinedFailureDrainsInFlight);
	CPPUNIT_TEST(testIdleCappedByMaxIdle);
	CPPUNIT_TEST(testNoopReportsChange);
	CPPUNIT_TEST(testIdleWokenByVanishedAndFetch);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSelectQresync()
	{
		// RFC 7162 section 3.2.5.2's example, shortened.
		FakeServer server({greet("ENABLE CONDSTORE QRESYNC"), {"C", "A1 ENABLE QRESYNC"},
			{"S", "* ENABLED QRESYNC\r\nA1 OK enabled\r\n"},
			{"C", "A2 SELECT INBOX (QRESYNC (67890007 90060115 41:211,214:541))"},
			{"S", "* 314 EXISTS\r\n* OK [UIDVALIDITY 67890007] v\r\n* OK [UIDNEXT 567] n\r\n"
				"* OK [HIGHESTMODSEQ 90060128] h\r\n* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n"
				"* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))\r\n"
				"A2 OK [READ-WRITE] selected\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		SelectOptions o;
		o.uidValidity = 67890007;
		o.modSeq = 90060115;
		o.knownUids = UidSet::parse("41:211,214:541");
		SelectResult r = session.select("INBOX", o);
		CPPUNIT_ASSERT(session.enabled().count("QRESYNC"));
		CPPUNIT_ASSERT(r.qresync);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(67890007), r.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(567), r.uidNext);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(314), r.exists);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(90060128), r.highestModSeq);
		CPPUNIT_ASSERT(!r.noModSeq && !r.uidValidityChanged && !r.readOnly);
		CPPUNIT_ASSERT_EQUAL(std::string("41,43:116,118,120:211,214:540"), r.vanished.toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.changed.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(117), r.changed[0].uid);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(90060115194045001ull), r.changed[0].modseq);
		CPPUNIT_ASSERT(session.mailbox().flagChanges().empty()); // the result has them
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testUidNextBackwards()
	{
		FakeServer server({greet("CONDSTORE"), {"C", "A1 EXAMINE INBOX (CONDSTORE)"},
			{"S", "* 3 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n* OK [UIDNEXT 50] n\r\n* OK [HIGHESTMODSEQ 7] h\r\n"
				"A1 OK [READ-ONLY] done\r\n"},
			{"C", "A2 EXAMINE INBOX (CONDSTORE)"},
			{"S", "* 3 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n* OK [UIDNEXT 40] n\r\n* OK [HIGHESTMODSEQ 7] h\r\n"
				"A2 OK [READ-ONLY] done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		SelectOptions o;
		o.readOnly = true;
		o.condstore = true;
		SelectResult first = session.select("INBOX", o);
		CPPUNIT_ASSERT(!first.uidNextWentBack);
		CPPUNIT_ASSERT(first.readOnly);
		SelectResult second = session.select("INBOX", o);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(40), second.uidNext);
		CPPUNIT_ASSERT(second.uidNextWentBack);
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testExpungeIssued()
	{
		// RFC 5530: another session expunged message 2 while we fetched.
		const std::string messages = "* 1 FETCH (UID 1 BODY[] {5}\r\nfirst)\r\n* 2 FETCH (UID 2 BODY[] NIL)\r\n"
			"* 3 FETCH (UID 3 BODY[] {5}\r\nthird)\r\n";
		FakeServer server({greet("UIDPLUS"), {"C", "A1 UID FETCH 1:3 (UID BODY.PEEK[])"},
			{"S", messages + "A1 NO [EXPUNGEISSUED] Some messages were also expunged\r\n"},
			{"C", "A2 UID FETCH 1:3 (UID BODY.PEEK[])"}, {"S", messages + "A2 OK done\r\n"},
			{"C", "A3 NOOP"}, {"S", "A3 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		for (int round = 0; round < 2; ++round)
		{
			Collector c;
			FetchResult r = session.uidFetch(range(1, 3), "UID BODY.PEEK[]", c, FetchModifiers());
			CPPUNIT_ASSERT_EQUAL(round == 0, r.expungeIssued);
			CPPUNIT_ASSERT_EQUAL(std::size_t(3), c.messages.size());
			CPPUNIT_ASSERT(!c.messages[0].sections.at(0).nil);
			CPPUNIT_ASSERT(c.messages[1].sections.at(0).nil);
			CPPUNIT_ASSERT_EQUAL(std::string("first"), c.bodies[1]);
			CPPUNIT_ASSERT_EQUAL(std::string("third"), c.bodies[3]);
		}
		session.noop(); // the session is still in step
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testSearchAndEsearch()
	{
		FakeServer server({greet("UIDPLUS"), {"C", "A1 UID SEARCH UID 1:* SINCE 1-Feb-2024"},
			{"S", "* SEARCH 4 7 5 6 9\r\nA1 OK done\r\n"}, {"C", "A2 CAPABILITY"},
			{"S", "* CAPABILITY IMAP4rev1 ESEARCH\r\nA2 OK done\r\n"},
			{"C", "A3 UID SEARCH RETURN (ALL) DELETED"},
			{"S", "* ESEARCH (TAG \"A3\") UID ALL 1:3,8,11:12\r\nA3 OK done\r\n"},
			{"C", "A4 UID SEARCH RETURN (ALL) KEYWORD none"}, {"S", "* ESEARCH (TAG \"A4\") UID\r\nA4 OK done\r\n"},
			{"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT_EQUAL(std::string("4:7,9"), session.uidSearch("UID 1:* SINCE 1-Feb-2024").toString());
		session.capability();
		CPPUNIT_ASSERT_EQUAL(std::string("1:3,8,11:12"), session.uidSearch("DELETED").toString());
		CPPUNIT_ASSERT(session.uidSearch("KEYWORD none").empty());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testSearchNonAsciiLiteral()
	{
		// Without LITERAL+ the literal waits for "+"; "Grüße" is 7 bytes.
		FakeServer server({greet("UIDPLUS"), {"C", "A1 UID SEARCH CHARSET UTF-8 (SUBJECT {7}"}, {"S", "+ go on\r\n"},
			{"C", "Gr\xC3\xBC\xC3\x9F" "e FROM \"bob\")"}, {"S", "* SEARCH 12\r\nA1 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		UidSet found = session.uidSearch("(SUBJECT \"Gr\xC3\xBC\xC3\x9F" "e\" FROM \"bob\")");
		CPPUNIT_ASSERT_EQUAL(std::string("12"), found.toString());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testListStatusNamespaceId()
	{
		FakeServer server({greet("NAMESPACE ID ENABLE CONDSTORE"),
			{"C", "A1 LIST \"\" \"*\""},
			{"S", "* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST (\\HasNoChildren \\Sent) \"/\" \"Gesendete Objekte\"\r\n"
				"* LIST (\\HasNoChildren \\Trash) \"/\" Entw&APw-rfe/M&APw-ll\r\n* LIST (\\Noselect \\HasChildren) NIL Shared\r\n"
				"A1 OK done\r\n"},
			{"C", "A2 STATUS Sent (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)"},
			{"S", "* STATUS Sent (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 UNSEEN 3 HIGHESTMODSEQ 7011231777)\r\nA2 OK done\r\n"},
			{"C", "A3 NAMESPACE"},
			{"S", "* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\"))\r\nA3 OK done\r\n"},
			{"C", "A4 ID (\"name\" \"mailbridge\")"},
			{"S", "* ID (\"name\" \"Dovecot\" \"version\" NIL)\r\nA4 OK done\r\n"},
			{"C", "A5 ENABLE CONDSTORE"}, {"S", "* ENABLED CONDSTORE\r\nA5 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		std::vector<ListEntry> boxes = session.list("", "*");
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), boxes.size());
		CPPUNIT_ASSERT(boxes[1].has("\\Sent"));
		CPPUNIT_ASSERT_EQUAL(std::string("Gesendete Objekte"), boxes[1].name);
		CPPUNIT_ASSERT(boxes[2].has("\\trash"));
		CPPUNIT_ASSERT_EQUAL(std::string("Entw\xC3\xBCrfe/M\xC3\xBCll"), boxes[2].name);
		CPPUNIT_ASSERT_EQUAL('/', boxes[2].delimiter);
		CPPUNIT_ASSERT_EQUAL('\0', boxes[3].delimiter);
		StatusResult st = session.status("Sent");
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(231), st.messages);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(44292), st.uidNext);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), st.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), st.unseen);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(7011231777ull), st.highestModSeq);
		NamespaceInfo ns = session.personalNamespace();
		CPPUNIT_ASSERT(ns.hasPersonal);
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX."), ns.personalPrefix);
		CPPUNIT_ASSERT_EQUAL('.', ns.delimiter);
		std::map<std::string, std::string> server_id = session.id({{"name", "mailbridge"}});
		CPPUNIT_ASSERT_EQUAL(std::string("Dovecot"), server_id["name"]);
		CPPUNIT_ASSERT_EQUAL(std::string(""), server_id["version"]);
		std::set<std::string> on = session.enable({"CONDSTORE"});
		CPPUNIT_ASSERT(on.count("CONDSTORE"));
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testGmailExtensions()
	{
		// From Gmail's IMAP extensions documentation: X-GM-MSGID and
		// X-GM-THRID are 64-bit numbers, X-GM-LABELS a list of atoms and
		// strings (system labels start with a backslash), X-GM-RAW a search key.
		FakeServer server({greet("UIDPLUS X-GM-EXT-1 ESEARCH"),
			{"C", "A1 UID FETCH 1:* (UID X-GM-MSGID X-GM-THRID X-GM-LABELS)"},
			{"S", "* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334865 UID 4 "
				"X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\"))\r\n"
				"* 2 FETCH (X-GM-THRID 1266894439832287888 X-GM-MSGID 1266894439832287888 UID 5 X-GM-LABELS ())\r\n"
				"A1 OK Success\r\n"},
			{"C", "A2 UID SEARCH RETURN (ALL) X-GM-RAW \"has:attachment in:unread\""},
			{"S", "* ESEARCH (TAG \"A2\") UID ALL 4\r\nA2 OK SEARCH completed (Success)\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT(session.hasCapability("X-GM-EXT-1"));
		Collector c;
		session.uidFetch(range(1, UidSet::STAR), "UID X-GM-MSGID X-GM-THRID X-GM-LABELS", c);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.messages.size());
		const FetchData& m = c.messages[0];
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), m.uid);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1278455344230334865ull), m.gmMsgId);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1278455344230334865ull), m.gmThrId);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), m.gmLabels.size());
		CPPUNIT_ASSERT_EQUAL(std::string("\\Inbox"), m.gmLabels[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("Muy Importante"), m.gmLabels[3]);
		CPPUNIT_ASSERT(c.messages[1].gmLabels.empty());
		CPPUNIT_ASSERT_EQUAL(std::string("4"), session.uidSearch("X-GM-RAW \"has:attachment in:unread\"").toString());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testMicrosoft365WithoutCondstore()
	{
		// Exchange Online's capabilities: no CONDSTORE, no QRESYNC, no ENABLE.
		FakeServer server({greet("IMAP4 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+"),
			{"C", "A1 SELECT INBOX"},
			{"S", "* 2 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)\r\n"
				"* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)] Permanent flags\r\n"
				"* OK [UNSEEN 2] Is the first unseen message\r\n* OK [UIDVALIDITY 14] UIDVALIDITY value\r\n"
				"* OK [UIDNEXT 9] The next unique identifier value\r\nA1 OK [READ-WRITE] SELECT completed.\r\n"},
			{"C", "A2 UID FETCH 1:* (UID FLAGS)"},
			{"S", "* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n* 2 FETCH (UID 8 FLAGS ())\r\nA2 OK FETCH completed.\r\n"},
			{"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		SelectOptions o;
		o.uidValidity = 14;
		o.modSeq = 1234;
		o.condstore = true;
		SelectResult r = session.select("INBOX", o);
		CPPUNIT_ASSERT(!r.qresync);
		CPPUNIT_ASSERT(r.noModSeq);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), r.highestModSeq);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), r.exists);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(9), r.uidNext);
		CPPUNIT_ASSERT(!r.uidValidityChanged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), r.flags.size());
		Collector c;
		FetchModifiers mods;
		mods.changedSince = 1234;
		mods.vanished = true;
		FetchResult f = session.uidFetch(range(1, UidSet::STAR), "UID FLAGS", c, mods);
		CPPUNIT_ASSERT(!f.changedSinceSent);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.messages.size()); // every message: the caller compares
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT(!sentAnything(server, "CHANGEDSINCE"));
		CPPUNIT_ASSERT(!sentAnything(server, "CONDSTORE"));
		CPPUNIT_ASSERT(!sentAnything(server, "ENABLE"));
	}

	void testChangedSinceWithVanished()
	{
		FakeServer server({greet("ENABLE CONDSTORE QRESYNC"), {"C", "A1 ENABLE QRESYNC"},
			{"S", "* ENABLED QRESYNC\r\nA1 OK done\r\n"},
			{"C", "A2 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 300 VANISHED)"},
			{"S", "* VANISHED (EARLIER) 3:4\r\n* 2 FETCH (UID 6 FLAGS (\\Seen) MODSEQ (310))\r\nA2 OK done\r\n"},
			{"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		session.enable({"QRESYNC"});
		Collector c;
		FetchModifiers mods;
		mods.changedSince = 300;
		mods.vanished = true;
		FetchResult f = session.uidFetch(range(1, UidSet::STAR), "UID FLAGS", c, mods);
		CPPUNIT_ASSERT(f.changedSinceSent);
		CPPUNIT_ASSERT_EQUAL(std::string("3:4"), f.vanished.toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.messages.size());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(310), c.messages[0].modseq);
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testMove()
	{
		FakeServer server({greet("UIDPLUS MOVE"), {"C", "A1 UID MOVE 42:43 \"Deleted Items\""},
			{"S", "* OK [COPYUID 432432 42:43 12:13] Moved\r\n* 3 EXPUNGE\r\n* 3 EXPUNGE\r\nA1 OK Move completed\r\n"},
			{"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CopyResult r = session.uidMove(range(42, 43), "Deleted Items");
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(432432), r.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::string("42:43"), r.source.toString());
		CPPUNIT_ASSERT_EQUAL(std::string("12:13"), r.target.toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), session.mailbox().expungedSeqs().size());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testMoveFallback()
	{
		FakeServer server({greet("UIDPLUS"), {"C", "A1 UID COPY 4:5 Archive"},
			{"S", "A1 OK [COPYUID 7 4:5 10:11] copied\r\n"},
			{"C", "A2 UID STORE 4:5 +FLAGS.SILENT (\\Deleted)"}, {"S", "A2 OK stored\r\n"},
			{"C", "A3 UID EXPUNGE 4:5"}, {"S", "* 3 EXPUNGE\r\n* 3 EXPUNGE\r\nA3 OK expunged\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CopyResult r = session.uidMove(range(4, 5), "Archive");
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(7), r.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::string("10:11"), r.target.toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), session.mailbox().expungedSeqs().size());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		for (const std::string& line: server.received()) // never a plain EXPUNGE
			CPPUNIT_ASSERT(line.find("EXPUNGE") == std::string::npos || line.find("UID EXPUNGE 4:5") != std::string::npos);
	}

	void testMoveRefusedWithoutUidplus()
	{
		FakeServer server({greet("IDLE"), {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT_THROW(session.uidMove(range(4, 5), "Archive"), ImapUnsupportedError);
		CPPUNIT_ASSERT_THROW(session.uidExpunge(range(4, 5)), ImapUnsupportedError);
		session.logout();
		server.finish();
		CPPUNIT_ASSERT(!sentAnything(server, "COPY"));
		CPPUNIT_ASSERT(!sentAnything(server, "STORE"));
		CPPUNIT_ASSERT(!sentAnything(server, "EXPUNGE"));
	}

	void testAppendWithDate()
	{
		std::string date = dateTime(1709626020, 60); // 2024-03-05 08:07:00 UTC, shown at +0100
		CPPUNIT_ASSERT_EQUAL(std::string("\"05-Mar-2024 09:07:00 +0100\""), date);
		FakeServer server({greet("UIDPLUS LITERAL+"),
			{"C", "A1 APPEND Sent (\\Seen \\Answered) \"05-Mar-2024 09:07:00 +0100\" {5+}"}, {"C", "hello"},
			{"S", "A1 OK [APPENDUID 38505 3955] APPEND completed\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		AppendResult r = session.append("Sent", "hello", {"\\Seen", "\\Answered"}, date);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(38505), r.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3955), r.uid);
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testPipelinedFetchWithInterleavedExists()
	{
		FakeServer server({greet("UIDPLUS"),
			{"C", "A1 UID FETCH 1:2 (UID BODY.PEEK[])"}, {"C", "A2 UID FETCH 3:4 (UID BODY.PEEK[])"},
			{"S", "* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\n* 9 EXISTS\r\n* 2 FETCH (UID 2 BODY[] {1}\r\nb)\r\n"
				"* 5 FETCH (FLAGS (\\Seen))\r\n* 7 FETCH (UID 77 FLAGS (\\Seen))\r\nA1 OK done\r\n"},
			{"C", "A3 UID FETCH 5 (UID BODY.PEEK[])"},
			{"S", "* 3 FETCH (UID 3 BODY[] {1}\r\nc)\r\n* 4 FETCH (UID 4 FLAGS (\\Flagged))\r\n"
				"* 4 FETCH (UID 4 BODY[] {1}\r\nd)\r\nA2 OK done\r\n"},
			{"S", "* 8 EXPUNGE\r\n* 5 FETCH (UID 5 BODY[] {1}\r\ne)\r\nA3 OK done\r\n"},
			{"C", "A4 NOOP"}, {"S", "A4 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		Collector c;
		FetchResult r = session.uidFetchPipelined({range(1, 2), range(3, 4), range(5, 5)}, "UID BODY.PEEK[]", c, 2);
		CPPUNIT_ASSERT(!r.expungeIssued);
		CPPUNIT_ASSERT(std::vector<std::uint32_t>({1, 2, 3, 4, 5}) == c.uids());
		CPPUNIT_ASSERT_EQUAL(std::string("abcde"), c.bodies[1] + c.bodies[2] + c.bodies[3] + c.bodies[4] + c.bodies[5]);
		// The unsolicited ones went to the mailbox, not to the handler.
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(8), session.mailbox().exists()); // 9 EXISTS, then one EXPUNGE
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), session.mailbox().flagChanges().count(77));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), session.mailbox().flagChanges().count(4));
		session.noop();
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testPipelinedFailureDrainsInFlight()
	{
		FakeServer server({greet("UIDPLUS"),
			{"C", "A1 UID FETCH 1 (UID FLAGS)"}, {"C", "A2 UID FETCH 2 (UID FLAGS)"},
			{"S", "A1 BAD bad set\r\n* 2 FETCH (UID 2 FLAGS ())\r\nA2 OK done\r\n"},
			{"C", "A3 NOOP"}, {"S", "A3 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		Collector c;
		CPPUNIT_ASSERT_THROW(session.uidFetchPipelined({range(1, 1), range(2, 2), range(3, 3)}, "UID FLAGS", c, 2),
			ImapCommandError);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.messages.size()); // A2's reply was read, A3 never sent
		session.noop();
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testIdleCappedByMaxIdle()
	{
		FakeServer server({greet("IDLE"), {"C", "A1 IDLE"}, {"S", "+ idling\r\n"}, {"C", "DONE"},
			{"S", "A1 OK idle done\r\n"}, {"HANG", ""}});
		ImapSessionOptions o = plainOptions(server.port());
		o.maxIdle = Poco::Timespan(0, 200000);
		ImapSession session(o);
		session.connect();
		Poco::Timestamp start;
		CPPUNIT_ASSERT(!session.idle(Poco::Timespan(30 * 60, 0)));
		CPPUNIT_ASSERT(start.elapsed() < 2000000);
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(28 * 60) * 1000000, ImapSessionOptions().maxIdle.totalMicroseconds());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testNoopReportsChange()
	{
		FakeServer server({greet("IDLE"), {"C", "A1 NOOP"}, {"S", "A1 OK done\r\n"}, {"C", "A2 NOOP"},
			{"S", "* 4 EXISTS\r\nA2 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT(!session.noop());
		CPPUNIT_ASSERT(session.noop());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), session.mailbox().exists());
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testIdleWokenByVanishedAndFetch()
	{
		FakeServer server({greet("IDLE QRESYNC"), {"C", "A1 IDLE"}, {"S", "+ idling\r\n* VANISHED 5:6\r\n"}, {"C", "DONE"},
			{"S", "A1 OK idle done\r\n"}, {"C", "A2 IDLE"}, {"S", "+ idling\r\n"},
			{"S", "* 3 FETCH (UID 9 FLAGS (\\Seen) MODSEQ (44))\r\n"}, {"C", "DONE"}, {"S", "A2 OK idle done\r\n"},
			{"C", "A3 LOGOUT"}, {"S", "* BYE bye\r\nA3 OK done\r\n"}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT(session.idle(Poco::Timespan(5, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("5:6"), session.mailbox().vanished().toString());
		CPPUNIT_ASSERT(session.idle(Poco::Timespan(5, 0)));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), session.mailbox().flagChanges().count(9));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(44), session.mailbox().highestModSeq());
		session.command("LOGOUT"); // its BYE is not an error
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapSessionCommandTest);
