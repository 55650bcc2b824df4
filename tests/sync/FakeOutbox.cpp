#include "FakeOutbox.h"
#include "connector/common/Errors.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <algorithm>

namespace mailbridge {
namespace test {

using sync::OutboxItem;
using sync::OutboxState;

void FakeOutbox::step(const std::string& what, const std::function<void()>& effect)
{
	++steps;
	bool die = steps == killAt;
	if (die) lastStep = what;
	if (die && !killAfter) throw Crash();
	effect();
	if (die) throw Crash();
}

OutboxItem& FakeOutbox::queue(std::int64_t id, const std::vector<std::string>& to, Poco::Timestamp sendAt)
{
	OutboxItem item;
	item.id = id;
	item.mailbox = "alice@example.test";
	item.from = "alice@example.test";
	for (const auto& a: to)
	{
		sync::OutboxRecipient r;
		r.address = a;
		item.recipients.push_back(r);
	}
	item.createdAt = sendAt;
	item.sendAt = sendAt;
	item.nextAttemptAt = sendAt;
	return rows[id] = item;
}

std::vector<OutboxItem> FakeOutbox::claimDue(const std::string& mailbox, const std::string& worker,
	Poco::Timestamp now, Poco::Timespan lease, std::size_t limit)
{
	std::vector<OutboxItem> out;
	step("claim", [&] {
		for (auto& entry: rows)
		{
			OutboxItem& row = entry.second;
			if (row.mailbox != mailbox || out.size() >= limit) continue;
			bool due = (row.state == OutboxState::Queued && row.sendAt <= now)
				|| (row.state == OutboxState::Retry && row.nextAttemptAt <= now);
			bool orphan = (row.state == OutboxState::Claimed || row.state == OutboxState::Sending
				|| row.state == OutboxState::Accepted || row.state == OutboxState::Filed)
				&& now - row.claimedAt >= lease.totalMicroseconds();
			if (!due && !orphan) continue;
			if (due) row.state = OutboxState::Claimed;
			row.claimedBy = worker;
			row.claimedAt = now;
			out.push_back(row);
		}
	});
	return out;
}

bool FakeOutbox::transition(const OutboxItem& item, OutboxState expected)
{
	bool done = false;
	step(std::string("transition to ") + sync::toString(item.state), [&] {
		auto it = rows.find(item.id);
		if (it == rows.end() || it->second.state != expected || it->second.claimedBy != item.claimedBy) return;
		it->second = item;
		done = true;
	});
	return done;
}

std::string FakeOutbox::compose(const OutboxItem& item)
{
	std::string to;
	for (const auto& r: item.recipients) to += (to.empty() ? "" : ", ") + r.address;
	return "From: " + item.from + "\r\nTo: " + to + "\r\nMessage-ID: " + item.messageId
		+ "\r\nDate: " + Poco::DateTimeFormatter::format(item.sendAt, Poco::DateTimeFormat::RFC1123_FORMAT)
		+ "\r\nSubject: outbox " + std::to_string(item.id) + "\r\n\r\nbody of " + std::to_string(item.id) + "\r\n";
}

std::vector<sync::OutboxRecipient> FakeOutbox::send(const OutboxItem& item, const std::string& message)
{
	if (!sendFailures.empty())
	{
		auto fail = sendFailures.front();
		sendFailures.pop_front();
		fail();
	}
	std::vector<sync::OutboxRecipient> out = item.recipients;
	std::size_t accepted = 0;
	for (auto& r: out)
	{
		auto refused = refuse.find(r.address);
		r.state = refused == refuse.end() ? sync::OutboxRecipient::Accepted : sync::OutboxRecipient::Refused;
		r.reply = refused == refuse.end() ? "250 2.1.5 Ok" : refused->second;
		if (r.state == sync::OutboxRecipient::Accepted) ++accepted;
	}
	if (accepted == 0) return out; // nothing sent
	step("send", [&] {
		delivered.push_back(item.messageId);
		if (providerFiles && providerCopyAtOnce) sent.push_back({nextUid++, item.messageId, message});
	});
	return out;
}

std::uint32_t FakeOutbox::find(const std::string& messageId)
{
	for (const auto& c: sent) if (c.messageId == messageId) return c.uid;
	return 0;
}

std::uint32_t FakeOutbox::file(const std::string& message, Poco::Timestamp)
{
	std::uint32_t uid = 0;
	step("append to Sent", [&] {
		std::string::size_type at = message.find("Message-ID: ");
		std::string id = message.substr(at + 12, message.find("\r\n", at) - at - 12);
		uid = nextUid++;
		sent.push_back({uid, id, message});
	});
	return uid;
}

bool FakeOutbox::logged(const std::string& messageId)
{
	return count(ledger, messageId) > 0;
}

void FakeOutbox::log(const OutboxItem& item, const std::string&)
{
	step("log activity", [&] { ledger.push_back(item.messageId); });
}

int FakeOutbox::count(const std::vector<std::string>& list, const std::string& id) const
{
	return int(std::count(list.begin(), list.end(), id));
}

int FakeOutbox::sentCopies(const std::string& id) const
{
	int n = 0;
	for (const auto& c: sent) if (c.messageId == id) ++n;
	return n;
}

} } // namespace mailbridge::test
