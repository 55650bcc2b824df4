#include "connector/smtp/SmtpRecipientsRefused.h"

#include <typeinfo>

namespace mailbridge {
namespace smtp {

SmtpRecipientsRefused::SmtpRecipientsRefused(const std::string& reply, int code, SendResult result):
	SmtpMessageRefused("every recipient refused", reply, code),
	_result(std::move(result))
{
}

const char* SmtpRecipientsRefused::name() const noexcept
{
	return "SMTP recipients refused";
}

const char* SmtpRecipientsRefused::className() const noexcept
{
	return typeid(*this).name();
}

Poco::Exception* SmtpRecipientsRefused::clone() const
{
	return new SmtpRecipientsRefused(*this);
}

void SmtpRecipientsRefused::rethrow() const
{
	throw *this;
}

} } // namespace mailbridge::smtp
