#include "connector/service/OutboxLinks.h"

namespace mailbridge {
namespace service {

OutboxLinks::OutboxLinks(const MailboxConfig& mailbox):
	_mailbox(mailbox)
{
}

OutboxLinks::~OutboxLinks()
{
	close();
}

void OutboxLinks::close()
{
	_filer.reset();
	_imap.reset(); // logs out
	if (_smtp) _smtp->quit();
	_smtp.reset();
}

template <class Work>
auto OutboxLinks::guarded(bool imap, Work work) -> decltype(work())
{
	try
	{
		return work();
	}
	catch (...)
	{
		// A connection that failed once is not trusted again.
		if (imap)
		{
			_filer.reset();
			_imap.reset();
		}
		else
		{
			_smtp.reset();
		}
		throw;
	}
}

std::vector<sync::OutboxRecipient> OutboxLinks::send(const sync::OutboxItem& item, const std::string& message)
{
	return guarded(false, [&] {
		if (!_smtp) _smtp.reset(new smtp::SmtpSender(SmtpOutboxSender::options(_mailbox)));
		return SmtpOutboxSender(*_smtp).send(item, message);
	});
}

ImapSentFiler& OutboxLinks::filer()
{
	if (!_filer)
	{
		_imap = ImapMailboxClient::connect(_mailbox, Poco::Timespan(60, 0));
		_filer.reset(new ImapSentFiler(_imap->session(), _mailbox.providerFilesSent, _mailbox.folders.sent));
	}
	return *_filer;
}

bool OutboxLinks::filesSentItself() const
{
	return _mailbox.providerFilesSent;
}

std::uint32_t OutboxLinks::find(const std::string& messageId)
{
	return guarded(true, [&] { return filer().find(messageId); });
}

std::uint32_t OutboxLinks::file(const std::string& message, Poco::Timestamp date)
{
	return guarded(true, [&] { return filer().file(message, date); });
}

std::string OutboxLinks::sentFolder()
{
	return guarded(true, [&] { return filer().folder(); });
}

std::uint32_t OutboxLinks::sentUidValidity()
{
	return guarded(true, [&] { return filer().uidValidity(); });
}

} } // namespace mailbridge::service
