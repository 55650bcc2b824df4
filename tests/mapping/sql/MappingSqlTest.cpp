//
// MappingSqlTest.cpp
//
// Every statement kind generated from the example mappings (and one small
// mapping per key generation), in every dialect, against golden files.
//

#include "MappingSqlTest.h"
#include "connector/common/Errors.h"
#include "mapping/model/MappingParser.h"
#include "mapping/sql/MappingSql.h"
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

using namespace mailbridge::mapping;

CPPUNIT_TEST_SUITE_REGISTRATION(MappingSqlTest);

namespace {

const Dialect::Vendor ALL[] = {Dialect::PostgreSQL, Dialect::MySQL, Dialect::SQLite, Dialect::SQLServer, Dialect::Oracle};

Mapping example(const std::string& name)
{
	return MappingParser::parseFile(std::string(MB_EXAMPLES_DIR) + "/" + name + ".xml");
}

Mapping withKey(const std::string& keyXml)
{
	std::istringstream in(
		"<mapping><connection dsn=\"a\"/>"
		"<people table=\"p\"><key column=\"id\"/><email column=\"e\"/></people>"
		"<activities table=\"ats.activity\">" + keyXml +
		"<column name=\"person_id\" value=\"person-key\"/><column value=\"subject\"/></activities></mapping>");
	return MappingParser::parse(in, "inline.xml");
}

std::string render(const std::function<std::string()>& f)
{
	try
	{
		return f();
	}
	catch (mailbridge::ConfigError& exc)
	{
		return "-- error: " + exc.displayText() + "\n";
	}
}

std::map<std::string, std::string> allStatements(const Dialect& d)
{
	static const Mapping modern = example("modern");
	static const Mapping legacy = example("legacy");
	static const Mapping sequence = withKey("<key column=\"id\" generation=\"sequence\" sequence=\"ats.activity_seq\"/>");
	static const Mapping guid = withKey("<key column=\"id\" generation=\"guid\"/>");
	static const Mapping none = withKey("<key generation=\"none\"/>");
	static const Mapping counterAll = withKey("<key column=\"id\" generation=\"counter\" counters-table=\"last_id\" counters-value-column=\"value\"/>");
	static const Mapping expression = [] {
		std::istringstream in("<mapping><connection dsn=\"a\"/><people table=\"ats.person\" filter=\"kind IN ('C', 'K')\""
			" several=\"newest\" newest-column=\"created\">"
			"<key column=\"branch\"/><key column=\"no\"/><email column=\"mail\" separator=\",\"/>"
			"<display-name expression=\"first_name || ' ' || last_name\"/></people>"
			"<activities table=\"a\"><column value=\"subject\"/></activities></mapping>");
		return MappingParser::parse(in, "expression.xml");
	}();
	MappingSql m(modern, d), l(legacy, d), seq(sequence, d), g(guid, d), no(none, d), ca(counterAll, d), e(expression, d);
	std::map<std::string, std::string> out;
	out["map_people_lookup"] = render([&] { return m.peopleLookup(modern.people[0], 3).toString(); });
	out["map_people_lookup_contacts"] = render([&] { return m.peopleLookup(modern.people[1], 1).toString(); });
	out["map_people_lookup_expression"] = render([&] { return e.peopleLookup(expression.people[0], 2).toString(); });
	out["map_people_lookup_multivalued"] = render([&] { return l.peopleLookup(legacy.people[0], 2).toString(); });
	out["map_people_addresses"] = render([&] { return m.peopleAddresses(modern.people[0]).toString(); });
	out["map_people_addresses_multivalued"] = render([&] { return l.peopleAddresses(legacy.people[0]).toString(); });
	out["map_activity_parent_update"] = render([&] { return m.activityParentUpdate().toString(); });
	out["map_activity_parent_update_rows"] = render([&] { return m.activityParentUpdateRows(2).toString(); });
	out["map_activity_insert_identity"] = render([&] { return m.activityInsert().toString(); });
	out["map_activity_insert_counter"] = render([&] { return l.activityInsert().toString(); });
	out["map_activity_insert_counter_single_row"] = render([&] { return ca.activityInsert().toString(); });
	out["map_activity_insert_rows_counter"] = render([&] { return l.activityInsertRows(3).toString(); });
	out["map_activity_insert_rows_counter_single_row"] = render([&] { return ca.activityInsertRows(2).toString(); });
	out["map_activity_insert_rows_guid"] = render([&] { return g.activityInsertRows(2).toString(); });
	out["map_activity_insert_rows_none"] = render([&] { return no.activityInsertRows(2).toString(); });
	out["map_activity_insert_rows_identity"] = render([&] { return m.activityInsertRows(2).toString(); });
	out["map_activity_insert_sequence"] = render([&] { return seq.activityInsert().toString(); });
	out["map_activity_insert_guid"] = render([&] { return g.activityInsert().toString(); });
	out["map_activity_insert_none"] = render([&] { return no.activityInsert().toString(); });
	out["map_document_insert"] = render([&] { return m.documentInsert().toString(); });
	out["map_person_insert"] = render([&] { return m.personInsert(modern.people[0]).toString(); });
	out["map_person_insert_counter"] = render([&] { return l.personInsert(legacy.people[0]).toString(); });
	out["map_users_select"] = render([&] { return m.usersSelect().toString(); });
	out["map_users_select_legacy"] = render([&] { return l.usersSelect().toString(); });
	out["map_users_senders"] = render([&] { return m.usersSenders().toString(); });
	out["map_users_senders_legacy"] = render([&] { return l.usersSenders().toString(); });
	out["map_activity_deleted_select"] = render([&] { return m.activityDeletedSelect(3).toString(); });
	out["map_outbound_select"] = render([&] { return l.outboundSelect(20).toString(); });
	out["map_outbound_mark_sending"] = render([&] { return l.outboundMark("sending").toString(); });
	out["map_outbound_mark_sent"] = render([&] { return l.outboundMark("sent").toString(); });
	out["map_outbound_mark_failed"] = render([&] { return l.outboundMark("failed").toString(); });
	out["map_bounce_update"] = render([&] { return m.bounceUpdate(modern.people[0]).toString(); });
	out["map_bounce_update_multivalued"] = render([&] { return l.bounceUpdate(legacy.people[0]).toString(); });
	return out;
}

} // namespace

void MappingSqlTest::testGolden()
{
	bool update = Poco::Environment::get("MB_UPDATE_GOLDEN", "") == "1";
	int compared = 0;
	for (Dialect::Vendor v: ALL)
	{
		Dialect d(v);
		std::string dir = std::string(MB_GOLDEN_DIR) + "/" + d.name();
		Poco::File(dir).createDirectories();
		for (const auto& kind: allStatements(d))
		{
			std::string path = dir + "/" + kind.first + ".sql";
			if (update)
			{
				std::ofstream(path) << kind.second;
				continue;
			}
			std::ifstream in(path);
			CPPUNIT_ASSERT_MESSAGE("missing golden file " + path + " (MB_UPDATE_GOLDEN=1 writes it)", in.good());
			std::stringstream expected;
			expected << in.rdbuf();
			CPPUNIT_ASSERT_EQUAL_MESSAGE(path, expected.str(), kind.second);
			++compared;
		}
	}
	if (!update) CPPUNIT_ASSERT_EQUAL(5 * 33, compared);
}

void MappingSqlTest::testPlaceholdersMatchParams()
{
	// Each statement's '?' count equals its parameter count ('?' never
	// appears inside the example mappings' own SQL fragments).
	for (Dialect::Vendor v: ALL)
	{
		for (const auto& kind: allStatements(Dialect(v)))
		{
			if (kind.second.compare(0, 9, "-- error:") == 0) continue;
			std::istringstream lines(kind.second);
			std::size_t marks = 0, params = 0;
			for (std::string l; std::getline(lines, l);)
			{
				if (l.compare(0, 11, "-- params: ") == 0) params += std::count(l.begin(), l.end(), ',') + 1;
				else if (l.compare(0, 3, "-- ") != 0) marks += std::count(l.begin(), l.end(), '?');
			}
			CPPUNIT_ASSERT_EQUAL_MESSAGE(Dialect(v).name() + " " + kind.first, params, marks);
		}
	}
}

void MappingSqlTest::testLookupParams()
{
	Mapping legacy = example("legacy");
	MappingSql sql(legacy, Dialect(Dialect::PostgreSQL));
	SqlStatement s = sql.peopleLookup(legacy.people[0], 2);
	std::vector<std::string> expected{"a1", "a2", "p1", "p2"};
	CPPUNIT_ASSERT(expected == s.params);
	CPPUNIT_ASSERT(s.text.find("AND (STATUS <> 'D')") != std::string::npos);
}

void MappingSqlTest::testMarkWrittenByDba()
{
	std::istringstream in(
		"<mapping><connection dsn=\"a\"/>"
		"<people table=\"p\"><key column=\"id\"/><email column=\"e\"/></people>"
		"<activities table=\"a\"><column value=\"subject\"/></activities>"
		"<outbound query=\"SELECT id, rcpt AS to_addr FROM q WHERE st = 'Q'\" key-column=\"id\">"
		"<field name=\"to\" column=\"to_addr\"/>"
		"<mark state=\"sent\" sql=\"UPDATE q SET st = 'S:x', mid = :message_id WHERE id = :id\"/>"
		"<mark state=\"failed\" sql=\"UPDATE q SET st = 'F', why = :reason WHERE id = :id\"/>"
		"</outbound></mapping>");
	Mapping m = MappingParser::parse(in, "q.xml");
	MappingSql sql(m, Dialect(Dialect::MySQL));
	SqlStatement sent = sql.outboundMark("sent");
	CPPUNIT_ASSERT_EQUAL(std::string("UPDATE q SET st = 'S:x', mid = ? WHERE id = ?"), sent.text);
	CPPUNIT_ASSERT(sent.params == std::vector<std::string>({"message_id", "id"}));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT `id`, `to_addr` FROM (SELECT id, rcpt AS to_addr FROM q WHERE st = 'Q') mb_q ORDER BY `id` LIMIT 5"),
		sql.outboundSelect(5).text);
	CPPUNIT_ASSERT_THROW(sql.outboundMark("sending"), Poco::NotFoundException);
}

void MappingSqlTest::testQuotedIdentifiers()
{
	Mapping m = withKey("<key column=\"id\" generation=\"guid\"/>");
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO [ats].[activity] ([id], [person_id], [subject]) VALUES (?, ?, ?)"),
		MappingSql(m, Dialect(Dialect::SQLServer)).activityInsert().insert.text);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO `ats`.`activity` (`id`, `person_id`, `subject`) VALUES (?, ?, ?)"),
		MappingSql(m, Dialect(Dialect::MySQL)).activityInsert().insert.text);
}
