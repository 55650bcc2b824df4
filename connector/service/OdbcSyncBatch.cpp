//
// OdbcSyncBatch.cpp
//

#include "connector/service/OdbcSyncBatch.h"
#include "mapping/sql/Dialect.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

using mailbridge::mapping::BoundValue;
using mailbridge::mapping::OwnTablesSql;
using mailbridge::mapping::ParamBinder;
using mailbridge::mapping::SqlStatement;

namespace mailbridge {
namespace service {

OdbcSyncBatch::OdbcSyncBatch(mapping::OdbcConnection& db, const mapping::OwnTablesSql& sql, bool grouped):
	_db(db),
	_sql(sql),
	_grouped(grouped)
{
}

BoundValue OdbcSyncBatch::text(const std::string& value)
{
	BoundValue v;
	v.type = BoundValue::Text;
	v.text = value;
	return v;
}

BoundValue OdbcSyncBatch::nullableText(const std::string& value)
{
	return value.empty() ? BoundValue() : text(value);
}

BoundValue OdbcSyncBatch::integer(Poco::Int64 value)
{
	BoundValue v;
	v.type = BoundValue::Integer;
	v.integer = value;
	return v;
}

BoundValue OdbcSyncBatch::timestamp(const Poco::DateTime& value)
{
	BoundValue v;
	v.type = BoundValue::Timestamp;
	v.timestamp = value;
	return v;
}

OdbcSyncBatch::PersonKey OdbcSyncBatch::personKey(const sync::PersonRef& person)
{
	return PersonKey(person.table, person.key);
}

void OdbcSyncBatch::select(const SqlStatement& sql, ParamBinder& params, std::size_t columns,
	const std::function<void(const std::vector<std::string>&)>& row)
{
	try
	{
		Poco::Data::Statement stmt(_db.session());
		stmt << sql.text;
		params.bind(stmt, sql);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		std::vector<std::string> values(columns);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			for (std::size_t i = 0; i < columns; ++i)
				values[i] = rs.value(i).isEmpty() ? std::string() : rs.value(i).convert<std::string>();
			row(values);
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, sql.text);
	}
}

void OdbcSyncBatch::load(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records)
{
	const std::size_t chunk = OwnTablesSql::IN_LIST_CHUNK;

	std::vector<std::uint32_t> uids;
	for (const auto& r: records) uids.push_back(r.uid);
	for (std::size_t begin = 0; begin < uids.size(); begin += chunk)
	{
		const std::size_t n = std::min(chunk, uids.size() - begin);
		const SqlStatement q = _sql.ledgerSelectUids(n);
		ParamBinder p;
		p.text("mailbox", key.mailbox);
		p.text("folder", key.folder);
		p.integer("uidvalidity", uidValidity);
		for (std::size_t i = 0; i < n; ++i) p.integer("imap_uid_" + std::to_string(i + 1), uids[begin + i]);
		select(q, p, 1, [&](const std::vector<std::string>& row) { _ledger.insert(static_cast<std::uint32_t>(std::stoul(row[0]))); });
	}

	// Only a logged record looks activities up: its own and its parents'.
	for (const auto& r: records)
	{
		if (r.outcome != sync::Outcome::Logged) continue;
		_covered.insert(r.identity());
		for (const auto& parent: r.parentIds) _covered.insert("<" + parent + ">");
	}
	// Subjects, for the records that may be linked by one.
	std::set<std::string> subjects;
	for (const auto& r: records)
		if (r.outcome == sync::Outcome::Logged && r.subjectThreadingDays > 0 && !r.subjectKey.empty()) subjects.insert(r.subjectKey);
	const std::vector<std::string> subjectKeys(subjects.begin(), subjects.end());
	for (std::size_t begin = 0; begin < subjectKeys.size(); begin += chunk)
	{
		const std::size_t n = std::min(chunk, subjectKeys.size() - begin);
		ParamBinder p;
		for (std::size_t i = 0; i < n; ++i) p.text("subject_key_" + std::to_string(i + 1), subjectKeys[begin + i]);
		select(_sql.messageActivitySelectSubjects(n), p, 6, [&](const std::vector<std::string>& row) {
			if (row[4].empty()) return;
			_subjects[{row[0], PersonKey(row[1], row[2])}].push_back({std::stoll(row[4]), row[3], row[5]});
		});
	}

	const std::vector<std::string> keys(_covered.begin(), _covered.end());
	for (std::size_t begin = 0; begin < keys.size(); begin += chunk)
	{
		const std::size_t n = std::min(chunk, keys.size() - begin);
		ParamBinder p;
		for (std::size_t i = 0; i < n; ++i)
		{
			p.text("message_key_" + std::to_string(i + 1), keys[begin + i]);
			p.text("parent_key_" + std::to_string(i + 1), keys[begin + i]);
		}
		select(_sql.messageActivitySelectKeys(n), p, 4, [&](const std::vector<std::string>& row) {
			_activities[{row[0], PersonKey(row[1], row[2])}] = row[3];
		});
		select(_sql.threadWaitSelectParents(n), p, 4, [&](const std::vector<std::string>& row) {
			_waits[{row[0], PersonKey(row[1], row[2])}].push_back(row[3]);
			_waitsStored.insert({row[0], PersonKey(row[1], row[2])});
		});
	}
}

bool OdbcSyncBatch::inLedger(std::uint32_t uid) const
{
	return _ledger.count(uid) != 0;
}

bool OdbcSyncBatch::covers(const std::string& messageKey) const
{
	return _covered.count(messageKey) != 0;
}

std::string OdbcSyncBatch::activity(const std::string& messageKey, const sync::PersonRef& person) const
{
	auto it = _activities.find({messageKey, personKey(person)});
	return it == _activities.end() ? std::string() : it->second;
}

void OdbcSyncBatch::addActivity(const sync::MessageRecord& record, const sync::PersonRef& person, const std::string& activityKey)
{
	// Insert-if-absent: a row already there keeps its activity, and a
	// queued row's key is never queued again (activity() finds it).
	const std::string messageKey = record.identity();
	if (!_activities.emplace(std::make_pair(messageKey, personKey(person)), activityKey).second && _grouped) return;
	const Poco::Int64 time = record.date.epochTime();
	if (!record.subjectKey.empty()) _subjects[{record.subjectKey, personKey(person)}].push_back({time, activityKey, messageKey});
	Values row{{"message_key", text(messageKey)}, {"person_kind", text(person.table)},
		{"person_key", text(person.key)}, {"activity_key", text(activityKey)},
		{"subject_key", nullableText(record.subjectKey)}, {"message_time", integer(time)}};
	if (_grouped) _activityRows.push_back(std::move(row));
	else execute(_sql.messageActivityInsert(), row);
}

bool OdbcSyncBatch::subjectParent(const sync::MessageRecord& record, const sync::PersonRef& person, std::string& activityKey,
	Poco::Int64& messageTime) const
{
	if (record.subjectThreadingDays <= 0 || record.subjectKey.empty()) return false;
	auto it = _subjects.find({record.subjectKey, personKey(person)});
	if (it == _subjects.end()) return false;
	const Poco::Int64 before = record.date.epochTime();
	const Poco::Int64 since = before - Poco::Int64(record.subjectThreadingDays) * 86400;
	const std::string self = record.identity();
	bool found = false;
	for (const Logged& l: it->second)
	{
		if (l.messageKey == self || l.time >= before || l.time < since) continue;
		if (!found || l.time > messageTime)
		{
			found = true;
			messageTime = l.time;
			activityKey = l.activityKey;
		}
	}
	return found;
}

void OdbcSyncBatch::addLedgerRow(std::uint32_t uid, const Values& row)
{
	if (!_grouped) execute(_sql.ledgerInsert(), row);
	else if (_ledgerQueued.insert(uid).second) _ledgerRows.push_back(row);
}

void OdbcSyncBatch::flush()
{
	insertRows([&](std::size_t n) { return _sql.ledgerInsertRows(n); }, _ledgerRows, OwnTablesSql::INSERT_ROWS);
	_ledgerRows.clear();
	_ledgerQueued.clear();
	insertRows([&](std::size_t n) { return _sql.messageActivityInsertRows(n); }, _activityRows, OwnTablesSql::INSERT_ROWS_NARROW);
	_activityRows.clear();
	insertRows([&](std::size_t n) { return _sql.threadWaitDeleteRows(n); }, _waitDeletes, OwnTablesSql::INSERT_ROWS_NARROW);
	_waitDeletes.clear();
	std::vector<Values> waits;
	for (auto& w: _waitRows) waits.push_back(std::move(w.second));
	_waitRows.clear();
	insertRows([&](std::size_t n) { return _sql.threadWaitInsertRows(n); }, waits, OwnTablesSql::INSERT_ROWS_NARROW);
}

void OdbcSyncBatch::insertRows(const std::function<SqlStatement(std::size_t)>& statement, const std::vector<Values>& rows,
	std::size_t most)
{
	if (rows.empty()) return;
	// Some dialects repeat a row's values in the statement: count them.
	const std::size_t perRow = std::max<std::size_t>(1, statement(1).params.size());
	most = std::max<std::size_t>(1, std::min(most, _db.dialect().maxParameters() / perRow));
	for (std::size_t begin = 0; begin < rows.size(); begin += most)
	{
		const std::size_t n = std::min(most, rows.size() - begin);
		Values values;
		for (std::size_t r = 0; r < n; ++r)
		{
			const std::string suffix = "_" + std::to_string(r + 1);
			for (const auto& v: rows[begin + r]) values.emplace_back(v.first + suffix, v.second);
		}
		execute(statement(n), values);
	}
}

std::vector<std::string> OdbcSyncBatch::waiting(const std::string& parentKey, const sync::PersonRef& person) const
{
	auto it = _waits.find({parentKey, personKey(person)});
	return it == _waits.end() ? std::vector<std::string>() : it->second;
}

void OdbcSyncBatch::addWait(const std::string& parentKey, const sync::PersonRef& person, const std::string& childKey)
{
	Values row{{"parent_key", text(parentKey)}, {"person_kind", text(person.table)},
		{"person_key", text(person.key)}, {"child_activity_key", text(childKey)}};
	if (_grouped) _waitRows.emplace(std::make_tuple(parentKey, person.table, person.key, childKey), row);
	else execute(_sql.threadWaitInsert(), row);
	std::vector<std::string>& children = _waits[{parentKey, personKey(person)}];
	if (std::find(children.begin(), children.end(), childKey) == children.end()) children.push_back(childKey);
}

void OdbcSyncBatch::dropWaits(const std::string& parentKey, const sync::PersonRef& person)
{
	Values row{{"parent_key", text(parentKey)}, {"person_kind", text(person.table)}, {"person_key", text(person.key)}};
	if (!_grouped) execute(_sql.threadWaitDelete(), row);
	else
	{
		// Queued waits are simply not written; stored ones are deleted at flush().
		auto first = _waitRows.lower_bound(std::make_tuple(parentKey, person.table, person.key, std::string()));
		while (first != _waitRows.end() && std::get<0>(first->first) == parentKey && std::get<1>(first->first) == person.table
			&& std::get<2>(first->first) == person.key)
			first = _waitRows.erase(first);
		if (_waitsStored.erase({parentKey, personKey(person)}) || !covers(parentKey)) _waitDeletes.push_back(row);
	}
	_waits.erase({parentKey, personKey(person)});
}

void OdbcSyncBatch::execute(const SqlStatement& sql, const Values& values)
{
	try
	{
		std::unique_ptr<mapping::PreparedStatement>& stmt = _prepared[sql.text];
		if (stmt && !stmt->accepts(values)) stmt.reset();
		if (!stmt) stmt.reset(new mapping::PreparedStatement(_db.session(), sql, values, false));
		stmt->set(values);
		stmt->execute();
	}
	catch (std::exception& exc)
	{
		// A Poco statement that threw cannot run again; the batch ends here anyway.
		_prepared.erase(sql.text);
		mapping::OdbcConnection::translate(exc, sql.text);
	}
}

} } // namespace mailbridge::service
