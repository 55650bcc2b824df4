#include "tests/sync/FakeStore.h"
#include "connector/sync/RecordRefused.h"

#include "connector/common/Errors.h"

namespace mailbridge {
namespace test {

void FakeStore::step()
{
	++steps;
	if (killAt != 0 && steps == killAt) throw TransientError("killed before durable step " + std::to_string(steps));
}

sync::FolderCursor FakeStore::loadCursor(const sync::FolderKey& key)
{
	auto it = cursors.find(key);
	return it == cursors.end() ? sync::FolderCursor() : it->second;
}

void FakeStore::commit(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records, const sync::FolderCursor& cursor)
{
	write(key, uidValidity, records, true);
	cursors[key] = cursor;
}

void FakeStore::commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records)
{
	write(key, uidValidity, records, false);
}

void FakeStore::write(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
	bool skipLedgered)
{
	step();
	for (const sync::MessageRecord& record: records)
		if (record.outcome == sync::Outcome::Logged && refuseUids.count(record.uid))
			throw sync::RecordRefused(record.uid, "value too long for notes.subject");
	std::vector<std::uint32_t> uids;
	for (const sync::MessageRecord& record: records)
	{
		FakeLedgerRow row;
		row.id.uid = record.uid;
		row.id.messageId = record.messageId;
		row.id.size = record.size;
		row.id.internalDate = record.internalDate;
		row.outcome = record.outcome;
		// insert-if-absent, as the real ledger does; commit() never writes a
		// ledgered message again
		const bool added = ledgerRows.emplace(LedgerKey(key.mailbox, key.folder, uidValidity, record.uid), row).second;
		if (record.outcome == sync::Outcome::Logged && (added || !skipLedgered))
		{
			for (const sync::PersonRef& person: record.people)
			{
				auto id = std::make_pair(record.identity(), person.kind + ":" + person.key);
				if (!activities.count(id)) activities[id] = static_cast<int>(activities.size()) + 1;
			}
		}
		uids.push_back(record.uid);
	}
	commits.push_back(uids);
}

void FakeStore::saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor)
{
	step();
	cursors[key] = cursor;
}

std::vector<sync::MessageIdentity> FakeStore::ledger(const sync::FolderKey& key, std::uint32_t uidValidity)
{
	std::vector<sync::MessageIdentity> out;
	for (auto& entry: ledgerRows)
	{
		if (std::get<0>(entry.first) == key.mailbox && std::get<1>(entry.first) == key.folder &&
			std::get<2>(entry.first) == uidValidity && !entry.second.gone)
			out.push_back(entry.second.id);
	}
	return out;
}

void FakeStore::rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
	const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor)
{
	step();
	std::map<LedgerKey, FakeLedgerRow> next;
	std::map<std::uint32_t, FakeLedgerRow> old;
	for (auto& entry: ledgerRows)
	{
		bool inFolder = std::get<0>(entry.first) == key.mailbox && std::get<1>(entry.first) == key.folder &&
			std::get<2>(entry.first) == oldValidity && !entry.second.gone;
		if (inFolder) old[std::get<3>(entry.first)] = entry.second;
		else next.insert(entry);
	}
	for (auto& pair: oldToNew)
	{
		FakeLedgerRow row = old[pair.first];
		row.id.uid = pair.second;
		next[LedgerKey(key.mailbox, key.folder, newValidity, pair.second)] = row;
		old.erase(pair.first);
	}
	for (auto& entry: old)
	{
		entry.second.gone = true;
		// Keyed apart from the live rows, since old and new validity may be equal.
		next[LedgerKey(key.mailbox, key.folder + "#gone", oldValidity, entry.first)] = entry.second;
	}
	ledgerRows = next;
	cursors[key] = cursor;
}

void FakeStore::markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids, const sync::FolderCursor& cursor)
{
	step();
	for (std::uint32_t uid: uids)
	{
		auto it = ledgerRows.find(LedgerKey(key.mailbox, key.folder, uidValidity, uid));
		if (it != ledgerRows.end()) it->second.gone = true;
	}
	cursors[key] = cursor;
}

std::size_t FakeStore::liveLedgerRows(const sync::FolderKey& key) const
{
	std::size_t n = 0;
	for (auto& entry: ledgerRows)
		if (std::get<0>(entry.first) == key.mailbox && std::get<1>(entry.first) == key.folder && !entry.second.gone) ++n;
	return n;
}

static std::string headerValue(const std::string& raw, const std::string& name)
{
	std::string::size_type pos = raw.find(name + ": ");
	if (pos == std::string::npos) return std::string();
	pos += name.size() + 2;
	return raw.substr(pos, raw.find("\r\n", pos) - pos);
}

void FakeProcessor::prepare(sync::FetchedMessage& message) const
{
	++prepares;
	if (std::this_thread::get_id() != _home) ++elsewhere;
	message.prepared = std::make_shared<sync::PreparedMessage>();
}

std::vector<sync::MessageRecord> FakeProcessor::process(const sync::FolderContext& folder, std::vector<sync::FetchedMessage>& batch)
{
	std::vector<sync::MessageRecord> out;
	for (sync::FetchedMessage& message: batch)
	{
		if (message.prepared) ++preparedSeen;
		sync::MessageRecord record;
		record.uid = message.uid;
		record.size = message.size;
		record.internalDate = message.internalDate;
		std::string id = headerValue(message.raw, "Message-ID");
		record.messageId = id.size() > 2 ? id.substr(1, id.size() - 2) : std::string();
		record.direction = folder.role == sync::FolderRole::Sent ? sync::Direction::Out : sync::Direction::In;
		std::string to = headerValue(message.raw, "To");
		if (to.empty())
		{
			record.outcome = sync::Outcome::NoPerson;
		}
		else
		{
			record.outcome = sync::Outcome::Logged;
			sync::PersonRef person;
			person.table = "candidates";
			person.kind = "C";
			person.key = to;
			record.people.push_back(person);
		}
		out.push_back(record);
	}
	return out;
}

} } // namespace mailbridge::test
