//
// BatchActivities.cpp
//

#include "connector/service/BatchActivities.h"
#include "mapping/store/ActivityWriter.h"

namespace mailbridge {
namespace service {

namespace {

std::pair<std::string, std::pair<std::string, std::string>> slotKey(const std::string& messageKey, const sync::PersonRef& person)
{
	return {messageKey, {person.table, person.key}};
}

} // namespace

BatchActivities::BatchActivities(mapping::OdbcConnection& db, mapping::ActivityWriter& writer, const sync::FolderKey& folder,
	std::uint32_t uidValidity, Links links):
	_db(db),
	_writer(writer),
	_folder(folder),
	_uidValidity(uidValidity),
	_links(std::move(links))
{
}

std::size_t BatchActivities::add(const sync::MessageRecord& record, const sync::PersonRef& person)
{
	// One activity per person and message, whichever folder or mailbox saw
	// it first, and whichever record of this batch carries it.
	const std::string identity = record.identity();
	auto known = _bySlotKey.find(slotKey(identity, person));
	if (known != _bySlotKey.end()) return known->second;
	Slot slot;
	slot.record = &record;
	slot.person = person;
	slot.key = _links.find(identity, person);
	slot.logged = !slot.key.empty();
	_slots.push_back(std::move(slot));
	_bySlotKey.emplace(slotKey(identity, person), _slots.size() - 1);
	return _slots.size() - 1;
}

void BatchActivities::resolveParent(std::size_t index, ReplyWaves& waves)
{
	// The nearest parent wins: In-Reply-To first, then References from the
	// end. One in this batch counts as found; it is written a wave earlier.
	Slot& slot = _slots[index];
	const auto& parents = slot.record->parentIds;
	for (slot.nearest = 0; slot.nearest < parents.size(); ++slot.nearest)
	{
		const std::string parentKey = "<" + parents[slot.nearest] + ">";
		auto pending = _bySlotKey.find(slotKey(parentKey, slot.person));
		if (pending != _bySlotKey.end() && pending->second != index)
		{
			const Slot& parent = _slots[pending->second];
			if (parent.logged) slot.parentKey = parent.key;
			else
			{
				slot.parentSlot = pending->second;
				waves.dependsOn(index, pending->second);
			}
			return;
		}
		slot.parentKey = _links.find(parentKey, slot.person);
		if (!slot.parentKey.empty()) return;
	}
	if (slot.record->subjectThreadingDays > 0 && !slot.record->subjectKey.empty()) resolveBySubject(index, waves);
}

void BatchActivities::resolveBySubject(std::size_t index, ReplyWaves& waves)
{
	// The latest earlier message of this person under the same subject,
	// logged before (the batch's lookup) or new in this batch.
	Slot& slot = _slots[index];
	const sync::MessageRecord& record = *slot.record;
	const Poco::Int64 before = record.date.epochTime();
	const Poco::Int64 since = before - Poco::Int64(record.subjectThreadingDays) * 86400;
	Poco::Int64 latest = 0;
	std::string logged;
	const bool found = _links.subject(record, slot.person, logged, latest);
	std::size_t fresh = ReplyWaves::NONE;
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const Slot& other = _slots[i];
		if (i == index || other.logged || other.record->subjectKey != record.subjectKey || !(other.person == slot.person))
			continue;
		const Poco::Int64 time = other.record->date.epochTime();
		if (time >= before || time < since || other.record->identity() == record.identity()) continue;
		if ((!found && fresh == ReplyWaves::NONE) || time > latest)
		{
			latest = time;
			fresh = i;
		}
	}
	if (fresh != ReplyWaves::NONE)
	{
		slot.parentSlot = fresh;
		waves.dependsOn(index, fresh);
	}
	else if (found) slot.parentKey = logged;
}

void BatchActivities::write()
{
	// Slot numbers in ReplyWaves are indexes into _slots; logged slots never
	// have a parent, so they land in wave 0 and are skipped there.
	ReplyWaves waves;
	for (std::size_t i = 0; i < _slots.size(); ++i) waves.add();
	for (std::size_t i = 0; i < _slots.size(); ++i)
		if (!_slots[i].logged) resolveParent(i, waves);

	for (const auto& wave: waves.waves())
	{
		std::vector<std::size_t> fresh;
		std::vector<mapping::ActivityRequest> requests;
		for (std::size_t i: wave)
		{
			Slot& slot = _slots[i];
			if (slot.logged) continue;
			if (waves.cut(i)) slot.parentSlot = ReplyWaves::NONE;
			const std::string& parent = slot.parentSlot != ReplyWaves::NONE ? _slots[slot.parentSlot].key : slot.parentKey;
			fresh.push_back(i);
			requests.push_back(mapping::ActivityRequest{*slot.record, slot.person, _folder, _uidValidity, parent});
		}
		if (requests.empty()) continue;
		const std::vector<std::string> keys = _writer.writeBatch(_db, requests);
		for (std::size_t k = 0; k < fresh.size(); ++k) _slots[fresh[k]].key = keys.at(k);
	}

	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const Slot& slot = _slots[i];
		if (slot.logged) continue;
		// The message it answers may be logged later (another folder, or out
		// of order): the nearer parent, when it comes, sets this one's link.
		const auto& parents = slot.record->parentIds;
		const bool linked = slot.nearest == 0 && (slot.parentSlot != ReplyWaves::NONE || !slot.parentKey.empty());
		if (!parents.empty() && !linked) _links.await("<" + parents.front() + ">", slot.person, slot.key);
	}
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const Slot& slot = _slots[i];
		if (slot.logged) continue;
		_links.adopt(slot.record->identity(), slot.person, slot.key);
		_links.record(*slot.record, slot.person, slot.key);
	}
}

const std::string& BatchActivities::key(std::size_t slot) const
{
	return _slots.at(slot).key;
}

const sync::PersonRef& BatchActivities::person(std::size_t slot) const
{
	return _slots.at(slot).person;
}

} } // namespace mailbridge::service
