#include "connector/mime/BodyWalker.h"
#include "connector/mime/MessageParser.h"
#include "tests/mime/MimeTestSupport.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::mime;
using mailbridge::test::crlf;

class BodyWalkerTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(BodyWalkerTest);
	CPPUNIT_TEST(testSplitMultipart);
	CPPUNIT_TEST(testDelimiterMustMatchWholeLine);
	CPPUNIT_TEST(testDelimiterAtEveryOffset);
	CPPUNIT_TEST(testMissingCloseDelimiter);
	CPPUNIT_TEST(testGuessBoundary);
	CPPUNIT_TEST(testAlternativeTakesLastOfEachKind);
	CPPUNIT_TEST(testRelatedStartParameter);
	CPPUNIT_TEST(testTextAttachmentsAndInlineText);
	CPPUNIT_TEST(testDigestDefaultsToMessages);
	CPPUNIT_TEST(testSafeFileName);
	CPPUNIT_TEST_SUITE_END();

	static std::vector<std::string> split(const std::string& body, const std::string& boundary, bool& closed)
	{
		std::vector<BodyWalker::Range> ranges;
		std::vector<std::string> parts;
		if (!BodyWalker::splitMultipart(body.data(), 0, body.size(), boundary, ranges, closed)) return parts;
		for (const auto& r: ranges) parts.push_back(body.substr(r.begin, r.end - r.begin));
		return parts;
	}

	static Message parse(const std::string& text)
	{
		std::string raw = crlf(text);
		return parseMessage(raw.data(), raw.size());
	}

public:
	void testSplitMultipart()
	{
		bool closed = false;
		std::vector<std::string> parts = split(
			"preamble\r\n--b\r\nA: 1\r\n\r\none\r\n--b  \r\n\r\ntwo\r\n\r\n--b--\r\nepilogue\r\n--b\r\nignored", "b", closed);
		CPPUNIT_ASSERT(closed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), parts.size());
		CPPUNIT_ASSERT_EQUAL(std::string("A: 1\r\n\r\none"), parts[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("\r\ntwo\r\n"), parts[1]);
		std::vector<std::string> lf = split("--b\nx\n--b\ny\n--b--\n", "b", closed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), lf.size());
		CPPUNIT_ASSERT_EQUAL(std::string("y"), lf[1]);
	}

	void testDelimiterMustMatchWholeLine()
	{
		bool closed = false;
		std::vector<std::string> parts = split("--b\r\nsee --b inline\r\n--bb not ours\r\n--b\r\nz\r\n--b--", "b", closed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), parts.size());
		CPPUNIT_ASSERT_EQUAL(std::string("see --b inline\r\n--bb not ours"), parts[0]);
		CPPUNIT_ASSERT(split("no delimiter here", "b", closed).empty());
	}

	void testMissingCloseDelimiter()
	{
		bool closed = true;
		std::vector<std::string> parts = split("--b\r\none\r\n--b\r\ntwo, cut off", "b", closed);
		CPPUNIT_ASSERT(!closed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), parts.size());
		CPPUNIT_ASSERT_EQUAL(std::string("two, cut off"), parts[1]);
	}

	void testGuessBoundary()
	{
		std::string body = "This is MIME.\r\n\r\n--XYZ.123/host\r\n\r\na\r\n--XYZ.123/host--\r\n";
		CPPUNIT_ASSERT_EQUAL(std::string("XYZ.123/host"), BodyWalker::guessBoundary(body.data(), 0, body.size()));
		std::string noClose = "--XYZ\r\n\r\na\r\n";
		CPPUNIT_ASSERT_EQUAL(std::string(), BodyWalker::guessBoundary(noClose.data(), 0, noClose.size()));
	}

	void testAlternativeTakesLastOfEachKind()
	{
		Message m = parse(
			"Content-Type: multipart/alternative; boundary=a\n\n"
			"--a\nContent-Type: text/plain\n\nfirst plain\n"
			"--a\nContent-Type: text/enriched\n\n<bold>rich</bold>\n"
			"--a\nContent-Type: text/plain\n\nsecond plain\n"
			"--a\nContent-Type: text/html\n\n<p>html</p>\n"
			"--a\nContent-Type: text/calendar; method=REQUEST; name=invite.ics\n\nBEGIN:VCALENDAR\n"
			"--a--\n");
		CPPUNIT_ASSERT_EQUAL(std::string("second plain"), m.text);
		CPPUNIT_ASSERT_EQUAL(std::string("<p>html</p>"), m.html);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("invite.ics"), m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("text/calendar"), m.attachments[0].contentType);
	}

	void testRelatedStartParameter()
	{
		Message m = parse(
			"Content-Type: multipart/related; boundary=r; start=\"<root@x>\"\n\n"
			"--r\nContent-Type: image/gif\nContent-ID: <img@x>\n\nGIF89a\n"
			"--r\nContent-Type: text/html\nContent-ID: <root@x>\n\n<img src=cid:img@x>hello\n"
			"--r--\n");
		CPPUNIT_ASSERT_EQUAL(std::string("hello"), m.text);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.attachments.size());
		CPPUNIT_ASSERT(m.attachments[0].inlinePart);
		CPPUNIT_ASSERT_EQUAL(std::string("img@x"), m.attachments[0].contentId);
	}

	void testTextAttachmentsAndInlineText()
	{
		Message m = parse(
			"Content-Type: multipart/mixed; boundary=m\n\n"
			"--m\nContent-Type: text/plain\n\nBefore the picture.\n"
			"--m\nContent-Type: image/jpeg\nContent-Disposition: inline; filename=photo.jpg\nContent-Transfer-Encoding: base64\n\n/9j/\n"
			"--m\nContent-Type: text/plain\n\nAfter the picture.\n"
			"--m\nContent-Type: text/plain; name=cv.txt\nContent-Disposition: attachment\n\nMy CV\n"
			"--m\nContent-Type: text/html\nContent-Disposition: attachment; filename=page.html\n\n<p>x</p>\n"
			"--m--\n");
		CPPUNIT_ASSERT_EQUAL(std::string("Before the picture.\nAfter the picture."), m.text);
		CPPUNIT_ASSERT(m.html.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("photo.jpg"), m.attachments[0].fileName);
		CPPUNIT_ASSERT(m.attachments[0].inlinePart);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), m.attachments[0].size);
		CPPUNIT_ASSERT_EQUAL(std::string("cv.txt"), m.attachments[1].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("page.html"), m.attachments[2].fileName);
	}

	void testDigestDefaultsToMessages()
	{
		Message m = parse(
			"Content-Type: multipart/digest; boundary=d\n\n"
			"--d\n\nSubject: one\n\nbody one\n"
			"--d\n\nSubject: two/three\n\nbody two\n"
			"--d--\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("one.eml"), m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("two_three.eml"), m.attachments[1].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("message/rfc822"), m.attachments[0].contentType);
	}

	void testSafeFileName()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("_.._etc_passwd"), BodyWalker::safeFileName("../../etc/passwd"));
		CPPUNIT_ASSERT_EQUAL(std::string("C__docs_cv.doc"), BodyWalker::safeFileName("C:\\docs\\cv.doc"));
		CPPUNIT_ASSERT_EQUAL(std::string("a_b"), BodyWalker::safeFileName(" a\tb. "));
		CPPUNIT_ASSERT_EQUAL(std::string(), BodyWalker::safeFileName(" . "));
		std::string longName;
		for (int i = 0; i < 150; ++i) longName += "\xC3\xA9";
		std::string cut = BodyWalker::safeFileName(longName);
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), cut.size());
		CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9"), cut.substr(198));
	}

	void testDelimiterAtEveryOffset()
	{
		// Delimiter lines are searched many bytes at a time: lines that
		// start with '-' but are no delimiter, and delimiters at every offset.
		for (std::size_t at = 0; at < 40; ++at)
		{
			std::string filler(at, 'x');
			std::string body = "--bd\r\n" + filler + "\r\n- item\r\n--b\r\n-- \r\nsee --bd\r\n--bd\r\n"
				+ filler + "y\r\n--bd--\r\n";
			bool closed = false;
			std::vector<std::string> parts = split(body, "bd", closed);
			CPPUNIT_ASSERT(closed);
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), parts.size());
			CPPUNIT_ASSERT_EQUAL(filler + "\r\n- item\r\n--b\r\n-- \r\nsee --bd", parts[0]);
			CPPUNIT_ASSERT_EQUAL(filler + "y", parts[1]);
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(BodyWalkerTest);
