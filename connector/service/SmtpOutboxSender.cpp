#include "connector/service/SmtpOutboxSender.h"
#include "connector/service/ServiceConfig.h"
#include "connector/smtp/SmtpRecipientsRefused.h"

#include <Poco/String.h>
#include <map>

namespace mailbridge {
namespace service {

SmtpOutboxSender::SmtpOutboxSender(smtp::SmtpSender& sender):
	_sender(sender)
{
}

std::vector<sync::OutboxRecipient> SmtpOutboxSender::send(const sync::OutboxItem& item, const std::string& message)
{
	std::vector<std::string> envelope;
	std::map<std::string, std::size_t> index; // lower-cased address -> its place in the envelope
	for (const auto& r: item.recipients)
	{
		std::string key = Poco::toLower(r.address);
		if (index.emplace(key, envelope.size()).second) envelope.push_back(r.address);
	}
	smtp::SendResult result;
	try
	{
		result = _sender.send(item.from, envelope, message);
	}
	catch (const smtp::SmtpRecipientsRefused& e)
	{
		result = e.result(); // recorded per recipient; nothing was sent
	}
	std::vector<sync::OutboxRecipient> out = item.recipients;
	for (auto& r: out)
	{
		const smtp::RecipientOutcome& o = result.recipients.at(index.at(Poco::toLower(r.address)));
		r.reply = o.reply;
		switch (o.status)
		{
		case smtp::RecipientOutcome::Accepted: r.state = sync::OutboxRecipient::Accepted; break;
		case smtp::RecipientOutcome::RefusedPermanently: r.state = sync::OutboxRecipient::Refused; break;
		case smtp::RecipientOutcome::RefusedTemporarily: r.state = sync::OutboxRecipient::Deferred; break;
		}
	}
	return out;
}

smtp::SmtpSenderOptions SmtpOutboxSender::options(const MailboxConfig& config)
{
	smtp::SmtpSenderOptions o;
	o.host = config.smtpHost.empty() ? config.host : config.smtpHost;
	o.security = config.smtpTls == TlsMode::Implicit ? smtp::SmtpSenderOptions::ImplicitTls
		: config.smtpTls == TlsMode::StartTls ? smtp::SmtpSenderOptions::StartTls : smtp::SmtpSenderOptions::Plain;
	o.port = static_cast<unsigned short>(config.smtpPort ? config.smtpPort : (config.smtpTls == TlsMode::Implicit ? 465 : 587));
	o.caFile = config.caFile;
	o.allowInsecure = config.allowInsecure;
	switch (config.auth)
	{
	case AuthMethod::Plain: o.auth = smtp::SmtpSenderOptions::AuthPlain; break;
	case AuthMethod::Login: o.auth = smtp::SmtpSenderOptions::AuthLogin; break;
	case AuthMethod::XOAuth2: o.auth = smtp::SmtpSenderOptions::AuthXOAuth2; break;
	case AuthMethod::OAuthBearer: o.auth = smtp::SmtpSenderOptions::AuthOAuthBearer; break;
	}
	o.user = config.user.empty() ? config.address : config.user;
	o.secret = config.secret.resolve();
	return o;
}

} } // namespace mailbridge::service
