//
// MappingSql.cpp
//

#include "mapping/sql/MappingSql.h"
#include "connector/common/Errors.h"
#include <Poco/Exception.h>
#include <Poco/NumberFormatter.h>

namespace mailbridge {
namespace mapping {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep)
{
	std::string out;
	for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
	return out;
}

std::string n(std::size_t i)
{
	return Poco::NumberFormatter::format(i);
}

} // namespace

MappingSql::MappingSql(const Mapping& mapping, const Dialect& dialect):
	_mapping(mapping),
	_dialect(dialect)
{
}

const Dialect& MappingSql::dialect() const
{
	return _dialect;
}

std::string MappingSql::emailMatchExpression(const EmailColumn& email) const
{
	std::string col = _dialect.quote(email.column);
	if (email.separator.empty()) return "LOWER(TRIM(" + col + "))";
	// The separator comes from a closed list (";" or ","): a literal is safe.
	// Both separators are matched as ';' so that one pattern serves every column.
	std::string stripped = "REPLACE(" + col + ", ' ', '')";
	if (email.separator != ";") stripped = "REPLACE(" + stripped + ", '" + email.separator + "', ';')";
	return _dialect.concat({"';'", "LOWER(" + stripped + ")", "';'"});
}

SqlStatement MappingSql::peopleLookup(const PeopleTable& people, std::size_t addresses) const
{
	std::vector<std::string> cols;
	for (const auto& k: people.keyColumns) cols.push_back(_dialect.quote(k));
	if (!people.displayNameExpression.empty()) cols.push_back("(" + people.displayNameExpression + ")");
	else if (!people.displayNameColumn.empty()) cols.push_back(_dialect.quote(people.displayNameColumn));
	else cols.push_back("NULL");
	if (!people.ownerColumn.empty()) cols.push_back(_dialect.quote(people.ownerColumn));
	if (!people.doNotLogColumn.empty()) cols.push_back(_dialect.quote(people.doNotLogColumn));
	for (const auto& e: people.emails) cols.push_back(_dialect.quote(e.column));
	if (people.newestOnly) cols.push_back(_dialect.quote(people.newestColumn));

	SqlStatement s;
	std::vector<std::string> any;
	for (const auto& e: people.emails)
	{
		std::string expr = emailMatchExpression(e);
		if (e.separator.empty())
		{
			any.push_back(expr + " IN (" + _dialect.placeholders(addresses) + ")");
			for (std::size_t i = 1; i <= addresses; ++i) s.params.push_back("a" + n(i));
		}
		else
		{
			std::vector<std::string> likes;
			for (std::size_t i = 1; i <= addresses; ++i)
			{
				likes.push_back(expr + " LIKE ?");
				s.params.push_back("p" + n(i));
			}
			any.push_back(join(likes, " OR "));
		}
	}
	s.text = "SELECT " + join(cols, ", ") + " FROM " + _dialect.quoteQualified(people.table)
		+ " WHERE (" + join(any, " OR ") + ")";
	if (!people.filter.empty()) s.text += " AND (" + people.filter + ")";
	return s;
}

SqlStatement MappingSql::peopleAddresses(const PeopleTable& people) const
{
	std::vector<std::string> cols;
	for (const auto& e: people.emails) cols.push_back(_dialect.quote(e.column));
	SqlStatement s;
	s.text = "SELECT " + join(cols, ", ") + " FROM " + _dialect.quoteQualified(people.table);
	if (!people.filter.empty()) s.text += " WHERE (" + people.filter + ")";
	return s;
}

bool MappingSql::insertsRows(const KeySpec& key, const Dialect& dialect)
{
	return key.generation == KeyGeneration::Counter || key.generation == KeyGeneration::Guid
		|| key.generation == KeyGeneration::None
		|| (key.generation == KeyGeneration::Identity && !key.column.empty() && dialect.drawsIdentityValues());
}

InsertPlan MappingSql::insertPlan(const std::string& table, const KeySpec& key,
	const std::vector<ValueExpression>& columns, std::size_t rows) const
{
	InsertPlan plan;
	std::vector<std::string> names;
	for (const auto& c: columns) names.push_back(c.column);
	plan.keyColumn = key.column;
	if (rows && !insertsRows(key, _dialect))
		throw ConfigError("key generation \"" + std::string(toString(key.generation)) + "\" on table " + table
			+ ": keys come back one row at a time", "insert the rows one by one");
	auto insert = [&] { return rows ? _dialect.insertRows(table, names, rows) : _dialect.insert(table, names); };
	switch (key.generation)
	{
	case KeyGeneration::Identity:
		if (rows)
		{
			// Values drawn from the column's sequence first, then bound.
			plan.keySource = InsertPlan::BeforeInsert;
			plan.before.push_back(_dialect.identityValuesDraw());
			names.insert(names.begin(), key.column);
			plan.insert = _dialect.insertRows(table, names, rows, true);
			break;
		}
		switch (_dialect.keyReadback())
		{
		case Dialect::Returning:
		case Dialect::OutputInserted:
			plan.keySource = InsertPlan::FromInsert;
			plan.insert = _dialect.insert(table, names, key.column);
			break;
		case Dialect::FollowUpQuery:
			plan.keySource = InsertPlan::AfterInsert;
			plan.insert = _dialect.insert(table, names);
			plan.after.text = _dialect.lastInsertIdQuery();
			break;
		case Dialect::SequenceFirst:
			throw ConfigError("key generation \"identity\" on table " + table + ": " + _dialect.name()
				+ " cannot read an identity back over ODBC", "use generation=\"sequence\" with the table's sequence");
		}
		break;
	case KeyGeneration::Sequence:
	{
		plan.keySource = InsertPlan::BeforeInsert;
		SqlStatement next;
		next.text = _dialect.selectSequenceNextValue(key.sequence);
		plan.before.push_back(next);
		names.insert(names.begin(), key.column);
		plan.insert = _dialect.insert(table, names);
		break;
	}
	case KeyGeneration::Counter:
	{
		// The increment takes the row lock first, so two writers never read
		// the same value; the value read back is the key.
		plan.keySource = InsertPlan::BeforeInsert;
		std::string t = _dialect.quoteQualified(key.countersTable);
		std::string v = _dialect.quote(key.countersValueColumn);
		std::string where = key.countersNameColumn.empty() ? std::string()
			: " WHERE " + _dialect.quote(key.countersNameColumn) + " = ?";
		SqlStatement bump, read;
		std::string set = " SET " + v + " = " + v + (rows ? " + ?" : " + 1");
		if (rows) bump.params.push_back("counter_count");  // one draw for all the rows
		if (!where.empty())
		{
			bump.params.push_back("counter_name");
			read.params.push_back("counter_name");
		}
		switch (_dialect.keyReadback())
		{
		case Dialect::Returning:  // one round trip instead of two
			bump.text = "UPDATE " + t + set + where + " RETURNING " + v;
			plan.before.push_back(bump);
			break;
		case Dialect::OutputInserted:
			bump.text = "UPDATE " + t + set + " OUTPUT INSERTED." + v + where;
			plan.before.push_back(bump);
			break;
		default:
			bump.text = "UPDATE " + t + set + where;
			read.text = "SELECT " + v + " FROM " + t + where;
			plan.before.push_back(bump);
			plan.before.push_back(read);
		}
		names.insert(names.begin(), key.column);
		plan.insert = insert();
		break;
	}
	case KeyGeneration::Guid:
		plan.keySource = InsertPlan::Generated;
		names.insert(names.begin(), key.column);
		plan.insert = insert();
		break;
	case KeyGeneration::None:
		plan.keySource = InsertPlan::NoKey;
		plan.insert = insert();
		break;
	}
	return plan;
}

InsertPlan MappingSql::activityInsert() const
{
	const ActivitiesTable& a = _mapping.activities;
	return insertPlan(a.table, a.key, a.columns);
}

InsertPlan MappingSql::activityInsertRows(std::size_t rows) const
{
	const ActivitiesTable& a = _mapping.activities;
	return insertPlan(a.table, a.key, a.columns, rows);
}

SqlStatement MappingSql::activityParentUpdate() const
{
	const ActivitiesTable& a = _mapping.activities;
	const ValueExpression* parent = nullptr;
	for (const auto& c: a.columns)
		if (c.kind == ValueKind::ParentKey) parent = &c;
	if (!parent) throw Poco::NotFoundException("the mapping's activities have no parent-key column");
	if (a.key.column.empty()) throw Poco::NotFoundException("the mapping's activities have no key column");
	SqlStatement s;
	s.text = "UPDATE " + _dialect.quoteQualified(a.table) + " SET " + _dialect.quote(parent->column) + " = ? WHERE "
		+ _dialect.quote(a.key.column) + " = ?";
	s.params = {"parent", "key"};
	return s;
}

SqlStatement MappingSql::activityParentUpdateRows(std::size_t n) const
{
	// One CASE over the key sets n parents; every dialect has it.
	const SqlStatement one = activityParentUpdate();
	if (n == 0) throw Poco::InvalidArgumentException("an update needs a row");
	const ActivitiesTable& a = _mapping.activities;
	std::string parentColumn;
	for (const auto& c: a.columns)
		if (c.kind == ValueKind::ParentKey) parentColumn = c.column;
	const std::string key = _dialect.quote(a.key.column);
	SqlStatement s;
	s.text = "UPDATE " + _dialect.quoteQualified(a.table) + " SET " + _dialect.quote(parentColumn) + " = CASE " + key;
	for (std::size_t r = 1; r <= n; ++r)
	{
		s.text += " WHEN ? THEN ?";
		s.params.push_back("key_" + std::to_string(r));
		s.params.push_back("parent_" + std::to_string(r));
	}
	// ELSE the column itself: it gives the CASE the column's type, so
	// untyped parameters are read as that type (PostgreSQL would make them
	// text and refuse to store text in a number column).
	s.text += " ELSE " + _dialect.quote(parentColumn) + " END WHERE " + key + " IN (";
	for (std::size_t r = 1; r <= n; ++r)
	{
		s.text += r > 1 ? ", ?" : "?";
		s.params.push_back("key_" + std::to_string(r));
	}
	s.text += ")";
	return s;
}

InsertPlan MappingSql::documentInsert() const
{
	const DocumentsTable& d = _mapping.documents;
	if (!d.present) throw Poco::NotFoundException("the mapping has no documents table");
	return insertPlan(d.table, d.key, d.columns);
}

InsertPlan MappingSql::personInsert(const PeopleTable& people) const
{
	if (!people.create.present) throw Poco::NotFoundException("<people name=\"" + people.name + "\"> has no <create>");
	return insertPlan(people.table, people.create.key, people.create.columns);
}

SqlStatement MappingSql::usersSelect() const
{
	const UsersTable& u = _mapping.users;
	if (!u.present) throw Poco::NotFoundException("the mapping has no users table");
	SqlStatement s;
	s.text = "SELECT " + _dialect.quote(u.keyColumn) + ", " + _dialect.quote(u.addressColumn)
		+ " FROM " + _dialect.quoteQualified(u.table);
	if (!u.filter.empty()) s.text += " WHERE (" + u.filter + ")";
	return s;
}

SqlStatement MappingSql::usersSenders() const
{
	const UsersTable& u = _mapping.users;
	if (!u.present) throw Poco::NotFoundException("the mapping has no users table");
	SqlStatement s;
	s.text = "SELECT " + _dialect.quote(u.keyColumn) + ", " + _dialect.quote(u.addressColumn) + ", "
		+ (u.displayNameColumn.empty() ? std::string("NULL") : _dialect.quote(u.displayNameColumn))
		+ " FROM " + _dialect.quoteQualified(u.table);
	if (!u.filter.empty()) s.text += " WHERE (" + u.filter + ")";
	return s;
}

SqlStatement MappingSql::activityDeletedSelect(std::size_t keys) const
{
	const DeletedActivities& d = _mapping.deleted;
	if (!d.present) throw Poco::NotFoundException("the mapping has no <deleted-activities>");
	const std::string key = _dialect.quote(_mapping.activities.key.column);
	SqlStatement s;
	std::string flag = "0";
	if (!d.column.empty())
	{
		flag = "CASE WHEN " + _dialect.quote(d.column) + " = ? THEN 1 ELSE 0 END";
		s.params.push_back("value");
	}
	else if (!d.filter.empty())
	{
		flag = "CASE WHEN (" + d.filter + ") THEN 1 ELSE 0 END";
	}
	std::vector<std::string> marks;
	for (std::size_t i = 1; i <= keys; ++i)
	{
		marks.push_back("?");
		s.params.push_back("k" + std::to_string(i));
	}
	s.text = "SELECT " + key + ", " + flag + " FROM " + _dialect.quoteQualified(_mapping.activities.table)
		+ " WHERE " + key + " IN (" + join(marks, ", ") + ")";
	return s;
}

SqlStatement MappingSql::outboundSelect(std::size_t limit, std::size_t offset) const
{
	const OutboundQueue& q = _mapping.outbound;
	if (!q.present) throw Poco::NotFoundException("the mapping has no outbound queue");
	std::vector<std::string> cols{_dialect.quote(q.keyColumn)};
	for (const auto& f: q.fields) cols.push_back(_dialect.quote(f.column));
	std::string from = q.table.empty() ? "(" + q.query + ") mb_q" : _dialect.quoteQualified(q.table);
	std::string select = "SELECT " + join(cols, ", ") + " FROM " + from;
	if (!q.filter.empty()) select += " WHERE (" + q.filter + ")";
	select += " ORDER BY " + _dialect.quote(q.keyColumn);
	SqlStatement s;
	s.text = _dialect.paginate(select, limit, offset);
	return s;
}

SqlStatement MappingSql::outboundMark(const std::string& state) const
{
	const OutboundQueue& q = _mapping.outbound;
	for (const auto& m: q.marks)
	{
		if (m.state != state) continue;
		SqlStatement s;
		if (!m.sql.empty())
		{
			// :name placeholders outside string literals become '?'.
			char quote = 0;
			for (std::size_t i = 0; i < m.sql.size(); ++i)
			{
				char c = m.sql[i];
				if (quote) { if (c == quote) quote = 0; s.text += c; continue; }
				if (c == '\'' || c == '"') { quote = c; s.text += c; continue; }
				if (c == ':' && i + 1 < m.sql.size() && (std::isalpha(static_cast<unsigned char>(m.sql[i + 1])) || m.sql[i + 1] == '_'))
				{
					std::size_t j = i + 1;
					while (j < m.sql.size() && (std::isalnum(static_cast<unsigned char>(m.sql[j])) || m.sql[j] == '_')) ++j;
					s.params.push_back(m.sql.substr(i + 1, j - i - 1));
					s.text += '?';
					i = j - 1;
					continue;
				}
				s.text += c;
			}
			return s;
		}
		std::vector<std::string> sets{_dialect.quote(m.column) + " = ?"};
		s.params.push_back("value");
		if (!m.messageIdColumn.empty())
		{
			sets.push_back(_dialect.quote(m.messageIdColumn) + " = ?");
			s.params.push_back("message_id");
		}
		if (!m.reasonColumn.empty())
		{
			sets.push_back(_dialect.quote(m.reasonColumn) + " = ?");
			s.params.push_back("reason");
		}
		s.text = "UPDATE " + _dialect.quoteQualified(q.table) + " SET " + join(sets, ", ")
			+ " WHERE " + _dialect.quote(q.keyColumn) + " = ?";
		s.params.push_back("id");
		return s;
	}
	throw Poco::NotFoundException("outbound mark", state);
}

SqlStatement MappingSql::bounceUpdate(const PeopleTable& people) const
{
	const BounceAction& b = _mapping.bounce;
	if (!b.present) throw Poco::NotFoundException("the mapping has no bounce action");
	SqlStatement s;
	s.params.push_back("value");
	std::vector<std::string> any;
	for (const auto& e: people.emails)
	{
		bool multi = !e.separator.empty();
		any.push_back(emailMatchExpression(e) + (multi ? " LIKE ?" : " = ?"));
		s.params.push_back(multi ? "p1" : "a1");
	}
	s.text = "UPDATE " + _dialect.quoteQualified(people.table) + " SET " + _dialect.quote(b.column) + " = ? WHERE "
		+ join(any, " OR ");
	return s;
}

} } // namespace mailbridge::mapping
