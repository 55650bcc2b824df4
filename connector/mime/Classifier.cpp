//
// Classifier.cpp
//

#include "connector/mime/Classifier.h"
#include "connector/mime/AddressParser.h"

namespace mailbridge {
namespace mime {

namespace {

std::string lowerToken(std::string_view v)
{
	std::string r;
	for (char c: v)
	{
		if (c == ';' || c == '(') break;
		if (c == ' ' || c == '\t' || c == '"') continue;
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
		r.push_back(c);
	}
	return r;
}

std::string lower(std::string_view v)
{
	std::string r(v);
	for (char& c: r)
	{
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
	}
	return r;
}

std::string trim(std::string_view s)
{
	std::size_t b = 0, e = s.size();
	while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
	return std::string(s.substr(b, e - b));
}

// "rfc822; user@host" -> "user@host"; "smtp; 550 ..." -> "550 ...".
std::string afterType(std::string_view v)
{
	std::size_t semi = v.find(';');
	if (semi == std::string_view::npos) return trim(v);
	return trim(v.substr(semi + 1));
}

} // namespace

bool Classifier::isBulk(const HeaderBlock& headers)
{
	if (headers.find("List-Id") != nullptr || headers.find("List-Unsubscribe") != nullptr) return true;
	std::string p = lowerToken(headers.view("Precedence"));
	return p == "bulk" || p == "list" || p == "junk";
}

bool Classifier::isOutOfOfficeSubject(std::string_view subject)
{
	std::string s = lower(subject);
	static const std::string_view MARKERS[] = {
		"out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply",
		"auto response", "autoresponse", "automatische antwort", "abwesenheitsnotiz", "abwesend",
		"réponse automatique", "absence du bureau", "respuesta automática", "fuera de la oficina",
		"risposta automatica", "automatisch antwoord", "afwezig", "autosvar", "frånvaro", "vacation reply",
		"on vacation", "away from the office", "i am away", "i'm away",
	};
	for (std::string_view m: MARKERS)
	{
		if (s.find(m) != std::string::npos) return true;
	}
	return s.compare(0, 5, "auto:") == 0;
}

bool Classifier::isAutoReply(const HeaderBlock& headers, std::string_view subject)
{
	const std::string* as = headers.find("Auto-Submitted");
	if (as != nullptr && lowerToken(*as) != "no" && !lowerToken(*as).empty()) return true;
	const std::string* xa = headers.find("X-Autoreply");
	if (xa != nullptr && lowerToken(*xa) != "no") return true;
	if (headers.find("X-Autorespond") != nullptr) return true;
	std::string p = lowerToken(headers.view("Precedence"));
	if (p == "auto_reply") return true;
	// X-Auto-Response-Suppress is a request to others, not a sign of an automatic reply.
	return isOutOfOfficeSubject(subject);
}

void Classifier::parseDeliveryStatus(std::string_view body, std::vector<DeliveryFailure>& failures)
{
	// Groups of fields separated by blank lines; the first describes the message.
	std::size_t p = 0;
	bool first = true;
	while (p < body.size())
	{
		// Skip blank lines between groups.
		while (p < body.size())
		{
			std::size_t nl = body.find('\n', p);
			std::size_t end = nl == std::string_view::npos ? body.size() : nl;
			std::string_view line = body.substr(p, end - p);
			if (line.find_first_not_of(" \t\r") != std::string_view::npos) break;
			p = nl == std::string_view::npos ? body.size() : nl + 1;
		}
		if (p >= body.size()) break;
		HeaderBlock group;
		std::size_t used = group.parse(body.data() + p, body.size() - p);
		if (used == 0) break;
		p += used;
		if (first && group.find("Final-Recipient") == nullptr && group.find("Original-Recipient") == nullptr)
		{
			first = false;
			continue;
		}
		first = false;
		std::string recipient = group.get("Final-Recipient");
		if (recipient.empty()) recipient = group.get("Original-Recipient");
		if (recipient.empty()) continue;
		std::string action = lowerToken(group.get("Action"));
		std::string status = trim(group.get("Status"));
		std::size_t sp = status.find_first_of(" \t(");
		if (sp != std::string::npos) status.erase(sp);
		bool failed = action == "failed" || (action.empty() && !status.empty() && (status[0] == '4' || status[0] == '5'));
		if (!failed) continue;
		DeliveryFailure f;
		f.recipient = AddressParser::normalize(afterType(recipient));
		f.status = status;
		f.diagnostic = afterType(group.get("Diagnostic-Code"));
		failures.push_back(std::move(f));
	}
}

} } // namespace mailbridge::mime
