// Fills a fresh folder with small messages (maildir files written directly),
// then times one UID FETCH 1:* (UID FLAGS BODY.PEEK[]) through ImapSession
// into a counting sink, and the same command read by a plain socket loop.
//
// Usage: bench_imap_fetch --env STACK_ENV [--count N]

#include "connector/imap/ImapSession.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <sys/stat.h>

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

} // namespace

int main(int argc, char** argv)
{
	std::string envFile;
	int count = 50000;
	for (int i = 1; i + 1 < argc; i += 2)
	{
		if (!std::strcmp(argv[i], "--env")) envFile = argv[i + 1];
		else if (!std::strcmp(argv[i], "--count")) count = std::atoi(argv[i + 1]);
	}
	if (envFile.empty()) { std::cerr << "usage: bench_imap_fetch --env STACK_ENV [--count N]\n"; return 2; }
	auto env = readEnv(envFile);
	ImapSessionOptions o;
	o.host = env["MB_IMAP_HOST"];
	o.port = static_cast<unsigned short>(std::stoi(env["MB_IMAP_PORT"]));
	o.security = ImapSessionOptions::Plain; // same transport as the raw loop
	o.allowInsecure = true;
	const std::string user = env["MB_USER2"], pass = env["MB_PASS2"];
	const std::string folder = "Bench" + std::to_string(std::time(nullptr));

	ImapSession setup(o);
	setup.connect();
	setup.login(user, pass);
	setup.command("CREATE " + folder);
	std::string dir = env["MB_STACK_DIR"] + "/mail/" + user + "/Maildir/." + folder + "/cur/";
	std::string body(5000, 'x');
	for (std::size_t i = 76; i < body.size(); i += 78) { body[i] = '\r'; body[i + 1] = '\n'; }
	Poco::Timestamp genStart;
	for (int i = 0; i < count; ++i)
	{
		std::string name = dir + std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".bench:2,S";
		std::ofstream f(name, std::ios::binary);
		f << "From: a@example.test\r\nSubject: message " << i << "\r\n\r\n" << body << "\r\n";
	}
	setup.select(folder);
	std::printf("generated %d messages in %.1f s; folder %s has %u\n", count, genStart.elapsed() / 1e6, folder.c_str(),
		setup.mailbox().exists());
	setup.logout();

	for (int round = 1; round <= 3; ++round)
	{
	std::printf("round %d\n", round);
	// Ours: one streamed UID FETCH through the parser into a counting sink.
	ImapSession session(o);
	session.connect();
	session.login(user, pass);
	session.select(folder);
	Counter counter;
	UidSet all;
	all.add(1, UidSet::STAR);
	Poco::Timestamp t1;
	session.uidFetch(all, "UID FLAGS BODY.PEEK[]", counter);
	double s1 = t1.elapsed() / 1e6;
	session.logout();

	// Raw: the same command, bytes read and only scanned for the tagged end.
	Poco::Net::StreamSocket raw(Poco::Net::SocketAddress(o.host, o.port));
	std::string cmds = "a LOGIN \"" + user + "\" \"" + pass + "\"\r\nb SELECT " + folder + "\r\n";
	raw.sendBytes(cmds.data(), int(cmds.size()));
	std::string acc;
	char buf[65536];
	while (acc.find("\r\nb OK") == std::string::npos)
	{
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) return 1;
		acc.append(buf, std::size_t(n));
	}
	std::string fetch = "c UID FETCH 1:* (UID FLAGS BODY.PEEK[])\r\n";
	Poco::Timestamp t2;
	raw.sendBytes(fetch.data(), int(fetch.size()));
	std::uint64_t rawBytes = 0;
	std::string tail;
	for (;;)
	{
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) break;
		rawBytes += std::uint64_t(n);
		tail.append(buf, std::size_t(n));
		if (tail.find("\r\nc OK") != std::string::npos) break;
		if (tail.size() > 16) tail.erase(0, tail.size() - 16);
	}
	double s2 = t2.elapsed() / 1e6;

	std::printf("ours: %llu msgs, %.1f MB body in %.2f s: %.0f msg/s, %.1f MB/s\n",
		(unsigned long long) counter.messages, counter.bytes / 1e6, s1, counter.messages / s1, counter.bytes / 1e6 / s1);
	std::printf("raw:  %.1f MB on the wire in %.2f s: %.0f msg/s, %.1f MB/s\n",
		rawBytes / 1e6, s2, counter.messages / s2, rawBytes / 1e6 / s2);
	std::printf("ours/raw: %.0f%%\n", 100.0 * s2 / s1);
	}
	return 0;
}
