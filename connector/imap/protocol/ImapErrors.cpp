#include "connector/imap/protocol/ImapErrors.h"

#include <cstdio>
#include <typeinfo>

namespace mailbridge {
namespace imap {

POCO_IMPLEMENT_EXCEPTION(ImapProtocolError, mailbridge::TransientError, "IMAP protocol error")
POCO_IMPLEMENT_EXCEPTION(ImapNetworkError, mailbridge::TransientError, "IMAP network error")
POCO_IMPLEMENT_EXCEPTION(ImapTimeoutError, ImapNetworkError, "IMAP timeout")
POCO_IMPLEMENT_EXCEPTION(ImapCommandError, mailbridge::TransientError, "IMAP command failed")
POCO_IMPLEMENT_EXCEPTION(ImapAuthError, mailbridge::MailboxError, "IMAP login refused")
POCO_IMPLEMENT_EXCEPTION(ImapSecurityError, mailbridge::MailboxError, "IMAP security")
POCO_IMPLEMENT_EXCEPTION(ImapUnsupportedError, mailbridge::MailboxError, "IMAP server lacks a capability")

ImapOAuthError::ImapOAuthError(const std::string& msg, const std::string& arg, const std::string& json):
	ImapAuthError(msg, arg),
	_json(json)
{
}

ImapOAuthError::ImapOAuthError(const ImapOAuthError& exc):
	ImapAuthError(exc),
	_json(exc._json)
{
}

ImapOAuthError::~ImapOAuthError() noexcept
{
}

ImapOAuthError& ImapOAuthError::operator = (const ImapOAuthError& exc)
{
	ImapAuthError::operator = (exc);
	_json = exc._json;
	return *this;
}

const char* ImapOAuthError::name() const noexcept
{
	return "IMAP OAuth token refused";
}

const char* ImapOAuthError::className() const noexcept
{
	return typeid(*this).name();
}

Poco::Exception* ImapOAuthError::clone() const
{
	return new ImapOAuthError(*this);
}

void ImapOAuthError::rethrow() const
{
	throw *this;
}

std::string protocolErrorText(const std::string& what, const std::string& line, std::size_t offset)
{
	std::string shown;
	for (std::size_t i = 0; i < line.size() && shown.size() < 200; ++i)
	{
		unsigned char c = static_cast<unsigned char>(line[i]);
		if (c < 0x20 || c == 0x7f)
		{
			char buf[8];
			std::snprintf(buf, sizeof buf, "\\x%02X", c);
			shown += buf;
		}
		else
		{
			shown += static_cast<char>(c);
		}
	}
	if (line.size() > 200) shown += "...";
	return what + " at offset " + std::to_string(offset) + " in: " + shown;
}

} } // namespace mailbridge::imap
