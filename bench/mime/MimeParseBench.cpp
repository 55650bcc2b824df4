//
// MimeParseBench.cpp
//
// Parses generated corpora of recruiting mail in memory (replies with quoted
// history, text+HTML alternatives, small attachments, Outlook windows-1252,
// HTML-only newsletters) and prints messages/s and MB/s per wall second and
// per CPU second. "typical" is 50k messages of about 5 KB, the size of most
// mail; "large" is 2000 messages of 5-20 KB.
//   bench_mime_parse [--seconds S] [--corpus typical|large|all] [--messages N]
//                    [--threads T] [--kind 0-4]
// S is the time per corpus (default 5; every message is parsed at least once).
//

#include "connector/mime/MessageParser.h"

#include <sys/resource.h>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

class Rng
{
public:
	explicit Rng(std::uint32_t seed): _x(seed) {}
	std::uint32_t next()
	{
		_x ^= _x << 13;
		_x ^= _x >> 17;
		_x ^= _x << 5;
		return _x;
	}
	std::uint32_t below(std::uint32_t n) { return next() % n; }

private:
	std::uint32_t _x;
};

const char* const WORDS[] = {"the", "candidate", "interview", "schedule", "position", "experience", "team",
	"salary", "Tuesday", "résumé", "application", "engineer", "offer", "thanks", "meeting", "availability",
	"reference", "project", "deadline", "follow-up", "Müller", "café", "development", "requirements"};

std::string sentence(Rng& r)
{
	std::string s;
	int n = 6 + static_cast<int>(r.below(12));
	for (int i = 0; i < n; ++i)
	{
		if (i > 0) s += ' ';
		s += WORDS[r.below(sizeof(WORDS) / sizeof(WORDS[0]))];
	}
	s += ".";
	return s;
}

std::string paragraphs(Rng& r, std::size_t bytes, const char* prefix = "")
{
	std::string s;
	while (s.size() < bytes)
	{
		std::string line = prefix + sentence(r) + " " + sentence(r);
		s += line + "\r\n";
		if (r.below(4) == 0) s += std::string(prefix) + "\r\n";
	}
	return s;
}

std::string qp(const std::string& utf8)
{
	// Simple quoted-printable, lines kept under 76 characters.
	static const char* hex = "0123456789ABCDEF";
	std::string out;
	std::size_t col = 0;
	for (std::size_t i = 0; i < utf8.size(); ++i)
	{
		unsigned char c = static_cast<unsigned char>(utf8[i]);
		if (c == '\r' && i + 1 < utf8.size() && utf8[i + 1] == '\n')
		{
			out += "\r\n";
			++i;
			col = 0;
			continue;
		}
		std::string piece;
		if (c >= 128 || c == '=') { piece = "="; piece += hex[c >> 4]; piece += hex[c & 15]; }
		else piece = static_cast<char>(c);
		if (col + piece.size() > 73)
		{
			out += "=\r\n";
			col = 0;
		}
		out += piece;
		col += piece.size();
	}
	return out;
}

std::string base64(Rng& r, std::size_t bytes)
{
	static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	std::string out;
	std::size_t chars = (bytes + 2) / 3 * 4;
	for (std::size_t i = 0; i < chars; ++i)
	{
		out += alphabet[r.below(64)];
		if (i % 76 == 75) out += "\r\n";
	}
	return out + "\r\n";
}

std::string headers(Rng& r, int i, const std::string& subject, const std::string& contentType)
{
	std::string h;
	int hops = 3 + static_cast<int>(r.below(6));
	for (int k = 0; k < hops; ++k)
	{
		h += "Received: from mx" + std::to_string(k) + ".example.net (mx" + std::to_string(k)
			+ ".example.net [192.0.2." + std::to_string(k + 10) + "])\r\n\tby mail.ats.example (Postfix) with ESMTPS id 4Q"
			+ std::to_string(r.next()) + "\r\n\tfor <jobs@ats.example>; Tue, 14 Mar 2023 09:1" + std::to_string(k) + ":45 +0100 (CET)\r\n";
	}
	h += "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\r\n"
		"\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
		"\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaGFzIHRoZSByaWdodCBzaGFwZQ==\r\n";
	h += "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen" + std::to_string(i) + "@example.org>\r\n";
	h += "To: \"Recruiting, Team\" <jobs@ats.example>, Anna Smith <anna@ats.example>\r\n";
	if (r.below(2)) h += "Cc: tom@ats.example\r\n";
	h += "Subject: " + subject + "\r\n";
	h += "Date: Tue, 14 Mar 2023 08:12:" + std::to_string(10 + r.below(50)) + " +0100\r\n";
	h += "Message-ID: <msg" + std::to_string(i) + "." + std::to_string(r.next()) + "@example.org>\r\n";
	h += "In-Reply-To: <prev" + std::to_string(i) + "@ats.example>\r\n";
	h += "References: <first" + std::to_string(i) + "@ats.example> <prev" + std::to_string(i) + "@ats.example>\r\n";
	h += "MIME-Version: 1.0\r\n";
	h += "Content-Type: " + contentType + "\r\n";
	return h;
}

// target is the size the body's text is drawn around; headers add 1-2 KB.
std::string makeMessage(Rng& r, int i, int kind, std::size_t target)
{
	switch (kind >= 0 ? kind : i % 5)
	{
	case 0:  // plain reply with quoted history
	{
		std::string body = "Hi Anna,\r\n\r\n" + paragraphs(r, target / 3) + "\r\nBest,\r\nJürgen\r\n\r\n"
			"On Mon, 13 Mar 2023 at 17:01, Anna Smith <anna@ats.example> wrote:\r\n" + paragraphs(r, target / 2, "> ");
		return headers(r, i, "Re: =?UTF-8?Q?Bewerbung_=E2=80=93_R=C3=BCckfrage?=", "text/plain; charset=UTF-8")
			+ "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(body);
	}
	case 1:  // text + HTML alternative
	{
		std::string text = paragraphs(r, target / 3);
		std::string html = "<html><body><div>" + paragraphs(r, target / 2) + "</div></body></html>\r\n";
		return headers(r, i, "Interview schedule", "multipart/alternative; boundary=\"alt-" + std::to_string(i) + "\"")
			+ "\r\n--alt-" + std::to_string(i) + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
			+ qp(text) + "\r\n--alt-" + std::to_string(i) + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
			+ qp(html) + "\r\n--alt-" + std::to_string(i) + "--\r\n";
	}
	case 2:  // mixed: alternative + a small PDF
	{
		std::string b = "mix-" + std::to_string(i);
		std::string text = paragraphs(r, target / 6);
		std::string html = "<p>" + paragraphs(r, target / 5) + "</p>";
		return headers(r, i, "Application: Senior Engineer", "multipart/mixed; boundary=\"" + b + "\"")
			+ "\r\n--" + b + "\r\nContent-Type: multipart/alternative; boundary=\"a" + b + "\"\r\n\r\n--a" + b
			+ "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
			+ "\r\n--a" + b + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html
			+ "\r\n--a" + b + "--\r\n\r\n--" + b + "\r\nContent-Type: application/pdf; name=\"CV.pdf\"\r\n"
			"Content-Disposition: attachment; filename*=UTF-8''Lebenslauf%20J%C3%BCrgen.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
			+ base64(r, target / 2) + "--" + b + "--\r\n";
	}
	case 3:  // Outlook, windows-1252 under iso-8859-1, Original Message
	{
		std::string body = "Hallo Frau Smith,\r\n\r\n" + paragraphs(r, target / 3) + "\r\n-----Original Message-----\r\n"
			"From: Anna Smith\r\nSent: Monday, March 13, 2023 5:01 PM\r\nTo: Jürgen\r\nSubject: Bewerbung\r\n\r\n" + paragraphs(r, target / 2);
		std::string latin;
		for (std::size_t k = 0; k < body.size(); ++k)
		{
			unsigned char c = static_cast<unsigned char>(body[k]);
			if (c == 0xC3 && k + 1 < body.size()) latin += static_cast<char>(0x40 + static_cast<unsigned char>(body[++k]));
			else if (c >= 0x80) latin += '\x96';
			else latin += static_cast<char>(c);
		}
		return headers(r, i, "=?iso-8859-1?Q?AW:_Bewerbung_=96_R=FCckfrage?=", "text/plain; charset=\"iso-8859-1\"")
			+ "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(latin);
	}
	default:  // HTML only
	{
		std::string html = "<!DOCTYPE html><html><head><style>p{margin:0}</style></head><body><table><tr><td><p>"
			+ paragraphs(r, target * 2 / 3) + "</p></td></tr></table><p>&copy; 2023 Jobs &amp; More</p></body></html>\r\n";
		return headers(r, i, "25 new candidates match your search", "text/html; charset=UTF-8")
			+ "List-Id: Alerts <alerts.jobs.example.net>\r\n\r\n" + html;
	}
	}
}

struct Corpus
{
	const char* name;
	std::vector<std::string> messages;
	std::uint64_t bytes = 0;
};

// Body sizes: "typical" draws 1.5-5 KB bodies, for messages of about 5 KB
// with their headers; "large" draws 5-20 KB bodies.
Corpus makeCorpus(const char* name, int count, int kind, std::uint32_t bodyMin, std::uint32_t bodySpan)
{
	Corpus c;
	c.name = name;
	Rng r(12345);
	c.messages.reserve(count);
	for (int i = 0; i < count; ++i)
	{
		std::size_t target = bodyMin + r.below(bodySpan);
		c.messages.push_back(makeMessage(r, i, kind, target));
		c.bytes += c.messages.back().size();
	}
	return c;
}

double cpuSeconds()
{
	// user + system time of the process: on a shared machine the wall clock
	// also counts the time other processes held the cores.
	rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

void run(const Corpus& corpus, double seconds, int threads)
{
	std::size_t count = corpus.messages.size();
	std::printf("%s corpus: %zu messages, %.1f MB, mean %.2f KB (%.0f bytes)\n", corpus.name, count,
		corpus.bytes / 1e6, corpus.bytes / 1024.0 / count, static_cast<double>(corpus.bytes) / count);
	std::vector<std::uint64_t> messages(threads, 0), bytes(threads, 0), check(threads, 0);
	auto start = std::chrono::steady_clock::now();
	double cpuStart = cpuSeconds();
	auto worker = [&](int t) {
		mailbridge::mime::ParseOptions options;
		options.hasInternalDate = true;
		double elapsed = 0;
		do
		{
			for (const std::string& raw: corpus.messages)
			{
				mailbridge::mime::Message m = mailbridge::mime::parseMessage(raw.data(), raw.size(), options);
				check[t] += m.text.size() + m.attachments.size();
				++messages[t];
				bytes[t] += raw.size();
			}
			elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
		}
		while (elapsed < seconds);
	};
	std::vector<std::thread> pool;
	for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
	worker(0);
	for (std::thread& t: pool) t.join();
	double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	double cpu = cpuSeconds() - cpuStart;
	std::uint64_t totalMessages = 0, totalBytes = 0, totalCheck = 0;
	for (int t = 0; t < threads; ++t)
	{
		totalMessages += messages[t];
		totalBytes += bytes[t];
		totalCheck += check[t];
	}
	std::printf("  %d thread(s), %llu messages parsed (check %llu)\n", threads,
		static_cast<unsigned long long>(totalMessages), static_cast<unsigned long long>(totalCheck));
	std::printf("  wall %.2f s: %.0f msg/s, %.1f MB/s\n", wall, totalMessages / wall, totalBytes / 1e6 / wall);
	std::printf("  CPU  %.2f s (user+sys): %.0f msg/s, %.1f MB/s per CPU second\n", cpu, totalMessages / cpu,
		totalBytes / 1e6 / cpu);
}

int usage()
{
	std::fprintf(stderr, "usage: bench_mime_parse [--seconds S] [--corpus typical|large|all] [--messages N]"
		" [--threads T] [--kind 0-4]\n");
	return 2;
}

} // namespace

int main(int argc, char** argv)
{
	double seconds = 5.0;
	std::string which = "all";
	int count = 0;  // 0: 50000 typical, 2000 large
	int threads = 1;
	int kind = -1;
	for (int a = 1; a < argc; ++a)
	{
		if (a + 1 >= argc) return usage();
		const char* v = argv[++a];
		if (std::strcmp(argv[a - 1], "--seconds") == 0) seconds = std::atof(v);
		else if (std::strcmp(argv[a - 1], "--corpus") == 0) which = v;
		else if (std::strcmp(argv[a - 1], "--messages") == 0) count = std::atoi(v);
		else if (std::strcmp(argv[a - 1], "--threads") == 0) threads = std::atoi(v);
		else if (std::strcmp(argv[a - 1], "--kind") == 0) kind = std::atoi(v);
		else return usage();
	}
	if (threads < 1) threads = 1;
	if (which != "typical" && which != "large" && which != "all") return usage();
	if (which != "large")
		run(makeCorpus("typical", count > 0 ? count : 50000, kind, 1500, 3500), seconds, threads);
	if (which != "typical")
		run(makeCorpus("large", count > 0 ? count : 2000, kind, 5000, 15000), seconds, threads);
	return 0;
}
