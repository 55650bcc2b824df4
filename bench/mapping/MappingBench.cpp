//
// MappingBench.cpp
//
// Activity rows per second written through MappedActivityWriter (value
// expressions evaluated, key drawn and read back) into SQLite and
// PostgreSQL over ODBC, in transactions of `batch` rows; ~4 KB of text each.
// For PostgreSQL, psql loading the same rows with COPY in one transaction is
// timed in the same run.
//
// Usage: MB_STACK_DIR=/tmp/stack bench_mapping [rows] [batch]
//   reads MB_PG_ODBC, MB_PG_PORT and MB_SQLITE_ODBC from $MB_STACK_DIR/stack.env;
//   PostgreSQL runs twice: as configured, and with Protocol=7.4-1 (psqlODBC
//   rolls back the transaction on an error instead of wrapping every
//   statement in a savepoint; mailbridge rolls the whole batch back anyway).
//

#include "mapping/model/MappingParser.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/OdbcConnection.h"
#include "bench/common/StackEnv.h"
#include <Poco/Environment.h>
#include <Poco/Stopwatch.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace mailbridge;
using namespace mailbridge::mapping;

namespace {

Mapping benchMapping(const std::string& key)
{
	std::istringstream in(
		"<mapping><connection dsn=\"bench\"/>"
		"<people table=\"bench_people\"><key column=\"id\"/><email column=\"email\"/></people>"
		"<activities table=\"bench_notes\" ats-time-zone=\"+01:00\">" + key +
		"<column name=\"person_kind\" value=\"person-kind\"/>"
		"<column name=\"person_id\" value=\"person-key\"/>"
		"<column name=\"note_type\" in=\"EMI\" out=\"EMO\"/>"
		"<column name=\"subject\" value=\"subject\" max-width=\"200\"/>"
		"<column name=\"body\" value=\"text\"/>"
		"<column name=\"note_date\" value=\"date\" date-format=\"%Y%m%d\" time-zone=\"ats\"/>"
		"<column name=\"message_id\" value=\"message-id\" max-width=\"250\"/>"
		"<column name=\"imap_url\" value=\"imap-url\" max-width=\"500\"/>"
		"</activities></mapping>");
	return MappingParser::parse(in, "bench.xml");
}

class BenchContent: public MessageContentSource
{
public:
	explicit BenchContent(const std::string& text): _text(text) {}
	MessageContent read(const sync::MessageRecord&) const override
	{
		MessageContent c;
		c.text = _text;
		return c;
	}

private:
	std::string _text;
};

void prepare(OdbcConnection& db, const std::string& idColumn)
{
	for (const char* t: {"bench_notes", "bench_counters"})
	{
		try { db.execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	db.execute("CREATE TABLE bench_notes (id " + idColumn + ", person_kind CHAR(1), person_id VARCHAR(20), note_type CHAR(3),"
		" subject VARCHAR(200), body TEXT, note_date VARCHAR(8), message_id VARCHAR(250), imap_url VARCHAR(500))");
	db.execute("CREATE TABLE bench_counters (name VARCHAR(20) PRIMARY KEY, next_no INTEGER NOT NULL)");
	db.execute("INSERT INTO bench_counters VALUES ('NOTES', 0)");
}

double run(OdbcConnection& db, const Mapping& m, int rows, int batch, const std::string& text)
{
	MappedActivityWriter writer(m, db.dialect(), "imap.example.test", std::make_shared<BenchContent>(text));
	sync::PersonRef person;
	person.table = "bench_people";
	person.kind = "C";
	sync::FolderKey folder{"alice@example.test", "INBOX"};
	sync::MessageRecord r;
	r.subject = "Your application for the senior engineer position";
	r.senderAddress = "candidate@example.org";
	r.outcome = sync::Outcome::Logged;
	Poco::Stopwatch sw;
	sw.start();
	for (int i = 1; i <= rows;)
	{
		db.begin();
		for (int n = 0; n < batch && i <= rows; ++n, ++i)
		{
			r.uid = static_cast<std::uint32_t>(i);
			r.messageId = "bench" + std::to_string(i) + "@example.test";
			person.key = std::to_string(i % 1000 + 1);
			writer.write(db, {r, person, folder, 1, ""});
		}
		db.commit();
	}
	sw.stop();
	return rows / (sw.elapsed() / 1e6);
}

} // namespace

int main(int argc, char** argv)
{
	int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
	int batch = argc > 2 ? std::atoi(argv[2]) : 500;
	const bench::StackEnv env(Poco::Environment::get("MB_STACK_DIR", "/tmp/mailbridge-stack") + "/stack.env");
	const std::string pg = env.value("MB_PG_ODBC");
	std::string text;
	while (text.size() < 4096) text += "Dear recruiter, please find my application and CV attached. ";
	text.resize(4096);

	struct Target { const char* name; std::string conn; std::string identity; };
	std::vector<Target> targets{
		{"sqlite", env.value("MB_SQLITE_ODBC"), "INTEGER PRIMARY KEY AUTOINCREMENT"},
		{"postgresql", pg, "SERIAL PRIMARY KEY"},
		{"pg+txn", pg.empty() ? "" : pg + "Protocol=7.4-1;", "SERIAL PRIMARY KEY"}};
	const char* COUNTER = "<key column=\"id\" generation=\"counter\" counters-table=\"bench_counters\" counters-name-column=\"name\""
		" counters-name=\"NOTES\" counters-value-column=\"next_no\"/>";
	for (const auto& t: targets)
	{
		if (t.conn.empty()) { std::fprintf(stderr, "no connection for %s in stack.env\n", t.name); continue; }
		OdbcConnection db(t.conn);
		prepare(db, t.identity);
		double identity = run(db, benchMapping("<key column=\"id\"/>"), rows, batch, text);
		std::printf("%-10s rows=%d batch=%d key=identity: %.0f activity rows/s\n", t.name, rows, batch, identity);
		prepare(db, "INTEGER PRIMARY KEY");
		double counter = run(db, benchMapping(COUNTER), rows, batch, text);
		std::printf("%-10s rows=%d batch=%d key=counter:  %.0f activity rows/s\n", t.name, rows, batch, counter);
	}

	// psql: the same rows through COPY in one transaction, for scale.
	std::string port = env.value("MB_PG_PORT");
	if (port.empty()) return 0;
	std::string file = "/tmp/mb_bench_mapping.sql";
	{
		std::ofstream out(file);
		out << "BEGIN;\nDELETE FROM bench_notes;\nCOPY bench_notes (id, person_kind, person_id, note_type, subject, body, note_date,"
			" message_id, imap_url) FROM stdin;\n";
		for (int i = 1; i <= rows; ++i)
			out << i << "\tC\t" << (i % 1000 + 1) << "\tEMI\tYour application for the senior engineer position\t" << text
				<< "\t20240305\tbench" << i << "@example.test\timap://alice%40example.test@imap.example.test/INBOX;UIDVALIDITY=1/;UID="
				<< i << "\n";
		out << "\\.\nCOMMIT;\n";
	}
	std::string cmd = "PGPASSWORD=mbpass psql -q -h 127.0.0.1 -p " + port + " -U mb -d mailbridge_test -v ON_ERROR_STOP=1 -f " + file;
	Poco::Stopwatch sw;
	sw.start();
	int rc = std::system(cmd.c_str());
	sw.stop();
	std::printf("psql       rows=%d COPY one transaction: %.0f rows/s (rc=%d)\n", rows, rows / (sw.elapsed() / 1e6), rc);
	return 0;
}
