// Sends small messages through the stack's Dovecot submission (STARTTLS,
// AUTH PLAIN, relayed to OpenSMTPD) with SmtpSender and prints the latency
// of each send (MAIL FROM to the reply after DATA) and the throughput, over
// one kept session and with a new session (connect, TLS, AUTH) per message.
//
// Usage: bench_smtp_send --env STACK_ENV [--count N]

#include "bench/common/StackEnv.h"
#include "connector/smtp/SmtpSender.h"

#include <Poco/Exception.h>
#include <Poco/Timestamp.h>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace mailbridge::smtp;

namespace {

std::string message(const std::string& from, const std::string& to, int n)
{
	return "From: " + from + "\r\nTo: " + to + "\r\nSubject: bench " + std::to_string(n)
		+ "\r\nMessage-ID: <bench." + std::to_string(::getpid()) + "." + std::to_string(n) + "@mailbridge.example.test>"
		+ "\r\n\r\n" + std::string(2000, 'x') + "\r\n";
}

void report(const char* what, std::vector<double> ms, double totalSeconds)
{
	std::sort(ms.begin(), ms.end());
	auto at = [&ms](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))]; };
	std::printf("%-28s n=%zu  p50=%.1f ms  p99=%.1f ms  max=%.1f ms  %.0f msg/s\n",
		what, ms.size(), at(0.5), at(0.99), ms.back(), double(ms.size()) / totalSeconds);
}

} // namespace

int main(int argc, char** argv)
{
	std::string envFile;
	int count = 200;
	for (int i = 1; i + 1 < argc; i += 2)
	{
		if (!std::strcmp(argv[i], "--env")) envFile = argv[i + 1];
		else if (!std::strcmp(argv[i], "--count")) count = std::atoi(argv[i + 1]);
	}
	if (envFile.empty() || count <= 0 || count > 5000)
	{
		std::cerr << "usage: bench_smtp_send --env STACK_ENV [--count N (1..5000)]" << std::endl;
		return 2;
	}
	const mailbridge::bench::StackEnv env(envFile);
	SmtpSenderOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(std::stoi(env.get("MB_SUBMISSION_PORT")));
	o.caFile = env.get("MB_CA_FILE");
	o.user = env.get("MB_USER1");
	o.secret = env.get("MB_PASS1");
	o.ehloName = "bench.example.test";
	const std::string to = env.get("MB_USER2");
	try
	{
		std::vector<double> ms;
		SmtpSender kept(o);
		kept.connect();
		Poco::Timestamp all;
		for (int i = 0; i < count; ++i)
		{
			Poco::Timestamp one;
			kept.send(o.user, {to}, message(o.user, to, i));
			ms.push_back(double(one.elapsed()) / 1000.0);
		}
		report("one session", ms, double(all.elapsed()) / 1e6);
		kept.quit();

		ms.clear();
		int fresh = std::min(count, 100);
		Poco::Timestamp all2;
		for (int i = 0; i < fresh; ++i)
		{
			Poco::Timestamp one;
			SmtpSender sender(o);
			sender.send(o.user, {to}, message(o.user, to, count + i));
			sender.quit();
			ms.push_back(double(one.elapsed()) / 1000.0);
		}
		report("new session per message", ms, double(all2.elapsed()) / 1e6);
	}
	catch (Poco::Exception& e)
	{
		std::cerr << "bench_smtp_send: " << e.displayText() << std::endl;
		return 1;
	}
	return 0;
}
