//
// StoreBench.cpp
//
// Writes ledger rows with ~4 KB of text each into PostgreSQL over ODBC in
// batches (one transaction per batch, cursor row included), and times psql
// loading the same rows with COPY in one transaction, in the same run.
//
// Usage: MB_STACK_DIR=/tmp/stack bench_store [rows]
//   reads MB_PG_ODBC and MB_PG_PORT from $MB_STACK_DIR/stack.env.
//

#include "mapping/store/OdbcConnection.h"
#include "mapping/store/OdbcStore.h"
#include "mapping/store/SchemaInstaller.h"
#include "bench/common/StackEnv.h"
#include <Poco/Environment.h>
#include <Poco/Stopwatch.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

using namespace mailbridge::mapping;

namespace {

LedgerEntry makeEntry(int i, const std::string& text)
{
	LedgerEntry e;
	e.mailbox = "alice@example.test";
	e.folder = "INBOX";
	e.uidValidity = 1;
	e.uid = i;
	e.messageId = "<bench" + std::to_string(i) + "@example.test>";
	e.contentHash = std::string(64, 'f');
	e.sizeBytes = 4096;
	e.personKeys = "candidate:" + std::to_string(i % 1000);
	e.activityKeys = text;
	return e;
}

double odbcRun(const std::string& cs, int rows, int batch, const std::string& text)
{
	OdbcConnection conn(cs);
	conn.execute("DELETE FROM mb_ledger");
	conn.execute("DELETE FROM mb_folder_state");
	OdbcStore store(conn);
	Poco::Stopwatch sw;
	sw.start();
	std::vector<LedgerEntry> entries;
	for (int i = 1; i <= rows; ++i)
	{
		entries.push_back(makeEntry(i, text));
		if (static_cast<int>(entries.size()) == batch || i == rows)
		{
			FolderState s;
			s.mailbox = "alice@example.test";
			s.folder = "INBOX";
			s.uidValidity = 1;
			s.lastUid = i;
			store.writeBatch(entries, s);
			entries.clear();
		}
	}
	sw.stop();
	return rows / (sw.elapsed() / 1e6);
}

} // namespace

int main(int argc, char** argv)
{
	int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
	const mailbridge::bench::StackEnv env(Poco::Environment::get("MB_STACK_DIR", "/tmp/mailbridge-stack") + "/stack.env");
	std::string cs = env.value("MB_PG_ODBC");
	std::string port = env.value("MB_PG_PORT");
	if (cs.empty()) { std::cerr << "no MB_PG_ODBC in stack.env\n"; return 1; }
	std::string text;
	while (text.size() < 4096) text += "Dear candidate, thank you for your application. ";
	text.resize(4096);

	{
		OdbcConnection conn(cs);
		SchemaInstaller(conn, MB_SHARE_DIR).install();
	}
	for (std::string opts: {std::string(), std::string("UseServerSidePrepare=1;")})
		for (int batch: {500, 2000})
			std::printf("odbc  rows=%d batch=%d %s: %.0f rows/s\n", rows, batch,
				opts.empty() ? "default" : opts.c_str(), odbcRun(cs + opts, rows, batch, text));

	// psql: the same rows through COPY in one transaction.
	std::string file = "/tmp/mb_bench_store.sql";
	{
		std::ofstream out(file);
		out << "BEGIN;\nDELETE FROM mb_ledger;\n";
		out << "COPY mb_ledger (mailbox, folder, uidvalidity, imap_uid, message_id, content_hash, size_bytes, direction, person_keys, activity_keys) FROM stdin;\n";
		for (int i = 1; i <= rows; ++i)
		{
			LedgerEntry e = makeEntry(i, text);
			out << e.mailbox << '\t' << e.folder << '\t' << e.uidValidity << '\t' << e.uid << '\t' << e.messageId << '\t'
				<< e.contentHash << '\t' << e.sizeBytes << '\t' << e.direction << '\t' << e.personKeys << '\t' << e.activityKeys << '\n';
		}
		out << "\\.\nCOMMIT;\n";
	}
	std::string cmd = "PGPASSWORD=mbpass psql -q -h 127.0.0.1 -p " + port + " -U mb -d mailbridge_test -v ON_ERROR_STOP=1 -f " + file;
	Poco::Stopwatch sw;
	sw.start();
	int rc = std::system(cmd.c_str());
	sw.stop();
	std::printf("psql  rows=%d COPY one transaction: %.0f rows/s (rc=%d)\n", rows, rows / (sw.elapsed() / 1e6), rc);
	return 0;
}
