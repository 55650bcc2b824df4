// The inbound pipeline end to end against the test stack, in one run:
//   1. a folder of alice's filled with N generated ~5 KB messages (maildir
//      files written directly; --folder reuses a filled one);
//   2. the raw streamed UID FETCH 1:* (UID BODY.PEEK[]) over a plain socket;
//   3. mbsync pulling the same folder into a maildir (STARTTLS);
//   4. the daemon's backfill of the folder into PostgreSQL (modern example
//      schema, ~2000 candidates), once per batch size: the first as
//      service::makeInboundWorker builds it, the others with every part
//      behind a stopwatch (where the time goes);
//   5. the no-change re-sync after each backfill;
//   6. delivery-to-row latency: a WorkerPool holds INBOX in IDLE while
//      messages from known candidates arrive one by one over LMTP.
//
// The folder is deleted at the end (unless --folder or --keep), and so are
// this run's deliveries from INBOX.
//
// Usage: bench_pipeline --env STACK_ENV [--count N] [--deliveries D]
//                       [--batches 500,2000] [--folder NAME] [--keep]
//                       [--odbc-options "Key=value;"]
// --odbc-options is appended to MB_PG_ODBC (driver settings). At the
// defaults a run takes 7 to 9 minutes on a loaded 2-core machine, mostly the
// two backfills; --count shrinks it.

#include "bench/common/MaildirWriter.h"
#include "bench/common/RawFetch.h"
#include "bench/common/StackEnv.h"
#include "bench/pipeline/AtsFixture.h"
#include "bench/pipeline/LmtpSender.h"
#include "bench/pipeline/MbsyncRun.h"
#include "bench/pipeline/MessageGenerator.h"
#include "bench/pipeline/StageClock.h"
#include "bench/pipeline/TimedWorker.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/UidSet.h"
#include "connector/service/InboundWorkers.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/MessageParsing.h"
#include "connector/service/WorkerPool.h"
#include "mapping/store/OdbcConnection.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Thread.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace mailbridge;
using mailbridge::bench::Figure;
using mailbridge::bench::Stage;
using mailbridge::bench::StageClock;
using mailbridge::bench::StackEnv;

namespace {

const char* const STAGES[] = {"imap.connect", "db.connect", "imap.list", "imap.examine", "imap.search", "imap.fetch",
	"process", "parse", "prepare.ahead", "prepare.inline", "people", "commit", "insert", "content", "link", "db.ledger", "db.cursor"};

struct Options
{
	std::string envFile;
	int count = 50000;
	int deliveries = 200;
	std::vector<int> batches = {500, 2000};
	std::string folder;  ///< reuse this filled folder
	std::string odbcOptions;  ///< appended to MB_PG_ODBC
	bool keep = false;
	std::string commandLine;
};

class StatusRecorder: public service::StatusSink
{
public:
	void report(const std::string&, const service::MailboxState& state) override
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		_last = state;
	}

	service::MailboxState last() const
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		return _last;
	}

private:
	mutable Poco::FastMutex _mutex;
	service::MailboxState _last;
};

struct BackfillRun
{
	std::string label;
	int batch = 0;
	bool timed = false;
	double seconds = 0;
	sync::MailboxReport report;
	long long rows = 0;
	long long ledger = 0;
	double resyncSeconds = 0;
	sync::MailboxReport resync;
	std::map<std::string, Stage> stages;
	std::map<std::string, Stage> resyncStages;
	std::string load;
};

struct LatencyRun
{
	std::vector<double> total, lmtp, wake, pass, seen;
	int viaIdle = 0;     ///< woken by IDLE (else found by the pass's own EXAMINE)
	int missed = 0;      ///< no row within the limit
	std::string load;
};

std::map<std::string, Stage> snapshot(const StageClock& clock)
{
	std::map<std::string, Stage> out;
	for (const char* s: STAGES) out[s] = clock.stage(s);
	return out;
}

double percentile(std::vector<double> v, double p)
{
	if (v.empty()) return NAN;
	std::sort(v.begin(), v.end());
	std::size_t i = static_cast<std::size_t>(std::ceil(p * double(v.size())));
	return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
}

std::string rate(double n, double seconds)
{
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%.0f msg/s", seconds > 0 ? n / seconds : 0.0);
	return buf;
}

class Bench
{
public:
	explicit Bench(const Options& options):
		_options(options),
		_env(options.envFile),
		_tag("b" + std::to_string(std::time(nullptr))),
		_generator(_env.get("MB_USER1"), _tag, 2000, 42),
		_work(Poco::Path::temp() + "mb-bench-pipeline-" + std::to_string(std::time(nullptr)))
	{
		Poco::File(_work).createDirectories();
		_loadStart = StackEnv::loadAverage();
	}

	~Bench()
	{
		try { Poco::File(_work).remove(true); } catch (...) {}
	}

	int run()
	{
		fill();
		rawFetch();
		mbsync();

		_ats.reset(new bench::AtsFixture(_env.get("MB_PG_ODBC") + _options.odbcOptions, MB_SHARE_DIR));
		_mappingFile = _work + "/mapping.xml";
		_ats->writeMapping(_mappingFile, "MB_BENCH_DB_PW");
		Poco::Environment::set("MB_BENCH_ALICE_PW", _env.get("MB_PASS1"));

		// The first batch size runs the daemon's own assembly untouched; the
		// others the same parts behind stopwatches (their cost is within the
		// noise: give a size twice to compare).
		for (std::size_t i = 0; i < _options.batches.size(); ++i)
			_runs.push_back(backfill(i == 0 ? "makeInboundWorker" : "timed parts", _options.batches[i], i != 0));

		if (_options.deliveries > 0) latency();
		cleanup();
		print();
		std::printf("total run time %.0f s\n", elapsed());
		return 0;
	}

private:
	double elapsed() const { return double(_started.elapsed()) / 1e6; }

	imap::ImapSessionOptions plainOptions() const
	{
		imap::ImapSessionOptions o;
		o.host = _env.get("MB_IMAP_HOST");
		o.port = static_cast<unsigned short>(_env.getInt("MB_IMAP_PORT"));
		o.security = imap::ImapSessionOptions::Plain; // loopback, as the raw loop
		o.allowInsecure = true;
		o.readTimeout = Poco::Timespan(300, 0);
		return o;
	}

	void fill()
	{
		imap::ImapSession setup(plainOptions());
		setup.connect();
		setup.login(_env.get("MB_USER1"), _env.get("MB_PASS1"));
		_folder = _options.folder.empty() ? "Pipeline" + std::to_string(std::time(nullptr)) : _options.folder;
		if (_options.folder.empty())
		{
			setup.command("CREATE " + _folder);
			bench::MaildirWriter maildir(_env.get("MB_STACK_DIR"), _env.get("MB_USER1"), _folder);
			// Spread over the last 60 days, oldest first.
			const std::time_t now = std::time(nullptr);
			const double step = 60.0 * 86400 / std::max(1, _options.count);
			Poco::Timestamp start;
			for (int i = 0; i < _options.count; ++i)
			{
				const std::time_t when = now - 60 * 86400 + static_cast<std::time_t>(i * step);
				bench::GeneratedMessage m = _generator.next(when);
				_filledBytes += m.raw.size();
				maildir.write(m.raw, when, i % 5 != 0);
			}
			_fillSeconds = double(start.elapsed()) / 1e6;
		}
		Poco::Timestamp index;
		setup.select(_folder);
		_selectSeconds = double(index.elapsed()) / 1e6;
		_exists = setup.mailbox().exists();
		setup.logout();
		std::printf("[%4.0f s] folder %s: %llu messages", elapsed(), _folder.c_str(), (unsigned long long) _exists);
		if (_fillSeconds > 0)
			std::printf(" (%d generated, %.1f MB, in %.1f s)", _options.count, _filledBytes / 1e6, _fillSeconds);
		std::printf("; first SELECT %.2f s\n", _selectSeconds);
	}

	void rawFetch()
	{
		bench::RawLogin login{_env.get("MB_IMAP_HOST"), static_cast<unsigned short>(_env.getInt("MB_IMAP_PORT")),
			_env.get("MB_USER1"), _env.get("MB_PASS1"), _folder};
		_raw = bench::rawFetch(login, _exists, {"UID FETCH 1:* (UID BODY.PEEK[])"}, 1);
		std::printf("[%4.0f s] raw FETCH: %.2f s, %.0f msg/s, %.1f MB/s\n", elapsed(), _raw.seconds, _raw.msgPerSec(), _raw.mbPerSec());
	}

	void mbsync()
	{
		bench::MbsyncSettings s;
		s.host = _env.get("MB_IMAP_HOST");
		s.port = static_cast<unsigned short>(_env.getInt("MB_IMAP_PORT"));
		s.caFile = _env.get("MB_CA_FILE");
		s.user = _env.get("MB_USER1");
		s.password = _env.get("MB_PASS1");
		s.folder = _folder;
		s.workDir = _work + "/mbsync";
		_mbsync = bench::runMbsync(s, _mbsyncDetail);
		std::printf("[%4.0f s] mbsync: %.2f s, %llu messages, %.0f msg/s (%s)\n", elapsed(), _mbsync.seconds, (unsigned long long) _mbsync.messages,
			_mbsync.msgPerSec(), _mbsyncDetail.c_str());
		try { Poco::File(s.workDir).remove(true); } catch (...) {}
	}

	service::ServiceConfig config(int batch, const std::string& inbox) const
	{
		std::string text = "[service]\nmapping = " + _mappingFile + "\nwindow_days = 3650\nbatch_size = " + std::to_string(batch) +
			"\n[policy]\ninternal_domains = example.test\n"
			"[mailbox alice]\naddress = " + _env.get("MB_USER1") + "\nhost = " + _env.get("MB_IMAP_HOST") +
			"\nport = " + _env.get("MB_IMAP_PORT") + "\ntls = starttls\nca_file = " + _env.get("MB_CA_FILE") +
			"\npassword_env = MB_BENCH_ALICE_PW\n";
		if (!inbox.empty()) text += "inbox = " + inbox + "\n";
		return service::ServiceConfig::parse(text, "bench.conf", _work);
	}

	std::unique_ptr<service::MailboxWorker> worker(const service::ServiceConfig& c, bool timed, StatusRecorder& status)
	{
		if (timed)
		{
			auto binding = std::dynamic_pointer_cast<const service::MappingBinding>(service::bindMapping(c));
			return bench::makeTimedWorker(c, c.mailboxes.front(), binding, status, _clock);
		}
		service::InboundParts parts;
		parts.ats = service::bindMapping(c);
		parts.parser = service::parseMessageForSync;
		parts.status = &status;
		return service::makeInboundWorker(c, c.mailboxes.front(), parts);
	}

	BackfillRun backfill(const std::string& label, int batch, bool timed)
	{
		BackfillRun r;
		r.label = label;
		r.batch = batch;
		r.timed = timed;
		_ats->reset(_generator.candidates());
		const service::ServiceConfig c = config(batch, _folder);
		StatusRecorder status;
		std::unique_ptr<service::MailboxWorker> w = worker(c, timed, status);
		_clock.reset();
		Poco::Timestamp start;
		r.report = w->runOnce();
		r.seconds = double(start.elapsed()) / 1e6;
		r.stages = snapshot(_clock);
		r.load = StackEnv::loadAverage();
		r.rows = _ats->count("SELECT COUNT(*) FROM notes");
		r.ledger = _ats->count("SELECT COUNT(*) FROM mb_ledger");

		_clock.reset();
		Poco::Timestamp again;
		r.resync = w->runOnce();
		r.resyncSeconds = double(again.elapsed()) / 1e6;
		r.resyncStages = snapshot(_clock);
		std::printf("[%4.0f s] backfill (%s, batch %d): %.1f s, %s, fetched %zu, logged %zu, errors %zu, %lld activity rows, "
			"%lld ledger rows; re-sync %.3f s (fetched %zu); load %s\n", elapsed(), label.c_str(), batch, r.seconds,
			rate(double(r.report.fetched), r.seconds).c_str(), r.report.fetched, r.report.logged, r.report.errors, r.rows,
			r.ledger, r.resyncSeconds, r.resync.fetched, r.load.c_str());
		if (timed) printStages(r.stages, r.seconds, r.report.fetched);
		return r;
	}

	bool waitFor(const std::function<bool()>& done, double seconds, int pollMs)
	{
		Poco::Timestamp start;
		while (!done())
		{
			if (double(start.elapsed()) / 1e6 > seconds) return false;
			Poco::Thread::sleep(pollMs);
		}
		return true;
	}

	void latency()
	{
		_ats->reset(_generator.candidates());
		const service::ServiceConfig c = config(500, "");
		StatusRecorder status;
		std::vector<std::unique_ptr<service::MailboxWorker>> workers;
		workers.push_back(worker(c, true, status));
		_clock.reset();
		service::WorkerPool pool(std::move(workers), 1);
		pool.start();
		if (!waitFor([&] { return status.last().state == "idle"; }, 120, 20))
		{
			std::printf("IDLE: the worker never became idle (%s)\n", status.last().lastError.c_str());
			pool.stop();
			return;
		}
		bench::LmtpSender lmtp(_env.get("MB_IMAP_HOST"), static_cast<unsigned short>(_env.getInt("MB_LMTP_PORT")));
		mapping::OdbcConnection poller(_env.get("MB_PG_ODBC"));
		std::mt19937 random(7);
		Poco::Timestamp lastRow;
		Poco::Timestamp lastPass;
		for (int d = 0; d < _options.deliveries; ++d)
		{
			// Deliver while the worker waits after its pass, at a moment
			// spread over a second, as mail arrives: the IDLE is held, so
			// the moment within the wait does not matter to mailbridge.
			waitFor([&] { return !_clock.eventsAfter(lastPass, "wait").empty(); }, 10, 2);
			Poco::Thread::sleep(20 + static_cast<long>(random() % 1000u));
			Poco::Int64 maxId = 0;
			{
				Poco::Data::Statement q(poller.session());
				q << "SELECT COALESCE(MAX(id), 0) FROM notes", Poco::Data::Keywords::into(maxId), Poco::Data::Keywords::now;
			}
			bench::GeneratedMessage m = _generator.fromCandidate(static_cast<std::size_t>(d) * 7 + 3, std::time(nullptr));
			const std::string probe = "SELECT COUNT(*) FROM notes WHERE id > " + std::to_string(maxId) + " AND message_id = '" +
				m.messageId + "'";
			Poco::Timestamp sent;
			lmtp.deliver(_env.get("MB_USER1"), m.raw);
			Poco::Timestamp delivered;
			const bool logged = waitFor([&] {
				Poco::Int64 n = 0;
				Poco::Data::Statement q(poller.session());
				q << probe, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
				return n > 0;
			}, 10, 5);
			lastRow.update();
			if (!logged)
			{
				// Say what the worker did meanwhile: waiting in IDLE without
				// being woken means the server's news was lost on our side.
				++_latency.missed;
				std::printf("[%4.0f s] IDLE: delivery %d (%s) has no row after 10 s; since it: %zu IDLE waits, %zu wake-ups, %zu commits\n",
					elapsed(), d + 1, m.messageId.c_str(), _clock.eventsAfter(sent, "wait").size(),
					_clock.eventsAfter(sent, "woken").size(), _clock.eventsAfter(sent, "committed").size());
				lastPass = lastRow;
				continue;
			}
			const double total = double(lastRow - sent) / 1e6;
			_latency.total.push_back(total);
			_latency.lmtp.push_back(double(delivered - sent) / 1e6);
			// The split: IDLE woken -> the batch committed -> the row seen.
			std::vector<bench::ClockEvent> woken = _clock.eventsAfter(sent, "woken");
			std::vector<bench::ClockEvent> committed = _clock.eventsAfter(sent, "committed");
			Poco::Timestamp passStart = sent;
			if (!woken.empty() && (committed.empty() || woken.front().at <= committed.front().at))
			{
				++_latency.viaIdle;
				_latency.wake.push_back(double(woken.front().at - sent) / 1e6);
				passStart = woken.front().at;
			}
			if (!committed.empty())
			{
				lastPass = committed.front().at;
				_latency.pass.push_back(double(committed.front().at - passStart) / 1e6);
				_latency.seen.push_back(double(lastRow - committed.front().at) / 1e6);
			}
			if ((d + 1) % 50 == 0)
				std::printf("[%4.0f s] IDLE: %d delivered, p50 so far %.3f s\n", elapsed(), d + 1, percentile(_latency.total, 0.5));
		}
		pool.stop();
		_latency.load = StackEnv::loadAverage();
	}

	void cleanup()
	{
		if (_options.keep) return;
		try
		{
			imap::ImapSession s(plainOptions());
			s.connect();
			s.login(_env.get("MB_USER1"), _env.get("MB_PASS1"));
			if (_options.folder.empty()) s.command("DELETE " + _folder);
			// The deliveries of this run leave INBOX, so the next run's first
			// pass there stays as short.
			s.select("INBOX");
			std::vector<std::uint32_t> uids;
			s.command("UID SEARCH HEADER Message-ID \"" + _tag + ".\"", [&](const imap::Response& r) {
				if (r.kind == "SEARCH" || r.kind == "ESEARCH")
					for (std::uint32_t uid: r.uids.expand()) uids.push_back(uid);
			});
			if (!uids.empty())
			{
				const std::string set = imap::UidSet(uids).toString();
				s.command("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)");
				s.command("UID EXPUNGE " + set);
			}
			s.logout();
		}
		catch (std::exception& exc)
		{
			std::printf("could not delete %s: %s\n", _folder.c_str(), exc.what());
		}
	}

	static void printStages(const std::map<std::string, Stage>& st, double wall, std::size_t messages)
	{
		auto sec = [&](const char* name) { auto it = st.find(name); return it == st.end() ? 0.0 : it->second.seconds; };
		auto calls = [&](const char* name) { auto it = st.find(name); return it == st.end() ? 0ull : (unsigned long long) it->second.calls; };
		struct Row { const char* what; double seconds; unsigned long long calls; bool overlapped; };
		const double process = sec("process"), inlinePrep = sec("prepare.inline"), people = sec("people");
		const double commit = sec("commit"), insert = sec("insert"), content = sec("content");
		const double imapOther = sec("imap.connect") + sec("imap.list") + sec("imap.examine") + sec("imap.search");
		const double dbOther = sec("db.connect") + sec("db.ledger") + sec("db.cursor");
		// Overlapped rows run on the fetching thread while the batch before
		// commits: they count towards the wall time only where they stall it.
		const Row rows[] = {
			{"IMAP fetch (UID FETCH, parsed by ImapSession) *", sec("imap.fetch"), calls("imap.fetch"), true},
			{"hash + MIME parse of the next batch *", sec("prepare.ahead"), calls("prepare.ahead"), true},
			{"IMAP connect, LIST, EXAMINE, SEARCH (calls: SEARCH)", imapOther, calls("imap.search"), false},
			{"hash + MIME parse inline (a pass's first batch)", inlinePrep, calls("prepare.inline"), false},
			{"policy (process - inline parse - people)", process - inlinePrep - people, calls("process"), false},
			{"people lookup (one query per batch)", people, calls("people"), false},
			{"activity body text (MimeContentSource)", content, calls("content"), false},
			{"activity INSERTs (writer, without body text)", insert - content, calls("insert"), false},
			{"ledger, dedupe, threading, COMMIT (commit - writer)", commit - insert - sec("link"), calls("commit"), false},
			{"parent links (linkParent)", sec("link"), calls("link"), false},
			{"DB connect, cursor, ledger reads (calls: ledger)", dbOther, calls("db.ledger"), false},
		};
		double sum = 0;
		for (const Row& r: rows)
		{
			if (messages)
				std::printf("    %-52s %8.2f s %5.1f%%  %7llu calls  %7.1f us/msg\n", r.what, r.seconds, 100 * r.seconds / wall, r.calls,
					1e6 * r.seconds / double(messages));
			else if (r.seconds > 0)
				std::printf("    %-52s %8.3f s %5.1f%%  %7llu calls\n", r.what, r.seconds, 100 * r.seconds / wall, r.calls);
			if (!r.overlapped) sum += r.seconds;
		}
		std::printf("    %-52s %8.3f s %5.1f%%\n", "unaccounted (engine, waits for the fetching thread)", wall - sum,
			100 * (wall - sum) / wall);
		std::printf("    * on the fetching thread, beside the commit of the batch before\n");
	}

	void print() const
	{
		std::printf("\n==== bench_pipeline results ====\n");
		std::printf("command: %s\n", _options.commandLine.c_str());
		std::printf("machine: %u cores; load average at start %s, at end %s\n", Poco::Environment::processorCount(),
			_loadStart.c_str(), StackEnv::loadAverage().c_str());
		std::printf("folder: %s, %llu messages", _folder.c_str(), (unsigned long long) _exists);
		if (_filledBytes) std::printf(", %.1f MB generated (avg %.1f KB)", _filledBytes / 1e6, _filledBytes / 1e3 / std::max(1, _options.count));
		std::printf("; PostgreSQL via ODBC (modern example schema, %zu candidates)\n", _generator.candidates().size());
		std::printf("settings: ODBC options added: \"%s\"; IDLE held by the WorkerPool; all IMAP over STARTTLS except the raw loop\n\n",
			_options.odbcOptions.c_str());

		std::printf("  %-58s %10s %14s  %s\n", "what", "seconds", "rate", "notes");
		auto line = [](const std::string& what, double seconds, const std::string& rateText, const std::string& notes) {
			std::printf("  %-58s %10.3f %14s  %s\n", what.c_str(), seconds, rateText.c_str(), notes.c_str());
		};
		char buf[256];
		if (_fillSeconds > 0) line("fill: generate + write maildir files", _fillSeconds, rate(_options.count, _fillSeconds), "");
		line("first SELECT (Dovecot indexes the folder)", _selectSeconds, "", "");
		std::snprintf(buf, sizeof(buf), "%.1f MB/s on the wire", _raw.mbPerSec());
		line("raw UID FETCH 1:* (UID BODY.PEEK[]), plain socket", _raw.seconds, rate(double(_raw.messages), _raw.seconds), buf);
		std::snprintf(buf, sizeof(buf), "%llu files; %s", (unsigned long long) _mbsync.messages, _mbsyncDetail.c_str());
		line("mbsync -a into a maildir (STARTTLS)", _mbsync.seconds, rate(double(_mbsync.messages), _mbsync.seconds), buf);
		for (const BackfillRun& r: _runs)
		{
			std::snprintf(buf, sizeof(buf), "%zu fetched, %zu logged, %lld activity rows, %zu errors; load %s", r.report.fetched,
				r.report.logged, r.rows, r.report.errors, r.load.c_str());
			line("backfill, " + r.label + ", batch " + std::to_string(r.batch), r.seconds, rate(double(r.report.fetched), r.seconds), buf);
		}
		for (const BackfillRun& r: _runs)
		{
			std::snprintf(buf, sizeof(buf), "fetched %zu (target <= 0.2 s)", r.resync.fetched);
			line("no-change re-sync (runOnce), " + r.label + ", batch " + std::to_string(r.batch), r.resyncSeconds, "", buf);
		}
		if (!_latency.total.empty() || _latency.missed)
		{
			std::snprintf(buf, sizeof(buf), "p50 %.3f  p99 %.3f  max %.3f s over %zu deliveries (%d missed; target p50 <= 0.5 s); load %s",
				percentile(_latency.total, 0.5), percentile(_latency.total, 0.99),
				_latency.total.empty() ? NAN : *std::max_element(_latency.total.begin(), _latency.total.end()),
				_latency.total.size(), _latency.missed, _latency.load.c_str());
			line("IDLE: LMTP delivery -> activity row", percentile(_latency.total, 0.5), "", buf);
			std::printf("    split (medians): LMTP delivery %.3f s; delivery start -> IDLE woken %.3f s (%d of %zu woken by IDLE);\n"
				"    woken -> batch committed %.3f s; committed -> row seen by the poller %.3f s\n",
				percentile(_latency.lmtp, 0.5), percentile(_latency.wake, 0.5), _latency.viaIdle, _latency.total.size(),
				percentile(_latency.pass, 0.5), percentile(_latency.seen, 0.5));
			std::printf("    split (p99): IDLE woken %.3f s; woken -> committed %.3f s\n", percentile(_latency.wake, 0.99),
				percentile(_latency.pass, 0.99));
		}
		for (const BackfillRun& r: _runs)
		{
			if (!r.timed) continue;
			std::printf("\n  where the time goes: backfill, batch %d, %.2f s wall, %zu messages\n", r.batch, r.seconds, r.report.fetched);
			printStages(r.stages, r.seconds, r.report.fetched);
			std::printf("  re-sync, batch %d, %.3f s wall\n", r.batch, r.resyncSeconds);
			printStages(r.resyncStages, r.resyncSeconds, 0);
		}
	}

	Options _options;
	Poco::Timestamp _started;
	StackEnv _env;
	std::string _tag;  ///< in every Message-ID generated by this run
	bench::MessageGenerator _generator;
	std::string _work;
	std::string _loadStart;
	std::string _folder;
	std::uint64_t _exists = 0;
	std::uint64_t _filledBytes = 0;
	double _fillSeconds = 0;
	double _selectSeconds = 0;
	Figure _raw;
	Figure _mbsync;
	std::string _mbsyncDetail;
	std::unique_ptr<bench::AtsFixture> _ats;
	std::string _mappingFile;
	StageClock _clock;
	std::vector<BackfillRun> _runs;
	LatencyRun _latency;
};

} // namespace

int main(int argc, char** argv)
{
	Options o;
	for (int i = 0; i < argc; ++i) o.commandLine += std::string(i ? " " : "") + argv[i];
	for (int i = 1; i < argc; ++i)
	{
		const std::string a = argv[i];
		const bool hasValue = i + 1 < argc;
		if (a == "--env" && hasValue) o.envFile = argv[++i];
		else if (a == "--count" && hasValue) o.count = std::atoi(argv[++i]);
		else if (a == "--deliveries" && hasValue) o.deliveries = std::atoi(argv[++i]);
		else if (a == "--folder" && hasValue) o.folder = argv[++i];
		else if (a == "--keep") o.keep = true;
		else if (a == "--odbc-options" && hasValue) o.odbcOptions = argv[++i];
		else if (a == "--batches" && hasValue)
		{
			o.batches.clear();
			std::stringstream list(argv[++i]);
			std::string item;
			while (std::getline(list, item, ','))
				if (std::atoi(item.c_str()) > 0) o.batches.push_back(std::atoi(item.c_str()));
		}
		else
		{
			o.envFile.clear();
			break;
		}
	}
	if (o.envFile.empty() || o.count <= 0)
	{
		std::cerr << "usage: bench_pipeline --env STACK_ENV [--count N] [--deliveries D] [--batches 500,2000] [--folder NAME] [--keep]\n"
			"                      [--odbc-options \"Key=value;\"]\n";
		return 2;
	}
	std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows when piped to a file
	// The workers log through Poco: only what went wrong, on stderr.
	Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
	Poco::Logger::root().setChannel(console);
	Poco::Logger::root().setLevel(Poco::Message::PRIO_WARNING);
	try
	{
		return Bench(o).run();
	}
	catch (Poco::Exception& exc)
	{
		std::cerr << "bench_pipeline: " << exc.displayText() << "\n";
	}
	catch (std::exception& exc)
	{
		std::cerr << "bench_pipeline: " << exc.what() << "\n";
	}
	return 1;
}
