// Fills a fresh folder with ~5 KB messages (maildir files written directly),
// then times, in alternating rounds (3 by default), the whole folder fetched as
//   raw:       one UID FETCH 1:* (UID BODY.PEEK[]) read by a plain socket loop
//              that only looks for the tagged end (the ceiling);
//   raw-pipe:  the raw loop with pipelined's commands (what pipelining costs the server);
//   single:    raw's command through ImapSession into a counting sink;
//   pipelined: uidFetchPipelined, ranges of 500 UIDs, 4 in flight.
// All four use the same plain transport (no TLS) on loopback. --folder reuses
// a filled folder of MB_USER2 instead (not deleted at the end).
//
// Usage: bench_imap_fetch --env STACK_ENV [--count N] [--rounds N] [--folder NAME]

#include "bench/common/MaildirWriter.h"
#include "bench/common/RawFetch.h"
#include "bench/common/StackEnv.h"
#include "connector/imap/ImapSession.h"

#include <Poco/Timestamp.h>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

using namespace mailbridge::imap;
using mailbridge::bench::Figure;
using mailbridge::bench::StackEnv;

namespace {

struct Counter: FetchHandler, LiteralSink
{
	std::uint64_t messages = 0, bytes = 0;
	LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return this; }
	void message(const FetchData&) override { ++messages; }
	void begin(std::uint64_t) override {}
	void write(const char*, std::size_t n) override { bytes += n; }
	void end() override {}
};

void print(const char* name, const Figure& f)
{
	std::printf("  %-9s %6llu msgs %8.1f MB %6.2f s  %8.0f msg/s %7.1f MB/s\n", name, (unsigned long long) f.messages,
		f.bytes / 1e6, f.seconds, f.msgPerSec(), f.mbPerSec());
}

std::vector<UidSet> ranges500(std::uint32_t uidNext)
{
	std::vector<UidSet> ranges;
	for (std::uint32_t first = 1; first < uidNext; first += 500)
	{
		UidSet r;
		r.add(first, std::min(first + 499, uidNext - 1));
		ranges.push_back(r);
	}
	return ranges;
}

Figure sessionFetch(const ImapSessionOptions& o, const std::string& user, const std::string& pass, const std::string& folder,
	bool pipelined)
{
	ImapSession session(o);
	session.connect();
	session.login(user, pass);
	session.select(folder);
	Counter counter;
	Poco::Timestamp t;
	if (pipelined)
	{
		std::vector<UidSet> ranges = ranges500(session.mailbox().uidNext());
		session.uidFetchPipelined(ranges, "UID BODY.PEEK[]", counter, 4);
	}
	else
	{
		UidSet all;
		all.add(1, UidSet::STAR);
		session.uidFetch(all, "UID BODY.PEEK[]", counter);
	}
	Figure f;
	f.seconds = t.elapsed() / 1e6;
	f.messages = counter.messages;
	f.bytes = counter.bytes;
	session.logout();
	return f;
}

} // namespace

int main(int argc, char** argv)
{
	std::string envFile;
	int count = 50000;
	int rounds = 3;
	std::string reuse;
	for (int i = 1; i + 1 < argc; i += 2)
	{
		if (!std::strcmp(argv[i], "--env")) envFile = argv[i + 1];
		else if (!std::strcmp(argv[i], "--count")) count = std::atoi(argv[i + 1]);
		else if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
		else if (!std::strcmp(argv[i], "--folder")) reuse = argv[i + 1];
	}
	if (envFile.empty()) { std::cerr << "usage: bench_imap_fetch --env STACK_ENV [--count N] [--rounds N] [--folder NAME]\n"; return 2; }
	StackEnv env(envFile);
	ImapSessionOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_IMAP_PORT"));
	o.security = ImapSessionOptions::Plain; // same transport as the raw loop
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(300, 0);
	const std::string user = env.get("MB_USER2"), pass = env.get("MB_PASS2");
	const std::string folder = reuse.empty() ? "Bench" + std::to_string(std::time(nullptr)) : reuse;

	ImapSession setup(o);
	setup.connect();
	setup.login(user, pass);
	if (reuse.empty()) setup.command("CREATE " + folder);
	mailbridge::bench::MaildirWriter maildir(env.get("MB_STACK_DIR"), user, folder);
	std::string body(5000, 'x');
	for (std::size_t i = 76; i + 1 < body.size(); i += 78) { body[i] = '\r'; body[i + 1] = '\n'; }
	Poco::Timestamp genStart;
	for (int i = 0; reuse.empty() && i < count; ++i)
		maildir.write("From: a@example.test\r\nSubject: message " + std::to_string(i) + "\r\n\r\n" + body + "\r\n");
	setup.select(folder);
	const std::uint64_t exists = setup.mailbox().exists();
	const std::uint32_t uidNext = setup.mailbox().uidNext();
	std::printf("generated %d messages in %.1f s; folder %s has %llu\n", count, genStart.elapsed() / 1e6, folder.c_str(),
		(unsigned long long) exists);
	setup.logout();

	const char* names[] = {"raw", "raw-pipe", "single", "pipelined"};
	const int kinds = 4;
	std::vector<std::string> pipeCommands;
	for (const UidSet& r: ranges500(uidNext)) pipeCommands.push_back("UID FETCH " + r.toString() + " (UID BODY.PEEK[])");
	const mailbridge::bench::RawLogin login{o.host, o.port, user, pass, folder};
	std::vector<Figure> all[kinds];
	for (int round = 1; round <= rounds; ++round)
	{
		std::printf("round %d\n", round);
		Figure f[kinds] = {mailbridge::bench::rawFetch(login, exists, {"UID FETCH 1:* (UID BODY.PEEK[])"}, 1),
			mailbridge::bench::rawFetch(login, exists, pipeCommands, 4),
			sessionFetch(o, user, pass, folder, false), sessionFetch(o, user, pass, folder, true)};
		for (int k = 0; k < kinds; ++k)
		{
			print(names[k], f[k]);
			all[k].push_back(f[k]);
		}
	}
	// The machine is shared: the median says more than any one round.
	for (int pick = 0; pick < 2; ++pick)
	{
		Figure chosen[kinds];
		for (int k = 0; k < kinds; ++k)
		{
			std::sort(all[k].begin(), all[k].end(), [](const Figure& a, const Figure& b) { return a.seconds < b.seconds; });
			chosen[k] = pick == 0 ? all[k][all[k].size() / 2] : all[k].front();
		}
		std::printf("%s of %d rounds\n", pick == 0 ? "median" : "best", rounds);
		for (int k = 0; k < kinds; ++k) print(names[k], chosen[k]);
		std::printf("  single/raw: %.0f%%  pipelined/raw: %.0f%%  pipelined/raw-pipe: %.0f%% (msg/s)\n",
			100.0 * chosen[2].msgPerSec() / chosen[0].msgPerSec(), 100.0 * chosen[3].msgPerSec() / chosen[0].msgPerSec(),
			100.0 * chosen[3].msgPerSec() / chosen[1].msgPerSec());
	}
	std::printf("load average at the end: %s\n", StackEnv::loadAverage().c_str());
	if (!reuse.empty()) return 0;
	ImapSession cleanup(o);
	cleanup.connect();
	cleanup.login(user, pass);
	cleanup.command("DELETE " + folder);
	cleanup.logout();
	return 0;
}
