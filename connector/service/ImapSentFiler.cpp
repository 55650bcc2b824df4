#include "connector/service/ImapSentFiler.h"
#include "connector/common/Errors.h"
#include "connector/imap/SpecialUse.h"

#include <Poco/DateTimeFormatter.h>

namespace mailbridge {
namespace service {

ImapSentFiler::ImapSentFiler(imap::ImapSession& session, bool providerFilesSent, const std::string& folder):
	_session(session),
	_providerFiles(providerFilesSent),
	_folder(folder)
{
}

const std::string& ImapSentFiler::folder()
{
	if (!_folder.empty()) return _folder;
	std::vector<imap::ListEntry> entries;
	std::string command = _session.hasCapability("SPECIAL-USE") && _session.hasCapability("LIST-EXTENDED")
		? "LIST \"\" \"*\" RETURN (SPECIAL-USE)" : "LIST \"\" \"*\"";
	_session.command(command, [&entries](const imap::Response& r) {
		if (r.kind == "LIST") entries.push_back(r.list);
	});
	auto roles = imap::findSpecialUse(entries);
	auto sent = roles.find(imap::SpecialUse::Sent);
	if (sent == roles.end()) throw MailboxError("no folder is marked \\Sent; name one in the mailbox's settings");
	_folder = sent->second.name;
	return _folder;
}

std::string ImapSentFiler::imapDate(Poco::Timestamp date)
{
	return Poco::DateTimeFormatter::format(date, "%d-%b-%Y %H:%M:%S +0000");
}

std::uint32_t ImapSentFiler::find(const std::string& messageId)
{
	std::string quoted;
	for (char c: messageId)
	{
		if (c == '\r' || c == '\n') return 0; // cannot be a header value we wrote
		if (c == '"' || c == '\\') quoted += '\\';
		quoted += c;
	}
	_session.select(folder(), true);
	imap::UidSet found;
	_session.command("UID SEARCH HEADER Message-ID \"" + quoted + "\"", [&found](const imap::Response& r) {
		if (r.kind == "SEARCH") found = r.uids;
	});
	return found.empty() ? 0 : found.ranges().front().first;
}

std::uint32_t ImapSentFiler::file(const std::string& message, Poco::Timestamp date)
{
	// ImapSession::append writes its flags argument as given, so the
	// date-time (RFC 3501 "append") can follow the flag list there.
	imap::Response r = _session.append(folder(), "(\\Seen) \"" + imapDate(date) + "\"", message);
	if (r.code.name == "APPENDUID" && !r.code.uids.empty()) return r.code.uids.ranges().front().first;
	return 0;
}

} } // namespace mailbridge::service
