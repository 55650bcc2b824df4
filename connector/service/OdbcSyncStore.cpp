//
// OdbcSyncStore.cpp
//

#include "connector/service/OdbcSyncStore.h"
#include "connector/service/BatchActivities.h"
#include "connector/service/OdbcSyncBatch.h"
#include "connector/sync/RecordRefused.h"
#include "mapping/store/ActivityWriter.h"
#include "mapping/store/BounceMarker.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/OdbcStore.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/Logger.h>
#include <algorithm>
#include <set>

using mailbridge::mapping::ParamBinder;
using mailbridge::mapping::SqlStatement;

namespace mailbridge {
namespace service {

namespace {

std::string joined(const std::vector<std::string>& parts)
{
	std::string out;
	for (const auto& p: parts) out += (out.empty() ? "" : ";") + p;
	return out;
}

void folderParams(ParamBinder& p, const sync::FolderKey& key, std::uint32_t uidValidity)
{
	p.text("mailbox", key.mailbox);
	p.text("folder", key.folder);
	p.integer("uidvalidity", uidValidity);
}

} // namespace

OdbcSyncStore::OdbcSyncStore(mapping::OdbcConnection& db, mapping::ActivityWriter& writer, mapping::BounceMarker* bounces):
	_db(db),
	_writer(writer),
	_bounces(bounces),
	_sql(db.dialect())
{
}

sync::FolderCursor OdbcSyncStore::loadCursor(const sync::FolderKey& key)
{
	mapping::OdbcStore own(_db);
	mapping::FolderState state;
	sync::FolderCursor cursor;
	try
	{
		if (!own.loadFolderState(key.mailbox, key.folder, state)) return cursor;
	}
	catch (ConfigError& exc)
	{
		throw MailboxError(exc.message(), exc.displayText());
	}
	cursor.uidValidity = static_cast<std::uint32_t>(state.uidValidity);
	cursor.lastUid = static_cast<std::uint32_t>(state.lastUid);
	cursor.highestModSeq = static_cast<std::uint64_t>(state.highestModseq);
	cursor.backfillFloor = static_cast<std::uint32_t>(state.backfillFloor);
	cursor.formatVersion = state.stateVersion;
	return cursor;
}

void OdbcSyncStore::writeCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor)
{
	ParamBinder p;
	folderParams(p, key, cursor.uidValidity);
	p.integer("last_uid", cursor.lastUid);
	p.integer("highest_modseq", static_cast<Poco::Int64>(cursor.highestModSeq));
	p.integer("backfill_floor", cursor.backfillFloor);
	p.integer("state_version", cursor.formatVersion);
	p.timestamp("updated_at", Poco::DateTime());
	p.execute(_db.session(), _sql.folderStateUpsert());
}

std::vector<std::string> OdbcSyncStore::firstColumn(const SqlStatement& q, ParamBinder& params)
{
	Poco::Data::Statement stmt(_db.session());
	stmt << q.text;
	params.bind(stmt, q);
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	std::vector<std::string> out;
	for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(rs.value(0).convert<std::string>());
	return out;
}

ParamBinder OdbcSyncStore::personParams(const std::string& keyName, const std::string& messageKey, const sync::PersonRef& person)
{
	ParamBinder p;
	p.text(keyName, messageKey);
	p.text("person_kind", person.table);
	p.text("person_key", person.key);
	return p;
}

std::string OdbcSyncStore::findActivity(const std::string& messageKey, const sync::PersonRef& person)
{
	if (_batch && _batch->covers(messageKey)) return _batch->activity(messageKey, person);
	ParamBinder p = personParams("message_key", messageKey, person);
	std::vector<std::string> found = firstColumn(_sql.messageActivitySelect(), p);
	return found.empty() ? std::string() : found.front();
}

std::string OdbcSyncStore::activityFor(const sync::FolderKey& key, std::uint32_t uidValidity,
	const sync::MessageRecord& record, const sync::PersonRef& person)
{
	// One activity per person and message, whichever folder or mailbox saw
	// it first: a copy in Sent, another recruiter's INBOX or a message back
	// after a UIDVALIDITY reset points at the activity already written.
	std::string existing = findActivity(record.identity(), person);
	if (!existing.empty()) return existing;

	std::string parent;
	std::size_t nearest = 0;
	for (; nearest < record.parentIds.size(); ++nearest)
	{
		parent = findActivity("<" + record.parentIds[nearest] + ">", person);
		if (!parent.empty()) break;
	}
	// No header found a parent: an earlier message of this person under
	// the same subject may be it (subject_threading).
	Poco::Int64 time = 0;
	if (parent.empty()) _batch->subjectParent(record, person, parent, time);
	mapping::ActivityRequest request{record, person, key, uidValidity, parent};
	std::string activityKey;
	try
	{
		activityKey = _writer.write(_db, request);
		// The message it answers may be logged later (another folder, or out
		// of order): the nearer parent, when it comes, sets this one's link.
		if (!record.parentIds.empty() && nearest != 0) awaitParent("<" + record.parentIds.front() + ">", person, activityKey);
		for (const std::string& child: takeWaitingReplies(record.identity(), person)) _writer.linkParent(_db, child, activityKey);
	}
	catch (mapping::StatementError& exc)
	{
		throw sync::RecordRefused(record.uid, exc.displayText());
	}
	_batch->addActivity(record, person, activityKey);
	return activityKey;
}

void OdbcSyncStore::awaitParent(const std::string& parentKey, const sync::PersonRef& person, const std::string& childKey)
{
	if (childKey.empty()) return; // a row without a key cannot be updated later
	_batch->addWait(parentKey, person, childKey);
}

std::vector<std::string> OdbcSyncStore::takeWaitingReplies(const std::string& messageKey, const sync::PersonRef& person)
{
	std::vector<std::string> children;
	if (_batch->covers(messageKey)) children = _batch->waiting(messageKey, person);
	else
	{
		ParamBinder p = personParams("parent_key", messageKey, person);
		children = firstColumn(_sql.threadWaitSelect(), p);
	}
	if (!children.empty()) _batch->dropWaits(messageKey, person);
	return children;
}

sync::PersonRef OdbcSyncStore::createdPerson(const sync::FolderKey& key, const sync::MessageRecord& record)
{
	// Two messages of one batch from the same new sender: one person.
	auto it = _created.find(record.senderAddress);
	if (it != _created.end()) return it->second;
	try
	{
		sync::PersonRef person = _writer.createPerson(_db, record, key);
		_created.emplace(record.senderAddress, person);
		return person;
	}
	catch (mapping::StatementError& exc)
	{
		throw sync::RecordRefused(record.uid, exc.displayText());
	}
}

void OdbcSyncStore::markBounced(const sync::MessageRecord& record, const sync::PersonRef& person)
{
	try
	{
		_bounces->mark(_db, person);
	}
	catch (mapping::StatementError& exc)
	{
		throw sync::RecordRefused(record.uid, exc.displayText());
	}
}

void OdbcSyncStore::stageSender(const sync::FolderKey& key, const sync::MessageRecord& record)
{
	if (record.outcome != sync::Outcome::Staged || record.senderAddress.empty()) return;
	_batch->execute(_sql.unknownSenderInsert(), {{"mailbox", OdbcSyncBatch::text(key.mailbox)},
		{"address", OdbcSyncBatch::text(record.senderAddress)},
		{"display_name", OdbcSyncBatch::nullableText(record.senderName.substr(0, 255))},
		{"message_id", OdbcSyncBatch::nullableText(record.messageId.substr(0, 255))},
		{"subject", OdbcSyncBatch::nullableText(record.subject)}});
}

void OdbcSyncStore::addLedgerRow(const sync::FolderKey& key, std::uint32_t uidValidity, const sync::MessageRecord& record,
	const std::vector<std::string>& people, const std::vector<std::string>& activities)
{
	_batch->addLedgerRow(record.uid, {{"mailbox", OdbcSyncBatch::text(key.mailbox)},
		{"folder", OdbcSyncBatch::text(key.folder)}, {"uidvalidity", OdbcSyncBatch::integer(uidValidity)},
		{"imap_uid", OdbcSyncBatch::integer(record.uid)},
		{"message_id", OdbcSyncBatch::nullableText(record.messageId.substr(0, 255))},
		// An Error record may have no body to hash; the column is NOT NULL.
		{"content_hash", OdbcSyncBatch::text(record.contentHash.empty() ? std::string(64, '0') : record.contentHash)},
		{"internal_date", OdbcSyncBatch::timestamp(Poco::DateTime(record.internalDate))},
		{"size_bytes", OdbcSyncBatch::integer(static_cast<Poco::Int64>(record.size))},
		{"direction", OdbcSyncBatch::text(record.direction == sync::Direction::Out ? "O" : "I")},
		{"person_keys", OdbcSyncBatch::nullableText(joined(people))},
		{"activity_keys", OdbcSyncBatch::nullableText(joined(activities))}});
}

std::vector<sync::PersonRef> OdbcSyncStore::peopleToLog(const sync::FolderKey& key, const sync::MessageRecord& record)
{
	std::vector<sync::PersonRef> out;
	if (record.outcome != sync::Outcome::Logged) return out;
	for (const auto& listed: record.people)
	{
		if (listed.doNotLog) continue;
		out.push_back(listed.create ? createdPerson(key, record) : listed);
		if (record.kind == sync::MessageKind::Bounce && _bounces) markBounced(record, out.back());
	}
	return out;
}

void OdbcSyncStore::writeRecord(const sync::FolderKey& key, std::uint32_t uidValidity, const sync::MessageRecord& record)
{
	std::vector<std::string> people, activities;
	for (const sync::PersonRef& person: peopleToLog(key, record))
	{
		people.push_back(person.table + ":" + person.key);
		activities.push_back(activityFor(key, uidValidity, record, person));
	}
	stageSender(key, record);
	addLedgerRow(key, uidValidity, record, people, activities);
}

void OdbcSyncStore::commit(const sync::FolderKey& key, std::uint32_t uidValidity,
	const std::vector<sync::MessageRecord>& records, const sync::FolderCursor& cursor)
{
	writeRecords(key, uidValidity, records, &cursor);
}

void OdbcSyncStore::commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity,
	const std::vector<sync::MessageRecord>& records)
{
	writeRecords(key, uidValidity, records, nullptr);
}

void OdbcSyncStore::writeRecords(const sync::FolderKey& key, std::uint32_t uidValidity,
	const std::vector<sync::MessageRecord>& records, const sync::FolderCursor* cursor)
{
	// Grouped first; when a grouped insert is refused, the batch again row
	// by row, which names the message.
	_groupedRefusal.clear();
	for (const bool grouped: {true, false})
	{
		if (!writeBatch(key, uidValidity, records, cursor, grouped)) continue;
		// Every row went in alone, so the grouped statements should have
		// too: worth a warning, since each batch now costs row by row.
		if (!grouped)
			Poco::Logger::get("mailbridge.store").warning("%s/%s: the batch was written row by row, because a grouped statement was refused: %s",
				key.mailbox, key.folder, _groupedRefusal);
		return;
	}
}

bool OdbcSyncStore::writeBatch(const sync::FolderKey& key, std::uint32_t uidValidity,
	const std::vector<sync::MessageRecord>& records, const sync::FolderCursor* cursor, bool grouped)
{
	const sync::MessageRecord* current = nullptr;
	bool flushing = false;
	try
	{
		_db.transaction("commit " + key.mailbox + "/" + key.folder, [&] {
			_created.clear();  // people created by an attempt rolled back are gone
			OdbcSyncBatch batch(_db, _sql, grouped);
			batch.load(key, uidValidity, records);
			struct Using
			{
				OdbcSyncBatch*& slot;
				~Using() { slot = nullptr; }
			} using_{_batch = &batch};
			// Oldest UID first, whatever order the engine fetched in: a reply
			// then finds the message it answers written, instead of waiting
			// for it and being linked afterwards.
			std::vector<const sync::MessageRecord*> order;
			for (const auto& record: records) order.push_back(&record);
			std::stable_sort(order.begin(), order.end(),
				[](const sync::MessageRecord* a, const sync::MessageRecord* b) { return a->uid < b->uid; });
			std::vector<std::pair<std::string, std::string>> adoptions;  // (reply, parent) found waiting
			BatchActivities activities(_db, _writer, key, uidValidity, BatchActivities::Links{
				[this](const std::string& m, const sync::PersonRef& p) { return findActivity(m, p); },
				[this](const std::string& m, const sync::PersonRef& p, const std::string& c) { awaitParent(m, p, c); },
				[this, &adoptions](const std::string& m, const sync::PersonRef& p, const std::string& a) {
					for (const std::string& child: takeWaitingReplies(m, p)) adoptions.emplace_back(child, a);
				},
				[this](const sync::MessageRecord& r, const sync::PersonRef& p, const std::string& a) { _batch->addActivity(r, p, a); },
				[this](const sync::MessageRecord& r, const sync::PersonRef& p, std::string& a, Poco::Int64& t) {
					return _batch->subjectParent(r, p, a, t);
				}});
			std::vector<std::pair<const sync::MessageRecord*, std::vector<std::size_t>>> planned;
			for (const sync::MessageRecord* record: order)
			{
				// A message the ledger holds is never written again; a range
				// backfill (no cursor) still adds the activities it lacks.
				if (cursor && batch.inLedger(record->uid)) continue;
				current = record;
				if (!grouped)
				{
					writeRecord(key, uidValidity, *record);
					continue;
				}
				std::vector<std::size_t> slots;
				for (const sync::PersonRef& person: peopleToLog(key, *record)) slots.push_back(activities.add(*record, person));
				stageSender(key, *record);
				planned.emplace_back(record, std::move(slots));
			}
			current = nullptr;
			flushing = true;
			if (grouped)
			{
				// A refusal here rolls back to the row-by-row pass, which names the message.
				activities.write();
				_writer.linkParents(_db, adoptions);
				for (const auto& p: planned)
				{
					std::vector<std::string> people, keys;
					for (std::size_t slot: p.second)
					{
						people.push_back(activities.person(slot).table + ":" + activities.person(slot).key);
						keys.push_back(activities.key(slot));
					}
					addLedgerRow(key, uidValidity, *p.first, people, keys);
				}
			}
			batch.flush();
			flushing = false;
			if (cursor) writeCursor(key, *cursor);
		});
	}
	catch (mapping::StatementError& exc)
	{
		// A value of ours (ledger, unknown sender) refused: still one message's fault.
		if (current) throw sync::RecordRefused(current->uid, exc.displayText());
		if (flushing && grouped)
		{
			_groupedRefusal = exc.displayText();
			return false;
		}
		throw;
	}
	return true;
}

void OdbcSyncStore::saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor)
{
	_db.transaction("save cursor", [&] { writeCursor(key, cursor); });
}

std::vector<sync::MessageIdentity> OdbcSyncStore::ledger(const sync::FolderKey& key, std::uint32_t uidValidity)
{
	std::vector<sync::MessageIdentity> out;
	SqlStatement q = _sql.ledgerSelectFolder();
	try
	{
		ParamBinder p;
		folderParams(p, key, uidValidity);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			sync::MessageIdentity id;
			id.uid = rs.value(0).convert<std::uint32_t>();
			id.messageId = rs.value(1).isEmpty() ? std::string() : rs.value(1).convert<std::string>();
			id.size = rs.value(2).isEmpty() ? 0 : rs.value(2).convert<std::uint64_t>();
			if (!rs.value(3).isEmpty())
				id.internalDate = rs.value(3).extract<Poco::DateTime>().timestamp();
			out.push_back(id);
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	return out;
}

std::vector<std::uint32_t> OdbcSyncStore::ledgerUids(const sync::FolderKey& key, std::uint32_t uidValidity,
	std::uint32_t first, std::uint32_t last)
{
	ParamBinder p;
	folderParams(p, key, uidValidity);
	p.integer("first_uid", first);
	p.integer("last_uid", last);
	std::vector<std::uint32_t> out;
	const SqlStatement q = _sql.ledgerSelectUidRange();
	try
	{
		for (const std::string& uid: firstColumn(q, p)) out.push_back(static_cast<std::uint32_t>(std::stoul(uid)));
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	return out;
}

void OdbcSyncStore::rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
	const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor)
{
	auto move = [&](std::uint32_t fromValidity, Poco::Int64 fromUid, Poco::Int64 toUid) {
		ParamBinder p;
		folderParams(p, key, fromValidity);
		p.integer("imap_uid", fromUid);
		p.integer("new_uidvalidity", newValidity);
		p.integer("new_uid", toUid);
		p.execute(_db.session(), _sql.ledgerRekey());
	};
	auto markGone = [&](Poco::Int64 uid) {
		ParamBinder p;
		folderParams(p, key, oldValidity);
		p.integer("imap_uid", uid);
		p.execute(_db.session(), _sql.ledgerMarkExpunged());
	};
	_db.transaction("rekey " + key.mailbox + "/" + key.folder, [&] {
		std::set<std::uint32_t> matched;
		for (const auto& m: oldToNew) matched.insert(m.first);
		for (const auto& id: ledger(key, oldValidity))
		{
			if (matched.count(id.uid)) continue;
			if (oldValidity == newValidity)
			{
				// Same validity (UIDNEXT went back): the old UID may be reused
				// by a moved row, so the gone row steps aside to a UID no
				// server uses.
				move(oldValidity, id.uid, -Poco::Int64(id.uid));
				markGone(-Poco::Int64(id.uid));
			}
			else markGone(id.uid);
		}
		// Two steps through a parking range no UID uses, so that old and new
		// UIDs overlapping under the same validity never clash on the key.
		const Poco::Int64 PARK = Poco::Int64(1) << 33;
		for (const auto& m: oldToNew) move(oldValidity, m.first, PARK + m.first);
		for (const auto& m: oldToNew)
		{
			ParamBinder p;
			folderParams(p, key, newValidity);
			p.integer("imap_uid", PARK + m.first);
			p.integer("new_uidvalidity", newValidity);
			p.integer("new_uid", m.second);
			p.execute(_db.session(), _sql.ledgerRekey());
		}
		writeCursor(key, cursor);
	});
}

void OdbcSyncStore::markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity,
	const std::vector<std::uint32_t>& uids, const sync::FolderCursor& cursor)
{
	_db.transaction("mark expunged " + key.mailbox + "/" + key.folder, [&] {
		for (std::uint32_t uid: uids)
		{
			ParamBinder p;
			folderParams(p, key, uidValidity);
			p.integer("imap_uid", uid);
			p.execute(_db.session(), _sql.ledgerMarkExpunged());
		}
		writeCursor(key, cursor);
	});
}

} } // namespace mailbridge::service
