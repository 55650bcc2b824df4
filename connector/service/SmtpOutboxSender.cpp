#include "connector/service/SmtpOutboxSender.h"
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

} } // namespace mailbridge::service
