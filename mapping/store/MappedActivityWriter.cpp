//
// MappedActivityWriter.cpp
//

#include "mapping/store/MappedActivityWriter.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/UUIDGenerator.h>
#include <algorithm>
#include <cctype>

namespace mailbridge {
namespace mapping {

namespace {

std::string safeFileName(const std::string& name)
{
	std::string out;
	for (char c: name)
		out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
	if (out.empty() || out[0] == '.') out.insert(0, "file");
	return out;
}

} // namespace

MappedActivityWriter::MappedActivityWriter(const Mapping& mapping, const Dialect& dialect, const std::string& imapHost,
	std::shared_ptr<const MessageContentSource> content):
	_mapping(mapping),
	_imapHost(imapHost),
	_content(content ? content : std::make_shared<HeaderOnlyContent>())
{
	MappingSql sql(mapping, dialect);
	_activityPlan = sql.activityInsert();
	if (mapping.documents.present) _documentPlan = sql.documentInsert();
	if (const PeopleTable* people = mapping.createTable()) _personPlan = sql.personInsert(*people);
	if (!mapping.users.present) _usersLoaded = true;
}

const InsertPlan& MappedActivityWriter::activityPlan() const
{
	return _activityPlan;
}

void MappedActivityWriter::setUsers(const std::map<std::string, std::string>& users)
{
	_users = users;
	_usersLoaded = true;
}

void MappedActivityWriter::loadUsers(OdbcConnection& db)
{
	_users.clear();
	if (_mapping.users.present)
	{
		SqlStatement sql = MappingSql(_mapping, db.dialect()).usersSelect();
		try
		{
			Poco::Data::Statement stmt(db.session());
			stmt << sql.text;
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				if (rs.value(0).isEmpty() || rs.value(1).isEmpty()) continue;
				std::string key = Poco::trimRight(rs.value(0).convert<std::string>());
				for (const auto& a: MappedPeopleDirectory::split(rs.value(1).convert<std::string>(), _mapping.users.separator))
					_users.emplace(a, key);
			}
		}
		catch (std::exception& exc)
		{
			OdbcConnection::translate(exc, sql.text);
		}
	}
	_usersLoaded = true;
}

ActivityContext MappedActivityWriter::context(const ActivityRequest& request, const MessageContent& content) const
{
	ActivityContext c;
	c.record = &request.record;
	c.content = &content;
	c.person = &request.person;
	c.folder = &request.folder;
	c.uidValidity = request.uidValidity;
	c.parentKey = request.parentActivityKey;
	c.imapHost = _imapHost;
	auto user = _users.find(MappedPeopleDirectory::normalize(request.folder.mailbox));
	if (user != _users.end()) c.ownerUserKey = user->second;
	return c;
}

std::vector<std::pair<std::string, BoundValue>> MappedActivityWriter::preview(const ActivityRequest& request) const
{
	MessageContent content = request.record.headerOnly ? MessageContent() : _content->read(request.record);
	ActivityContext c = context(request, content);
	std::vector<std::pair<std::string, BoundValue>> out;
	for (const auto& col: _mapping.activities.columns)
		out.emplace_back(col.column, ValueEvaluator::evaluate(col, c));
	return out;
}

std::string MappedActivityWriter::write(OdbcConnection& db, const ActivityRequest& request)
{
	if (!_usersLoaded) loadUsers(db);
	MessageContent content = request.record.headerOnly ? MessageContent() : _content->read(request.record);
	ActivityContext c = context(request, content);
	std::string ref = request.record.identity();
	std::string key = insert(db, _activityPlan, _mapping.activities.key, _mapping.activities.table,
		_mapping.activities.columns, c, ref);
	if (_mapping.documents.present && !content.attachments.empty())
	{
		c.activityKey = key;
		writeDocuments(db, request, content, c);
	}
	return key;
}

sync::PersonRef MappedActivityWriter::createPerson(OdbcConnection& db, const sync::MessageRecord& record, const sync::FolderKey& folder)
{
	const PeopleTable* people = _mapping.createTable();
	if (!people) return ActivityWriter::createPerson(db, record, folder);
	if (!_usersLoaded) loadUsers(db);
	sync::PersonRef person;
	person.table = people->name;
	person.kind = people->kind;
	person.address = record.senderAddress;
	ActivityRequest request{record, person, folder, 0, std::string()};
	const MessageContent none;
	ActivityContext c = context(request, none);
	person.key = insert(db, _personPlan, people->create.key, people->table, people->create.columns, c, record.identity());
	// The owner, when the new row sets it, is the person's owner too.
	for (const auto& col: people->create.columns)
	{
		if (people->ownerColumn.empty() || Poco::toLower(col.column) != Poco::toLower(people->ownerColumn)) continue;
		const BoundValue v = ValueEvaluator::evaluate(col, c);
		person.ownerKey = v.type == BoundValue::Integer ? std::to_string(v.integer) : v.text;
	}
	return person;
}

bool MappedActivityWriter::linkParent(OdbcConnection& db, const std::string& childKey, const std::string& parentKey)
{
	const ValueExpression* parentColumn = nullptr;
	for (const auto& c: _mapping.activities.columns)
		if (c.kind == ValueKind::ParentKey) parentColumn = &c;
	if (!parentColumn || _mapping.activities.key.column.empty() || childKey.empty()) return false;
	if (_parentUpdate.text.empty()) _parentUpdate = MappingSql(_mapping, db.dialect()).activityParentUpdate();
	ActivityContext c;
	c.parentKey = parentKey;
	// Bound as the insert binds it: the column's width and code page apply.
	Values values{{"parent", ValueEvaluator::evaluate(*parentColumn, c)}, {"key", ValueEvaluator::keyValue(childKey)}};
	try
	{
		prepared(db, _parentUpdate, values, false).execute();
	}
	catch (std::exception& exc)
	{
		// A Poco statement that threw cannot run again.
		forgetStatements();
		OdbcConnection::translate(exc, _parentUpdate.text);
	}
	return true;
}

bool MappedActivityWriter::linkParents(OdbcConnection& db, const std::vector<std::pair<std::string, std::string>>& childToParent)
{
	const ValueExpression* parentColumn = nullptr;
	for (const auto& c: _mapping.activities.columns)
		if (c.kind == ValueKind::ParentKey) parentColumn = &c;
	if (!parentColumn || _mapping.activities.key.column.empty()) return false;
	if (childToParent.size() < 2) return ActivityWriter::linkParents(db, childToParent);
	const std::size_t most = std::max<std::size_t>(1, std::min(ROWS_PER_STATEMENT, db.dialect().maxParameters() / 3));
	for (std::size_t first = 0; first < childToParent.size(); first += most)
	{
		const std::size_t n = std::min(most, childToParent.size() - first);
		auto sql = _parentUpdates.find(n);
		if (sql == _parentUpdates.end())
			sql = _parentUpdates.emplace(n, MappingSql(_mapping, db.dialect()).activityParentUpdateRows(n)).first;
		Values values;
		for (std::size_t r = 0; r < n; ++r)
		{
			ActivityContext c;
			c.parentKey = childToParent[first + r].second;
			// Bound as the insert binds it: the column's width and code page apply.
			values.emplace_back("key_" + std::to_string(r + 1), ValueEvaluator::keyValue(childToParent[first + r].first));
			values.emplace_back("parent_" + std::to_string(r + 1), ValueEvaluator::evaluate(*parentColumn, c));
		}
		try
		{
			prepared(db, sql->second, values, false).execute();
		}
		catch (std::exception& exc)
		{
			forgetStatements();
			OdbcConnection::translate(exc, sql->second.text);
		}
	}
	return true;
}

void MappedActivityWriter::forgetStatements()
{
	_prepared.clear();
	_preparedFor = nullptr;
}

PreparedStatement& MappedActivityWriter::prepared(OdbcConnection& db, const SqlStatement& sql, const Values& values,
	bool yieldsValue)
{
	if (_preparedFor != &db)
	{
		_prepared.clear();
		_preparedFor = &db;
	}
	auto& variants = _prepared[sql.text];
	for (auto& p: variants)
		if (p->accepts(values))
		{
			p->set(values);
			return *p;
		}
	// A column whose values change type (NULL, then a number) gets a second
	// statement; there are never more than a few.
	variants.emplace_back(new PreparedStatement(db.session(), sql, values, yieldsValue));
	variants.back()->set(values);
	return *variants.back();
}

MappedActivityWriter::Values MappedActivityWriter::evaluate(const std::vector<ValueExpression>& columns,
	const KeySpec& keySpec, const ActivityContext& context, std::string& key) const
{
	Values values;
	values.reserve(columns.size() + 2);
	for (const auto& col: columns)
	{
		values.emplace_back(col.column, ValueEvaluator::evaluate(col, context));
		const BoundValue& v = values.back().second;
		if (keySpec.generation == KeyGeneration::None && !keySpec.column.empty() && col.column == keySpec.column)
			key = v.type == BoundValue::Integer ? std::to_string(v.integer) : v.text;
	}
	return values;
}

void MappedActivityWriter::rethrowFor(const std::string& messageRef, const std::string& table,
	const std::string& keyColumn, const std::string& sql, const std::vector<ValueExpression>& columns)
{
	// A Poco statement that threw cannot run again: prepare afresh next time.
	forgetStatements();
	auto where = [&](const StatementError& err)
	{
		// The drivers name the column in their own words: "null value in
		// column "x"", "Data too long for column 'x'", "NOT NULL constraint
		// failed: t.x". Where one of the mapped columns is named so, say which.
		std::string text = Poco::toLower(err.driverText());
		for (const auto& c: columns)
		{
			std::string name = Poco::toLower(c.column);
			for (const std::string& quoted: {"\"" + name + "\"", "'" + name + "'", "`" + name + "`", "[" + name + "]"})
				if (text.find(quoted) != std::string::npos) return table + "." + c.column;
			for (std::size_t at = text.find("." + name); at != std::string::npos; at = text.find("." + name, at + 1))
			{
				std::size_t end = at + 1 + name.size();
				if (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
					return table + "." + c.column;
			}
		}
		return table;
	};
	try
	{
		throw;
	}
	catch (StatementError& exc)
	{
		if (exc.messageRef().empty()) exc.setContext(messageRef, where(exc));
		throw;
	}
	catch (std::invalid_argument&)
	{
		StatementError exc("the key read back is not a number", "", 0, sql);
		exc.setContext(messageRef, table + "." + keyColumn);
		throw exc;
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, sql);
		}
		catch (StatementError& err)
		{
			err.setContext(messageRef, where(err));
			throw;
		}
	}
}

std::string MappedActivityWriter::insert(OdbcConnection& db, const InsertPlan& plan, const KeySpec& keySpec,
	const std::string& table, const std::vector<ValueExpression>& columns, const ActivityContext& context,
	const std::string& messageRef)
{
	std::string key;
	Values values = evaluate(columns, keySpec, context, key);
	auto keyValue = [&](const std::string& text, bool asNumber)
	{
		BoundValue k;
		k.type = asNumber ? BoundValue::Integer : BoundValue::Text;
		if (asNumber) k.integer = std::stoll(text);
		else k.text = text;
		values.emplace_back(plan.keyColumn, k);
	};
	const std::string* running = &plan.insert.text;
	try
	{
		switch (plan.keySource)
		{
		case InsertPlan::BeforeInsert:
		{
			BoundValue name;
			name.type = BoundValue::Text;
			name.text = keySpec.countersName;
			values.emplace_back("counter_name", name);
			std::string number;
			for (const auto& s: plan.before)
			{
				running = &s.text;
				bool last = &s == &plan.before.back();
				PreparedStatement& stmt = prepared(db, s, values, last);
				stmt.execute();
				if (last) number = stmt.value();
			}
			if (number.empty())
				throw StatementError("no key came back from: " + *running, "", 0, "the statement returned no row");
			running = &plan.insert.text;
			key = ValueEvaluator::keyText(keySpec.prefix, keySpec.width, std::stoll(number));
			keyValue(key, keySpec.prefix.empty() && keySpec.width == 0);
			prepared(db, plan.insert, values, false).execute();
			break;
		}
		case InsertPlan::Generated:
			key = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
			keyValue(key, false);
			prepared(db, plan.insert, values, false).execute();
			break;
		case InsertPlan::FromInsert:
		{
			PreparedStatement& stmt = prepared(db, plan.insert, values, true);
			stmt.execute();
			key = stmt.value();
			break;
		}
		case InsertPlan::AfterInsert:
		{
			prepared(db, plan.insert, values, false).execute();
			running = &plan.after.text;
			PreparedStatement& stmt = prepared(db, plan.after, values, true);
			stmt.execute();
			key = stmt.value();
			break;
		}
		case InsertPlan::NoKey:
			prepared(db, plan.insert, values, false).execute();
			break;
		}
		if (key.empty() && plan.keySource != InsertPlan::NoKey)
			throw StatementError("no key came back from: " + *running, "", 0, "the statement returned no row");
	}
	catch (...)
	{
		rethrowFor(messageRef, table, plan.keyColumn, *running, columns);
	}
	return key;
}

std::vector<std::string> MappedActivityWriter::writeBatch(OdbcConnection& db, const std::vector<ActivityRequest>& requests)
{
	std::vector<std::string> keys;
	if (requests.size() < 2 || !MappingSql::insertsRows(_mapping.activities.key, db.dialect()) || _identityOneByOne)
	{
		for (const auto& r: requests) keys.push_back(write(db, r));
		return keys;
	}
	if (!_usersLoaded) loadUsers(db);
	keys.reserve(requests.size());
	std::size_t params = _activityPlan.insert.params.size();
	std::size_t perStatement = std::max<std::size_t>(1,
		std::min(ROWS_PER_STATEMENT, db.dialect().maxParameters() / std::max<std::size_t>(1, params)));
	for (std::size_t first = 0; first < requests.size(); first += perStatement)
		writeRows(db, requests, first, std::min(perStatement, requests.size() - first), keys);
	return keys;
}

std::vector<std::string> MappedActivityWriter::drawKeys(OdbcConnection& db, const InsertPlan& plan, std::size_t count,
	const std::string& messageRef)
{
	const KeySpec& keySpec = _mapping.activities.key;
	std::vector<std::string> keys;
	if (plan.keySource == InsertPlan::Generated)
	{
		for (std::size_t i = 0; i < count; ++i)
			keys.push_back(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
		return keys;
	}
	if (plan.keySource != InsertPlan::BeforeInsert) return keys;
	if (keySpec.generation == KeyGeneration::Identity)
	{
		const SqlStatement& draw = plan.before.front();
		try
		{
			ParamBinder p;
			p.text("key_table", db.dialect().quoteQualified(_mapping.activities.table));
			p.text("key_column", keySpec.column);
			p.integer("counter_count", static_cast<Poco::Int64>(count));
			Poco::Data::Statement stmt(db.session());
			stmt << draw.text;
			p.bind(stmt, draw);
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			std::vector<Poco::Int64> drawn;
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				if (rs.value(0).isEmpty()) return {};  // no sequence owned by the column
				drawn.push_back(rs.value(0).convert<Poco::Int64>());
			}
			if (drawn.size() != count) return {};
			std::sort(drawn.begin(), drawn.end());  // rows in request order get rising keys
			for (Poco::Int64 k: drawn) keys.push_back(std::to_string(k));
		}
		catch (...)
		{
			rethrowFor(messageRef, _mapping.activities.table, keySpec.column, draw.text, {});
		}
		return keys;
	}
	// One increment by `count`: the rows get the values up to the one read back.
	Values values(2);
	values[0].first = "counter_name";
	values[0].second.type = BoundValue::Text;
	values[0].second.text = keySpec.countersName;
	values[1].first = "counter_count";
	values[1].second.type = BoundValue::Integer;
	values[1].second.integer = static_cast<Poco::Int64>(count);
	const std::string* running = &plan.before.front().text;
	try
	{
		std::string number;
		for (const auto& s: plan.before)
		{
			running = &s.text;
			bool last = &s == &plan.before.back();
			PreparedStatement& stmt = prepared(db, s, values, last);
			stmt.execute();
			if (last) number = stmt.value();
		}
		if (number.empty())
			throw StatementError("no key came back from: " + *running, "", 0, "the statement returned no row");
		Poco::Int64 last = std::stoll(number);
		for (std::size_t i = 0; i < count; ++i)
			keys.push_back(ValueEvaluator::keyText(keySpec.prefix, keySpec.width, last - static_cast<Poco::Int64>(count - 1 - i)));
	}
	catch (...)
	{
		rethrowFor(messageRef, keySpec.countersTable, keySpec.countersValueColumn, *running, {});
	}
	return keys;
}

void MappedActivityWriter::writeRows(OdbcConnection& db, const std::vector<ActivityRequest>& requests,
	std::size_t first, std::size_t count, std::vector<std::string>& keys)
{
	const ActivitiesTable& a = _mapping.activities;
	auto plan = _rowPlans.find(count);
	if (plan == _rowPlans.end())
		plan = _rowPlans.emplace(count, MappingSql(_mapping, db.dialect()).activityInsertRows(count)).first;
	const InsertPlan& rows = plan->second;

	std::vector<MessageContent> contents(count);  // sized once: contexts point into it
	std::vector<ActivityContext> contexts;
	std::vector<Values> values;
	std::vector<std::string> rowKeys(count);
	for (std::size_t i = 0; i < count; ++i)
	{
		const ActivityRequest& r = requests[first + i];
		if (!r.record.headerOnly) contents[i] = _content->read(r.record);
		contexts.push_back(context(r, contents[i]));
		values.push_back(evaluate(a.columns, a.key, contexts.back(), rowKeys[i]));
	}
	std::vector<std::string> drawn = drawKeys(db, rows, count, requests[first].record.identity());
	if (drawn.empty() && a.key.generation == KeyGeneration::Identity)
	{
		// The identity's values cannot be drawn ahead: row by row from now on.
		_identityOneByOne = true;
		for (std::size_t i = 0; i < count; ++i) keys.push_back(write(db, requests[first + i]));
		return;
	}
	const bool numeric = a.key.generation == KeyGeneration::Identity
		|| (a.key.generation == KeyGeneration::Counter && a.key.prefix.empty() && a.key.width == 0);
	for (std::size_t i = 0; i < drawn.size(); ++i)
	{
		rowKeys[i] = drawn[i];
		BoundValue k;
		k.type = numeric ? BoundValue::Integer : BoundValue::Text;
		if (numeric) k.integer = std::stoll(drawn[i]);
		else k.text = drawn[i];
		values[i].emplace_back(rows.keyColumn, k);
	}

	// The columns of one row repeat in each row's slice of the parameters.
	std::size_t perRow = rows.insert.params.size() / count;
	std::vector<const BoundValue*> positional;
	positional.reserve(rows.insert.params.size());
	for (std::size_t p = 0; p < rows.insert.params.size(); ++p)
	{
		const Values& row = values[p / perRow];
		const BoundValue* v = nullptr;
		for (const auto& nv: row) if (nv.first == rows.insert.params[p]) { v = &nv.second; break; }
		if (!v) throw Poco::NotFoundException("no value for parameter", rows.insert.params[p]);
		positional.push_back(v);
	}

	const Dialect& d = db.dialect();
	static const std::string SAVEPOINT = "mb_rows";
	const bool savepoint = db.failedStatementAbortsTransaction();
	if (savepoint) db.execute(d.savepoint(SAVEPOINT));
	try
	{
		PreparedStatement* stmt = nullptr;
		auto& variants = _prepared[rows.insert.text];
		for (auto& p: variants)
			if (p->accepts(positional)) { stmt = p.get(); break; }
		if (!stmt)
		{
			variants.emplace_back(new PreparedStatement(db.session(), rows.insert, positional, false));
			stmt = variants.back().get();
		}
		stmt->set(positional);
		stmt->execute();
	}
	catch (std::exception& exc)
	{
		// Which row? Back to before the statement, then one row at a time:
		// the one the database refuses is named with its message.
		forgetStatements();
		try
		{
			OdbcConnection::translate(exc, rows.insert.text);
		}
		catch (DatabaseUnavailable&)
		{
			throw;
		}
		catch (StatementError& err)
		{
			if (savepoint) db.execute(d.rollbackToSavepoint(SAVEPOINT));
			for (std::size_t i = 0; i < count; ++i)
			{
				try
				{
					prepared(db, _activityPlan.insert, values[i], false).execute();
				}
				catch (...)
				{
					rethrowFor(requests[first + i].record.identity(), a.table, _activityPlan.keyColumn,
						_activityPlan.insert.text, a.columns);
				}
			}
			// Every row went in alone: what failed was the statement as a whole.
			err.setContext(requests[first].record.identity(), a.table);
			throw;
		}
	}
	if (savepoint) db.execute(d.releaseSavepoint(SAVEPOINT));

	for (std::size_t i = 0; i < count; ++i)
	{
		keys.push_back(rowKeys[i]);
		if (_mapping.documents.present && !contents[i].attachments.empty())
		{
			contexts[i].activityKey = rowKeys[i];
			writeDocuments(db, requests[first + i], contents[i], contexts[i]);
		}
	}
}

bool MappedActivityWriter::wantsDocument(const MessageAttachment& a) const
{
	const DocumentsTable& d = _mapping.documents;
	if (d.maxSize && a.data.size() > d.maxSize) return false;
	if (d.contentTypes.empty()) return true;
	std::string type = Poco::toLower(a.contentType);
	for (const auto& t: d.contentTypes)
	{
		if (t == type) return true;
		if (t.size() > 2 && t.compare(t.size() - 2, 2, "/*") == 0 && type.compare(0, t.size() - 1, t, 0, t.size() - 1) == 0)
			return true;
	}
	return false;
}

void MappedActivityWriter::writeDocuments(OdbcConnection& db, const ActivityRequest& request,
	const MessageContent& content, const ActivityContext& activity)
{
	const DocumentsTable& d = _mapping.documents;
	int n = 0;
	for (const auto& a: content.attachments)
	{
		++n;
		if (!wantsDocument(a)) continue;
		ActivityContext c = activity;
		c.attachment = &a;
		if (d.storage == "file")
		{
			// folder/<activity key>/<n>-<name>: the activity key keeps files of
			// different messages apart, n two attachments of the same name.
			Poco::Path dir(d.folder);
			dir.makeDirectory().pushDirectory(safeFileName(activity.activityKey.empty() ? request.record.contentHash : activity.activityKey));
			Poco::File(dir).createDirectories();
			Poco::Path file(dir, std::to_string(n) + "-" + safeFileName(a.fileName));
			Poco::FileOutputStream out(file.toString());
			// A rolled-back batch takes its document rows back; its files go too.
			const std::string path = file.toString(), folder = dir.toString();
			db.onRollback([path, folder] {
				Poco::File(path).remove();
				std::vector<std::string> left;
				Poco::File(folder).list(left);
				if (left.empty()) Poco::File(folder).remove();
			});
			out.write(a.data.data(), static_cast<std::streamsize>(a.data.size()));
			out.close();
			if (!out.good()) throw Poco::WriteFileException("cannot write the attachment to", path);
			c.filePath = path;
		}
		insert(db, _documentPlan, d.key, d.table, d.columns, c, request.record.identity());
	}
}

} } // namespace mailbridge::mapping
