//
// MappingBench.cpp
//
// Activities per second written through MappedActivityWriter (value
// expressions evaluated, key drawn and read back) into SQLite and
// PostgreSQL over ODBC, in transactions of `batch` messages; ~4 KB of text
// each. Each transaction also writes the batch's ledger rows and the folder
// cursor (OdbcStore::writeLedger), as the sync store does. Activities go
// row by row (write) and as batches (writeBatch: multi-row inserts where
// the key generation allows), with identity and counter keys. For PostgreSQL, psql loading the same
// activities and ledger rows with COPY in one transaction is timed in the
// same run.
//
// Usage: MB_STACK_DIR=/tmp/stack bench_mapping [rows] [batch] [targets]
//   reads MB_PG_ODBC, MB_PG_PORT and MB_SQLITE_ODBC from $MB_STACK_DIR/stack.env;
//   targets: a comma-separated subset of sqlite,postgresql,pg+txn (all by
//   default). pg+txn is PostgreSQL with Protocol=7.4-1 (psqlODBC rolls back
//   the transaction on an error instead of wrapping every statement in a
//   savepoint; mailbridge rolls the whole batch back anyway).
//   50k rows: about 1-2 minutes on a 2-core machine.
//

#include "mapping/model/MappingParser.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/OdbcStore.h"
#include "mapping/store/SchemaInstaller.h"
#include "bench/common/StackEnv.h"
#include <Poco/Environment.h>
#include <Poco/Exception.h>
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

double run(OdbcConnection& db, const Mapping& m, int rows, int batch, const std::string& text, bool batched)
{
	db.execute("DELETE FROM mb_ledger");
	db.execute("DELETE FROM mb_folder_state");
	MappedActivityWriter writer(m, db.dialect(), "imap.example.test", std::make_shared<BenchContent>(text));
	OdbcStore store(db);
	sync::FolderKey folder{"alice@example.test", "INBOX"};
	std::vector<sync::MessageRecord> records(static_cast<std::size_t>(batch));
	std::vector<sync::PersonRef> people(static_cast<std::size_t>(batch));
	for (auto& r: records)
	{
		r.subject = "Your application for the senior engineer position";
		r.senderAddress = "candidate@example.org";
		r.outcome = sync::Outcome::Logged;
	}
	for (auto& p: people)
	{
		p.table = "bench_people";
		p.kind = "C";
	}
	Poco::Stopwatch sw;
	sw.start();
	for (int i = 1; i <= rows;)
	{
		std::vector<ActivityRequest> requests;
		std::vector<LedgerEntry> ledger;
		for (std::size_t n = 0; n < records.size() && i <= rows; ++n, ++i)
		{
			sync::MessageRecord& r = records[n];
			r.uid = static_cast<std::uint32_t>(i);
			r.messageId = "bench" + std::to_string(i) + "@example.test";
			r.contentHash = std::string(64, 'f');
			people[n].key = std::to_string(i % 1000 + 1);
			requests.push_back({r, people[n], folder, 1, ""});
			LedgerEntry e;
			e.mailbox = folder.mailbox;
			e.folder = folder.folder;
			e.uidValidity = 1;
			e.uid = i;
			e.messageId = "<" + r.messageId + ">";
			e.contentHash = r.contentHash;
			e.sizeBytes = 4096;
			e.personKeys = "bench_people:" + people[n].key;
			ledger.push_back(e);
		}
		db.begin();
		std::vector<std::string> keys;
		if (batched) keys = writer.writeBatch(db, requests);
		else for (const auto& q: requests) keys.push_back(writer.write(db, q));
		for (std::size_t n = 0; n < ledger.size(); ++n) ledger[n].activityKeys = keys[n];
		FolderState state;
		state.mailbox = folder.mailbox;
		state.folder = folder.folder;
		state.uidValidity = 1;
		state.lastUid = i - 1;
		store.writeLedger(ledger, state);
		db.commit();
	}
	sw.stop();
	return rows / (sw.elapsed() / 1e6);
}

} // namespace

int main(int argc, char** argv)
try
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
	const std::string only = argc > 3 ? std::string(",") + argv[3] + "," : std::string();
	for (const auto& t: targets)
	{
		if (!only.empty() && only.find(std::string(",") + t.name + ",") == std::string::npos) continue;
		if (t.conn.empty()) { std::fprintf(stderr, "no connection for %s in stack.env\n", t.name); continue; }
		OdbcConnection db(t.conn);
		SchemaInstaller(db, MB_SHARE_DIR).install();
		prepare(db, t.identity);
		double identity = run(db, benchMapping("<key column=\"id\"/>"), rows, batch, text, false);
		std::printf("%-10s rows=%d batch=%d key=identity row by row:  %.0f activities/s\n", t.name, rows, batch, identity);
		prepare(db, t.identity);
		double identityBatched = run(db, benchMapping("<key column=\"id\"/>"), rows, batch, text, true);
		std::printf("%-10s rows=%d batch=%d key=identity writeBatch:  %.0f activities/s\n", t.name, rows, batch, identityBatched);
		prepare(db, "INTEGER PRIMARY KEY");
		double counter = run(db, benchMapping(COUNTER), rows, batch, text, false);
		std::printf("%-10s rows=%d batch=%d key=counter  row by row:  %.0f activities/s\n", t.name, rows, batch, counter);
		prepare(db, "INTEGER PRIMARY KEY");
		double batched = run(db, benchMapping(COUNTER), rows, batch, text, true);
		std::printf("%-10s rows=%d batch=%d key=counter  writeBatch:  %.0f activities/s\n", t.name, rows, batch, batched);
		std::fflush(stdout);
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
		// ... and their ledger rows and the folder cursor, as mailbridge writes them.
		out << "\\.\nDELETE FROM mb_ledger;\nCOPY mb_ledger (mailbox, folder, uidvalidity, imap_uid, message_id, content_hash,"
			" internal_date, size_bytes, direction, person_keys, activity_keys) FROM stdin;\n";
		for (int i = 1; i <= rows; ++i)
			out << "alice@example.test\tINBOX\t1\t" << i << "\t<bench" << i << "@example.test>\t" << std::string(64, 'f')
				<< "\t2024-03-05 10:00:00\t4096\tI\tbench_people:" << (i % 1000 + 1) << "\t" << i << "\n";
		out << "\\.\nDELETE FROM mb_folder_state;\nINSERT INTO mb_folder_state (mailbox, folder, uidvalidity, last_uid, highest_modseq,"
			" backfill_floor, state_version, updated_at) VALUES ('alice@example.test', 'INBOX', 1, " << rows << ", 0, 0, 1, now());\n";
		out << "COMMIT;\n";
	}
	std::string cmd = "PGPASSWORD=mbpass psql -q -h 127.0.0.1 -p " + port + " -U mb -d mailbridge_test -v ON_ERROR_STOP=1 -f " + file;
	Poco::Stopwatch sw;
	sw.start();
	int rc = std::system(cmd.c_str());
	sw.stop();
	std::printf("psql       rows=%d COPY one transaction (activities, ledger, cursor): %.0f activities/s (rc=%d)\n", rows,
		rows / (sw.elapsed() / 1e6), rc);
	return 0;
}
catch (std::exception& exc)
{
	std::fprintf(stderr, "bench_mapping: %s\n", exc.what());
	if (auto* p = dynamic_cast<Poco::Exception*>(&exc)) std::fprintf(stderr, "%s\n", p->displayText().c_str());
	return 1;
}
