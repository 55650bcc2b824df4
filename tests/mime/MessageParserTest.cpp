#include "connector/mime/MessageParser.h"
#include "tests/mime/MimeTestSupport.h"

#include <Poco/DateTimeFormatter.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace mailbridge::mime;
using mailbridge::test::crlf;
using mailbridge::test::fixture;

class MessageParserTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MessageParserTest);
	CPPUNIT_TEST(testOutlookLatin1);
	CPPUNIT_TEST(testIso2022JpUndeclared);
	CPPUNIT_TEST(testRfc2231Resume);
	CPPUNIT_TEST(testBrokenEncodedWords);
	CPPUNIT_TEST(testPostfixBounce);
	CPPUNIT_TEST(testOutOfOffice);
	CPPUNIT_TEST(testListMail);
	CPPUNIT_TEST(testHtmlOnly);
	CPPUNIT_TEST(testNestedForward);
	CPPUNIT_TEST(testDateFallsBackToInternalDate);
	CPPUNIT_TEST(testTextIsCut);
	CPPUNIT_TEST(testGarbageNeverThrows);
	CPPUNIT_TEST_SUITE_END();

	static Message parse(const std::string& raw, const ParseOptions& o = ParseOptions())
	{
		return parseMessage(raw.data(), raw.size(), o);
	}

	static std::string utc(const Poco::Timestamp& t)
	{
		return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S");
	}

	static std::string streamed(const std::string& raw, const Attachment& a)
	{
		std::ostringstream out;
		streamAttachment(raw.data(), raw.size(), a, out);
		return out.str();
	}

public:
	void testOutlookLatin1()
	{
		Message m = parse(fixture("outlook-latin1.eml"));
		CPPUNIT_ASSERT_EQUAL(std::string("AW: Bewerbung als Entwickler \xE2\x80\x93 R\xC3\xBC" "ckfrage"), m.subject);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.from.size());
		CPPUNIT_ASSERT_EQUAL(std::string("M\xC3\xBCller, J\xC3\xBCrgen"), m.from[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Juergen.Mueller@corp.example.com"), m.from[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("juergen.mueller@corp.example.com"), m.from[0].key());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.cc.size());
		CPPUNIT_ASSERT_EQUAL(std::string("O'Brien, Pat"), m.cc[1].name);
		CPPUNIT_ASSERT_EQUAL(std::string("4F1A2B3C4D5E6F@EXCH01.corp.example.com"), m.messageId);
		CPPUNIT_ASSERT_EQUAL(std::string("CAB12345@mail.gmail.com"), m.inReplyTo);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.references.size());
		CPPUNIT_ASSERT_EQUAL(std::string("CAA0001@mail.gmail.com"), m.references[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("2023-03-14 08:12:44"), utc(m.date));
		CPPUNIT_ASSERT(m.dateFromHeader);
		// windows-1252 bytes under the iso-8859-1 label: en dash, euro, curly quotes.
		CPPUNIT_ASSERT(m.text.find("R\xC3\xBC" "ckmeldung \xE2\x80\x93 der Termin am Dienstag passt mir gut.") != std::string::npos);
		CPPUNIT_ASSERT(m.text.find("50 \xE2\x82\xAC f\xC3\xBCr") != std::string::npos);
		CPPUNIT_ASSERT(m.text.find("\xE2\x80\x9Ckein Problem\xE2\x80\x9D") != std::string::npos);
		CPPUNIT_ASSERT(m.text.find('\r') == std::string::npos);
		CPPUNIT_ASSERT(m.textNew.size() > 0);
		CPPUNIT_ASSERT(m.textNew.find("J\xC3\xBCrgen M\xC3\xBCller") != std::string::npos);
		CPPUNIT_ASSERT(m.textNew.find("Original Message") == std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), m.quoted.find("-----Original Message-----"));
		CPPUNIT_ASSERT(m.html.find("<p>Hallo Frau Smith,</p>") != std::string::npos);
		CPPUNIT_ASSERT(m.attachments.empty());
		CPPUNIT_ASSERT(!m.bulk && !m.autoReply && !m.deliveryReport);
	}

	void testIso2022JpUndeclared()
	{
		Message m = parse(fixture("iso2022jp-undeclared.eml"));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE5\xB1\xA5\xE6\xAD\xB4\xE6\x9B\xB8\xE3\x81\xAE\xE9\x80\x81\xE4\xBB\x98"), m.subject);  // 履歴書の送付
		CPPUNIT_ASSERT_EQUAL(std::string("\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E"), m.from[0].name);  // 山田 太郎
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), m.text.find("\xE5\xB1\xA5\xE6\xAD\xB4\xE6\x9B\xB8\xE3\x82\x92"));  // 履歴書を
		CPPUNIT_ASSERT(m.text.find('\x1B') == std::string::npos);
		CPPUNIT_ASSERT_EQUAL(540, m.zoneOffsetMinutes);
		CPPUNIT_ASSERT_EQUAL(std::string("2023-03-15 01:00:00"), utc(m.date));
	}

	void testRfc2231Resume()
	{
		std::string raw = fixture("rfc2231-resume.eml");
		Message m = parse(raw);
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xB6rg B\xC3\xA4" "cker"), m.from[0].name);  // raw UTF-8 header
		CPPUNIT_ASSERT_EQUAL(std::string("Anbei mein Lebenslauf."), m.text);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.attachments.size());
		const Attachment& cv = m.attachments[0];
		CPPUNIT_ASSERT_EQUAL(std::string("Lebenslauf J\xC3\xB6rg B\xC3\xA4" "cker \xE2\x80\x93 2023.pdf"), cv.fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), cv.contentType);
		CPPUNIT_ASSERT(!cv.inlinePart);
		std::string pdf = streamed(raw, cv);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(pdf.size()), cv.size);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1062), pdf.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), pdf.find("%PDF-1.4\n"));
		CPPUNIT_ASSERT_EQUAL(pdf.size() - 6, pdf.rfind("%%EOF\n"));
		CPPUNIT_ASSERT_EQUAL(std::string("Zeugnis M\xC3\xBCnchen.doc"), m.attachments[1].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), streamed(raw, m.attachments[1]));
	}

	void testBrokenEncodedWords()
	{
		Message m = parse(fixture("broken-encoded-words.eml"));
		CPPUNIT_ASSERT_EQUAL(std::string("Caf\xC3\xA9 club caf\xC3\xA9 and =?utf-8?Q?unterminated_word"), m.subject);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.from.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Doe, Jane"), m.from[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Ren\xC3\xA9"), m.from[1].name);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.to.size());
		CPPUNIT_ASSERT_EQUAL(std::string("\xC3\x89lodie Martin"), m.to[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("b@example.com"), m.to[1].address);
		CPPUNIT_ASSERT_EQUAL(std::string("broken-0001@example.com"), m.messageId);
		CPPUNIT_ASSERT_EQUAL(std::string("2023-03-16 13:05:00"), utc(m.date));
		CPPUNIT_ASSERT_EQUAL(-240, m.zoneOffsetMinutes);
		CPPUNIT_ASSERT_EQUAL(std::string("Hello world: r\xC3\xA9sum\xC3\xA9 attached"), m.text);
	}

	void testPostfixBounce()
	{
		Message m = parse(fixture("dsn-postfix.eml"));
		CPPUNIT_ASSERT(m.deliveryReport);
		CPPUNIT_ASSERT(!m.autoReply);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.failures.size());
		CPPUNIT_ASSERT_EQUAL(std::string("nobody@example.org"), m.failures[0].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("5.1.1"), m.failures[0].status);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown"), m.failures[0].diagnostic);
		CPPUNIT_ASSERT_EQUAL(std::string("full@example.net"), m.failures[1].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("4.2.2"), m.failures[1].status);
		CPPUNIT_ASSERT_EQUAL(std::string("MAILER-DAEMON@mail.ats.example"), m.from[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("Mail Delivery System"), m.from[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string(""), m.returnPath);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), m.text.find("This is the mail system at host mail.ats.example."));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Your application.eml"), m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("message/rfc822"), m.attachments[0].contentType);
	}

	void testOutOfOffice()
	{
		Message m = parse(fixture("out-of-office.eml"));
		CPPUNIT_ASSERT(m.autoReply);
		CPPUNIT_ASSERT(!m.bulk && !m.deliveryReport);
		CPPUNIT_ASSERT_EQUAL(std::string("invite-0001@ats.example"), m.inReplyTo);
		CPPUNIT_ASSERT_EQUAL(std::string("2023-03-18 12:00:00"), utc(m.date));
		CPPUNIT_ASSERT_EQUAL(-300, m.zoneOffsetMinutes);
	}

	void testListMail()
	{
		Message m = parse(fixture("list-mail.eml"));
		CPPUNIT_ASSERT(m.bulk);
		CPPUNIT_ASSERT(!m.autoReply);
		CPPUNIT_ASSERT_EQUAL(std::string("New candidates this week: 25."), m.text);
	}

	void testHtmlOnly()
	{
		Message m = parse(fixture("html-only.eml"));
		CPPUNIT_ASSERT(m.html.find("<b>Senior Engineer</b>") != std::string::npos);
		// The <meta> charset (windows-1252) decodes the raw 0xFC.
		CPPUNIT_ASSERT_EQUAL(std::string(
			"Dear Anna,\n\nWe are pleased to offer you the position of Senior Engineer \xE2\x80\x93 starting 1 May.\n\n"
			"- Salary: \xE2\x82\xAC" "70,000\n- Location: M\xC3\xBCnchen\n\nKind regards,\nTom"), m.text);
		CPPUNIT_ASSERT(m.text.find("Offer") == std::string::npos);  // the title is not text
		CPPUNIT_ASSERT(m.text.find("margin") == std::string::npos);
	}

	void testNestedForward()
	{
		std::string raw = fixture("nested-forward.eml");
		Message m = parse(raw);
		CPPUNIT_ASSERT_EQUAL(std::string("FYI, see the application below."), m.text);
		CPPUNIT_ASSERT(m.html.find("<img src=\"cid:logo@ats\">") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), m.attachments.size());
		const Attachment& logo = m.attachments[0];
		CPPUNIT_ASSERT_EQUAL(std::string("image/png"), logo.contentType);
		CPPUNIT_ASSERT_EQUAL(std::string("logo@ats"), logo.contentId);
		CPPUNIT_ASSERT(logo.inlinePart);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), streamed(raw, logo).find("\x89PNG\r\n"));
		const Attachment& eml = m.attachments[1];
		CPPUNIT_ASSERT_EQUAL(std::string("Application Anna Smith.eml"), eml.fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("message/rfc822"), eml.contentType);
		std::string inner = streamed(raw, eml);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), inner.find("From: Anna Smith <anna@example.org>"));
		Message innerMessage = parse(inner);
		CPPUNIT_ASSERT_EQUAL(std::string("Dear Tom, please find my resume attached."), innerMessage.text);
		const Attachment& cv = m.attachments[2];
		CPPUNIT_ASSERT_EQUAL(std::string("Anna Smith CV.docx"), cv.fileName);
		CPPUNIT_ASSERT_EQUAL(1, cv.depth);
		std::string docx = streamed(raw, cv);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(docx.size()), cv.size);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), docx.find("PK\x03\x04resume-bytes"));
	}

	void testDateFallsBackToInternalDate()
	{
		ParseOptions o;
		o.internalDate = Poco::Timestamp(1700000000LL * 1000000);
		o.hasInternalDate = true;
		Message junk = parse(crlf("Date: sometime last week\nSubject: x\n\nbody"), o);
		CPPUNIT_ASSERT(!junk.dateFromHeader);
		CPPUNIT_ASSERT(junk.date == o.internalDate);
		CPPUNIT_ASSERT(!junk.problems.empty());
		Message missing = parse(crlf("Subject: x\n\nbody"), o);
		CPPUNIT_ASSERT(missing.date == o.internalDate);
		// Without an internal date the newest Received stamp is used.
		Message received = parse(crlf("Received: from a by b; Tue, 14 Mar 2023 09:12:45 +0100\nSubject: x\n\nbody"));
		CPPUNIT_ASSERT_EQUAL(std::string("2023-03-14 08:12:45"), utc(received.date));
	}

	void testTextIsCut()
	{
		ParseOptions o;
		o.maxTextBytes = 10;
		Message m = parse(crlf("Content-Type: text/plain; charset=utf-8\n\n\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"), o);
		CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"), m.text);
	}

	void testGarbageNeverThrows()
	{
		const char* inputs[] = {
			"", "\r\n", "\r\n\r\n", ":", "From", "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--",
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x",
			"Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\n",
			"Content-Type: text/plain; charset=\"\r\n\r\n\xFF\xFE",
			"Content-Transfer-Encoding: base64\r\n\r\n====",
			"Content-Transfer-Encoding: quoted-printable\r\n\r\n=",
			"From: <<<@@@>>>\r\nTo: \"\r\nDate: 99 99 99 99:99:99\r\n\r\n",
		};
		for (const char* in: inputs)
		{
			std::string raw(in);
			Message m = parse(raw);
			CPPUNIT_ASSERT_EQUAL(std::uint64_t(raw.size()), m.size);
			for (const Attachment& a: m.attachments) streamed(raw, a);
		}
		// A message/rfc822 nested far beyond the depth limit.
		std::string deep;
		for (int i = 0; i < 200; ++i) deep += "Content-Type: message/rfc822\r\n\r\n";
		Message d = parse(deep);
		CPPUNIT_ASSERT(!d.problems.empty() || d.attachments.size() <= 41);
		std::string nested;
		for (int i = 0; i < 200; ++i) nested += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
		Message n = parse(nested);
		CPPUNIT_ASSERT(!n.problems.empty());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessageParserTest);
