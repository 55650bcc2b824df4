//
// OdbcOutboxComposerLiveTest.cpp
//
// Outbox rows on the stack's PostgreSQL, MariaDB and SQLite composed into
// messages and parsed back: the same bytes twice, no Bcc header, an encoded
// UTF-8 subject, the recruiter's name, and threading from the parent activity;
// a row without attachments composed without the attachment statement.
//

#include "OutboxTestRows.h"
#include "connector/common/Errors.h"
#include "connector/mime/MessageParser.h"
#include "connector/service/OdbcOutboxComposer.h"
#include "connector/service/OdbcOutboxStore.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/TestEnv.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::sync::OutboxItem;
using mailbridge::test::OutboxRowSpec;
using mailbridge::test::OutboxTestRows;

namespace {

const std::string Subject = "Einladung zum Gespr\xC3\xA4" "ch \xE2\x80\x93 M\xC3\xBCnchen";

std::string headerBlock(const std::string& raw)
{
	return raw.substr(0, raw.find("\r\n\r\n") + 2);
}

} // namespace

class OdbcOutboxComposerScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_db.reset(new OdbcConnection(connectionString()));
		_rows.reset(new OutboxTestRows(*_db));
		_mailbox = OutboxTestRows::uniqueName("outbox.compose.") + "@example.test";
		_composer.reset(new service::OdbcOutboxComposer(*_db, [this](const std::string& mailbox) {
			return mailbox == _mailbox ? std::string("J\xC3\xBCrgen Recruiter") : std::string();
		}));
	}

	void tearDown() override
	{
		_composer.reset();
		_rows.reset();
		_db.reset();
	}

	void testSameBytesTwice()
	{
		OutboxRowSpec spec;
		spec.to = "Bob <bob@example.test>, carol@example.net";
		spec.cc = "\"Doe, Dave\" <dave@example.org>";
		spec.bcc = "archive@example.test";
		spec.subject = Subject;
		spec.html = "<p>Dear Bob,</p><p>see you on <b>Tuesday</b>.</p>";
		spec.sendAt = Poco::Timestamp::fromEpochTime(1800000000);
		OutboxItem item = queued(spec);
		std::string first = _composer->compose(item);
		std::string second = service::OdbcOutboxComposer(*_db).compose(item); // another worker, after a restart
		// Only From's display name differs between the two composers (the
		// named one may be folded over two lines).
		std::string::size_type from = first.find("From: ");
		std::string::size_type end = first.find("\r\nTo: ", from);
		std::string expected = first.substr(0, from) + "From: " + _mailbox + first.substr(end);
		CPPUNIT_ASSERT_EQUAL(expected, second);
		CPPUNIT_ASSERT(first == _composer->compose(item));
		CPPUNIT_ASSERT(first.find("multipart/alternative") != std::string::npos);

		mime::Message m = mime::parseMessage(first.data(), first.size());
		CPPUNIT_ASSERT_EQUAL(item.messageId, "<" + m.messageId + ">");
		CPPUNIT_ASSERT(first.find("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xBCrgen Recruiter"), m.from.at(0).name);
		CPPUNIT_ASSERT_EQUAL(_mailbox, m.from.at(0).address);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.to.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Bob"), m.to[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("carol@example.net"), m.to[1].address);
		CPPUNIT_ASSERT_EQUAL(std::string("Doe, Dave"), m.cc.at(0).name);
		CPPUNIT_ASSERT(m.html.find("<b>Tuesday</b>") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("Dear Bob,\nsee you on Tuesday."), m.text);
		CPPUNIT_ASSERT(m.problems.empty());
	}

	void testRowWithoutAttachmentsComposedCheaply()
	{
		// Every step of a message composes it again (send, file, log). The
		// attachment statement, prepared for 64 MB values, costs tens of
		// milliseconds each time; a row without attachments never runs it.
		OutboxRowSpec spec;
		spec.to = "carol@example.net";
		spec.subject = "plain";
		OutboxItem item = queued(spec);
		const std::string first = _composer->compose(item);
		Poco::Timestamp started;
		for (int i = 0; i < 50; ++i) CPPUNIT_ASSERT(first == _composer->compose(item));
		const Poco::Timestamp::TimeDiff elapsed = started.elapsed();
		CPPUNIT_ASSERT_MESSAGE(std::to_string(elapsed / 1000) + " ms for 50 composes", elapsed < 1000000);
	}

	void testNoBccHeader()
	{
		OutboxRowSpec spec;
		spec.to = "bob@example.test";
		spec.bcc = "archive@example.test, Hidden <hidden@example.org>";
		OutboxItem item = queued(spec);
		std::string raw = _composer->compose(item);
		CPPUNIT_ASSERT(raw.find("archive@example.test") == std::string::npos);
		CPPUNIT_ASSERT(raw.find("hidden@example.org") == std::string::npos);
		CPPUNIT_ASSERT(headerBlock(raw).find("\r\nBcc:") == std::string::npos);
		CPPUNIT_ASSERT(mime::parseMessage(raw.data(), raw.size()).bcc.empty());
		// ... while the store still sends to them.
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), item.recipients.size());

		// Bcc only: still a message, with no recipient in its headers.
		spec.to = "";
		spec.bcc = "archive@example.test";
		raw = _composer->compose(queued(spec));
		CPPUNIT_ASSERT(raw.find("archive@example.test") == std::string::npos);
	}

	void testUtf8SubjectEncoded()
	{
		OutboxRowSpec spec;
		spec.subject = Subject;
		spec.text = "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen\n";
		std::string raw = _composer->compose(queued(spec));
		std::string headers = headerBlock(raw);
		for (char c: headers) CPPUNIT_ASSERT_MESSAGE("8-bit byte in the header", static_cast<unsigned char>(c) < 128);
		CPPUNIT_ASSERT(headers.find("Subject: =?UTF-8?") != std::string::npos);
		mime::Message m = mime::parseMessage(raw.data(), raw.size());
		CPPUNIT_ASSERT_EQUAL(Subject, m.subject);
		CPPUNIT_ASSERT_EQUAL(std::string("Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen"), m.text);
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xBCrgen Recruiter"), m.from.at(0).name);
	}

	void testParentThreadingHeaders()
	{
		std::string activity = OutboxTestRows::uniqueName("ACT.");
		std::string parentId = OutboxTestRows::uniqueName("parent.") + "@example.org";
		_rows->insertMessageActivity("<" + parentId + ">", activity);
		OutboxRowSpec spec;
		spec.subject = "Re: Application";
		spec.parentActivityKey = activity;
		std::string raw = _composer->compose(queued(spec));
		mime::Message m = mime::parseMessage(raw.data(), raw.size());
		CPPUNIT_ASSERT_EQUAL(parentId, m.inReplyTo);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.references.size());
		CPPUNIT_ASSERT_EQUAL(parentId, m.references[0]);

		// An activity logged from a message without Message-ID, and one not
		// known at all: no threading headers, still a message.
		std::string hashed = OutboxTestRows::uniqueName("ACT.");
		_rows->insertMessageActivity("sha256:" + std::string(64, 'b'), hashed);
		for (const std::string& key: {hashed, OutboxTestRows::uniqueName("ACT.unknown.")})
		{
			spec.parentActivityKey = key;
			raw = _composer->compose(queued(spec));
			CPPUNIT_ASSERT(headerBlock(raw).find("In-Reply-To:") == std::string::npos);
			CPPUNIT_ASSERT(headerBlock(raw).find("References:") == std::string::npos);
		}
	}

	void testRefusals()
	{
		OutboxItem item = queued(OutboxRowSpec());
		OutboxItem noId = item;
		noId.messageId.clear();
		CPPUNIT_ASSERT_THROW(_composer->compose(noId), MessageError);
		OutboxItem gone = item;
		gone.id = -1;
		CPPUNIT_ASSERT_THROW(_composer->compose(gone), MessageError);
		OutboxRowSpec nobody;
		nobody.to = "";
		CPPUNIT_ASSERT_THROW(_composer->compose(queued(nobody)), MessageError);
	}

protected:
	virtual std::string connectionString() const = 0;

	OutboxItem queued(const OutboxRowSpec& spec)
		/// The row inserted and read back by the store, with its Message-ID
		/// assigned as the state machine does before sending.
	{
		std::int64_t id = _rows->insert(_mailbox, spec);
		OutboxItem item = service::OdbcOutboxStore(*_db).load(id);
		item.messageId = "<compose." + std::to_string(id) + "." + _mailbox + ">";
		return item;
	}

	std::unique_ptr<OdbcConnection> _db;
	std::unique_ptr<OutboxTestRows> _rows;
	std::unique_ptr<service::OdbcOutboxComposer> _composer;
	std::string _mailbox;
};

#define MB_OUTBOX_COMPOSER_TESTS(Fixture, envKey) \
	class Fixture: public OdbcOutboxComposerScenario \
	{ \
		CPPUNIT_TEST_SUITE(Fixture); \
		CPPUNIT_TEST(testSameBytesTwice); \
		CPPUNIT_TEST(testRowWithoutAttachmentsComposedCheaply); \
		CPPUNIT_TEST(testNoBccHeader); \
		CPPUNIT_TEST(testUtf8SubjectEncoded); \
		CPPUNIT_TEST(testParentThreadingHeaders); \
		CPPUNIT_TEST(testRefusals); \
		CPPUNIT_TEST_SUITE_END(); \
	protected: \
		std::string connectionString() const override { return test::TestEnv::instance().get(envKey); } \
	}; \
	CPPUNIT_TEST_SUITE_REGISTRATION(Fixture)

MB_OUTBOX_COMPOSER_TESTS(PostgreSQLOutboxComposerTest, "MB_PG_ODBC");
MB_OUTBOX_COMPOSER_TESTS(MariaDBOutboxComposerTest, "MB_MARIADB_ODBC");
MB_OUTBOX_COMPOSER_TESTS(SQLiteOutboxComposerTest, "MB_SQLITE_ODBC");
