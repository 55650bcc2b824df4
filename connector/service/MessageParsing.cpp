#include "connector/service/MessageParsing.h"
#include "connector/mime/MessageParser.h"

#include <memory>

namespace mailbridge {
namespace service {

namespace {

sync::ParsedAddress convert(const mime::Address& a)
{
	return sync::ParsedAddress{a.name, a.address, a.key()};
}

std::vector<sync::ParsedAddress> convert(const std::vector<mime::Address>& list)
{
	std::vector<sync::ParsedAddress> out;
	out.reserve(list.size());
	for (const mime::Address& a: list)
		if (!a.address.empty()) out.push_back(convert(a));
	return out;
}

} // namespace

sync::ParsedMessage parseMessageForSync(const std::string& raw, const Poco::Timestamp& internalDate)
{
	mime::ParseOptions options;
	options.internalDate = internalDate;
	options.hasInternalDate = internalDate.epochMicroseconds() != 0;
	auto full = std::make_shared<mime::Message>(mime::parseMessage(raw.data(), raw.size(), options));

	sync::ParsedMessage m;
	m.messageId = full->messageId;
	// The nearest parent first: In-Reply-To, then References from the end.
	if (!full->inReplyTo.empty()) m.parentIds.push_back(full->inReplyTo);
	for (auto it = full->references.rbegin(); it != full->references.rend(); ++it)
		if (*it != full->inReplyTo) m.parentIds.push_back(*it);
	if (!full->from.empty()) m.from = convert(full->from.front());
	else if (!full->sender.address.empty()) m.from = convert(full->sender);
	m.to = convert(full->to);
	m.cc = convert(full->cc);
	m.bcc = convert(full->bcc);
	m.subject = full->subject;
	m.date = full->date;
	m.bulk = full->bulk;
	m.autoReply = full->autoReply;
	m.deliveryReport = full->deliveryReport;
	for (const mime::DeliveryFailure& f: full->failures)
	{
		mime::Address a;
		a.address = f.recipient;
		m.failedRecipients.push_back(a.key());
	}
	m.full = std::move(full);
	return m;
}

} } // namespace mailbridge::service
