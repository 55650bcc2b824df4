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

#include "connector/imap/ImapSession.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <stdexcept>
#include <sys/stat.h>
#include <vector>

using namespace mailbridge::imap;

namespace {

std::map<std::string, std::string> readEnv(const std::string& path)
{
	std::map<std::string, std::string> env;
	std::ifstream in(path);
	std::string line;
	while (std::getline(in, line))
	{
		std::size_t eq = line.find('=');
		if (eq == std::string::npos || line[0] == '#') continue;
		std::string v = line.substr(eq + 1);
		if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'')) v = v.substr(1, v.size() - 2);
		env[line.substr(0, eq)] = v;
	}
	return env;
}

struct Counter: FetchHandler, LiteralSink
{
	std::uint64_t messages = 0, bytes = 0;
	LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return this; }
	void message(const FetchData&) override { ++messages; }
	void begin(std::uint64_t) override {}
	void write(const char*, std::size_t n) override { bytes += n; }
	void end() override {}
};

struct Figure
{
	std::uint64_t messages = 0;
	std::uint64_t bytes = 0;  ///< body bytes (raw: bytes on the wire)
	double seconds = 0;

	double msgPerSec() const { return messages / seconds; }
	double mbPerSec() const { return bytes / 1e6 / seconds; }
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

Figure rawFetch(const ImapSessionOptions& o, const std::string& user, const std::string& pass, const std::string& folder,
	std::uint64_t messages, const std::vector<std::string>& commands, std::size_t maxInFlight)
	// The commands, at most maxInFlight sent ahead; the replies are only
	// scanned for each tagged end, in order.
{
	Poco::Net::StreamSocket raw(Poco::Net::SocketAddress(o.host, o.port));
	raw.setNoDelay(true);
	std::string cmds = "a LOGIN \"" + user + "\" \"" + pass + "\"\r\nb SELECT " + folder + "\r\n";
	raw.sendBytes(cmds.data(), int(cmds.size()));
	std::string acc;
	char buf[65536];
	while (acc.find("\r\nb OK") == std::string::npos)
	{
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) throw std::runtime_error("raw: connection closed during SELECT");
		acc.append(buf, std::size_t(n));
	}
	Figure f;
	Poco::Timestamp t;
	std::size_t sent = 0, done = 0;
	std::string line;             // the current line outside literals
	std::uint64_t skip = 0;       // literal bytes still to pass over
	while (done < commands.size())
	{
		std::string out;
		while (sent < commands.size() && sent - done < maxInFlight)
		{
			out += "c" + std::to_string(sent) + " " + commands[sent] + "\r\n";
			++sent;
		}
		if (!out.empty()) raw.sendBytes(out.data(), int(out.size()));
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) throw std::runtime_error("raw: connection closed during FETCH");
		f.bytes += std::uint64_t(n);
		// The least a client must do: find line ends outside literals, pass
		// literals by their announced size, and spot the tagged ends.
		const char* p = buf;
		const char* end = buf + n;
		while (p < end)
		{
			if (skip)
			{
				std::uint64_t k = std::min<std::uint64_t>(skip, std::uint64_t(end - p));
				p += k;
				skip -= k;
				continue;
			}
			const char* nl = static_cast<const char*>(std::memchr(p, '\n', std::size_t(end - p)));
			if (!nl)
			{
				line.append(p, end);
				break;
			}
			line.append(p, nl);
			p = nl + 1;
			if (!line.empty() && line.back() == '\r') line.pop_back();
			if (!line.empty() && line.back() == '}')
			{
				std::size_t open = line.rfind('{');
				skip = std::strtoull(line.c_str() + open + 1, nullptr, 10);
			}
			else if (line[0] == 'c')
			{
				++done;
			}
			line.clear();
		}
	}
	f.seconds = t.elapsed() / 1e6;
	f.messages = messages;
	std::string out = "d LOGOUT\r\n";
	raw.sendBytes(out.data(), int(out.size()));
	return f;
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
	auto env = readEnv(envFile);
	ImapSessionOptions o;
	o.host = env["MB_IMAP_HOST"];
	o.port = static_cast<unsigned short>(std::stoi(env["MB_IMAP_PORT"]));
	o.security = ImapSessionOptions::Plain; // same transport as the raw loop
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(300, 0);
	const std::string user = env["MB_USER2"], pass = env["MB_PASS2"];
	const std::string folder = reuse.empty() ? "Bench" + std::to_string(std::time(nullptr)) : reuse;

	ImapSession setup(o);
	setup.connect();
	setup.login(user, pass);
	if (reuse.empty()) setup.command("CREATE " + folder);
	std::string dir = env["MB_STACK_DIR"] + "/mail/" + user + "/Maildir/." + folder + "/cur/";
	std::string body(5000, 'x');
	for (std::size_t i = 76; i + 1 < body.size(); i += 78) { body[i] = '\r'; body[i + 1] = '\n'; }
	Poco::Timestamp genStart;
	for (int i = 0; reuse.empty() && i < count; ++i)
	{
		std::string name = dir + std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".bench:2,S";
		std::ofstream f(name, std::ios::binary);
		f << "From: a@example.test\r\nSubject: message " << i << "\r\n\r\n" << body << "\r\n";
	}
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
	std::vector<Figure> all[kinds];
	for (int round = 1; round <= rounds; ++round)
	{
		std::printf("round %d\n", round);
		Figure f[kinds] = {rawFetch(o, user, pass, folder, exists, {"UID FETCH 1:* (UID BODY.PEEK[])"}, 1),
			rawFetch(o, user, pass, folder, exists, pipeCommands, 4),
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
	{
		std::ifstream load("/proc/loadavg");
		std::string avg;
		std::getline(load, avg);
		std::printf("load average at the end: %s\n", avg.c_str());
	}
	if (!reuse.empty()) return 0;
	ImapSession cleanup(o);
	cleanup.connect();
	cleanup.login(user, pass);
	cleanup.command("DELETE " + folder);
	cleanup.logout();
	return 0;
}
