#include "tests/sync/FakeMailbox.h"

#include "connector/common/Errors.h"

namespace mailbridge {
namespace test {

std::uint32_t FakeMailbox::add(const std::string& folder, const FakeMessage& message)
{
	FakeFolder& f = folders_[folder];
	std::uint32_t uid = f.uidNext++;
	f.messages[uid] = message;
	++f.highestModSeq;
	return uid;
}

void FakeMailbox::renumber(const std::string& folder, std::uint32_t newValidity)
{
	FakeFolder& f = folders_[folder];
	std::map<std::uint32_t, FakeMessage> moved;
	std::uint32_t next = 1;
	for (auto& entry: f.messages) moved[next++] = entry.second;
	f.messages = moved;
	f.uidNext = next;
	f.uidValidity = newValidity;
	f.highestModSeq = 1;
}

void FakeMailbox::resetUidsKeepValidity(const std::string& folder)
{
	std::uint32_t validity = folders_[folder].uidValidity;
	renumber(folder, validity);
}

void FakeMailbox::expunge(const std::string& folder, std::uint32_t uid)
{
	FakeFolder& f = folders_[folder];
	f.messages.erase(uid);
	f.vanished.push_back(uid);
	++f.highestModSeq;
}

std::vector<sync::FolderEntry> FakeMailbox::folders()
{
	std::vector<sync::FolderEntry> out;
	for (auto& entry: folders_)
	{
		sync::FolderEntry folder;
		folder.name = entry.first;
		folder.role = entry.first == "INBOX" ? sync::FolderRole::Inbox :
			entry.first == "Sent" ? sync::FolderRole::Sent : sync::FolderRole::Other;
		out.push_back(folder);
	}
	return out;
}

sync::FolderSnapshot FakeMailbox::open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq)
{
	auto it = folders_.find(folder);
	if (it == folders_.end()) throw MailboxError("no such folder", folder);
	++opens;
	current = folder;
	sync::FolderSnapshot snap;
	snap.uidValidity = it->second.uidValidity;
	snap.uidNext = it->second.uidNext;
	snap.exists = static_cast<std::uint32_t>(it->second.messages.size());
	snap.highestModSeq = it->second.highestModSeq;
	if (knownUidValidity == it->second.uidValidity && knownModSeq != 0) snap.vanished = it->second.vanished;
	it->second.vanished.clear();
	return snap;
}

std::vector<std::uint32_t> FakeMailbox::search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since)
{
	std::vector<std::uint32_t> out;
	for (auto& entry: folders_[current].messages)
	{
		if (entry.first < fromUid || (toUid != 0 && entry.first > toUid)) continue;
		if (since && entry.second.date < *since) continue;
		out.push_back(entry.first);
	}
	return out;
}

std::vector<std::uint32_t> FakeMailbox::searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before)
{
	std::vector<std::uint32_t> out;
	for (auto& entry: folders_[current].messages)
		if (entry.second.date >= since && entry.second.date < before) out.push_back(entry.first);
	return out;
}

std::vector<std::uint32_t> FakeMailbox::searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since)
{
	std::vector<std::uint32_t> out;
	for (auto& entry: folders_[current].messages)
	{
		if (entry.second.date < since) continue;
		for (const std::string& a: addresses)
			if (entry.second.to.find(a) != std::string::npos) { out.push_back(entry.first); break; }
	}
	return out;
}

void FakeMailbox::fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage)
{
	FakeFolder& f = folders_[current];
	for (std::uint32_t uid: vanishOnFetch) f.messages.erase(uid);
	if (trapStar && !f.messages.empty())
	{
		// What "UID FETCH n:*" answers when n is above every UID.
		sync::FetchedMessage stray;
		stray.uid = f.messages.begin()->first;
		stray.raw = render(f.messages.begin()->second);
		onMessage(stray);
	}
	for (std::uint32_t uid: uids)
	{
		auto it = f.messages.find(uid);
		if (it == f.messages.end()) continue;
		sync::FetchedMessage message;
		message.uid = uid;
		message.internalDate = it->second.date;
		if (nilBodies.count(uid))
		{
			message.missing = true;
		}
		else
		{
			message.raw = render(it->second);
			message.size = message.raw.size();
			++bodiesFetched;
		}
		onMessage(message);
	}
}

void FakeMailbox::fetchIdentities(const std::vector<std::uint32_t>& uids, const std::function<void(const sync::MessageIdentity&)>& onMessage)
{
	FakeFolder& f = folders_[current];
	for (std::uint32_t uid: uids)
	{
		auto it = f.messages.find(uid);
		if (it == f.messages.end()) continue;
		sync::MessageIdentity id;
		id.uid = uid;
		id.messageId = it->second.messageId;
		id.size = render(it->second).size();
		id.internalDate = it->second.date;
		onMessage(id);
	}
}

bool FakeMailbox::waitForChange(Poco::Timespan)
{
	return false;
}

std::string FakeMailbox::render(const FakeMessage& message)
{
	return "Message-ID: <" + message.messageId + ">\r\nTo: " + message.to + "\r\n\r\n" + message.body + "\r\n";
}

} } // namespace mailbridge::test
