//
// OutboxBench.cpp
//
// The outbound queue as the daemon runs it (OutboxService over one
// OutboxWorker for alice, the modern example mapping, the default poll
// interval) against the stack's Dovecot submission (relaying to OpenSMTPD,
// LMTP, Dovecot) and one of its databases. Prints the latency from each
// row's INSERT commit to the row filed in Sent, for rows queued one at a
// time at random moments, and the throughput of one burst queued in one
// transaction; then checks that every row is in Sent once and logged once.
//
// Usage: bench_outbox [--env STACK_ENV] [--db postgresql|mariadb|sqlite]
//   [--count N] [--burst N] [--gap-ms MIN:MAX] [--watch-ms N]
//

#include "bench/common/StackEnv.h"
#include "bench/outbox/FiledWatcher.h"
#include "bench/outbox/OutboxAts.h"
#include "connector/imap/ImapSession.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/OutboxService.h"
#include "connector/service/ServiceConfig.h"

#include <Poco/Data/ODBC/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Path.h>
#include <Poco/Random.h>
#include <Poco/String.h>
#include <Poco/Thread.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace mailbridge;

namespace {

struct Options
{
	std::string envFile;
	std::string db = "postgresql";
	int count = 200;
	int burst = 1000;
	int gapMin = 100;
	int gapMax = 1500;
	int watchMs = 5;
};

double ms(Poco::Timestamp::TimeDiff micros)
{
	return double(micros) / 1000.0;
}

void percentiles(const char* what, std::vector<double> v)
{
	if (v.empty())
	{
		std::printf("%-34s none\n", what);
		return;
	}
	std::sort(v.begin(), v.end());
	auto at = [&v](double q) { return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))]; };
	std::printf("%-34s n=%zu  p50=%.0f ms  p90=%.0f ms  p99=%.0f ms  max=%.0f ms\n",
		what, v.size(), at(0.5), at(0.9), at(0.99), v.back());
}

std::vector<std::vector<std::string>> rows(mapping::OdbcConnection& db, const std::string& select)
{
	Poco::Data::Statement stmt(db.session());
	stmt << select;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	std::vector<std::vector<std::string>> out;
	for (bool more = rs.moveFirst(); more; more = rs.moveNext())
	{
		std::vector<std::string> row;
		for (std::size_t i = 0; i < rs.columnCount(); ++i)
			row.push_back(rs.value(i).isEmpty() ? std::string() : Poco::trimRight(rs.value(i).convert<std::string>()));
		out.push_back(row);
	}
	return out;
}

std::map<std::int64_t, Poco::Timestamp> claimTimes(mapping::OdbcConnection& db, std::int64_t from)
{
	// claimed_at is the worker's poll time (UTC, the host's clock).
	Poco::Data::Statement stmt(db.session());
	stmt << "SELECT id, claimed_at FROM mb_outbox WHERE id >= " + std::to_string(from);
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	std::map<std::int64_t, Poco::Timestamp> out;
	for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		if (!rs.value(1).isEmpty()) out[rs.value(0).convert<Poco::Int64>()] = rs.value(1).convert<Poco::DateTime>().timestamp();
	return out;
}

std::unique_ptr<imap::ImapSession> alice(const bench::StackEnv& env)
{
	imap::ImapSessionOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_IMAP_PORT"));
	o.caFile = env.get("MB_CA_FILE");
	auto session = std::make_unique<imap::ImapSession>(o);
	session->connect();
	session->login(env.get("MB_USER1"), env.get("MB_PASS1"));
	return session;
}

service::ServiceConfig configure(const bench::StackEnv& env, const std::string& mappingFile, const std::string& sent)
{
	// What an operator writes; outbox_poll_ms is left at its default.
	Poco::Environment::set("MB_BENCH_OUTBOX_PW", env.get("MB_PASS1"));
	const std::string text = "[service]\nmapping = " + mappingFile + "\n"
		"[policy]\ninternal_domains = example.test\n"
		"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
		"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\nsmtp_host = " + env.get("MB_IMAP_HOST") +
		"\nsmtp_port = " + env.get("MB_SUBMISSION_PORT") + "\nsmtp_tls = starttls\n"
		"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\npassword_env = MB_BENCH_OUTBOX_PW\n"
		"sent = " + sent + "\n";
	return service::ServiceConfig::parse(text, "bench_outbox.conf", Poco::Path::temp());
}

void latency(bench::OutboxAts& ats, bench::FiledWatcher& watcher, const Options& o, const std::string& mailbox)
{
	std::printf("\nlatency: %d rows, one INSERT each, %d-%d ms apart (uniform random)\n", o.count, o.gapMin, o.gapMax);
	Poco::Random random;
	random.seed();
	std::map<std::int64_t, Poco::Timestamp> committed;
	for (int i = 0; i < o.count; ++i)
	{
		Poco::Thread::sleep(o.gapMin + long(random.next(std::uint32_t(o.gapMax - o.gapMin + 1))));
		Poco::Timestamp at;
		const std::int64_t id = ats.queue(mailbox, "Carol Candidate <carol@example.net>", "Interview " + std::to_string(i + 1), at);
		watcher.watch(id);
		committed[id] = at;
	}
	if (!watcher.waitLogged(Poco::Timespan(120, 0))) std::printf("  not every row was logged within 120 s\n");
	const auto seen = watcher.seen();
	const auto claimed = claimTimes(ats.db(), committed.begin()->first);
	std::vector<double> toFiled, toLogged, toClaim, claimToFiled;
	std::map<std::string, std::vector<double>> steps; // between states both seen
	int failed = 0;
	for (const auto& c: committed)
	{
		const bench::FiledWatcher::Seen& s = seen.at(c.first);
		if (s.failed) ++failed;
		if (s.filed != 0) toFiled.push_back(ms(s.filed - c.second));
		if (s.logged != 0) toLogged.push_back(ms(s.logged - c.second));
		auto step = [&](const char* from, const char* to, const char* name) {
			auto a = s.states.find(from), z = s.states.find(to);
			if (a != s.states.end() && z != s.states.end()) steps[name].push_back(ms(z->second - a->second));
		};
		step("sending", "accepted", "  sending -> accepted (SMTP)");
		step("accepted", "filed", "  accepted -> filed (Sent)");
		step("filed", "logged", "  filed -> logged (activity)");
		auto cl = claimed.find(c.first);
		if (cl != claimed.end())
		{
			toClaim.push_back(ms(cl->second - c.second));
			if (s.filed != 0) claimToFiled.push_back(ms(s.filed - cl->second));
		}
	}
	percentiles("  INSERT commit -> filed", toFiled);
	percentiles("  INSERT commit -> logged", toLogged);
	bool fractions = false; // MariaDB's DATETIME keeps whole seconds: no split then
	for (const auto& cl: claimed) fractions = fractions || cl.second.epochMicroseconds() % 1000000 != 0;
	if (fractions)
	{
		percentiles("  INSERT commit -> claimed (poll)", toClaim);
		percentiles("  claimed -> filed", claimToFiled);
	}
	else
	{
		std::printf("  (claimed_at holds whole seconds here: no split into poll wait and work)\n");
	}
	for (const auto& st: steps) percentiles(st.first.c_str(), st.second);
	if (failed) std::printf("  failed rows: %d\n", failed);
}

void burst(bench::OutboxAts& ats, bench::FiledWatcher& watcher, const Options& o, const std::string& mailbox)
{
	std::printf("\nburst: %d rows in one transaction\n", o.burst);
	Poco::Timestamp committed;
	const auto ids = ats.queueBurst(mailbox, "Carol Candidate <carol@example.net>", "Burst", o.burst, committed);
	for (std::int64_t id = ids.first; id <= ids.second; ++id) watcher.watch(id);
	if (!watcher.waitLogged(Poco::Timespan(900, 0))) std::printf("  not every row was logged within 900 s\n");
	const auto seen = watcher.seen();
	Poco::Timestamp::TimeDiff firstFiled = -1, lastFiled = 0, lastLogged = 0;
	int failed = 0, logged = 0;
	for (std::int64_t id = ids.first; id <= ids.second; ++id)
	{
		const bench::FiledWatcher::Seen& s = seen.at(id);
		if (s.failed) ++failed;
		if (s.filed != 0)
		{
			const auto t = s.filed - committed;
			if (firstFiled < 0 || t < firstFiled) firstFiled = t;
			lastFiled = std::max(lastFiled, t);
		}
		if (s.logged != 0)
		{
			++logged;
			lastLogged = std::max(lastLogged, s.logged - committed);
		}
	}
	std::printf("  first filed %.0f ms, last filed %.0f ms, last logged %.0f ms after the commit\n",
		ms(firstFiled), ms(lastFiled), ms(lastLogged));
	std::printf("  %.1f msg/s (rows logged / time to the last logged), %d logged, %d failed\n",
		lastLogged > 0 ? double(logged) / (double(lastLogged) / 1e6) : 0.0, logged, failed);
}

bool verify(bench::OutboxAts& ats, const bench::StackEnv& env, const std::string& sent)
{
	// Everything, not a sample: each row logged, its Message-ID in Sent
	// once, and one outgoing activity per row.
	const auto outbox = rows(ats.db(), "SELECT message_id, state FROM mb_outbox");
	std::size_t logged = 0;
	for (const auto& r: outbox) if (r[1] == "logged") ++logged;
	std::multiset<std::string> notes;
	for (const auto& r: rows(ats.db(), "SELECT message_id FROM notes WHERE note_type = 'EMAIL_OUT'")) notes.insert(r[0]);
	auto session = alice(env);
	const std::uint32_t inSent = session->status(sent, {"MESSAGES"}).messages;
	session->select(sent, true);
	std::size_t once = 0, activityOnce = 0;
	std::vector<std::string> odd;
	for (const auto& r: outbox)
	{
		const std::string bare = r[0].size() > 2 ? r[0].substr(1, r[0].size() - 2) : r[0];
		std::size_t copies = 0;
		session->command("UID SEARCH HEADER Message-ID \"" + bare + "\"", [&copies](const imap::Response& resp) {
			if (resp.kind == "SEARCH") copies = resp.uids.count();
		});
		if (copies == 1) ++once;
		else if (odd.size() < 5) odd.push_back(r[0] + " in Sent " + std::to_string(copies) + " times");
		const std::size_t activities = notes.count(bare);
		if (activities == 1) ++activityOnce;
		else if (odd.size() < 5) odd.push_back(r[0] + ": " + std::to_string(activities) + " activities");
	}
	session->logout();
	std::printf("\nexactly once: %zu rows, %zu logged; Sent holds %u messages, %zu rows' Message-IDs once; "
		"%zu outgoing activities, %zu rows with exactly one\n",
		outbox.size(), logged, inSent, once, notes.size(), activityOnce);
	for (const auto& s: odd) std::printf("  %s\n", s.c_str());
	return logged == outbox.size() && once == outbox.size() && inSent == outbox.size() &&
		activityOnce == outbox.size() && notes.size() == outbox.size();
}

bool parse(int argc, char** argv, Options& o)
{
	const char* stackDir = std::getenv("MB_STACK_DIR");
	if (stackDir) o.envFile = std::string(stackDir) + "/stack.env";
	for (int i = 1; i + 1 < argc; i += 2)
	{
		const std::string key = argv[i], value = argv[i + 1];
		if (key == "--env") o.envFile = value;
		else if (key == "--db") o.db = value;
		else if (key == "--count") o.count = std::stoi(value);
		else if (key == "--burst") o.burst = std::stoi(value);
		else if (key == "--watch-ms") o.watchMs = std::stoi(value);
		else if (key == "--gap-ms" && value.find(':') != std::string::npos)
		{
			o.gapMin = std::stoi(value.substr(0, value.find(':')));
			o.gapMax = std::stoi(value.substr(value.find(':') + 1));
		}
		else return false;
	}
	return (argc % 2) == 1 && !o.envFile.empty() && (o.db == "postgresql" || o.db == "mariadb" || o.db == "sqlite") &&
		o.count >= 0 && o.burst >= 0 && o.gapMin >= 0 && o.gapMax >= o.gapMin && o.watchMs > 0;
}

} // namespace

int main(int argc, char** argv)
{
	Options o;
	if (!parse(argc, argv, o))
	{
		std::cerr << "usage: bench_outbox [--env STACK_ENV] [--db postgresql|mariadb|sqlite] [--count N] [--burst N]"
			" [--gap-ms MIN:MAX] [--watch-ms N]\n  (--env defaults to $MB_STACK_DIR/stack.env)" << std::endl;
		return 2;
	}
	Poco::Logger::setLevel("", Poco::Message::PRIO_WARNING); // the worker's per-poll notes
	Poco::Data::ODBC::Connector::registerConnector();
	try
	{
		const bench::StackEnv env(o.envFile);
		const std::string conn = env.get(o.db == "postgresql" ? "MB_PG_ODBC" : o.db == "mariadb" ? "MB_MARIADB_ODBC" : "MB_SQLITE_ODBC");
		const std::string tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		const std::string sent = "BenchSent" + tag;
		const std::string mappingFile = Poco::Path::temp() + "mb-bench-outbox-" + tag + ".xml";

		bench::OutboxAts ats(o.db, conn, MB_SHARE_DIR);
		ats.reset();
		ats.writeMapping(mappingFile, "MB_BENCH_OUTBOX_DB_PW");
		alice(env)->command("CREATE " + sent); // alice's Sent stand-in, empty
		const service::ServiceConfig config = configure(env, mappingFile, sent);
		const std::string mailbox = config.mailboxes[0].address;

		std::printf("bench_outbox: database %s, submission %s:%s, Sent folder %s\n", o.db.c_str(),
			env.get("MB_IMAP_HOST").c_str(), env.get("MB_SUBMISSION_PORT").c_str(), sent.c_str());
		std::printf("outbox_poll_ms %lld (default), batch %zu, watcher polls every %d ms\n",
			static_cast<long long>(config.outboxPoll.totalMilliseconds()), sync::OutboxOptions().batch, o.watchMs);
		std::printf("load average at start: %s\n", bench::StackEnv::loadAverage().c_str());

		std::vector<std::unique_ptr<service::OutboxWorker>> workers;
		workers.emplace_back(new service::OutboxWorker(config.mailboxes[0], service::bindMapping(config), sync::OutboxOptions()));
		service::OutboxService outbox(std::move(workers), config.outboxPoll);
		outbox.start();
		bench::FiledWatcher watcher(conn, Poco::Timespan(0, o.watchMs * 1000));
		if (o.count > 0) latency(ats, watcher, o, mailbox);
		std::printf("load average: %s\n", bench::StackEnv::loadAverage().c_str());
		if (o.burst > 0) burst(ats, watcher, o, mailbox);
		std::printf("load average: %s\n", bench::StackEnv::loadAverage().c_str());
		outbox.stop();
		std::printf("watcher: %zu polls\n", watcher.polls());
		const bool ok = verify(ats, env, sent);
		Poco::File(mappingFile).remove();
		return ok ? 0 : 1;
	}
	catch (const Poco::Exception& exc)
	{
		std::cerr << "bench_outbox: " << exc.displayText() << std::endl;
	}
	catch (const std::exception& exc)
	{
		std::cerr << "bench_outbox: " << exc.what() << std::endl;
	}
	return 1;
}
