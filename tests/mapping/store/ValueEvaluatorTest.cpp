//
// ValueEvaluatorTest.cpp
//
// Column values without a database: truncation, code pages, zones, formats,
// IMAP URLs, per-direction codes and key binding.
//

#include "mapping/store/PreparedStatement.h"
#include "mapping/store/ValueEvaluator.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::mapping;

class ValueEvaluatorTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ValueEvaluatorTest);
	CPPUNIT_TEST(testTruncate);
	CPPUNIT_TEST(testCodePage);
	CPPUNIT_TEST(testImapUrl);
	CPPUNIT_TEST(testZones);
	CPPUNIT_TEST(testEvaluate);
	CPPUNIT_TEST(testKindValues);
	CPPUNIT_TEST(testSplitName);
	CPPUNIT_TEST(testKeys);
	CPPUNIT_TEST(testUtf16);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTruncate()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("short"), ValueEvaluator::truncate("short", 10, "..."));
		CPPUNIT_ASSERT_EQUAL(std::string("exactly10!"), ValueEvaluator::truncate("exactly10!", 10, "..."));
		CPPUNIT_ASSERT_EQUAL(std::string("eleven ..."), ValueEvaluator::truncate("eleven char", 10, "..."));
		// never splits a character; the marker counts in characters
		CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9\xC3\xA9\xE2\x80\xA6"), ValueEvaluator::truncate("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3, "\xE2\x80\xA6"));
		CPPUNIT_ASSERT_EQUAL(std::string("a\xF0\x9F\x98\x80~"), ValueEvaluator::truncate("a\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 3, "~"));
		CPPUNIT_ASSERT_EQUAL(std::string("anything"), ValueEvaluator::truncate("anything", 0, "..."));
	}

	void testCodePage()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xE9 \x80 ?"), ValueEvaluator::toCodePage("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "windows-1252"));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xE9 ? ?"), ValueEvaluator::toCodePage("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "latin1"));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), ValueEvaluator::toCodePage("caf\xC3\xA9", ""));
		// What is bound: UTF-8 holding only what the code page can: the euro
		// sign survives in windows-1252, not in latin1; the emoji in neither.
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9 \xE2\x82\xAC ?"),
			ValueEvaluator::limitToCodePage("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "windows-1252"));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9 ? ?"),
			ValueEvaluator::limitToCodePage("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "latin1"));
	}

	void testImapUrl()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("imap://alice%40example.test@mail.example.test/INBOX;UIDVALIDITY=385759045/;UID=20"),
			ValueEvaluator::imapUrl("alice@example.test", "mail.example.test", "INBOX", 385759045, 20));
		CPPUNIT_ASSERT_EQUAL(std::string("imap://a%3Bb@h/Sent%20Items/%C3%A9t%C3%A9%3Fx%25;UIDVALIDITY=1/;UID=2"),
			ValueEvaluator::imapUrl("a;b", "h", "Sent Items/\xC3\xA9t\xC3\xA9?x%", 1, 2));
	}

	void testZones()
	{
		Poco::Timestamp t = Poco::DateTime(2024, 12, 31, 23, 15, 0).timestamp();
		CPPUNIT_ASSERT_EQUAL(31, ValueEvaluator::inZone(t, "utc").day());
		Poco::DateTime plus = ValueEvaluator::inZone(t, "+02:00");
		CPPUNIT_ASSERT_EQUAL(2025, plus.year());
		CPPUNIT_ASSERT_EQUAL(1, plus.hour());
		Poco::DateTime minus = ValueEvaluator::inZone(t, "-05:30");
		CPPUNIT_ASSERT_EQUAL(17, minus.hour());
		CPPUNIT_ASSERT_EQUAL(45, minus.minute());
	}

	void testEvaluate()
	{
		sync::MessageRecord r;
		r.uid = 9;
		r.subject = "Offer";
		r.direction = sync::Direction::Out;
		r.size = 4096;
		r.internalDate = Poco::DateTime(2024, 3, 5, 8, 0, 0).timestamp();
		MessageContent content;
		content.to = {"a@x.example", "b@x.example"};
		content.attachments.resize(2);
		content.date = Poco::DateTime(2024, 3, 4, 22, 0, 0).timestamp();
		content.hasDate = true;
		sync::PersonRef person;
		person.key = "00042";
		ActivityContext c;
		c.record = &r;
		c.content = &content;
		c.person = &person;

		ValueExpression e;
		e.kind = ValueKind::PerDirection;
		e.inValue = "EMI";
		e.outValue = "EMO";
		CPPUNIT_ASSERT_EQUAL(std::string("EMO"), ValueEvaluator::evaluate(e, c).text);
		e = ValueExpression();
		e.kind = ValueKind::To;
		CPPUNIT_ASSERT_EQUAL(std::string("a@x.example, b@x.example"), ValueEvaluator::evaluate(e, c).text);
		e.kind = ValueKind::AttachmentCount;
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), ValueEvaluator::evaluate(e, c).integer);
		e.kind = ValueKind::Size;
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4096), ValueEvaluator::evaluate(e, c).integer);
		e.kind = ValueKind::Date;  // the Date: header wins over the internal date
		e.dateFormat = "%d/%m/%Y %H:%M";
		e.timeZone = "+03:00";
		CPPUNIT_ASSERT_EQUAL(std::string("05/03/2024 01:00"), ValueEvaluator::evaluate(e, c).text);
		e.dateFormat.clear();
		e.timeZone = "utc";
		BoundValue ts = ValueEvaluator::evaluate(e, c);
		CPPUNIT_ASSERT(ts.type == BoundValue::Timestamp);
		CPPUNIT_ASSERT_EQUAL(22, ts.timestamp.hour());
		e = ValueExpression();
		e.kind = ValueKind::ParentKey;  // absent -> NULL
		CPPUNIT_ASSERT(ValueEvaluator::evaluate(e, c).type == BoundValue::Null);
		e.kind = ValueKind::Constant;
		e.isNull = true;
		CPPUNIT_ASSERT(ValueEvaluator::evaluate(e, c).type == BoundValue::Null);
		e.isNull = false;
		e.constant = "mailbridge";
		e.maxWidth = 4;
		e.truncationMarker = "";
		CPPUNIT_ASSERT_EQUAL(std::string("mail"), ValueEvaluator::evaluate(e, c).text);
	}

	void testKindValues()
	{
		// in/out, with a value of their own for bulk mail and bounces but
		// none for automatic replies: those fall back to the direction.
		ValueExpression e;
		e.kind = ValueKind::PerDirection;
		e.inValue = "EMI";
		e.outValue = "EMO";
		e.hasBulkValue = true;
		e.bulkValue = "BLK";
		e.hasBounceValue = true;
		e.bounceValue = "";  // given, though empty: still the bounce's own
		ValueExpression kind;
		kind.kind = ValueKind::MessageKind;
		sync::MessageRecord r;
		ActivityContext c;
		c.record = &r;
		const struct { sync::MessageKind kind; sync::Direction direction; const char* code; const char* name; } cases[] = {
			{sync::MessageKind::Normal, sync::Direction::In, "EMI", "normal"},
			{sync::MessageKind::Normal, sync::Direction::Out, "EMO", "normal"},
			{sync::MessageKind::Bulk, sync::Direction::In, "BLK", "bulk"},
			{sync::MessageKind::Bulk, sync::Direction::Out, "BLK", "bulk"},
			{sync::MessageKind::AutoReply, sync::Direction::In, "EMI", "auto-reply"},
			{sync::MessageKind::AutoReply, sync::Direction::Out, "EMO", "auto-reply"},
			{sync::MessageKind::Bounce, sync::Direction::In, "", "bounce"},
		};
		for (const auto& k: cases)
		{
			r.kind = k.kind;
			r.direction = k.direction;
			CPPUNIT_ASSERT_EQUAL(std::string(k.code), ValueEvaluator::evaluate(e, c).text);
			CPPUNIT_ASSERT_EQUAL(std::string(k.name), ValueEvaluator::evaluate(kind, c).text);
		}
		e.hasAutoReplyValue = true;
		e.autoReplyValue = "AUT";
		r.kind = sync::MessageKind::AutoReply;
		CPPUNIT_ASSERT_EQUAL(std::string("AUT"), ValueEvaluator::evaluate(e, c).text);
		// Without a record (a document of an outbound row): inbound, normal.
		c.record = nullptr;
		CPPUNIT_ASSERT_EQUAL(std::string("EMI"), ValueEvaluator::evaluate(e, c).text);
		CPPUNIT_ASSERT_EQUAL(std::string("normal"), ValueEvaluator::evaluate(kind, c).text);
	}

	void testKeys()
	{
		sync::PersonRef person;
		ActivityContext c;
		c.person = &person;
		ValueExpression e;
		e.kind = ValueKind::PersonKey;
		person.key = "00042";  // leading zeros: a CHAR key stays text
		CPPUNIT_ASSERT(ValueEvaluator::evaluate(e, c).type == BoundValue::Text);
		person.key = "42";
		BoundValue v = ValueEvaluator::evaluate(e, c);
		CPPUNIT_ASSERT(v.type == BoundValue::Integer && v.integer == 42);
		person.key = "C42";
		CPPUNIT_ASSERT(ValueEvaluator::evaluate(e, c).type == BoundValue::Text);
		CPPUNIT_ASSERT_EQUAL(std::string("A000042"), ValueEvaluator::keyText("A", 6, 42));
		CPPUNIT_ASSERT_EQUAL(std::string("1234567"), ValueEvaluator::keyText("", 3, 1234567));
	}

	void testUtf16()
	{
		// The bound form of text: every valid sequence, and U+FFFD for broken ones.
		Poco::UTF16String out;
		PreparedStatement::toUtf16("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", out);
		CPPUNIT_ASSERT(out == Poco::UTF16String({'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, 'z'}));
		PreparedStatement::toUtf16("\xC3", out);  // cut short
		CPPUNIT_ASSERT(out == Poco::UTF16String({0xFFFD}));
		PreparedStatement::toUtf16("\xC0\xAFx", out);  // overlong '/'
		CPPUNIT_ASSERT(out == Poco::UTF16String({0xFFFD, 0xFFFD, 'x'}));
		PreparedStatement::toUtf16("\xED\xA0\x80", out);  // a surrogate in UTF-8
		CPPUNIT_ASSERT(out == Poco::UTF16String({0xFFFD, 0xFFFD, 0xFFFD}));
		PreparedStatement::toUtf16("", out);
		CPPUNIT_ASSERT(out.empty());
	}

	void testSplitName()
	{
		typedef std::pair<std::string, std::string> Name;
		CPPUNIT_ASSERT(ValueEvaluator::splitName("Jane Q. Doe", "j@x.example") == Name("Jane Q.", "Doe"));
		CPPUNIT_ASSERT(ValueEvaluator::splitName(" Doe, Jane ", "j@x.example") == Name("Jane", "Doe"));
		CPPUNIT_ASSERT(ValueEvaluator::splitName("Madonna", "m@x.example") == Name("", "Madonna"));
		CPPUNIT_ASSERT(ValueEvaluator::splitName("", "jane.doe@x.example") == Name("", "jane.doe"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ValueEvaluatorTest);
