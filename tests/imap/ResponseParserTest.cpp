// The response parser, fed every input whole, one byte at a time and in
// random splits (as Dovecot's test-imap-parser does), with literals split at
// every boundary, and against hostile servers.

#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <sstream>

using namespace mailbridge::imap;

namespace {

// A canonical text of everything the parser extracted, to compare runs.
std::string describe(const Response& r)
{
	std::ostringstream o;
	o << r.type << "|" << r.tag << "|" << r.status << "|" << r.code.name << ":" << r.code.number << ":" << r.code.modseq
	  << ":" << r.code.uids.toString() << ":" << r.code.targetUids.toString() << "|" << r.text << "|" << r.kind << "|" << r.number << "|";
	for (auto& w: r.words) o << w << ",";
	o << "|" << r.uids.toString() << "|" << r.earlier << "|" << r.list.name << "|" << r.fetch.uid << "|" << r.fetch.size << "|" << r.fetch.modseq;
	for (auto& f: r.fetch.flags) o << "," << f;
	for (auto& s: r.fetch.sections) o << "|S[" << s.section << "]<" << s.origin << ">" << s.nil << ":" << s.size << ":" << s.data;
	return o.str();
}

std::vector<Response> parseWith(const std::string& input, const std::vector<std::size_t>& cuts, ResponseParser& parser)
{
	std::vector<Response> out;
	std::size_t pos = 0;
	for (std::size_t cut: cuts)
	{
		parser.feed(input.data() + pos, cut - pos);
		pos = cut;
		Response r;
		while (parser.next(r)) out.push_back(r);
	}
	parser.feed(input.data() + pos, input.size() - pos);
	Response r;
	while (parser.next(r)) out.push_back(r);
	return out;
}

std::vector<Response> parseWhole(const std::string& input)
{
	ResponseParser parser;
	return parseWith(input, {}, parser);
}

std::string joined(const std::vector<Response>& responses)
{
	std::string s;
	for (auto& r: responses) s += describe(r) + "\n";
	return s;
}

// Every input, cut in every way we can think of, gives the same responses.
void checkSplits(const std::string& input)
{
	const std::string whole = joined(parseWhole(input));
	std::vector<std::size_t> bytes;
	for (std::size_t i = 1; i < input.size(); ++i) bytes.push_back(i);
	ResponseParser oneByOne;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("byte at a time: " + input, whole, joined(parseWith(input, bytes, oneByOne)));
	std::mt19937 random(42);
	for (int round = 0; round < 50; ++round)
	{
		std::vector<std::size_t> cuts;
		for (std::size_t i = 1; i < input.size(); ++i)
			if (random() % 7 == 0) cuts.push_back(i);
		ResponseParser parser;
		CPPUNIT_ASSERT_EQUAL_MESSAGE("random split: " + input, whole, joined(parseWith(input, cuts, parser)));
	}
}

std::string errorOf(const std::string& input, const ParserLimits& limits = ParserLimits())
{
	ResponseParser parser(limits);
	try
	{
		parser.feed(input.data(), input.size());
		Response r;
		while (parser.next(r)) {}
	}
	catch (const ImapProtocolError& exc)
	{
		return exc.message();
	}
	return "no error";
}

class CollectingSink: public LiteralSink
{
public:
	std::string data;
	std::uint64_t announced = 0;
	int begun = 0, ended = 0;
	void begin(std::uint64_t size) override { announced = size; ++begun; }
	void write(const char* d, std::size_t n) override { data.append(d, n); }
	void end() override { ++ended; }
};

} // namespace

class ResponseParserTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ResponseParserTest);
	CPPUNIT_TEST(testGreetingAndTagged);
	CPPUNIT_TEST(testResponseCodes);
	CPPUNIT_TEST(testUntaggedData);
	CPPUNIT_TEST(testList);
	CPPUNIT_TEST(testFetch);
	CPPUNIT_TEST(testGmailFetch);
	CPPUNIT_TEST(testSearchAndEsearch);
	CPPUNIT_TEST(testEverySplitGivesTheSame);
	CPPUNIT_TEST(testLiteralSplitAtEveryBoundary);
	CPPUNIT_TEST(testLiteralToSink);
	CPPUNIT_TEST(testHostile);
	CPPUNIT_TEST_SUITE_END();

public:
	void testGreetingAndTagged()
	{
		auto rs = parseWhole("* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN] Dovecot ready.\r\na1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n+ idling\r\n* BYE Server shutting down\r\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), rs.size());
		CPPUNIT_ASSERT_EQUAL(std::string("OK"), rs[0].status);
		CPPUNIT_ASSERT_EQUAL(std::string("CAPABILITY"), rs[0].code.name);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), rs[0].code.list.size());
		CPPUNIT_ASSERT_EQUAL(std::string("AUTH=PLAIN"), rs[0].code.list[3]);
		CPPUNIT_ASSERT_EQUAL(std::string("Dovecot ready."), rs[0].text);
		CPPUNIT_ASSERT(rs[1].type == Response::Tagged);
		CPPUNIT_ASSERT_EQUAL(std::string("a1"), rs[1].tag);
		CPPUNIT_ASSERT_EQUAL(std::string("NO"), rs[1].status);
		CPPUNIT_ASSERT_EQUAL(std::string("AUTHENTICATIONFAILED"), rs[1].code.name);
		CPPUNIT_ASSERT(rs[2].type == Response::Continuation);
		CPPUNIT_ASSERT_EQUAL(std::string("idling"), rs[2].text);
		CPPUNIT_ASSERT_EQUAL(std::string("BYE"), rs[3].status);
	}

	void testResponseCodes()
	{
		auto rs = parseWhole(
			"* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
			"* OK [UIDNEXT 4392] Predicted next UID\r\n"
			"* OK [HIGHESTMODSEQ 715194045007] Highest\r\n"
			"* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences\r\n"
			"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"
			"A003 OK [APPENDUID 38505 3955] APPEND completed\r\n"
			"A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n"
			"A005 NO [TRYCREATE] No such mailbox\r\n"
			"A006 OK [EXPUNGEISSUED] Some messages were also expunged\r\n"
			"* OK [CLOSED] Previous mailbox closed.\r\n"
			"* NO [ALERT] System shutdown in 10 minutes\r\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(11), rs.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3857529045u), rs[0].code.number);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4392), rs[1].code.number);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(715194045007ull), rs[2].code.modseq);
		CPPUNIT_ASSERT_EQUAL(std::string("NOMODSEQ"), rs[3].code.name);
		CPPUNIT_ASSERT_EQUAL(std::string("\\*"), rs[4].code.list.at(2));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(38505), rs[5].code.number);
		CPPUNIT_ASSERT_EQUAL(std::string("3955"), rs[5].code.uids.toString());
		CPPUNIT_ASSERT_EQUAL(std::string("304,319:320"), rs[6].code.uids.toString());
		CPPUNIT_ASSERT_EQUAL(std::string("3956:3958"), rs[6].code.targetUids.toString());
		CPPUNIT_ASSERT_EQUAL(std::string("TRYCREATE"), rs[7].code.name);
		CPPUNIT_ASSERT_EQUAL(std::string("EXPUNGEISSUED"), rs[8].code.name);
		CPPUNIT_ASSERT_EQUAL(std::string("CLOSED"), rs[9].code.name);
		CPPUNIT_ASSERT_EQUAL(std::string("ALERT"), rs[10].code.name);
	}

	void testUntaggedData()
	{
		auto rs = parseWhole(
			"* CAPABILITY IMAP4rev1 IDLE CONDSTORE QRESYNC MOVE\r\n"
			"* 23 EXISTS\r\n"
			"* 3 EXPUNGE\r\n"
			"* VANISHED (EARLIER) 41,43:116,118\r\n"
			"* VANISHED 405\r\n"
			"* ENABLED CONDSTORE QRESYNC\r\n"
			"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n"
			"* STATUS \"Gesendete Elemente\" (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 HIGHESTMODSEQ 7011231777)\r\n"
			"* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n"
			"* ID (\"name\" \"Dovecot\")\r\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), rs.size());
		CPPUNIT_ASSERT_EQUAL(std::string("QRESYNC"), rs[0].words.at(3));
		CPPUNIT_ASSERT_EQUAL(std::string("EXISTS"), rs[1].kind);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(23), rs[1].number);
		CPPUNIT_ASSERT_EQUAL(std::string("EXPUNGE"), rs[2].kind);
		CPPUNIT_ASSERT(rs[3].earlier);
		CPPUNIT_ASSERT_EQUAL(std::string("41,43:116,118"), rs[3].uids.toString());
		CPPUNIT_ASSERT(!rs[4].earlier);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), rs[5].words.size());
		CPPUNIT_ASSERT_EQUAL(std::string("$Forwarded"), rs[6].words.at(5));
		CPPUNIT_ASSERT_EQUAL(std::string("Gesendete Elemente"), rs[7].statusData.mailbox);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(7011231777ull), rs[7].statusData.values["HIGHESTMODSEQ"]);
		CPPUNIT_ASSERT_EQUAL(std::string("NAMESPACE"), rs[8].kind);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), rs[8].items.size());
		CPPUNIT_ASSERT_EQUAL(std::string("ID"), rs[9].kind);
	}

	void testList()
	{
		auto rs = parseWhole(
			"* LIST (\\HasNoChildren \\Sent) \"/\" \"Gesendete Elemente\"\r\n"
			"* LIST (\\HasNoChildren) \".\" Entw&APw-rfe\r\n"
			"* LIST (\\Noselect) NIL \"\"\r\n"
			"* LIST (\\HasNoChildren \\Trash) \"/\" {21}\r\nGel&APY-schte Objekte\r\n"
			"* LIST () \"/\" \"bad&Jjo\"\r\n"
			"* LIST (\\Junk) \"/\" Junk (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), rs.size());
		CPPUNIT_ASSERT(rs[0].list.has("\\sent"));
		CPPUNIT_ASSERT_EQUAL('/', rs[0].list.delimiter);
		CPPUNIT_ASSERT_EQUAL(std::string("Gesendete Elemente"), rs[0].list.name);
		CPPUNIT_ASSERT_EQUAL(std::string("Entw\xC3\xBCrfe"), rs[1].list.name);
		CPPUNIT_ASSERT_EQUAL(std::string("Entw&APw-rfe"), rs[1].list.rawName);
		CPPUNIT_ASSERT_EQUAL(char(0), rs[2].list.delimiter);
		CPPUNIT_ASSERT_EQUAL(std::string("Gel\xC3\xB6schte Objekte"), rs[3].list.name);
		CPPUNIT_ASSERT_EQUAL(std::string("bad&Jjo"), rs[4].list.name); // malformed: kept as sent
		CPPUNIT_ASSERT(rs[5].list.has("\\Junk"));
	}

	void testFetch()
	{
		auto rs = parseWhole(
			"* 12 FETCH (UID 4827 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 42 MODSEQ (12121231000) "
			"BODY[] {42}\r\nFrom: a@b\r\nSubject: hi\r\n\r\nbody text here\r\n)\r\n"
			"* 13 FETCH (UID 4828 BODY[HEADER.FIELDS (MESSAGE-ID)] {23}\r\nMessage-ID: <x@y>\r\n\r\n\r\n RFC822.SIZE 9)\r\n"
			"* 14 FETCH (UID 4829 BODY[] NIL)\r\n"
			"* 15 FETCH (UID 4830 BODY[]<0> \"abc\" X-UNKNOWN (1 (2 3)) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 3 1) "
			"ENVELOPE (\"date\" \"subj\" NIL NIL NIL NIL NIL NIL NIL \"<id>\"))\r\n"
			"* 16 FETCH (FLAGS (\\Seen $Label1))\r\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), rs.size());
		const FetchData& f = rs[0].fetch;
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(12), f.seq);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4827), f.uid);
		CPPUNIT_ASSERT_EQUAL(std::string("\\Seen"), f.flags.at(0));
		CPPUNIT_ASSERT_EQUAL(std::string("17-Jul-1996 02:44:25 -0700"), f.internalDate);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(42), f.size);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(12121231000ull), f.modseq);
		CPPUNIT_ASSERT_EQUAL(std::string("From: a@b\r\nSubject: hi\r\n\r\nbody text here\r\n"), f.section("")->data);
		CPPUNIT_ASSERT_EQUAL(std::string("Message-ID: <x@y>\r\n\r\n\r\n"), rs[1].fetch.section("HEADER.FIELDS (MESSAGE-ID)")->data);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(9), rs[1].fetch.size);
		CPPUNIT_ASSERT(rs[2].fetch.section("")->nil);
		CPPUNIT_ASSERT_EQUAL(std::string("abc"), rs[3].fetch.section("")->data);
		CPPUNIT_ASSERT(rs[3].fetch.bodyStructure);
		CPPUNIT_ASSERT_EQUAL(std::string("TEXT"), rs[3].fetch.bodyStructure->at(0)->text);
		CPPUNIT_ASSERT_EQUAL(std::string("<id>"), rs[3].fetch.envelope->at(9)->text);
		CPPUNIT_ASSERT(rs[4].fetch.hasFlags);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(0), rs[4].fetch.uid);
	}

	void testGmailFetch()
	{
		// From Gmail's IMAP extensions documentation (X-GM-EXT-1).
		auto rs = parseWhole(
			"* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334865 UID 1 "
			"X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\") FLAGS (\\Seen))\r\n");
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1278455344230334865ull), rs[0].fetch.gmThrId);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1278455344230334865ull), rs[0].fetch.gmMsgId);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), rs[0].fetch.gmLabels.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Muy Importante"), rs[0].fetch.gmLabels[3]);
	}

	void testSearchAndEsearch()
	{
		auto rs = parseWhole(
			"* SEARCH 2 84 882\r\n"
			"* SEARCH\r\n"
			"* SEARCH 2 5 6 (MODSEQ 917162500)\r\n"
			"* ESEARCH (TAG \"A282\") UID MIN 2 COUNT 3\r\n"
			"* ESEARCH (TAG \"A283\") UID ALL 2,10:11 MODSEQ 42\r\n"
			"* ESEARCH (TAG \"A284\") UID\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("2,84,882"), rs[0].uids.toString());
		CPPUNIT_ASSERT(rs[1].uids.empty());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(917162500), rs[2].modseq);
		CPPUNIT_ASSERT_EQUAL(std::string("A282"), rs[3].esearchTag);
		CPPUNIT_ASSERT_EQUAL(std::string("3"), rs[3].esearch["COUNT"]);
		CPPUNIT_ASSERT_EQUAL(std::string("2,10:11"), rs[4].uids.toString());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(42), rs[4].modseq);
		CPPUNIT_ASSERT(rs[5].uids.empty());
	}

	void testEverySplitGivesTheSame()
	{
		const std::vector<std::string> inputs = {
			"* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\na1 OK [APPENDUID 38505 3955] done\r\n",
			"* 12 FETCH (UID 4827 FLAGS (\\Seen) BODY[] {15}\r\nHello\r\n{5}\r\nX\r\n)\r\n* 2 EXISTS\r\n",
			"* LIST (\\HasNoChildren) \"/\" {7}\r\nabc def\r\n* VANISHED (EARLIER) 1:3\r\n",
			std::string("* 1 FETCH (BODY[1] ~{3}\r\na\0b BODY[2] {0}\r\n)\r\n", 45),
			"* STATUS INBOX (MESSAGES 1)\n* SEARCH 1 2\n", // bare LF from sloppy servers
		};
		for (const std::string& input: inputs) checkSplits(input);
	}

	void testLiteralSplitAtEveryBoundary()
	{
		const std::string body = "From: x@y\r\n\r\n{5}\r\n) \"quoted\" \\ }\r\n";
		const std::string input = "* 1 FETCH (UID 7 BODY[] {" + std::to_string(body.size()) + "}\r\n" + body + " UID 7)\r\n";
		for (std::size_t cut = 1; cut < input.size(); ++cut)
		{
			for (std::size_t second = cut + 1; second < input.size(); second += 3)
			{
				ResponseParser parser;
				auto rs = parseWith(input, {cut, second}, parser);
				CPPUNIT_ASSERT_EQUAL(std::size_t(1), rs.size());
				CPPUNIT_ASSERT_EQUAL(body, rs[0].fetch.section("")->data);
				CPPUNIT_ASSERT(parser.idle());
			}
		}
	}

	void testLiteralToSink()
	{
		CollectingSink sink;
		ResponseParser parser;
		std::string seen;
		parser.setSinkChooser([&](const std::string& text, std::uint64_t size) -> LiteralSink* {
			seen = text;
			return size > 10 ? &sink : nullptr;
		});
		const std::string body(5000, 'x');
		const std::string input = "* 3 FETCH (UID 9 BODY[HEADER] {4}\r\nabcd BODY[] {5000}\r\n" + body + ")\r\n";
		std::vector<std::size_t> cuts;
		for (std::size_t i = 100; i < input.size(); i += 997) cuts.push_back(i);
		auto rs = parseWith(input, cuts, parser);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), rs.size());
		CPPUNIT_ASSERT_EQUAL(std::string("* 3 FETCH (UID 9 BODY[HEADER] {4} BODY[] {5000}"), seen);
		CPPUNIT_ASSERT_EQUAL(std::string("abcd"), rs[0].fetch.section("HEADER")->data);
		const BodySection* b = rs[0].fetch.section("");
		CPPUNIT_ASSERT(b->sunk);
		CPPUNIT_ASSERT(b->data.empty()); // never held by the parser
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(5000), b->size);
		CPPUNIT_ASSERT_EQUAL(body, sink.data);
		CPPUNIT_ASSERT_EQUAL(1, sink.begun);
		CPPUNIT_ASSERT_EQUAL(1, sink.ended);
	}

	void testHostile()
	{
		struct Case { std::string input; std::string expected; };
		std::string deep = "* ID ";
		for (int i = 0; i < 200; ++i) deep += "(";
		deep += "\r\n";
		const std::vector<Case> cases = {
			{"* 1 FETCH (BODY[] {99999999999999999999999}\r\n", "literal larger than"},
			{"* 1 FETCH (BODY[] {600000000}\r\n", "literal larger than"},
			{"* 1 FETCH (BODY[] {2000000}\r\n", "where no sink takes it"},
			{"* LIST () \"/\" \"unterminated\r\n", "unterminated quoted string"},
			{deep, "nested deeper than 64"},
			{std::string("* OK hello\0world\r\n", 18), "NUL byte outside a literal at offset 10"},
			{"a1 EXISTS\r\n", "a tagged response must be OK, NO or BAD"},
			{"* 1 FETCH (UID 99999999999)\r\n", "number larger than 32 bits"},
			{"* OK [UIDVALIDITY abc] x\r\n", "bad response code [UIDVALIDITY]"},
			{"* 1 FETCH (UID 5\r\n", "expected ')'"},
			{"* VANISHED 1:x\r\n", "expected a UID at offset 2 in: 1:x"},
			{"* SEARCH 1 2 junk\r\n", "expected a number"},
			{"\r\n* 3 EXISTS extra\r\n", "unexpected data after EXISTS"},
		};
		for (const Case& c: cases)
		{
			std::string error = errorOf(c.input);
			CPPUNIT_ASSERT_MESSAGE("input: " + c.input + "\ngot: " + error, error.find(c.expected) != std::string::npos);
		}
		// The error carries the offending line, control bytes made visible.
		CPPUNIT_ASSERT(errorOf(std::string("* OK a\0b\r\n", 10)).find("in: * OK a") != std::string::npos);
		ParserLimits tight;
		tight.maxText = 100;
		CPPUNIT_ASSERT(errorOf("* OK " + std::string(200, 'a') + "\r\n", tight).find("longer than 100") != std::string::npos);
		// Invalid UTF-8 in a name is shown replaced, kept raw for commands.
		auto rs = parseWhole("* LIST () \"/\" \"caf\xE9\"\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xEF\xBF\xBD"), rs[0].list.name);
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xE9"), rs[0].list.rawName);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResponseParserTest);
