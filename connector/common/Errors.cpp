#include "connector/common/Errors.h"

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

std::string describe(const std::exception& exc)
{
	const Poco::Exception* poco = dynamic_cast<const Poco::Exception*>(&exc);
	return poco ? poco->displayText() : std::string(exc.what());
}

} // namespace mailbridge
