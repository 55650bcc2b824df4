//
// MappingParserTest.cpp
//
// The shipped examples parse into the model they describe; positions,
// defaults and XML edge cases.
//

#include "mapping/model/MappingError.h"
#include "mapping/model/MappingParser.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace mailbridge::mapping;

class MappingParserTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MappingParserTest);
	CPPUNIT_TEST(testModernExample);
	CPPUNIT_TEST(testLegacyExample);
	CPPUNIT_TEST(testPositions);
	CPPUNIT_TEST(testDefaults);
	CPPUNIT_TEST(testCommentsAndEntities);
	CPPUNIT_TEST(testExternalEntityRefused);
	CPPUNIT_TEST(testMissingFile);
	CPPUNIT_TEST_SUITE_END();

public:
	void testModernExample()
	{
		Mapping m = MappingParser::parseFile(std::string(MB_EXAMPLES_DIR) + "/modern.xml");
		CPPUNIT_ASSERT_EQUAL(std::string("ats"), m.connection.dsn);
		CPPUNIT_ASSERT_EQUAL(std::string("ATS_DB_PASSWORD"), m.connection.passwordEnv);
		CPPUNIT_ASSERT(m.connection.dialect.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.people.size());
		const PeopleTable& c = m.people[0];
		CPPUNIT_ASSERT_EQUAL(std::string("candidates"), c.name);
		CPPUNIT_ASSERT_EQUAL(std::string("C"), c.kind);
		CPPUNIT_ASSERT_EQUAL(std::string("deleted = 0"), c.filter);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.keyColumns.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.emails.size());
		CPPUNIT_ASSERT_EQUAL(std::string("email2"), c.emails[1].column);
		CPPUNIT_ASSERT(c.emails[1].separator.empty());
		CPPUNIT_ASSERT_EQUAL(std::string("full_name"), c.displayNameColumn);
		CPPUNIT_ASSERT_EQUAL(std::string("no_email_log"), c.doNotLogColumn);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), c.doNotLogValues.size());
		CPPUNIT_ASSERT_EQUAL(std::string("full_name"), m.people[1].displayNameColumn);

		CPPUNIT_ASSERT_EQUAL(std::string("notes"), m.activities.table);
		CPPUNIT_ASSERT(m.activities.key.generation == KeyGeneration::Identity);
		CPPUNIT_ASSERT_EQUAL(std::size_t(13), m.activities.columns.size());
		const ValueExpression& type = m.activities.columns[2];
		CPPUNIT_ASSERT(type.kind == ValueKind::PerDirection);
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_IN"), type.inValue);
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_OUT"), type.outValue);
		CPPUNIT_ASSERT(type.hasBulkValue && type.hasAutoReplyValue && type.hasBounceValue);
		CPPUNIT_ASSERT_EQUAL(std::string("BULK"), type.bulkValue);
		CPPUNIT_ASSERT_EQUAL(std::string("AUTO_REPLY"), type.autoReplyValue);
		CPPUNIT_ASSERT_EQUAL(std::string("BOUNCE"), type.bounceValue);
		const ValueExpression& subject = m.activities.columns[3];
		CPPUNIT_ASSERT_EQUAL(std::string("subject"), subject.column);  // omitted name = the value's name
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), subject.maxWidth);
		CPPUNIT_ASSERT_EQUAL(std::string("\xE2\x80\xA6"), subject.truncationMarker);
		CPPUNIT_ASSERT_EQUAL(std::string("message_id"), m.activities.columns[10].column);
		CPPUNIT_ASSERT(m.activities.columns[12].kind == ValueKind::Constant);
		CPPUNIT_ASSERT_EQUAL(std::string("mailbridge"), m.activities.columns[12].constant);

		CPPUNIT_ASSERT(m.documents.present);
		CPPUNIT_ASSERT_EQUAL(std::string("blob"), m.documents.storage);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), m.documents.contentTypes.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(10485760), m.documents.maxSize);
		CPPUNIT_ASSERT(m.users.present);
		CPPUNIT_ASSERT_EQUAL(std::string("active = 1"), m.users.filter);
		CPPUNIT_ASSERT(!m.outbound.present);
		CPPUNIT_ASSERT(m.bounce.present);
		CPPUNIT_ASSERT_EQUAL(std::string("email_bounced"), m.bounce.column);
	}

	void testLegacyExample()
	{
		Mapping m = MappingParser::parseFile(std::string(MB_EXAMPLES_DIR) + "/legacy.xml");
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/mailbridge/ats.secret"), m.connection.passwordFile);
		const PeopleTable& c = m.people[0];
		CPPUNIT_ASSERT_EQUAL(std::string("STATUS <> 'D'"), c.filter);
		CPPUNIT_ASSERT_EQUAL(std::string(";"), c.emails[1].separator);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.doNotLogValues.size());
		CPPUNIT_ASSERT_EQUAL(std::string("CLIENT_CONTACT"), m.people[1].table);
		const KeySpec& k = m.activities.key;
		CPPUNIT_ASSERT(k.generation == KeyGeneration::Counter);
		CPPUNIT_ASSERT_EQUAL(std::string("COUNTERS"), k.countersTable);
		CPPUNIT_ASSERT_EQUAL(std::string("NAME"), k.countersNameColumn);
		CPPUNIT_ASSERT_EQUAL(std::string("ACTIONS"), k.countersName);
		CPPUNIT_ASSERT_EQUAL(std::string("NEXT_NO"), k.countersValueColumn);
		CPPUNIT_ASSERT_EQUAL(std::string("A"), k.prefix);
		CPPUNIT_ASSERT_EQUAL(std::size_t(9), k.width);
		const ValueExpression& date = m.activities.columns[3];
		CPPUNIT_ASSERT(date.kind == ValueKind::Date);
		CPPUNIT_ASSERT_EQUAL(std::string("%Y%m%d"), date.dateFormat);
		CPPUNIT_ASSERT_EQUAL(std::string("+01:00"), date.timeZone);  // "ats" resolved
		CPPUNIT_ASSERT_EQUAL(std::string("windows-1252"), m.activities.columns[5].codePage);
		CPPUNIT_ASSERT_EQUAL(std::string(" [cut]"), m.activities.columns[6].truncationMarker);
		CPPUNIT_ASSERT(m.outbound.present);
		CPPUNIT_ASSERT_EQUAL(std::string("MAIL_QUEUE"), m.outbound.table);
		CPPUNIT_ASSERT_EQUAL(std::size_t(9), m.outbound.fields.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), m.outbound.marks.size());
		CPPUNIT_ASSERT_EQUAL(std::string("MSG_ID"), m.outbound.marks[1].messageIdColumn);
		CPPUNIT_ASSERT_EQUAL(std::string("ERR_TEXT"), m.outbound.marks[2].reasonColumn);
	}

	void testPositions()
	{
		Mapping m = MappingParser::parseFile(std::string(MB_EXAMPLES_DIR) + "/modern.xml");
		CPPUNIT_ASSERT_EQUAL(8, m.connection.pos.line);
		CPPUNIT_ASSERT_EQUAL(10, m.people[0].pos.line);
		CPPUNIT_ASSERT_EQUAL(13, m.people[0].emails[0].pos.line);
		CPPUNIT_ASSERT_EQUAL(34, m.activities.pos.line);
		CPPUNIT_ASSERT_EQUAL(39, m.activities.columns[3].pos.line);
		// The candidates' <create>: identity on their key, five columns.
		CPPUNIT_ASSERT(m.createTable() == &m.people[0]);
		CPPUNIT_ASSERT(m.people[0].create.key.generation == KeyGeneration::Identity);
		CPPUNIT_ASSERT_EQUAL(std::string("id"), m.people[0].create.key.column);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), m.people[0].create.columns.size());
		CPPUNIT_ASSERT(m.people[0].create.columns[1].kind == ValueKind::FromLastName);
		CPPUNIT_ASSERT_EQUAL(std::string("email"), m.people[0].create.columns[3].column);
		CPPUNIT_ASSERT(!m.people[1].create.present);
	}

	void testDefaults()
	{
		std::istringstream in(
			"<mapping>\n"
			" <connection connection-string=\"Driver=SQLite3;Database=/tmp/x.db\" dialect=\"sqlite\"/>\n"
			" <people table=\"dbo.cand\" several=\"newest\"><key column=\"id\"/><key column=\"branch\"/><email column=\"mail\" separator=\",\"/></people>\n"
			" <activities table=\"act\"><column value=\"person-key\"/><column name=\"d\" value=\"date\" time-zone=\"-05:30\"/>"
			"<column name=\"n\" null=\"yes\"/></activities>\n"
			"</mapping>\n");
		Mapping m = MappingParser::parse(in, "inline.xml");
		CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), m.connection.dialect);
		CPPUNIT_ASSERT_EQUAL(std::string("dbo.cand"), m.people[0].name);  // name defaults to the table
		CPPUNIT_ASSERT_EQUAL(std::string("dbo.cand"), m.people[0].kind);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.people[0].keyColumns.size());
		CPPUNIT_ASSERT(m.people[0].newestOnly);
		CPPUNIT_ASSERT_EQUAL(std::string("id"), m.people[0].newestColumn);  // the first key column
		CPPUNIT_ASSERT(!MappingParser::parseFile(std::string(MB_EXAMPLES_DIR) + "/modern.xml").people[0].newestOnly);
		CPPUNIT_ASSERT(!m.people[0].ownerFirst);
		std::istringstream owner(
			"<mapping><connection dsn=\"a\"/>"
			"<people table=\"cand\" owner-column=\"consultant\" several=\"owner\"><key column=\"id\"/><email column=\"mail\"/></people>"
			"<users table=\"users\" key-column=\"code\" address-column=\"email\"/>"
			"<activities table=\"act\"><column value=\"subject\"/></activities></mapping>");
		Mapping o = MappingParser::parse(owner, "owner.xml");
		CPPUNIT_ASSERT(o.people[0].ownerFirst);
		CPPUNIT_ASSERT(!o.people[0].newestOnly);
		CPPUNIT_ASSERT(m.activities.key.generation == KeyGeneration::None);
		CPPUNIT_ASSERT_EQUAL(std::string("person_key"), m.activities.columns[0].column);
		CPPUNIT_ASSERT_EQUAL(std::string("utc"), m.activities.columns[0].timeZone);
		CPPUNIT_ASSERT_EQUAL(std::string("-05:30"), m.activities.columns[1].timeZone);
		CPPUNIT_ASSERT(m.activities.columns[2].isNull);
		CPPUNIT_ASSERT(!m.documents.present && !m.users.present && !m.bounce.present);
	}

	void testCommentsAndEntities()
	{
		std::istringstream in(
			"<?xml version=\"1.0\"?>\n<!-- header -->\n<mapping>\n"
			" <connection dsn=\"a\"/><!-- inline -->\n"
			" <people table=\"p\" filter=\"name &lt;&gt; 'O''Brien' AND x &amp; 1 = 0\"><key column=\"id\"/><email column=\"e\"/></people>\n"
			" <activities table=\"act\"><column name=\"kind\" constant=\"&#233;\"/></activities>\n"
			"</mapping>\n");
		Mapping m = MappingParser::parse(in, "c.xml");
		CPPUNIT_ASSERT_EQUAL(std::string("name <> 'O''Brien' AND x & 1 = 0"), m.people[0].filter);
		CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9"), m.activities.columns[0].constant);
	}

	void testExternalEntityRefused()
	{
		std::istringstream in(
			"<!DOCTYPE mapping [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
			"<mapping><connection dsn=\"&x;\"/></mapping>\n");
		try
		{
			Mapping m = MappingParser::parse(in, "x.xml");
			CPPUNIT_ASSERT(m.connection.dsn.find("root") == std::string::npos);
		}
		catch (MappingError&)
		{
			// refusing the document is as good as not loading the entity
		}
	}

	void testMissingFile()
	{
		try
		{
			MappingParser::parseFile("/nonexistent/mapping.xml");
			CPPUNIT_FAIL("no error");
		}
		catch (mailbridge::ConfigError& exc)  // MappingError is a ConfigError: the daemon refuses to start
		{
			CPPUNIT_ASSERT(exc.message().find("/nonexistent/mapping.xml: cannot read") != std::string::npos);
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappingParserTest);
