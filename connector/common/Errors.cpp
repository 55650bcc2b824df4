#include "connector/common/Errors.h"

#include <cctype>
#include <typeinfo>

namespace mailbridge {

POCO_IMPLEMENT_EXCEPTION(TransientError, Poco::Exception, "Temporary failure")
POCO_IMPLEMENT_EXCEPTION(MessageError, Poco::Exception, "Message failure")
POCO_IMPLEMENT_EXCEPTION(MailboxError, Poco::Exception, "Mailbox failure")
POCO_IMPLEMENT_EXCEPTION(ConfigError, Poco::Exception, "Configuration error")

FailureKind classify(const std::exception& exc)
{
	if (dynamic_cast<const ConfigError*>(&exc)) return FailureKind::Final;
	if (dynamic_cast<const MailboxError*>(&exc)) return FailureKind::Mailbox;
	if (dynamic_cast<const MessageError*>(&exc)) return FailureKind::Message;
	return FailureKind::Transient;
}

const char* toString(FailureKind kind)
{
	switch (kind)
	{
	case FailureKind::Transient: return "transient";
	case FailureKind::Message: return "message";
	case FailureKind::Mailbox: return "mailbox";
	case FailureKind::Final: return "final";
	}
	return "unknown";
}

namespace {

std::string withoutPasswords(std::string text)
{
	// Poco's Data exceptions carry the ODBC connection string, PWD and all.
	std::string lower = text;
	for (char& c: lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	for (const std::string key: {"pwd=", "password="})
	{
		for (std::size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1))
		{
			const std::size_t from = at + key.size();
			std::size_t to = from < text.size() && text[from] == '{' ? text.find('}', from) : text.find(';', from);
			to = to == std::string::npos ? text.size() : to + (text[from] == '{' ? 1 : 0);
			text.replace(from, to - from, "***");
			lower.replace(from, to - from, "***");
		}
	}
	return text;
}

} // namespace

std::string describe(const std::exception& exc)
{
	const Poco::Exception* poco = dynamic_cast<const Poco::Exception*>(&exc);
	return withoutPasswords(poco ? poco->displayText() : std::string(exc.what()));
}

} // namespace mailbridge
