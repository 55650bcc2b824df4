#include "connector/sync/OutboxProcessor.h"
#include "connector/common/Errors.h"

#include <Poco/Logger.h>
#include <Poco/UUIDGenerator.h>

namespace mailbridge {
namespace sync {

namespace {

Poco::Logger& logger()
{
	return Poco::Logger::get("mailbridge.outbox");
}

std::string label(const OutboxItem& item)
{
	return "outbox " + std::to_string(item.id) + (item.messageId.empty() ? "" : " " + item.messageId);
}

} // namespace

OutboxProcessor::OutboxProcessor(OutboxStore& store, OutboxComposer& composer, OutboxSender& sender,
	SentFiler& filer, ActivityLogger& logger, OutboxOptions options):
	_store(store),
	_composer(composer),
	_sender(sender),
	_filer(filer),
	_logger(logger),
	_options(std::move(options))
{
}

Poco::Timespan OutboxProcessor::retryDelay(int attempts) const
{
	Poco::Timespan delay = _options.firstRetry;
	for (int i = 1; i < attempts && delay < _options.maxRetry; ++i) delay += delay;
	return delay < _options.maxRetry ? delay : _options.maxRetry;
}

std::string OutboxProcessor::newMessageId(const OutboxItem& item) const
{
	if (_options.newMessageId) return _options.newMessageId(item);
	std::string::size_type at = item.from.rfind('@');
	std::string domain = at == std::string::npos ? "mailbridge.invalid" : item.from.substr(at + 1);
	return "<" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString() + "@" + domain + ">";
}

bool OutboxProcessor::move(OutboxItem& item, OutboxItem next)
{
	if (!_store.transition(next, item.state))
	{
		logger().warning(label(item) + ": no longer " + toString(item.state) + " for " + item.claimedBy + ", left alone");
		return false;
	}
	item = std::move(next);
	return true;
}

std::size_t OutboxProcessor::runOnce(Poco::Timestamp now)
{
	std::vector<OutboxItem> items = _store.claimDue(_options.mailbox, _options.worker, now, _options.lease, _options.batch);
	for (auto& item: items)
	{
		try
		{
			process(item, now);
		}
		catch (const MailboxError&)
		{
			throw;
		}
		catch (const MessageError& e)
		{
			// The composer refused the row, or the activity could not be written.
			logger().error(label(item) + ": " + e.displayText());
			OutboxItem next = item;
			next.state = OutboxState::Failed;
			next.lastError = e.displayText();
			if (item.state == OutboxState::Claimed || item.state == OutboxState::Sending) move(item, next);
		}
		catch (const Poco::Exception& e)
		{
			logger().warning(label(item) + " stays " + toString(item.state) + " until its claim runs out: " + e.displayText());
		}
	}
	return items.size();
}

void OutboxProcessor::process(OutboxItem& item, Poco::Timestamp now)
{
	// Taken over in `sending`, or retried after a failure that may have come
	// after the end of DATA: the server may already have the message.
	bool mayHaveBeenSent = item.state == OutboxState::Sending || item.attempts > 0;
	while (!isFinal(item.state) && item.state != OutboxState::Retry)
	{
		OutboxItem next = item;
		switch (item.state)
		{
		case OutboxState::Queued:
		case OutboxState::Retry:
			return; // only claimDue moves these
		case OutboxState::Claimed:
			if (next.messageId.empty()) next.messageId = newMessageId(item); // stored before DATA
			next.state = OutboxState::Sending;
			if (!move(item, next)) return;
			break;
		case OutboxState::Sending:
			if (mayHaveBeenSent)
			{
				mayHaveBeenSent = false;
				if (_logger.logged(item.messageId))
				{
					logger().information(label(item) + ": already in the ledger, not sent again");
					next.state = OutboxState::Logged;
					if (!move(item, next)) return;
					break;
				}
				if (std::uint32_t uid = _filer.find(item.messageId))
				{
					logger().information(label(item) + ": already in Sent, not sent again");
					next.state = OutboxState::Filed;
					next.filedUid = uid;
					if (!move(item, next)) return;
					break;
				}
			}
			send(item, now);
			break;
		case OutboxState::Accepted:
		{
			std::uint32_t uid = _filer.find(item.messageId); // filed before a crash, or the provider's copy
			if (uid == 0)
			{
				if (_filer.filesSentItself())
				{
					if (now - item.sentAt < _options.providerCopyWait.totalMicroseconds())
					{
						logger().debug(label(item) + ": the provider's copy is not in Sent yet");
						return; // looked for again when the claim runs out
					}
					logger().warning(label(item) + ": the provider filed no copy in Sent; logged without one");
				}
				else
				{
					uid = _filer.file(_composer.compose(item), item.sentAt);
				}
			}
			next.state = OutboxState::Filed;
			next.filedUid = uid;
			if (!move(item, next)) return;
			break;
		}
		case OutboxState::Filed:
			if (!_logger.logged(item.messageId)) _logger.log(item, _composer.compose(item));
			next.state = OutboxState::Logged;
			if (!move(item, next)) return;
			break;
		case OutboxState::Logged:
		case OutboxState::Failed:
			return;
		}
	}
}

void OutboxProcessor::send(OutboxItem& item, Poco::Timestamp now)
{
	std::string message = _composer.compose(item);
	std::vector<OutboxRecipient> outcome;
	try
	{
		outcome = _sender.send(item, message);
	}
	catch (const MessageError& e)
	{
		logger().warning(label(item) + " refused: " + e.displayText());
		OutboxItem next = item;
		next.state = OutboxState::Failed;
		next.lastError = e.displayText();
		move(item, next);
		return;
	}
	catch (const MailboxError& e)
	{
		retryOrFail(item, e.displayText(), now);
		throw;
	}
	catch (const Poco::Exception& e)
	{
		retryOrFail(item, e.displayText(), now);
		return;
	}
	catch (const std::exception& e)
	{
		retryOrFail(item, e.what(), now);
		return;
	}
	OutboxItem next = item;
	next.recipients = outcome;
	std::string refusals;
	bool accepted = false;
	for (const auto& r: outcome)
	{
		accepted = accepted || r.state == OutboxRecipient::Accepted;
		if (r.state != OutboxRecipient::Accepted) refusals += (refusals.empty() ? "" : "; ") + ("<" + r.address + "> " + r.reply);
	}
	if (!accepted)
	{
		logger().warning(label(item) + ": every recipient refused: " + refusals);
		next.state = OutboxState::Failed;
		next.lastError = "every recipient refused: " + refusals;
		move(item, next);
		return;
	}
	next.state = OutboxState::Accepted;
	next.sentAt = now;
	move(item, next);
}

void OutboxProcessor::retryOrFail(OutboxItem& item, const std::string& error, Poco::Timestamp now)
{
	OutboxItem next = item;
	next.attempts = item.attempts + 1;
	if (now - item.createdAt >= _options.maxAge.totalMicroseconds())
	{
		next.state = OutboxState::Failed;
		next.lastError = "gave up after " + std::to_string(next.attempts) + " attempts: " + error;
	}
	else
	{
		next.state = OutboxState::Retry;
		next.lastError = error;
		next.nextAttemptAt = now + retryDelay(next.attempts).totalMicroseconds();
	}
	logger().warning(label(item) + " " + toString(next.state) + ": " + error);
	move(item, next);
}

} } // namespace mailbridge::sync
