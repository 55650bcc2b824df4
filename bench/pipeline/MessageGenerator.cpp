//
// MessageGenerator.cpp
//

#include "bench/pipeline/MessageGenerator.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>

namespace mailbridge {
namespace bench {

namespace {

const char* const FIRST[] = {"Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas",
	"Karin", "Liam", "Maria", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wei",
	"Xenia", "Yusuf", "Zoe", "Amelie", "Bruno", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hana", "Ivan",
	"Julia", "Kofi", "Lena", "Marco", "Nina"};
const char* const LAST[] = {"Adams", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
	"Jensen", "Kowalski", "Larsen", "Moreau", "Nagy", "Olsen", "Petrov", "Quist", "Rossi", "Schmidt", "Tanaka",
	"Ulrich", "Vidal", "Weber", "Xu", "Young", "Zimmer", "Alves", "Brandt", "Chen", "Dahl", "Eriksen", "Ferrari",
	"Gomez", "Horvat", "Iqbal", "Jovanovic", "Keller", "Lopez", "Meyer", "Novak", "Ortiz", "Park", "Quinlan",
	"Ruiz", "Santos", "Torres", "Unger", "Varga", "Wagner", "Yilmaz"};
const char* const DOMAINS[] = {"mail.example.com", "post.example.org", "inbox.example.net", "talent.example.io",
	"web.example.de"};
const char* const COLLEAGUES[] = {"bob@example.test", "dana.hiring@example.test", "hr@example.test"};
const char* const SENTENCES[] = {
	"Thank you for taking the time to speak with me on Tuesday about the position.",
	"I have attached my updated CV and a short summary of the projects I led last year.",
	"Could we move the second interview to Thursday afternoon, if that still works for the team?",
	"The role looks like a very good match for my experience with distributed systems.",
	"My notice period is one month, so I could start at the beginning of the next quarter.",
	"Please let me know whether the hiring manager had a chance to review the take-home exercise.",
	"I am currently based in Lyon but open to relocating for the right opportunity.",
	"Regarding the salary range we discussed, I would like to understand the bonus structure better.",
	"Here are two references from my previous employer who are happy to be contacted.",
	"We would like to invite you to an on-site interview with the engineering leads.",
	"The interview will take about three hours and includes a system design discussion.",
	"Please bring a valid ID; reception will direct you to the fourth floor.",
	"I enjoyed meeting the team and I am still very interested in the role.",
	"Unfortunately the client has decided to put this search on hold until January.",
	"Could you confirm your availability for a short call with the client next week?",
	"I have two other processes running, so a decision before the end of the month would help.",
	"Les horaires proposés me conviennent très bien, merci beaucoup pour votre retour rapide.",
	"Grüße aus München, ich freue mich auf das Gespräch nächste Woche.",
	"The offer letter and the contract draft are attached for your review.",
	"Let me know if anything in the job description is unclear or if you have further questions."};

const std::size_t SENTENCE_COUNT = sizeof(SENTENCES) / sizeof(SENTENCES[0]);

std::string lower(std::string s)
{
	for (char& c: s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	return s;
}

std::string qpEncode(const std::string& text)
{
	static const char* HEX = "0123456789ABCDEF";
	std::string out;
	std::size_t column = 0;
	for (std::size_t i = 0; i < text.size(); ++i)
	{
		const unsigned char c = static_cast<unsigned char>(text[i]);
		if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
		{
			out += "\r\n";
			++i;
			column = 0;
			continue;
		}
		std::string piece;
		if ((c >= 33 && c <= 126 && c != '=') || c == ' ') piece = std::string(1, char(c));
		else { piece = "="; piece += HEX[c >> 4]; piece += HEX[c & 15]; }
		if (column + piece.size() > 75)
		{
			out += "=\r\n";
			column = 0;
		}
		out += piece;
		column += piece.size();
	}
	return out;
}

} // namespace

MessageGenerator::MessageGenerator(const std::string& mailbox, const std::string& tag, std::size_t candidates, unsigned seed):
	_mailbox(mailbox),
	_tag(tag),
	_random(seed)
{
	const std::size_t firsts = sizeof(FIRST) / sizeof(FIRST[0]);
	const std::size_t lasts = sizeof(LAST) / sizeof(LAST[0]);
	for (std::size_t i = 0; i < candidates; ++i)
	{
		Candidate c;
		c.firstName = FIRST[i % firsts];
		c.lastName = LAST[(i / firsts) % lasts];
		const std::string round = i < firsts * lasts ? "" : std::to_string(i / (firsts * lasts));
		c.email = lower(c.firstName + "." + c.lastName) + round + "@" + DOMAINS[i % 5];
		if (i % 4 == 0) c.email2 = lower(c.firstName) + std::to_string(i) + "@home.example.net";
		_candidates.push_back(c);
	}
	_lastIdOf.resize(candidates);
	_lastSubjectOf.resize(candidates);
}

std::string MessageGenerator::address(const Candidate& c)
{
	// Written as people write them: a display name, sometimes the second
	// address, sometimes capitals the ATS does not store.
	std::string a = !c.email2.empty() && chance(0.2) ? c.email2 : c.email;
	if (chance(0.1)) a[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(a[0])));
	return c.firstName + " " + c.lastName + " <" + a + ">";
}

std::string MessageGenerator::messageId(const std::string& domain)
{
	++_serial;
	return _tag + "." + std::to_string(_serial) + "." + std::to_string(_random() % 1000000) + "@" + domain;
}

std::string MessageGenerator::body(std::size_t bytes)
{
	std::string out;
	out.reserve(bytes + 200);
	std::size_t line = 0;
	while (out.size() < bytes)
	{
		const std::string s = SENTENCES[pick(SENTENCE_COUNT)];
		// Lines wrapped near 72 columns, a blank line between paragraphs.
		if (line + s.size() > 72 && line > 0)
		{
			out += "\r\n";
			line = 0;
			if (chance(0.25)) out += "\r\n";
		}
		std::size_t start = 0;
		while (start < s.size())
		{
			std::size_t room = line == 0 ? 72 : 72 - line;
			std::size_t take = std::min(room, s.size() - start);
			if (start + take < s.size())
			{
				std::size_t space = s.rfind(' ', start + take);
				if (space != std::string::npos && space > start) take = space - start + 1;
			}
			out.append(s, start, take);
			line += take;
			start += take;
			if (start < s.size())
			{
				out += "\r\n";
				line = 0;
			}
		}
		out += ' ';
		++line;
	}
	out += "\r\n";
	return out;
}

std::string MessageGenerator::headers(const std::string& from, const std::string& to, const std::string& cc,
	const std::string& subject, const std::string& id, std::time_t date, const std::string& inReplyTo)
{
	const std::string when = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(date), Poco::DateTimeFormat::RFC1123_FORMAT);
	std::string h;
	h.reserve(1200);
	h += "Return-Path: <bounce-" + std::to_string(_serial) + "@relay.example.com>\r\n";
	h += "Received: from relay.example.com (relay.example.com [192.0.2.25])\r\n\tby mx.example.test with ESMTPS id " +
		std::to_string(_random()) + "\r\n\tfor <" + _mailbox + ">; " + when + "\r\n";
	h += "Received: from client.example.com (unknown [198.51.100.7])\r\n\tby relay.example.com with ESMTPSA; " + when + "\r\n";
	h += "Date: " + when + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\n";
	if (!cc.empty()) h += "Cc: " + cc + "\r\n";
	h += "Subject: " + subject + "\r\nMessage-ID: <" + id + ">\r\n";
	if (!inReplyTo.empty()) h += "In-Reply-To: <" + inReplyTo + ">\r\nReferences: <" + inReplyTo + ">\r\n";
	h += "MIME-Version: 1.0\r\nX-Mailer: Bench Mail 1.0\r\n";
	return h;
}

std::string MessageGenerator::textPart(std::size_t bytes, bool quotedPrintable)
{
	const std::string text = body(bytes);
	if (quotedPrintable)
		return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qpEncode(text);
	return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text;
}

GeneratedMessage MessageGenerator::next(std::time_t date)
{
	GeneratedMessage m;
	m.date = date;
	const double kind = std::uniform_real_distribution<double>(0, 1)(_random);
	const std::size_t size = 3000 + pick(4000);  // about 5 KB with the headers
	std::string from, to, cc, subject, inReplyTo, domain;
	bool bulk = false, autoReply = false;
	if (kind < 0.80)
	{
		// A conversation with a candidate: in (65%) or out (15%).
		const std::size_t who = pick(_candidates.size());
		const Candidate& c = _candidates[who];
		const bool out = kind >= 0.65;
		if (out) { from = "Alice Recruiter <" + _mailbox + ">"; to = address(c); domain = "example.test"; }
		else { from = address(c); to = "Alice Recruiter <" + _mailbox + ">"; domain = c.email.substr(c.email.find('@') + 1); }
		if (chance(0.2)) cc = address(_candidates[pick(_candidates.size())]);
		if (chance(0.15)) cc += std::string(cc.empty() ? "" : ", ") + COLLEAGUES[pick(3)];
		if (!_lastIdOf[who].empty() && chance(0.45))
		{
			inReplyTo = _lastIdOf[who];
			subject = "Re: " + _lastSubjectOf[who];
		}
		else
		{
			static const char* const SUBJECTS[] = {"Senior Backend Engineer application", "Interview scheduling",
				"Your application at Example Corp", "Follow-up on our call", "Offer details",
				"=?UTF-8?Q?Entretien_pour_le_poste_de_d=C3=A9veloppeur?=", "References", "Availability next week"};
			subject = SUBJECTS[pick(8)];
		}
		m.messageId = messageId(domain);
		_lastIdOf[who] = m.messageId;
		_lastSubjectOf[who] = subject.compare(0, 4, "Re: ") == 0 ? subject.substr(4) : subject;
		if (!out && chance(0.03)) { autoReply = true; subject = "Automatic reply: " + subject; }
	}
	else if (kind < 0.88)
	{
		// Someone the ATS does not know.
		const std::string a = "person" + std::to_string(pick(500)) + "@unknown.example.com";
		from = "Sam Sender <" + a + ">";
		to = "Alice Recruiter <" + _mailbox + ">";
		subject = "Question about an opening";
		m.messageId = messageId("unknown.example.com");
	}
	else if (kind < 0.95)
	{
		from = "Jobs Weekly <news@jobs-weekly.example.com>";
		to = "Alice Recruiter <" + _mailbox + ">";
		subject = "This week in recruiting: 12 articles";
		bulk = true;
		m.messageId = messageId("jobs-weekly.example.com");
	}
	else
	{
		from = COLLEAGUES[pick(3)];
		to = "Alice Recruiter <" + _mailbox + ">";
		subject = "Pipeline review on Friday";
		m.messageId = messageId("example.test");
	}

	std::string raw = headers(from, to, cc, subject, m.messageId, date, inReplyTo);
	if (bulk) raw += "List-Unsubscribe: <mailto:unsubscribe@jobs-weekly.example.com>\r\nPrecedence: bulk\r\n";
	if (autoReply) raw += "Auto-Submitted: auto-replied\r\n";
	if (bulk || chance(0.25))
	{
		// multipart/alternative: the same text as HTML.
		const std::string boundary = "=_b" + std::to_string(_serial);
		const std::string text = body(size / 2);
		std::string html = "<html><body><p>";
		for (char c: text)
		{
			if (c == '\r') continue;
			if (c == '\n') html += "<br>\r\n";
			else if (c == '<') html += "&lt;";
			else html += c;
		}
		html += "</p></body></html>\r\n";
		raw += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
		raw += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text;
		raw += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
			qpEncode(html);
		raw += "\r\n--" + boundary + "--\r\n";
	}
	else
	{
		raw += textPart(size, chance(0.3));
	}
	m.raw = std::move(raw);
	return m;
}

GeneratedMessage MessageGenerator::fromCandidate(std::size_t index, std::time_t date)
{
	const Candidate& c = _candidates[index % _candidates.size()];
	GeneratedMessage m;
	m.date = date;
	m.messageId = messageId(c.email.substr(c.email.find('@') + 1));
	m.raw = headers(c.firstName + " " + c.lastName + " <" + c.email + ">", "Alice Recruiter <" + _mailbox + ">", "",
		"Availability for a call", m.messageId, date, "") + textPart(1500, false);
	return m;
}

} } // namespace mailbridge::bench
