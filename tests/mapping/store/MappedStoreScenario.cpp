//
// MappedStoreScenario.cpp
//

#include "MappedStoreScenario.h"
#include "mapping/model/MappingParser.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/MappedOutboundQueue.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace mailbridge;
using namespace mailbridge::mapping;

namespace {

const char* PEOPLE =
	"<connection dsn=\"test\"/>\n"
	"<people name=\"candidates\" table=\"ats_cand\" kind=\"C\" filter=\"status &lt;&gt; 'D'\"\n"
	"  owner-column=\"consultant\" do-not-log-column=\"nolog\" do-not-log-values=\"Y\">\n"
	"  <key column=\"cand_id\"/><email column=\"email\"/><email column=\"other_emails\" separator=\";\"/>\n"
	"  <display-name column=\"surname\"/>\n"
	"</people>\n"
	"<people name=\"contacts\" table=\"ats_contact\" kind=\"K\" owner-column=\"consultant\">\n"
	"  <key column=\"cc_id\"/><email column=\"email_addr\" separator=\",\"/>\n"
	"</people>\n"
	"<users table=\"ats_users\" key-column=\"user_code\" address-column=\"email\"/>\n";

Mapping mappingWith(const std::string& activities, const std::string& extra = std::string())
{
	std::istringstream in("<mapping>\n" + std::string(PEOPLE) + activities + extra + "</mapping>\n");
	return MappingParser::parse(in, "test.xml");
}

const std::string LEGACY_ACTIVITIES =
	"<activities table=\"ats_actions\" ats-time-zone=\"+01:00\">\n"
	"  <key column=\"act_id\" generation=\"counter\" counters-table=\"ats_counters\" counters-name-column=\"name\"\n"
	"       counters-name=\"ACTIONS\" counters-value-column=\"next_no\" prefix=\"A\" width=\"6\"/>\n"
	"  <column name=\"ref_type\" value=\"person-kind\"/>\n"
	"  <column name=\"ref_id\" value=\"person-key\"/>\n"
	"  <column name=\"act_type\" in=\"EMI\" out=\"EMO\"/>\n"
	"  <column name=\"act_date\" value=\"date\" date-format=\"%Y%m%d\" time-zone=\"ats\"/>\n"
	"  <column name=\"act_time\" value=\"date\" date-format=\"%H%M%S\" time-zone=\"ats\"/>\n"
	"  <column name=\"subject\" value=\"subject\" max-width=\"20\" truncation-marker=\"~\"/>\n"
	"  <column name=\"notes\" value=\"from\"/>\n"
	"  <column name=\"consultant\" value=\"owner-user-key\"/>\n"
	"  <column name=\"msg_ref\" value=\"imap-url\" max-width=\"250\"/>\n"
	"</activities>\n";

const std::string NOTE_COLUMNS =
	"  <column name=\"person_kind\" value=\"person-kind\"/>\n"
	"  <column name=\"person_id\" value=\"person-key\"/>\n"
	"  <column name=\"note_type\" in=\"EMAIL_IN\" out=\"EMAIL_OUT\"/>\n"
	"  <column name=\"subject\" value=\"subject\" max-width=\"200\"/>\n"
	"  <column name=\"body\" value=\"text\"/>\n"
	"  <column name=\"created_at\" value=\"date\"/>\n"
	"  <column name=\"author\" value=\"person-owner-key\"/>\n"
	"  <column name=\"parent_id\" value=\"parent-key\"/>\n"
	"  <column name=\"message_id\" value=\"message-id\"/>\n";

class FixedContent: public MessageContentSource
{
public:
	MessageContent read(const sync::MessageRecord& r) const override
	{
		MessageContent c;
		c.text = "Body of " + r.subject;
		c.to = {"alice@example.test"};
		for (const auto& a: attachments) c.attachments.push_back(a);
		return c;
	}
	std::vector<MessageAttachment> attachments;
};

sync::MessageRecord message(std::uint32_t uid, const std::string& subject, sync::Direction d = sync::Direction::In)
{
	sync::MessageRecord r;
	r.uid = uid;
	r.subject = subject;
	r.direction = d;
	r.messageId = "m" + std::to_string(uid) + "@example.test";
	r.contentHash = std::string(64, 'b');
	r.senderAddress = "jane.doe@example.org";
	r.size = 1234;
	r.internalDate = Poco::DateTime(2024, 3, 5, 23, 30, 15).timestamp();
	r.outcome = sync::Outcome::Logged;
	return r;
}

const sync::FolderKey INBOX{"alice@example.test", "INBOX"};

} // namespace

void MappedStoreScenario::setUp()
{
	_db.reset(new OdbcConnection(connectionString()));
	for (const char* t: {"ats_queue", "ats_docs", "ats_cand", "ats_contact", "ats_users", "ats_counters", "ats_actions", "ats_notes",
		"ats_guid_notes", "ats_plain_notes", "ats_seq_notes"})
	{
		try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	if (hasSequences()) try { _db->execute("DROP SEQUENCE ats_note_seq"); } catch (std::exception&) {}
	for (const auto& s: ddl()) _db->execute(s);
	_db->execute("CREATE TABLE ats_queue (mq_id INTEGER PRIMARY KEY, mq_status CHAR(1) NOT NULL, to_addr VARCHAR(255),"
		" subject VARCHAR(80), msg_id VARCHAR(250), err_text VARCHAR(255))");
	for (const char* s: {
		"INSERT INTO ats_cand VALUES ('C1', 'Doe', 'Jane.Doe@Example.org ', 'jd@home.example; JANE@work.example', 'U1', 'N', 'A')",
		"INSERT INTO ats_cand VALUES ('C2', 'Roe', 'rich@example.org', NULL, 'U2', 'Y', 'A')",
		"INSERT INTO ats_cand VALUES ('C3', 'Gone', 'gone@example.org', NULL, 'U1', 'N', 'D')",
		"INSERT INTO ats_cand VALUES ('C4', 'Under', 'a_b@example.org', 'xjd@home.example', 'U1', 'N', 'A')",
		"INSERT INTO ats_contact VALUES (7, 'Client Jane', 'jane@work.example,boss@client.example', 'U2')",
		"INSERT INTO ats_users VALUES ('U1', 'Alice@Example.test')",
		"INSERT INTO ats_users VALUES ('U2', 'bob@example.test')",
		"INSERT INTO ats_counters VALUES ('ACTIONS', 41)",
		"INSERT INTO ats_counters VALUES ('OTHER', 900)",
		"INSERT INTO ats_queue VALUES (3, 'Q', 'jane.doe@example.org', 'Interview', NULL, NULL)",
		"INSERT INTO ats_queue VALUES (1, 'Q', 'rich@example.org', 'Offer', NULL, NULL)",
		"INSERT INTO ats_queue VALUES (2, 'D', 'old@example.org', 'Done', 'x@y', NULL)"})
		_db->execute(s);
}

void MappedStoreScenario::tearDown()
{
	_db.reset();
}

OdbcConnection& MappedStoreScenario::db()
{
	return *_db;
}

std::vector<std::vector<std::string>> MappedStoreScenario::rows(const std::string& select)
{
	Poco::Data::Statement stmt(_db->session());
	stmt << select;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	std::vector<std::vector<std::string>> out;
	for (bool more = rs.moveFirst(); more; more = rs.moveNext())
	{
		std::vector<std::string> row;
		for (std::size_t i = 0; i < rs.columnCount(); ++i)
			row.push_back(rs.value(i).isEmpty() ? "NULL" : Poco::trimRight(rs.value(i).convert<std::string>()));
		out.push_back(row);
	}
	return out;
}

void MappedStoreScenario::testLookup()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedPeopleDirectory people(db(), m);
	auto found = people.find({"jane.doe@example.org", "JD@home.example", "jane@work.example", "rich@example.org",
		"gone@example.org", "nobody@example.org", "boss@client.example", "a_b@example.org", "d@home.example"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), found.size());
	CPPUNIT_ASSERT_EQUAL(std::string("C1"), found["jane.doe@example.org"].at(0).key);  // trimmed, case-insensitive
	CPPUNIT_ASSERT_EQUAL(std::string("U1"), found["jane.doe@example.org"].at(0).ownerKey);
	CPPUNIT_ASSERT_EQUAL(std::string("C"), found["jane.doe@example.org"].at(0).kind);
	CPPUNIT_ASSERT(!found["jane.doe@example.org"].at(0).doNotLog);
	CPPUNIT_ASSERT_EQUAL(std::string("C1"), found["jd@home.example"].at(0).key);  // from the ';' list
	// jane@work.example: the candidate's other address and the contact's ',' list
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), found["jane@work.example"].size());
	std::set<std::string> tables;
	for (const auto& p: found["jane@work.example"]) tables.insert(p.table + ":" + p.key);
	CPPUNIT_ASSERT(tables.count("candidates:C1") && tables.count("contacts:7"));
	CPPUNIT_ASSERT(found["rich@example.org"].at(0).doNotLog);
	CPPUNIT_ASSERT_EQUAL(std::string("7"), found["boss@client.example"].at(0).key);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), found["a_b@example.org"].size());  // '_' is no wildcard for us
	CPPUNIT_ASSERT(!found.count("gone@example.org"));   // the filter
	CPPUNIT_ASSERT(!found.count("nobody@example.org"));
	CPPUNIT_ASSERT(!found.count("d@home.example"));     // LIKE finds xjd@..., the exact split does not
}

void MappedStoreScenario::testLookupChunked()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedPeopleDirectory people(db(), m, 2);
	std::vector<std::string> many;
	for (int i = 0; i < 9; ++i) many.push_back("x" + std::to_string(i) + "@nowhere.example");
	many.push_back("rich@example.org");
	many.push_back("boss@client.example");
	auto found = people.find(many);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), found.size());
	CPPUNIT_ASSERT(people.find({}).empty());
}

void MappedStoreScenario::testSeveralMatches()
{
	// The ATS holds the client contact twice (an old row and a newer one).
	db().execute("INSERT INTO ats_contact VALUES (9, 'Client Jane (new)', 'BOSS@client.example', 'U1')");
	Mapping all = mappingWith(LEGACY_ACTIVITIES);
	auto both = MappedPeopleDirectory(db(), all).find({"boss@client.example"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), both["boss@client.example"].size());

	std::string xml = "<activities table=\"ats_actions\"><key generation=\"none\"/><column name=\"subject\" value=\"subject\"/></activities>\n";
	std::istringstream in("<mapping>\n<connection dsn=\"test\"/>\n"
		"<people name=\"contacts\" table=\"ats_contact\" kind=\"K\" several=\"newest\">\n"
		"  <key column=\"cc_id\"/><email column=\"email_addr\" separator=\",\"/>\n"
		"</people>\n" + xml + "</mapping>\n");
	Mapping newest = MappingParser::parse(in, "newest.xml");
	auto one = MappedPeopleDirectory(db(), newest).find({"boss@client.example", "jane@work.example"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), one["boss@client.example"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("9"), one["boss@client.example"][0].key);
	CPPUNIT_ASSERT_EQUAL(std::string("7"), one["jane@work.example"].at(0).key);  // alone: kept

	// several="owner": 9 belongs to U1 (alice), 7 to U2 (bob).
	std::istringstream ownerXml("<mapping>\n<connection dsn=\"test\"/>\n"
		"<people name=\"contacts\" table=\"ats_contact\" kind=\"K\" owner-column=\"consultant\" several=\"owner\">\n"
		"  <key column=\"cc_id\"/><email column=\"email_addr\" separator=\",\"/>\n"
		"</people>\n"
		"<users table=\"ats_users\" key-column=\"user_code\" address-column=\"email\"/>\n" + xml + "</mapping>\n");
	Mapping owner = MappingParser::parse(ownerXml, "owner.xml");
	MappedPeopleDirectory directory(db(), owner);
	auto alice = directory.findFor("alice@example.test", {"boss@client.example", "jane@work.example"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), alice["boss@client.example"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("9"), alice["boss@client.example"][0].key);
	CPPUNIT_ASSERT_EQUAL(std::string("7"), alice["jane@work.example"].at(0).key);  // not alice's, but the only one
	auto bob = directory.findFor("Bob@Example.test ", {"boss@client.example"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), bob["boss@client.example"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("7"), bob["boss@client.example"][0].key);
	// A mailbox without an ATS user, or no mailbox at all: none is preferred.
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), directory.findFor("carol@example.net", {"boss@client.example"})["boss@client.example"].size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), directory.find({"boss@client.example"})["boss@client.example"].size());
}

void MappedStoreScenario::testCounterKeys()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedPeopleDirectory people(db(), m);
	MappedActivityWriter writer(m, db().dialect(), "imap.example.test");
	auto found = people.find({"jane.doe@example.org"});
	sync::PersonRef person = found.at("jane.doe@example.org").at(0);
	db().begin();
	auto in = message(10, "A subject that is longer than twenty");
	auto out = message(11, "Short", sync::Direction::Out);
	std::string k1 = writer.write(db(), {in, person, INBOX, 77, ""});
	std::string k2 = writer.write(db(), {out, person, INBOX, 77, ""});
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::string("A000042"), k1);
	CPPUNIT_ASSERT_EQUAL(std::string("A000043"), k2);
	auto r = rows("SELECT act_id, ref_type, ref_id, act_type, act_date, act_time, subject, notes, consultant, msg_ref "
		"FROM ats_actions ORDER BY act_id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.size());
	std::vector<std::string> first{"A000042", "C", "C1", "EMI", "20240306", "003015", "A subject that is l~",
		"jane.doe@example.org", "U1", "imap://alice%40example.test@imap.example.test/INBOX;UIDVALIDITY=77/;UID=10"};
	CPPUNIT_ASSERT(first == r[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("EMO"), r[1][3]);
	CPPUNIT_ASSERT_EQUAL(std::string("43"), rows("SELECT next_no FROM ats_counters WHERE name = 'ACTIONS'")[0][0]);
	CPPUNIT_ASSERT_EQUAL(std::string("900"), rows("SELECT next_no FROM ats_counters WHERE name = 'OTHER'")[0][0]);
}

void MappedStoreScenario::testIdentityKeys()
{
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key column=\"id\"/>\n" + NOTE_COLUMNS + "</activities>\n");
	auto content = std::make_shared<FixedContent>();
	MappedActivityWriter writer(m, db().dialect(), "imap.example.test", content);
	MappedPeopleDirectory people(db(), m);
	auto contact = people.find({"boss@client.example"}).at("boss@client.example").at(0);
	auto cand = people.find({"jd@home.example"}).at("jd@home.example").at(0);
	db().begin();
	std::string k1 = writer.write(db(), {message(1, "Hello"), cand, INBOX, 5, ""});
	std::string k2 = writer.write(db(), {message(2, "Re: Hello", sync::Direction::Out), contact, INBOX, 5, k1});
	db().commit();
	CPPUNIT_ASSERT(!k1.empty() && k1 != k2);
	auto r = rows("SELECT id, person_kind, person_id, note_type, subject, body, author, parent_id, message_id FROM ats_notes ORDER BY id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.size());
	std::vector<std::string> first{k1, "C", "C1", "EMAIL_IN", "Hello", "Body of Hello", "U1", "NULL", "m1@example.test"};
	std::vector<std::string> second{k2, "K", "7", "EMAIL_OUT", "Re: Hello", "Body of Re: Hello", "U2", k1, "m2@example.test"};
	CPPUNIT_ASSERT(first == r[0]);
	CPPUNIT_ASSERT(second == r[1]);
	std::string created = rows("SELECT created_at FROM ats_notes WHERE id = " + k1)[0][0];
	CPPUNIT_ASSERT_MESSAGE(created, created.find("2024-03-05") == 0 && created.find("23:30:15") != std::string::npos);
}

void MappedStoreScenario::testGuidAndNoKey()
{
	Mapping guid = mappingWith("<activities table=\"ats_guid_notes\"><key column=\"id\" generation=\"guid\"/>\n"
		"<column name=\"person_id\" value=\"person-key\"/><column value=\"subject\"/></activities>\n");
	Mapping none = mappingWith("<activities table=\"ats_plain_notes\"><key generation=\"none\"/>\n"
		"<column name=\"person_id\" value=\"person-key\"/><column value=\"subject\"/></activities>\n");
	MappedPeopleDirectory people(db(), guid);
	auto cand = people.find({"rich@example.org"}).at("rich@example.org").at(0);
	MappedActivityWriter g(guid, db().dialect(), "h"), n(none, db().dialect(), "h");
	db().begin();
	std::string k = g.write(db(), {message(1, "guid"), cand, INBOX, 1, ""});
	std::string none1 = n.write(db(), {message(2, "plain"), cand, INBOX, 1, ""});
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::size_t(36), k.size());
	CPPUNIT_ASSERT(none1.empty());
	CPPUNIT_ASSERT_EQUAL(k, rows("SELECT id FROM ats_guid_notes")[0][0]);
	auto r = rows("SELECT person_id, subject FROM ats_plain_notes");
	CPPUNIT_ASSERT(r.size() == 1 && r[0][0] == "C2" && r[0][1] == "plain");
}

void MappedStoreScenario::testSequenceKeys()
{
	Mapping m = mappingWith("<activities table=\"ats_seq_notes\"><key column=\"id\" generation=\"sequence\" sequence=\"ats_note_seq\"/>\n"
		"<column name=\"person_id\" value=\"person-key\"/><column value=\"subject\"/></activities>\n");
	if (!hasSequences())
	{
		CPPUNIT_ASSERT_THROW(MappedActivityWriter(m, db().dialect(), "h"), ConfigError);
		return;
	}
	MappedPeopleDirectory people(db(), m);
	auto cand = people.find({"rich@example.org"}).at("rich@example.org").at(0);
	MappedActivityWriter writer(m, db().dialect(), "h");
	db().begin();
	std::string k1 = writer.write(db(), {message(1, "one"), cand, INBOX, 1, ""});
	std::string k2 = writer.write(db(), {message(2, "two"), cand, INBOX, 1, ""});
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::string("1000"), k1);
	CPPUNIT_ASSERT_EQUAL(std::string("1001"), k2);
	CPPUNIT_ASSERT_EQUAL(std::string("two"), rows("SELECT subject FROM ats_seq_notes WHERE id = 1001")[0][0]);
}

void MappedStoreScenario::testValues()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedActivityWriter writer(m, db().dialect(), "imap.example.test");
	sync::PersonRef person;
	person.table = "candidates";
	person.kind = "C";
	person.key = "C4";
	sync::FolderKey folder{"bob@example.test", "Sent Items/2024"};
	db().begin();
	writer.write(db(), {message(900, "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 long long"), person, folder, 3, ""});
	db().commit();
	auto r = rows("SELECT subject, consultant, msg_ref FROM ats_actions");
	CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 l~"), r[0][0]);  // 20 characters
	CPPUNIT_ASSERT_EQUAL(std::string("U2"), r[0][1]);
	CPPUNIT_ASSERT_EQUAL(std::string("imap://bob%40example.test@imap.example.test/Sent%20Items/2024;UIDVALIDITY=3/;UID=900"), r[0][2]);
}

void MappedStoreScenario::testHostileValues()
{
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key column=\"id\"/>\n" + NOTE_COLUMNS + "</activities>\n");
	auto content = std::make_shared<FixedContent>();
	MappedActivityWriter writer(m, db().dialect(), "h", content);
	sync::PersonRef person;
	person.kind = "C";
	person.key = "x'); DROP TABLE ats_cand; --";
	std::string big(100 * 1024, 'z');
	std::string nul("a\0b", 3);
	db().begin();
	writer.write(db(), {message(1, "O'Brien \"quoted\" '; DROP TABLE ats_notes; --"), person, INBOX, 1, ""});
	writer.write(db(), {message(2, nul + "\xF0\x9F\x93\xA7" + big), person, INBOX, 1, ""});
	writer.write(db(), {message(3, std::string(300, 'y')), person, INBOX, 1, ""});
	db().commit();
	auto r = rows("SELECT subject, person_id, body FROM ats_notes ORDER BY id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.size());
	CPPUNIT_ASSERT_EQUAL(std::string("O'Brien \"quoted\" '; DROP TABLE ats_notes; --"), r[0][0]);
	CPPUNIT_ASSERT_EQUAL(std::string("x'); DROP TABLE ats_cand; --"), r[0][1]);
	// NUL dropped; cut to 200 characters. (psqlODBC cuts a bound value at the
	// column's width in bytes, so the multi-byte case is checked in testValues
	// on a column with room to spare.)
	CPPUNIT_ASSERT(r[1][0].compare(0, 8, "ab\xF0\x9F\x93\xA7zz") == 0);
	CPPUNIT_ASSERT_EQUAL(std::string(197, 'y') + "...", r[2][0]);
	// 100 KB intact: compared in the database, as drivers differ in how much of a long value they fetch
	Poco::Data::Statement same(db().session());
	std::string body = "Body of ab\xF0\x9F\x93\xA7" + big;
	ParamBinder p;
	p.text("body", body);
	SqlStatement q;
	q.text = "SELECT COUNT(*) FROM ats_notes WHERE body = ?";
	q.params = {"body"};
	same << q.text;
	p.bind(same, q);
	same.execute();
	CPPUNIT_ASSERT_EQUAL(std::string("1"), Poco::Data::RecordSet(same).value(0).convert<std::string>());
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), rows("SELECT cand_id FROM ats_cand").size());
}

void MappedStoreScenario::testDocuments()
{
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key column=\"id\"/>\n" + NOTE_COLUMNS + "</activities>\n",
		"<documents table=\"ats_docs\" storage=\"blob\" content-types=\"application/pdf,text/*\" max-size=\"1000\">\n"
		"  <key column=\"id\"/><column name=\"person_id\" value=\"person-key\"/><column name=\"note_id\" value=\"activity-key\"/>\n"
		"  <column value=\"file-name\"/><column value=\"content-type\"/><column value=\"content\"/>\n"
		"</documents>\n");
	auto content = std::make_shared<FixedContent>();
	std::string pdf("%PDF-1.4\0\x01\x02\xFF", 12);
	content->attachments = {{"cv.pdf", "application/pdf", pdf}, {"photo.jpg", "image/jpeg", "jpeg"},
		{"notes.txt", "text/plain", "hi"}, {"big.pdf", "application/pdf", std::string(2000, 'x')}};
	MappedActivityWriter writer(m, db().dialect(), "h", content);
	MappedPeopleDirectory people(db(), m);
	auto cand = people.find({"jd@home.example"}).at("jd@home.example").at(0);
	db().begin();
	std::string key = writer.write(db(), {message(1, "CV attached"), cand, INBOX, 1, ""});
	db().commit();
	auto r = rows("SELECT person_id, note_id, file_name, content_type FROM ats_docs ORDER BY id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.size());  // the image and the oversized PDF are filtered out
	std::vector<std::string> first{"C1", key, "cv.pdf", "application/pdf"};
	CPPUNIT_ASSERT(first == r[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("notes.txt"), r[1][2]);
	Poco::Data::Statement stmt(db().session());
	stmt << "SELECT content FROM ats_docs WHERE file_name = 'cv.pdf'";
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	rs.moveFirst();
	Poco::Data::BLOB blob = rs.value(0).extract<Poco::Data::BLOB>();
	CPPUNIT_ASSERT_EQUAL(pdf, std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size()));
}

void MappedStoreScenario::testDocumentFiles()
{
	// storage="file": each kept attachment becomes a file under the folder,
	// its path and size go into the row; a batch rolled back leaves no file.
	const std::string folder = Poco::Path::temp() + "mb-docs-" + std::to_string(Poco::Timestamp().epochMicroseconds());
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key column=\"id\"/>\n" + NOTE_COLUMNS + "</activities>\n",
		"<documents table=\"ats_docs\" storage=\"file\" folder=\"" + folder + "\" content-types=\"application/pdf\">\n"
		"  <key column=\"id\"/><column name=\"person_id\" value=\"person-key\"/><column name=\"note_id\" value=\"activity-key\"/>\n"
		"  <column value=\"file-name\"/><column value=\"file-path\"/><column value=\"file-size\"/>\n"
		"</documents>\n");
	auto content = std::make_shared<FixedContent>();
	std::string pdf("%PDF-1.4\0\x01\x02\xFF", 12);
	content->attachments = {{"cv.pdf", "application/pdf", pdf}, {"photo.jpg", "image/jpeg", "jpeg"},
		{"../../etc/cron.d/x.pdf", "application/pdf", "%PDF-x"}};
	MappedActivityWriter writer(m, db().dialect(), "h", content);
	MappedPeopleDirectory people(db(), m);
	auto cand = people.find({"jd@home.example"}).at("jd@home.example").at(0);
	db().begin();
	const std::string key = writer.write(db(), {message(1, "CV attached"), cand, INBOX, 1, ""});
	db().commit();
	auto r = rows("SELECT note_id, file_name, file_path, file_size FROM ats_docs ORDER BY id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.size());  // the image is filtered out
	const std::string dir = Poco::Path(folder).makeDirectory().pushDirectory(key).toString();
	CPPUNIT_ASSERT_EQUAL(key, r[0][0]);
	CPPUNIT_ASSERT_EQUAL(dir + "1-cv.pdf", r[0][2]);
	CPPUNIT_ASSERT_EQUAL(std::string("12"), r[0][3]);
	std::ifstream in(r[0][2], std::ios::binary);
	std::stringstream bytes;
	bytes << in.rdbuf();
	CPPUNIT_ASSERT(pdf == bytes.str());
	// A hostile name stays inside the activity's folder.
	CPPUNIT_ASSERT_EQUAL(std::string("../../etc/cron.d/x.pdf"), r[1][1]);
	CPPUNIT_ASSERT_EQUAL(dir + "3-file.._.._etc_cron.d_x.pdf", r[1][2]);
	CPPUNIT_ASSERT(Poco::File(r[1][2]).exists());

	db().begin();
	const std::string undone = writer.write(db(), {message(2, "CV again"), cand, INBOX, 2, ""});
	const std::string undoneDir = Poco::Path(folder).makeDirectory().pushDirectory(undone).toString();
	CPPUNIT_ASSERT(Poco::File(undoneDir + "1-cv.pdf").exists());
	db().rollback();
	CPPUNIT_ASSERT(!Poco::File(undoneDir).exists());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows("SELECT id FROM ats_docs").size());
	CPPUNIT_ASSERT(Poco::File(dir + "1-cv.pdf").exists());
	Poco::File(folder).remove(true);
}

void MappedStoreScenario::testFailureRollsBack()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedActivityWriter writer(m, db().dialect(), "h");
	sync::PersonRef person;
	person.kind = "C";
	person.key = "C1";
	sync::PersonRef tooLong = person;
	tooLong.key = "C12345678901234567890";  // wider than ref_id CHAR(10)
	db().begin();
	try
	{
		writer.write(db(), {message(1, "fine"), person, INBOX, 1, ""});
		writer.write(db(), {message(2, "refused"), tooLong, INBOX, 1, ""});
		db().commit();
		CPPUNIT_FAIL("the database took a 21-character key into CHAR(10)");
	}
	catch (StatementError& exc)
	{
		db().rollback();
		CPPUNIT_ASSERT_EQUAL(std::string("<m2@example.test>"), exc.messageRef());
		CPPUNIT_ASSERT_MESSAGE(exc.column(), exc.column().compare(0, 11, "ats_actions") == 0);
		CPPUNIT_ASSERT(!exc.sqlState().empty());
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows("SELECT act_id FROM ats_actions").size());
	CPPUNIT_ASSERT_EQUAL(std::string("41"), rows("SELECT next_no FROM ats_counters WHERE name = 'ACTIONS'")[0][0]);

	// The same writer goes on after the failure, as the store does when it
	// retries the batch without the refused record.
	db().begin();
	CPPUNIT_ASSERT_EQUAL(std::string("A000042"), writer.write(db(), {message(1, "fine"), person, INBOX, 1, ""}));
	CPPUNIT_ASSERT_EQUAL(std::string("A000043"), writer.write(db(), {message(3, "also fine"), person, INBOX, 1, ""}));
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows("SELECT act_id FROM ats_actions").size());
}

void MappedStoreScenario::testBatchCounterKeys()
{
	// 250 activities: multi-row inserts of 100, 100 and 50 rows, one counter
	// increment each; keys in request order.
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedActivityWriter writer(m, db().dialect(), "imap.example.test");
	sync::PersonRef person;
	person.kind = "C";
	person.key = "C1";
	std::vector<sync::MessageRecord> records;
	for (std::uint32_t uid = 1; uid <= 250; ++uid) records.push_back(message(uid, "Batch " + std::to_string(uid)));
	std::vector<ActivityRequest> requests;
	for (const auto& r: records) requests.push_back({r, person, INBOX, 7, ""});
	db().begin();
	std::vector<std::string> keys = writer.writeBatch(db(), requests);
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::size_t(250), keys.size());
	CPPUNIT_ASSERT_EQUAL(std::string("A000042"), keys.front());
	CPPUNIT_ASSERT_EQUAL(std::string("A000291"), keys.back());
	auto r = rows("SELECT act_id, subject, msg_ref FROM ats_actions ORDER BY act_id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(250), r.size());
	for (std::size_t i = 0; i < r.size(); ++i)
	{
		CPPUNIT_ASSERT_EQUAL(keys[i], r[i][0]);
		std::string uid = std::to_string(i + 1);
		CPPUNIT_ASSERT_EQUAL(("Batch " + uid).substr(0, 20), r[i][1]);
		CPPUNIT_ASSERT(r[i][2].size() > uid.size() && r[i][2].compare(r[i][2].size() - uid.size() - 5, std::string::npos, ";UID=" + uid) == 0);
	}
	CPPUNIT_ASSERT_EQUAL(std::string("291"), rows("SELECT next_no FROM ats_counters WHERE name = 'ACTIONS'")[0][0]);
	// A batch of one goes row by row, and the counter goes on from there.
	db().begin();
	CPPUNIT_ASSERT_EQUAL(std::string("A000292"), writer.writeBatch(db(), {requests[0]}).at(0));
	db().commit();
}

void MappedStoreScenario::testBatchHostileValues()
{
	// key generation "none": the rows go in one multi-row insert.
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key generation=\"none\"/>\n" + NOTE_COLUMNS + "</activities>\n");
	auto content = std::make_shared<FixedContent>();
	MappedActivityWriter writer(m, db().dialect(), "h", content);
	sync::PersonRef person;
	person.kind = "C";
	person.key = "x'); DROP TABLE ats_cand; --";
	std::string big(100 * 1024, 'z');
	std::string nul("a\0b", 3);
	std::vector<sync::MessageRecord> records{message(1, "O'Brien \"quoted\" '; DROP TABLE ats_notes; --"),
		message(2, nul + "\xF0\x9F\x93\xA7" + big), message(3, std::string(300, 'y'))};
	std::vector<ActivityRequest> requests;
	for (const auto& r: records) requests.push_back({r, person, INBOX, 1, ""});
	db().begin();
	writer.writeBatch(db(), requests);
	db().commit();
	auto r = rows("SELECT subject, person_id, message_id FROM ats_notes ORDER BY message_id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.size());
	CPPUNIT_ASSERT_EQUAL(std::string("O'Brien \"quoted\" '; DROP TABLE ats_notes; --"), r[0][0]);
	CPPUNIT_ASSERT_EQUAL(std::string("x'); DROP TABLE ats_cand; --"), r[0][1]);
	CPPUNIT_ASSERT_EQUAL(std::string("m1@example.test"), r[0][2]);
	CPPUNIT_ASSERT(r[1][0].compare(0, 8, "ab\xF0\x9F\x93\xA7zz") == 0);
	CPPUNIT_ASSERT_EQUAL(std::string(197, 'y') + "...", r[2][0]);
	Poco::Data::Statement same(db().session());
	ParamBinder p;
	p.text("body", "Body of ab\xF0\x9F\x93\xA7" + big);
	SqlStatement q;
	q.text = "SELECT COUNT(*) FROM ats_notes WHERE body = ?";
	q.params = {"body"};
	same << q.text;
	p.bind(same, q);
	same.execute();
	CPPUNIT_ASSERT_EQUAL(std::string("1"), Poco::Data::RecordSet(same).value(0).convert<std::string>());
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), rows("SELECT cand_id FROM ats_cand").size());

	// Full statements of timestamps and texts.
	std::vector<sync::MessageRecord> more;
	for (std::uint32_t uid = 10; uid < 260; ++uid) more.push_back(message(uid, "More " + std::to_string(uid)));
	requests.clear();
	for (const auto& r: more) requests.push_back({r, person, INBOX, 1, ""});
	db().begin();
	writer.writeBatch(db(), requests);
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::string("250"),
		rows("SELECT COUNT(*) FROM ats_notes WHERE created_at IS NOT NULL AND subject LIKE 'More %'")[0][0]);
}

void MappedStoreScenario::testBatchIdentityKeys()
{
	// PostgreSQL draws the values from the SERIAL's sequence for multi-row
	// inserts; the others read each key back row by row. Either way the keys
	// come back in request order and belong to the rows of those requests.
	Mapping m = mappingWith("<activities table=\"ats_notes\"><key column=\"id\"/>\n" + NOTE_COLUMNS + "</activities>\n");
	MappedActivityWriter writer(m, db().dialect(), "h", std::make_shared<FixedContent>());
	sync::PersonRef person;
	person.kind = "C";
	person.key = "C1";
	std::vector<sync::MessageRecord> records;
	for (std::uint32_t uid = 1; uid <= 150; ++uid) records.push_back(message(uid, "Identity " + std::to_string(uid)));
	std::vector<ActivityRequest> requests;
	for (const auto& r: records) requests.push_back({r, person, INBOX, 1, ""});
	db().begin();
	std::vector<std::string> keys = writer.writeBatch(db(), requests);
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::size_t(150), keys.size());
	std::map<std::string, std::string> subjectByKey;
	for (const auto& r: rows("SELECT id, subject FROM ats_notes")) subjectByKey[r[0]] = r[1];
	CPPUNIT_ASSERT_EQUAL(std::size_t(150), subjectByKey.size());
	for (std::size_t i = 0; i < keys.size(); ++i)
	{
		CPPUNIT_ASSERT_EQUAL("Identity " + std::to_string(i + 1), subjectByKey[keys[i]]);
		if (i) CPPUNIT_ASSERT(std::stoll(keys[i]) > std::stoll(keys[i - 1]));
	}
	// The database's own numbering goes on past the values drawn.
	db().begin();
	std::string next = writer.write(db(), requests[0]);
	db().commit();
	CPPUNIT_ASSERT(std::stoll(next) > std::stoll(keys.back()));
}

void MappedStoreScenario::testBatchFailureNamesMessage()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES);
	MappedActivityWriter writer(m, db().dialect(), "h");
	sync::PersonRef person;
	person.kind = "C";
	person.key = "C1";
	sync::PersonRef tooLong = person;
	tooLong.key = "C12345678901234567890";  // wider than ref_id CHAR(10)
	std::vector<sync::MessageRecord> records;
	for (std::uint32_t uid = 1; uid <= 6; ++uid) records.push_back(message(uid, "m" + std::to_string(uid)));
	std::vector<ActivityRequest> requests;
	for (const auto& r: records) requests.push_back({r, r.uid == 4 ? tooLong : person, INBOX, 1, ""});
	db().begin();
	try
	{
		writer.writeBatch(db(), requests);
		db().commit();
		CPPUNIT_FAIL("the database took a 21-character key into CHAR(10)");
	}
	catch (StatementError& exc)
	{
		db().rollback();
		CPPUNIT_ASSERT_EQUAL(std::string("<m4@example.test>"), exc.messageRef());
		// The table, or table.column where the driver's text names the column.
		CPPUNIT_ASSERT_MESSAGE(exc.column(), exc.column().compare(0, 11, "ats_actions") == 0);
		CPPUNIT_ASSERT(!exc.sqlState().empty());
		CPPUNIT_ASSERT(!exc.driverText().empty());
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows("SELECT act_id FROM ats_actions").size());
	CPPUNIT_ASSERT_EQUAL(std::string("41"), rows("SELECT next_no FROM ats_counters WHERE name = 'ACTIONS'")[0][0]);

	// Without the refused request the same writer writes the rest.
	std::vector<ActivityRequest> rest;
	for (const auto& q: requests) if (q.record.uid != 4) rest.push_back(q);
	db().begin();
	std::vector<std::string> keys = writer.writeBatch(db(), rest);
	db().commit();
	CPPUNIT_ASSERT_EQUAL(std::string("A000042"), keys.front());
	CPPUNIT_ASSERT_EQUAL(std::string("A000046"), keys.back());
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows("SELECT act_id FROM ats_actions").size());
}

void MappedStoreScenario::testOutboundQueue()
{
	Mapping m = mappingWith(LEGACY_ACTIVITIES,
		"<outbound table=\"ats_queue\" key-column=\"mq_id\" filter=\"mq_status = 'Q'\">\n"
		"  <field name=\"to\" column=\"to_addr\"/><field name=\"subject\"/>\n"
		"  <mark state=\"sending\" column=\"mq_status\" value=\"S\"/>\n"
		"  <mark state=\"sent\" column=\"mq_status\" value=\"D\" message-id-column=\"msg_id\"/>\n"
		"  <mark state=\"failed\" column=\"mq_status\" value=\"F\" reason-column=\"err_text\"/>\n"
		"</outbound>\n");
	MappedOutboundQueue queue(db(), m);
	auto due = queue.due(10);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), due.size());
	CPPUNIT_ASSERT_EQUAL(std::string("1"), due[0].id);  // key order
	CPPUNIT_ASSERT_EQUAL(std::string("rich@example.org"), due[0].field("to"));
	CPPUNIT_ASSERT_EQUAL(std::string("Offer"), due[0].field("subject"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), queue.due(1).size());

	CPPUNIT_ASSERT(queue.mark("1", "sending"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), queue.due(10).size());
	db().begin();
	CPPUNIT_ASSERT(queue.mark("1", "sent", "<sent-1@example.test>"));
	CPPUNIT_ASSERT(queue.mark("3", "failed", "", "550 5.1.1 <jane.doe@example.org>: user unknown; it's 'gone'"));
	db().commit();
	CPPUNIT_ASSERT(!queue.mark("99", "sent", "<x@y>"));  // no such row
	CPPUNIT_ASSERT(queue.due(10).empty());
	auto r = rows("SELECT mq_id, mq_status, msg_id, err_text FROM ats_queue ORDER BY mq_id");
	std::vector<std::string> sent{"1", "D", "<sent-1@example.test>", "NULL"};
	std::vector<std::string> failed{"3", "F", "NULL", "550 5.1.1 <jane.doe@example.org>: user unknown; it's 'gone'"};
	CPPUNIT_ASSERT(sent == r[0]);
	CPPUNIT_ASSERT_EQUAL(failed[0] + "|" + failed[1] + "|" + failed[2] + "|" + failed[3], r[2][0] + "|" + r[2][1] + "|" + r[2][2] + "|" + r[2][3]);
	CPPUNIT_ASSERT_EQUAL(std::string("x@y"), r[1][2]);  // another row untouched
}

void MappedStoreScenario::testOutboundQuery()
{
	// A queue the DBA reads with a query and marks with statements of their own.
	Mapping m = mappingWith(LEGACY_ACTIVITIES,
		"<outbound query=\"SELECT mq_id, to_addr AS rcpt, subject FROM ats_queue WHERE mq_status = 'Q'\" key-column=\"mq_id\">\n"
		"  <field name=\"to\" column=\"rcpt\"/><field name=\"subject\"/>\n"
		"  <mark state=\"sent\" sql=\"UPDATE ats_queue SET mq_status = 'D', msg_id = :message_id WHERE mq_id = :id\"/>\n"
		"  <mark state=\"failed\" sql=\"UPDATE ats_queue SET mq_status = 'F', err_text = :reason WHERE mq_id = :id AND mq_status = 'Q'\"/>\n"
		"</outbound>\n");
	MappedOutboundQueue queue(db(), m);
	auto due = queue.due(10);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), due.size());
	CPPUNIT_ASSERT_EQUAL(std::string("jane.doe@example.org"), due[1].field("to"));
	CPPUNIT_ASSERT(!queue.mark("1", "sending"));  // no mark for it: nothing to do
	CPPUNIT_ASSERT(queue.mark("3", "sent", "<m3@example.test>"));
	CPPUNIT_ASSERT(!queue.mark("3", "failed", "", "too late"));  // the DBA's condition holds it
	CPPUNIT_ASSERT_EQUAL(std::string("<m3@example.test>"), rows("SELECT msg_id FROM ats_queue WHERE mq_id = 3")[0][0]);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), queue.due(10).size());
}
