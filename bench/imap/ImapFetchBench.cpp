// Fills a fresh folder with ~5 KB messages (maildir files written directly),
// then times, in three alternating rounds, the whole folder fetched as
//   raw:       one UID FETCH 1:* (UID BODY.PEEK[]) read by a plain socket loop
//              that only looks for the tagged end (the ceiling);
//   single:    the same command through ImapSession into a counting sink;
//   pipelined: uidFetchPipelined, ranges of 500 UIDs, 4 in flight.
// All three use the same plain transport (no TLS) on loopback.
//
// Usage: bench_imap_fetch --env STACK_ENV [--count N] [--rounds N]

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

Figure rawFetch(const ImapSessionOptions& o, const std::string& user, const std::string& pass, const std::string& folder,
	std::uint64_t messages)
{
	Poco::Net::StreamSocket raw(Poco::Net::SocketAddress(o.host, o.port));
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
	std::string fetch = "c UID FETCH 1:* (UID BODY.PEEK[])\r\n";
	Figure f;
	Poco::Timestamp t;
	raw.sendBytes(fetch.data(), int(fetch.size()));
	std::string tail;
	for (;;)
	{
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) break;
		f.bytes += std::uint64_t(n);
		tail.append(buf, std::size_t(n));
		if (tail.find("\r\nc OK") != std::string::npos) break;
		if (tail.size() > 16) tail.erase(0, tail.size() - 16);
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
		std::vector<UidSet> ranges;
		std::uint32_t top = session.mailbox().uidNext();
		for (std::uint32_t first = 1; first < top; first += 500)
		{
			UidSet r;
			r.add(first, std::min(first + 499, top - 1));
			ranges.push_back(r);
		}
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
	for (int i = 1; i + 1 < argc; i += 2)
	{
		if (!std::strcmp(argv[i], "--env")) envFile = argv[i + 1];
		else if (!std::strcmp(argv[i], "--count")) count = std::atoi(argv[i + 1]);
		else if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
	}
	if (envFile.empty()) { std::cerr << "usage: bench_imap_fetch --env STACK_ENV [--count N] [--rounds N]\n"; return 2; }
	auto env = readEnv(envFile);
	ImapSessionOptions o;
	o.host = env["MB_IMAP_HOST"];
	o.port = static_cast<unsigned short>(std::stoi(env["MB_IMAP_PORT"]));
	o.security = ImapSessionOptions::Plain; // same transport as the raw loop
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(300, 0);
	const std::string user = env["MB_USER2"], pass = env["MB_PASS2"];
	const std::string folder = "Bench" + std::to_string(std::time(nullptr));

	ImapSession setup(o);
	setup.connect();
	setup.login(user, pass);
	setup.command("CREATE " + folder);
	std::string dir = env["MB_STACK_DIR"] + "/mail/" + user + "/Maildir/." + folder + "/cur/";
	std::string body(5000, 'x');
	for (std::size_t i = 76; i + 1 < body.size(); i += 78) { body[i] = '\r'; body[i + 1] = '\n'; }
	Poco::Timestamp genStart;
	for (int i = 0; i < count; ++i)
	{
		std::string name = dir + std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".bench:2,S";
		std::ofstream f(name, std::ios::binary);
		f << "From: a@example.test\r\nSubject: message " << i << "\r\n\r\n" << body << "\r\n";
	}
	setup.select(folder);
	const std::uint64_t exists = setup.mailbox().exists();
	std::printf("generated %d messages in %.1f s; folder %s has %llu\n", count, genStart.elapsed() / 1e6, folder.c_str(),
		(unsigned long long) exists);
	setup.logout();

	Figure best[3];
	std::vector<Figure> all[3];
	for (int round = 1; round <= rounds; ++round)
	{
		std::printf("round %d\n", round);
		Figure f[3] = {rawFetch(o, user, pass, folder, exists), sessionFetch(o, user, pass, folder, false),
			sessionFetch(o, user, pass, folder, true)};
		print("raw", f[0]);
		print("single", f[1]);
		print("pipelined", f[2]);
		for (int k = 0; k < 3; ++k)
		{
			all[k].push_back(f[k]);
			if (best[k].seconds == 0 || f[k].seconds < best[k].seconds) best[k] = f[k];
		}
	}
	// The machine is shared: the median says more than any one round.
	Figure median[3];
	for (int k = 0; k < 3; ++k)
	{
		std::sort(all[k].begin(), all[k].end(), [](const Figure& a, const Figure& b) { return a.seconds < b.seconds; });
		median[k] = all[k][all[k].size() / 2];
	}
	std::printf("median of %d rounds\n", rounds);
	print("raw", median[0]);
	print("single", median[1]);
	print("pipelined", median[2]);
	std::printf("single/raw: %.0f%%  pipelined/raw: %.0f%% (msg/s)\n", 100.0 * median[1].msgPerSec() / median[0].msgPerSec(),
		100.0 * median[2].msgPerSec() / median[0].msgPerSec());
	std::printf("best of %d rounds\n", rounds);
	print("raw", best[0]);
	print("single", best[1]);
	print("pipelined", best[2]);
	std::printf("single/raw: %.0f%%  pipelined/raw: %.0f%% (msg/s)\n", 100.0 * best[1].msgPerSec() / best[0].msgPerSec(),
		100.0 * best[2].msgPerSec() / best[0].msgPerSec());
	{
		std::ifstream load("/proc/loadavg");
		std::string avg;
		std::getline(load, avg);
		std::printf("load average at the end: %s\n", avg.c_str());
	}
	ImapSession cleanup(o);
	cleanup.connect();
	cleanup.login(user, pass);
	cleanup.command("DELETE " + folder);
	cleanup.logout();
	return 0;
}
