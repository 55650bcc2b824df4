#include "connector/mime/MessageBuilder.h"
#include "connector/mime/MessageParser.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace mailbridge::mime;

class MessageBuilderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MessageBuilderTest);
	CPPUNIT_TEST(testReplyParsesBack);
	CPPUNIT_TEST(testAlternativeAndAttachments);
	CPPUNIT_TEST(testBccNeverWritten);
	CPPUNIT_TEST(testLineLimitsAndCrlf);
	CPPUNIT_TEST(testHeaderInjection);
	CPPUNIT_TEST(testRefusals);
	CPPUNIT_TEST_SUITE_END();

	static Message parse(const std::string& raw)
	{
		return parseMessage(raw.data(), raw.size());
	}

	static Message parent()
	{
		Message p;
		p.messageId = "app-0001@example.org";
		p.references = {"first@ats.example", "second@example.org"};
		return p;
	}

public:
	void testReplyParsesBack()
	{
		MessageBuilder b("ats.example");
		b.from(Address{"J\xC3\xBCrgen M\xC3\xBCller, Recruiting", "jm@ats.example"})
			.to(Address{"Anna Str\xC3\xB6m", "anna@example.org"})
			.cc(Address{"Doe, John", "john@example.com"})
			.subject("Re: Bewerbung \xE2\x80\x93 Termin am Dienstag? \xE6\x97\xA5\xE6\x9C\xAC")
			.text("Hallo Frau Str\xC3\xB6m,\n\nder Termin passt.\n")
			.inReplyTo(parent())
			.date(Poco::Timestamp(1678785165LL * 1000000), 60)
			.header("Auto-Submitted", "auto-replied");
		std::string raw = b.build();
		Message m = parse(raw);
		CPPUNIT_ASSERT_EQUAL(std::string("Re: Bewerbung \xE2\x80\x93 Termin am Dienstag? \xE6\x97\xA5\xE6\x9C\xAC"), m.subject);
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xBCrgen M\xC3\xBCller, Recruiting"), m.from[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("jm@ats.example"), m.from[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("Anna Str\xC3\xB6m"), m.to[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Doe, John"), m.cc[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Hallo Frau Str\xC3\xB6m,\n\nder Termin passt."), m.text);
		CPPUNIT_ASSERT_EQUAL(b.messageId(), m.messageId);
		CPPUNIT_ASSERT(b.messageId().size() > 20);
		CPPUNIT_ASSERT_EQUAL(std::string("@ats.example"), b.messageId().substr(b.messageId().size() - 12));
		CPPUNIT_ASSERT_EQUAL(std::string("app-0001@example.org"), m.inReplyTo);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), m.references.size());
		CPPUNIT_ASSERT_EQUAL(std::string("first@ats.example"), m.references[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("app-0001@example.org"), m.references[2]);
		CPPUNIT_ASSERT(raw.find("Date: Tue, 14 Mar 2023 10:12:45 +0100\r\n") != std::string::npos);
		CPPUNIT_ASSERT(m.dateFromHeader);
		CPPUNIT_ASSERT_EQUAL(60, m.zoneOffsetMinutes);
		CPPUNIT_ASSERT(m.autoReply);
		CPPUNIT_ASSERT(m.problems.empty());
		// A second build has a new Message-ID.
		std::string first = b.messageId();
		b.build();
		CPPUNIT_ASSERT(first != b.messageId());
	}

	void testAlternativeAndAttachments()
	{
		std::string pdf = "%PDF-1.4\n";
		for (int i = 0; i < 5000; ++i) pdf.push_back(static_cast<char>(i * 31));
		MessageBuilder b("ats.example");
		b.from(Address{"Jobs", "jobs@ats.example"}).to(Address{"", "anna@example.org"}).subject("Your offer")
			.text("Dear Anna,\nplease find the offer attached.")
			.html("<p>Dear Anna,</p><p>please find the offer <b>attached</b>.</p><img src=\"cid:logo@ats\">")
			.attach(OutgoingAttachment{"Angebot f\xC3\xBCr Anna Str\xC3\xB6m \xE2\x80\x93 Senior Engineer (unterschrieben).pdf", "application/pdf", pdf, ""})
			.attach(OutgoingAttachment{"logo.png", "image/png", "\x89PNG\r\n\x1A\n", "logo@ats"});
		std::string raw = b.build();
		Message m = parse(raw);
		CPPUNIT_ASSERT_EQUAL(std::string("Dear Anna,\nplease find the offer attached."), m.text);
		CPPUNIT_ASSERT(m.html.find("<b>attached</b>") != std::string::npos);
		CPPUNIT_ASSERT(raw.find("multipart/alternative") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Angebot f\xC3\xBCr Anna Str\xC3\xB6m \xE2\x80\x93 Senior Engineer (unterschrieben).pdf"),
			m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), m.attachments[0].contentType);
		CPPUNIT_ASSERT(!m.attachments[0].inlinePart);
		std::ostringstream out;
		streamAttachment(raw.data(), raw.size(), m.attachments[0], out);
		CPPUNIT_ASSERT(pdf == out.str());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(pdf.size()), m.attachments[0].size);
		CPPUNIT_ASSERT_EQUAL(std::string("logo@ats"), m.attachments[1].contentId);
		CPPUNIT_ASSERT(m.attachments[1].inlinePart);
		CPPUNIT_ASSERT(m.problems.empty());
	}

	void testBccNeverWritten()
	{
		MessageBuilder b("ats.example");
		b.from(Address{"", "jobs@ats.example"}).to(Address{"", "anna@example.org"})
			.bcc(Address{"Archive", "archive@ats.example"}).subject("x").text("y");
		std::string raw = b.build();
		CPPUNIT_ASSERT(raw.find("archive@ats.example") == std::string::npos);
		CPPUNIT_ASSERT(raw.find("Bcc") == std::string::npos);
		std::vector<std::string> rcpt = b.envelopeRecipients();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), rcpt.size());
		CPPUNIT_ASSERT_EQUAL(std::string("archive@ats.example"), rcpt[1]);
		CPPUNIT_ASSERT(parse(raw).bcc.empty());
	}

	void testLineLimitsAndCrlf()
	{
		std::string longText(5000, 'w');
		MessageBuilder b("ats.example");
		b.from(Address{"", "jobs@ats.example"}).to(Address{"", "anna@example.org"})
			.subject(std::string(400, 's') + " \xC3\xA9").text(longText + "\n" + longText).html("<p>" + longText + "</p>")
			.header("X-Long", std::string(2000, 'h'));
		for (int i = 0; i < 40; ++i) b.to(Address{"Recipient Number " + std::to_string(i), "r" + std::to_string(i) + "@example.org"});
		std::string raw = b.build();
		std::size_t start = 0;
		while (start < raw.size())
		{
			std::size_t end = raw.find('\n', start);
			CPPUNIT_ASSERT(end != std::string::npos);
			CPPUNIT_ASSERT(end > start && raw[end - 1] == '\r');  // CRLF only
			CPPUNIT_ASSERT(end - 1 - start <= 998);
			CPPUNIT_ASSERT(raw.substr(start, end - 1 - start).find('\r') == std::string::npos);
			start = end + 1;
		}
		Message m = parse(raw);
		CPPUNIT_ASSERT_EQUAL(longText + "\n" + longText, m.text);
		CPPUNIT_ASSERT_EQUAL(std::size_t(41), m.to.size());
		CPPUNIT_ASSERT_EQUAL(std::string(400, 's') + " \xC3\xA9", m.subject);
	}

	void testHeaderInjection()
	{
		MessageBuilder b("ats.example");
		b.from(Address{"Evil\r\nBcc: victim@x.org", "jobs@ats.example"}).to(Address{"", "anna@example.org"})
			.subject("hi\r\nBcc: victim@x.org").text("y").header("X-Note", "a\nb: c");
		std::string raw = b.build();
		Message m = parse(raw);
		CPPUNIT_ASSERT(m.bcc.empty());
		CPPUNIT_ASSERT(raw.find("\r\nBcc:") == std::string::npos);
		CPPUNIT_ASSERT(raw.find("\nb: c") == std::string::npos);
	}

	void testRefusals()
	{
		MessageBuilder noFrom("ats.example");
		noFrom.to(Address{"", "anna@example.org"});
		CPPUNIT_ASSERT_THROW(noFrom.build(), Poco::InvalidArgumentException);
		MessageBuilder noRcpt("ats.example");
		noRcpt.from(Address{"", "jobs@ats.example"});
		CPPUNIT_ASSERT_THROW(noRcpt.build(), Poco::InvalidArgumentException);
		MessageBuilder b("ats.example");
		CPPUNIT_ASSERT_THROW(b.header("Bcc", "x@y"), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT_THROW(b.header("Bad Name", "x"), Poco::InvalidArgumentException);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessageBuilderTest);
