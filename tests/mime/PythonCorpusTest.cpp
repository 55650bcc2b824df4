//
// The sample messages of CPython's email test suite (Debian package
// libpython3.11-testsuite): every one parses, and for a selection the
// decoded fields were checked by hand against the files.
//

#include "connector/mime/MessageParser.h"
#include "tests/mime/MimeTestSupport.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace mailbridge::mime;

namespace {

const char* const CORPUS = "/usr/lib/python3.11/test/test_email/data";

struct Expected
{
	const char* file;
	const char* subject;
	const char* from;        ///< "Name <address>" of the first From, or "<address>"
	const char* to;          ///< the To addresses joined by ", "
	const char* date;        ///< UTC, "" when the message has no Date
	const char* textStart;
	const char* attachments; ///< file names joined by "|"
};

const Expected EXPECTED[] = {
	{"msg_01.txt", "This is a test message", "John X. Doe <bbb@ddd.com>", "bbb@zzz.org", "2001-05-04 18:05:44",
		"Hi,\n\nDo you like this message?\n\n-Me", ""},
	{"msg_02.txt", "Ppp digest, Vol 1 #2 - 5 msgs", "<ppp-request@zzz.org>", "ppp@zzz.org", "2001-04-21 00:18:00",
		"Send Ppp mailing list submissions to\n\tppp@zzz.org",
		"[Ppp] testing #1.eml|message.eml|[Ppp] testing #3.eml|[Ppp] testing #4.eml|[Ppp] testing #5.eml"},
	{"msg_04.txt", "a simple multipart", "Barry A. Warsaw <barry@python.org>", "barry@python.org", "2001-09-11 04:05:05",
		"", "msg.txt|msg.txt"},
	{"msg_05.txt", "bar", "<foo>", "baz", "", "Yadda yadda yadda\nYadda yadda yadda", "message.eml"},
	{"msg_07.txt", "Here is your dingus fish", "Barry <barry@digicool.com>", "cravindogs@cravindogs.com",
		"2001-04-20 23:35:02", "Hi there,\n\nThis is the dingus fish.", "dingusfish.gif"},
	{"msg_10.txt", "Lyrics", "Barry Warsaw <barry@python.org>", "cravindogs@cravindogs.com", "2001-04-20 23:35:02",
		"This is a 7bit encoded message.\nThis is a Base64 encoded message.\nThis is a Base64 encoded message.\n"
		"This has no Content-Transfer-Encoding: header.", ""},
	{"msg_13.txt", "Here is your dingus fish", "Barry <barry@digicool.com>", "cravindogs@cravindogs.com",
		"2001-04-20 23:35:02", "A text/plain part\nHi there,\n\nThis is the dingus fish.", "dingusfish.gif"},
	{"msg_16.txt", "Delivery Notification: Delivery has failed", "Internet Mail Delivery <postmaster@ucla.edu>",
		"scr-admin@socal-raves.org", "2001-09-24 03:14:35",
		"This report relates to a message you sent with the following header fields:", "[scr] yeah for Ians!!.eml"},
	{"msg_20.txt", "This is a test message", "John X. Doe <bbb@ddd.com>", "bbb@zzz.org", "2001-05-04 18:05:44",
		"Hi,\n\nDo you like this message?", ""},
	{"msg_21.txt", "Test", "<aperson@dom.ain>", "bperson@dom.ain", "", "One\nTwo", ""},
	{"msg_22.txt", "", "<b@example.com>", "a@example.com", "2001-10-16 10:59:25", "Text text text.",
		"wibble.JPG|wibble2.JPG"},
	{"msg_25.txt", "Returned mail: Too many hops 19 (17 max): from <linuxuser-admin@www.linux.org.uk> via "
		"[199.164.235.226], to <scoffman@wellpartner.com>", "Mail Delivery Subsystem <MAILER-DAEMON@zinfandel.lacita.com>",
		"linuxuser-admin@www.linux.org.uk, postmaster@zinfandel.lacita.com", "2001-04-06 17:23:06",
		"The original message was received at Fri, 6 Apr 2001 09:23:03 -0800 (GMT-0800)", ""},
	{"msg_26.txt", "IMAP file test", "Father Time <father.time@xcar.wooster.local>", "timbo@jeeves.wooster.local",
		"2002-05-12 07:56:15", "Simple email with attachment.", "clock.bmp"},
	{"msg_27.txt", "bug demonstration 12345678911234567892123456789312345678941234567895123456789612345678971234567898"
		"112345678911234567892123456789112345678911234567892123456789 more text",
		"Anne P. Erson <aperson@dom.ain>", "bperson@dom.ain", "2002-06-05 01:46:59", "test", ""},
	{"msg_32.txt", "Re: Limiting Perl CPU Utilization...", "Anne Person <aperson@example.com>", "bdude@example.com",
		"2000-09-26 17:23:03", "Some message.", ""},
	{"msg_33.txt", "Re: Limiting Perl CPU Utilization...", "Anne Person <aperson@example.com>", "bdude@example.com",
		"2000-09-27 16:11:09", "part 1\npart 2", ""},
	{"msg_35.txt", "here's something interesting", "<aperson@dom.ain>", "bperson@dom.ain", "",
		"counter to RFC 2822, there's no separating newline here", ""},
	{"msg_45.txt", "test", "<foo@bar.baz>", "baz@bar.foo", "", "This is the signed contents.", "signature.asc"},
	{"msg_46.txt", "GroupwiseForwardingTest", "Sender <sender@example.net>", "someone@example.com",
		"2010-02-01 11:21:16", "", "GroupwiseForwardingTest.eml"},
};

std::string describe(const Address& a)
{
	return a.name.empty() ? "<" + a.address + ">" : a.name + " <" + a.address + ">";
}

} // namespace

class PythonCorpusTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PythonCorpusTest);
	CPPUNIT_TEST(testEveryMessageParses);
	CPPUNIT_TEST(testCheckedFields);
	CPPUNIT_TEST(testDeliveryReports);
	CPPUNIT_TEST_SUITE_END();

	static Message load(const std::string& name, std::string& raw)
	{
		raw = mailbridge::test::readFile(std::string(CORPUS) + "/" + name);
		return parseMessage(raw.data(), raw.size());
	}

public:
	void testEveryMessageParses()
	{
		std::vector<std::string> names;
		Poco::File(CORPUS).list(names);
		int parsed = 0;
		for (const std::string& n: names)
		{
			if (n.compare(0, 4, "msg_") != 0) continue;
			std::string raw;
			Message m = load(n, raw);
			for (const std::string& p: m.problems)
				CPPUNIT_ASSERT_MESSAGE(n + ": " + p, p.compare(0, 12, "parse stopped") != 0);
			for (const Attachment& a: m.attachments)
			{
				std::ostringstream out;
				streamAttachment(raw.data(), raw.size(), a, out);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(n + " " + a.fileName, a.size, std::uint64_t(out.str().size()));
			}
			++parsed;
		}
		CPPUNIT_ASSERT(parsed >= 47);
	}

	void testCheckedFields()
	{
		for (const Expected& e: EXPECTED)
		{
			std::string raw;
			Message m = load(e.file, raw);
			const std::string f = e.file;
			CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.subject), m.subject);
			CPPUNIT_ASSERT_MESSAGE(f, !m.from.empty());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.from), describe(m.from[0]));
			std::string to;
			for (const Address& a: m.to) to += (to.empty() ? "" : ", ") + a.address;
			CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.to), to);
			if (*e.date != '\0')
			{
				CPPUNIT_ASSERT_MESSAGE(f, m.dateFromHeader);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.date), Poco::DateTimeFormatter::format(m.date, "%Y-%m-%d %H:%M:%S"));
			}
			else CPPUNIT_ASSERT_MESSAGE(f, !m.dateFromHeader);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.textStart), m.text.substr(0, std::string(e.textStart).size()));
			if (*e.textStart == '\0') CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(), m.text);
			std::string names;
			for (const Attachment& a: m.attachments)
			{
				if (a.depth == 0) names += (names.empty() ? "" : "|") + a.fileName;
			}
			CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string(e.attachments), names);
		}
	}

	void testDeliveryReports()
	{
		std::string raw;
		Message m16 = load("msg_16.txt", raw);
		CPPUNIT_ASSERT(m16.deliveryReport);
		CPPUNIT_ASSERT(m16.bulk);  // sent through a Mailman list
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m16.failures.size());
		CPPUNIT_ASSERT_EQUAL(std::string("jangel1@cougar.noc.ucla.edu"), m16.failures[0].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("5.0.0"), m16.failures[0].status);
		// msg_25 lost its boundary parameter; the body's delimiters are still found.
		Message m25 = load("msg_25.txt", raw);
		CPPUNIT_ASSERT(m25.deliveryReport);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m25.failures.size());
		CPPUNIT_ASSERT_EQUAL(std::string("scoffman@wellpartner.com"), m25.failures[0].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("5.4.6"), m25.failures[0].status);
		Message m43 = load("msg_43.txt", raw);
		CPPUNIT_ASSERT(m43.deliveryReport);
		CPPUNIT_ASSERT_EQUAL(std::size_t(25), m43.failures.size());
		CPPUNIT_ASSERT_EQUAL(std::string("xxxxxxx@dot.ca.gov"), m43.failures[0].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.7.1 Message content rejected, id=01956-02-2 - BANNED: auto__mail.python.bat"),
			m43.failures[0].diagnostic);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PythonCorpusTest);
