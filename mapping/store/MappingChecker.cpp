//
// MappingChecker.cpp
//

#include "mapping/store/MappingChecker.h"
#include "connector/common/Errors.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/NumberFormatter.h>
#include <Poco/String.h>
#include <algorithm>
#include <cctype>
#include <set>

namespace mailbridge {
namespace mapping {

namespace {

bool exactCase(const Dialect& d)
{
	// Quoted identifiers keep their case on PostgreSQL and Oracle; the
	// others compare column names without regard to case.
	return d.vendor() == Dialect::PostgreSQL || d.vendor() == Dialect::Oracle;
}

std::string driverText(const std::exception& exc)
{
	if (auto* s = dynamic_cast<const StatementError*>(&exc))
		return (s->sqlState().empty() ? "" : "SQLSTATE " + s->sqlState() + ": ") + Poco::trim(s->driverText());
	return describe(exc);
}

bool isNumeric(int t)
{
	// SQL_TINYINT, SQL_BIGINT, SQL_BIT, SQL_NUMERIC .. SQL_DOUBLE
	return t == -6 || t == -5 || t == -7 || (t >= 2 && t <= 8);
}

bool isBinary(int t)
{
	return t == -2 || t == -3 || t == -4;  // SQL_BINARY, SQL_VARBINARY, SQL_LONGVARBINARY
}

bool isNumber(const std::string& s)
{
	if (s.empty()) return false;
	std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
	bool digits = false, dot = false;
	for (; i < s.size(); ++i)
	{
		if (std::isdigit(static_cast<unsigned char>(s[i]))) digits = true;
		else if (s[i] == '.' && !dot) dot = true;
		else return false;
	}
	return digits;
}

std::vector<const std::string*> fixedTexts(const ValueExpression& v)
	/// The texts a constant or an in/out column can write.
{
	std::vector<const std::string*> out;
	if (v.kind == ValueKind::Constant && !v.isNull) out.push_back(&v.constant);
	if (v.kind != ValueKind::PerDirection) return out;
	out.push_back(&v.inValue);
	out.push_back(&v.outValue);
	if (v.hasBulkValue) out.push_back(&v.bulkValue);
	if (v.hasAutoReplyValue) out.push_back(&v.autoReplyValue);
	if (v.hasBounceValue) out.push_back(&v.bounceValue);
	return out;
}

std::size_t utf8Length(const std::string& s)
{
	std::size_t n = 0;
	for (unsigned char c: s) n += (c & 0xC0) != 0x80;
	return n;
}

std::string incompatible(const ValueExpression& v, const CatalogColumn& c)
	/// Why the column cannot take the value, or "". Keys are not judged: a
	/// person key may be a number or text.
{
	bool numeric = isNumeric(c.dataType);
	switch (v.kind)
	{
	case ValueKind::Subject: case ValueKind::Text: case ValueKind::Html: case ValueKind::From:
	case ValueKind::FromName: case ValueKind::FromFirstName: case ValueKind::FromLastName:
	case ValueKind::To: case ValueKind::Cc: case ValueKind::MessageId:
	case ValueKind::ImapUrl: case ValueKind::Mailbox: case ValueKind::Folder: case ValueKind::PersonTable:
	case ValueKind::PersonAddress: case ValueKind::FileName: case ValueKind::ContentType: case ValueKind::FilePath:
	case ValueKind::Direction: case ValueKind::MessageKind:
		if (numeric) return std::string("is numeric: it cannot take ") + toString(v.kind);
		break;
	case ValueKind::Constant:
		if (numeric && !v.isNull && !isNumber(v.constant)) return "is numeric: it cannot take \"" + v.constant + "\"";
		break;
	case ValueKind::PerDirection:
		if (numeric)
		{
			for (const std::string* value: fixedTexts(v))
				if (!isNumber(*value)) return "is numeric: it cannot take \"" + *value + "\"";
		}
		break;
	case ValueKind::Date: case ValueKind::Now:
		if (numeric && v.dateFormat.empty()) return "is numeric: a date needs date-format=\"%Y%m%d\" or a date column";
		break;
	case ValueKind::Content:
		if (!isBinary(c.dataType)) return "is not a binary column (BLOB, BYTEA, VARBINARY): it cannot take the attachment's bytes";
		break;
	default:
		break;
	}
	return std::string();
}

} // namespace

MappingChecker::MappingChecker(OdbcConnection& db, const Mapping& mapping):
	_db(db),
	_mapping(mapping),
	_catalog(db)
{
}

void MappingChecker::problem(const SourcePos& pos, const std::string& message)
{
	_problems.emplace_back(pos.line, _mapping.file + ":" + Poco::NumberFormatter::format(pos.line) + ": " + message);
}

const std::vector<CatalogColumn>* MappingChecker::table(const SourcePos& pos, const std::string& name)
{
	auto it = _tables.find(name);
	if (it != _tables.end()) return it->second.empty() ? nullptr : &it->second;
	std::vector<CatalogColumn> cols = _catalog.columns(name);
	_tables[name] = cols;
	if (cols.empty())
	{
		std::string similar = _catalog.similarTable(name);
		problem(pos, "table " + name + " does not exist"
			+ (similar.empty() ? std::string() : " (hint: there is a table " + similar + "; names are used exactly as written)"));
		return nullptr;
	}
	return &_tables[name];
}

const CatalogColumn* MappingChecker::column(const SourcePos& pos, const std::string& tableName, const std::string& name,
	const std::string& role)
{
	const std::vector<CatalogColumn>* cols = table(pos, tableName);
	if (!cols || name.empty()) return nullptr;
	const CatalogColumn* folded = nullptr;
	for (const auto& c: *cols)
	{
		if (c.name == name) return &c;
		if (Poco::icompare(c.name, name) == 0) folded = &c;
	}
	if (folded && !exactCase(_db.dialect())) return folded;
	std::string hint;
	if (folded) hint = " (hint: it is named " + folded->name + "; names are used exactly as written)";
	else
	{
		std::vector<std::string> names;
		for (const auto& c: *cols) names.push_back(c.name);
		hint = " (columns of " + tableName + ": ";
		for (std::size_t i = 0; i < names.size(); ++i) hint += (i ? ", " : "") + names[i];
		hint += ")";
	}
	problem(pos, role + " column " + name + " does not exist in " + tableName + hint);
	return nullptr;
}

void MappingChecker::runs(const SourcePos& pos, const std::string& what, const std::string& sql,
	const std::vector<std::pair<std::string, std::string>>& params)
{
	try
	{
		Poco::Data::Statement stmt(_db.session());
		stmt << sql;
		ParamBinder p;
		SqlStatement s;
		s.text = sql;
		for (const auto& kv: params)
		{
			p.text(kv.first, kv.second);
			s.params.push_back(kv.first);
		}
		p.bind(stmt, s);
		stmt.execute();
	}
	catch (DatabaseUnavailable&)
	{
		throw;
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, sql);
		}
		catch (DatabaseUnavailable&)
		{
			throw;
		}
		catch (std::exception& translated)
		{
			problem(pos, what + " fails: " + driverText(translated));
		}
	}
}

std::vector<std::string> MappingChecker::check()
{
	_problems.clear();
	checkPeople();
	checkActivities();
	checkDocuments();
	checkUsers();
	checkOutbound();
	checkDeleted();
	checkBounce();
	std::stable_sort(_problems.begin(), _problems.end(),
		[](const std::pair<int, std::string>& a, const std::pair<int, std::string>& b) { return a.first < b.first; });
	std::vector<std::string> out;
	for (const auto& p: _problems) out.push_back(p.second);
	return out;
}

void MappingChecker::checkPeople()
{
	MappingSql sql(_mapping, _db.dialect());
	for (const auto& p: _mapping.people)
	{
		if (!table(p.pos, p.table)) continue;
		std::size_t before = _problems.size();
		for (const auto& k: p.keyColumns) column(p.pos, p.table, k, "key");
		for (const auto& e: p.emails) column(e.pos, p.table, e.column, "email");
		column(p.pos, p.table, p.displayNameColumn, "display name");
		column(p.pos, p.table, p.ownerColumn, "owner");
		column(p.pos, p.table, p.doNotLogColumn, "do-not-log");
		if (p.newestOnly) column(p.pos, p.table, p.newestColumn, "newest");
		if (p.create.present)
		{
			// The new person's row is checked as an activity's is.
			try
			{
				sql.personInsert(p);
			}
			catch (ConfigError& exc)
			{
				problem(p.create.key.pos, exc.displayText());
			}
			checkKey(p.table, p.create.key);
			checkValues(p.table, p.create.key, p.create.columns, p.create.pos);
		}
		if (_problems.size() != before) continue;  // the lookup would only fail on the same names
		runs(p.pos, "the people lookup on " + p.table + " (with its filter and display name)",
			sql.peopleLookup(p, 1).text, {{"a1", "check-mapping@invalid"}, {"p1", "%;check-mapping@invalid;%"}});
	}
}

void MappingChecker::checkValues(const std::string& tableName, const KeySpec& key, const std::vector<ValueExpression>& columns,
	const SourcePos& pos)
{
	const std::vector<CatalogColumn>* cols = table(pos, tableName);
	if (!cols) return;
	std::set<std::string> set;
	for (const auto& v: columns)
	{
		set.insert(Poco::toLower(v.column));
		const CatalogColumn* c = column(v.pos, tableName, v.column, "value");
		if (!c) continue;
		bool dated = v.kind == ValueKind::Date || v.kind == ValueKind::Now;
		// SQLite keeps whatever length it is given: its declared widths mean nothing.
		if (c->isCharacter() && _db.dialect().vendor() != Dialect::SQLite)
		{
			if (v.maxWidth && static_cast<long>(v.maxWidth) > c->size)
				problem(v.pos, tableName + "." + c->name + " holds " + Poco::NumberFormatter::format(c->size)
					+ " characters but max-width is " + Poco::NumberFormatter::format(v.maxWidth)
					+ " (hint: max-width=\"" + Poco::NumberFormatter::format(c->size) + "\")");
			bool unbounded = v.kind == ValueKind::Subject || v.kind == ValueKind::Text || v.kind == ValueKind::Html
				|| v.kind == ValueKind::To || v.kind == ValueKind::Cc || v.kind == ValueKind::From
				|| v.kind == ValueKind::FromName || v.kind == ValueKind::FromFirstName || v.kind == ValueKind::FromLastName
				|| v.kind == ValueKind::ImapUrl || v.kind == ValueKind::MessageId;
			if (unbounded && !v.maxWidth)
				problem(v.pos, tableName + "." + c->name + " holds " + Poco::NumberFormatter::format(c->size)
					+ " characters and " + toString(v.kind) + " can be longer (hint: max-width=\""
					+ Poco::NumberFormatter::format(c->size) + "\")");
			if (!v.maxWidth)
			{
				// A fixed code that does not fit would fail every insert.
				for (const std::string* fixed: fixedTexts(v))
					if (static_cast<long>(utf8Length(*fixed)) > c->size)
						problem(v.pos, tableName + "." + c->name + " holds " + Poco::NumberFormatter::format(c->size)
							+ " characters: \"" + *fixed + "\" does not fit");
			}
			if (dated && v.dateFormat.empty())
				problem(v.pos, tableName + "." + c->name + " is a character column (" + c->typeName
					+ "): a date needs date-format=\"...\"");
		}
		else if (dated && !v.dateFormat.empty() && c->dataType >= 91 && c->dataType <= 93)  // SQL_TYPE_DATE..TIMESTAMP
			problem(v.pos, tableName + "." + c->name + " is a date column (" + c->typeName
				+ "): drop date-format so the timestamp is bound as one");
		std::string why = incompatible(v, *c);
		if (!why.empty()) problem(v.pos, tableName + "." + c->name + " (" + c->typeName + ") " + why);
	}
	for (const auto& c: *cols)
	{
		if (c.nullable || c.hasDefault || c.autoIncrement || set.count(Poco::toLower(c.name))) continue;
		if (key.generation != KeyGeneration::None && Poco::icompare(c.name, key.column) == 0) continue;
		problem(pos, tableName + "." + c.name + " is NOT NULL without a default and the mapping gives it no value"
			+ " (hint: <column name=\"" + c.name + "\" .../>)");
	}
}

void MappingChecker::checkKey(const std::string& tableName, const KeySpec& key)
{
	if (key.generation == KeyGeneration::None) return;
	const CatalogColumn* k = column(key.pos, tableName, key.column, "key");
	if (k && (key.generation == KeyGeneration::Guid) && k->isCharacter() && k->size < 36)
		problem(key.pos, tableName + "." + k->name + " holds " + Poco::NumberFormatter::format(k->size)
			+ " characters; a GUID needs 36");
	if (k && (key.generation == KeyGeneration::Counter || key.generation == KeyGeneration::Sequence)
		&& k->isCharacter() && key.width && static_cast<long>(key.prefix.size() + key.width) > k->size)
		problem(key.pos, tableName + "." + k->name + " holds " + Poco::NumberFormatter::format(k->size)
			+ " characters; prefix and width make " + Poco::NumberFormatter::format(key.prefix.size() + key.width));
	if (key.generation == KeyGeneration::Counter)
	{
		bool ok = column(key.pos, key.countersTable, key.countersValueColumn, "counter value") != nullptr;
		if (!key.countersNameColumn.empty())
			ok = column(key.pos, key.countersTable, key.countersNameColumn, "counter name") != nullptr && ok;
		if (!ok) return;
		std::string sql = "SELECT COUNT(*) FROM " + _db.dialect().quoteQualified(key.countersTable)
			+ (key.countersNameColumn.empty() ? std::string() : " WHERE " + _db.dialect().quote(key.countersNameColumn) + " = ?");
		try
		{
			Poco::Data::Statement stmt(_db.session());
			std::string name = key.countersName;
			stmt << sql;
			if (!key.countersNameColumn.empty()) stmt, Poco::Data::Keywords::use(name);
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			long n = rs.moveFirst() ? rs.value(0).convert<long>() : 0;
			if (n != 1)
				problem(key.pos, "the counters table " + key.countersTable + " has " + Poco::NumberFormatter::format(n)
					+ " rows" + (key.countersNameColumn.empty() ? std::string() : " named " + key.countersName)
					+ "; it needs exactly one (hint: INSERT the row with the next number)");
		}
		catch (std::exception& exc)
		{
			problem(key.pos, "reading the counters row fails: " + driverText(exc));
		}
	}
	if (key.generation == KeyGeneration::Sequence)
	{
		try
		{
			runs(key.pos, "drawing from sequence " + key.sequence, _db.dialect().selectSequenceNextValue(key.sequence));
		}
		catch (ConfigError& exc)
		{
			problem(key.pos, exc.message() + " (hint: " + exc.displayText() + ")");
		}
	}
}

void MappingChecker::checkActivities()
{
	const ActivitiesTable& a = _mapping.activities;
	try
	{
		MappingSql(_mapping, _db.dialect()).activityInsert();
	}
	catch (ConfigError& exc)
	{
		problem(a.key.pos, exc.displayText());
	}
	if (!table(a.pos, a.table)) return;
	checkKey(a.table, a.key);
	checkValues(a.table, a.key, a.columns, a.pos);
}

void MappingChecker::checkDocuments()
{
	const DocumentsTable& d = _mapping.documents;
	if (!d.present || !table(d.pos, d.table)) return;
	checkKey(d.table, d.key);
	checkValues(d.table, d.key, d.columns, d.pos);
}

void MappingChecker::checkUsers()
{
	const UsersTable& u = _mapping.users;
	if (!u.present || !table(u.pos, u.table)) return;
	bool ok = column(u.pos, u.table, u.keyColumn, "user key") != nullptr;
	ok = column(u.pos, u.table, u.addressColumn, "user address") != nullptr && ok;
	if (!u.displayNameColumn.empty()) ok = column(u.pos, u.table, u.displayNameColumn, "user display name") != nullptr && ok;
	if (ok) runs(u.pos, "the users query (with its filter)", _db.dialect().describeOnly(MappingSql(_mapping, _db.dialect()).usersSenders().text));
}

void MappingChecker::checkOutbound()
{
	const OutboundQueue& q = _mapping.outbound;
	if (!q.present) return;
	std::size_t before = _problems.size();
	if (!q.table.empty())
	{
		if (!table(q.pos, q.table)) return;
		column(q.pos, q.table, q.keyColumn, "queue key");
		for (const auto& f: q.fields) column(f.pos, q.table, f.column, "queue " + f.name);
		for (const auto& m: q.marks)
		{
			if (!m.sql.empty()) continue;
			column(m.pos, q.table, m.column, "mark");
			column(m.pos, q.table, m.messageIdColumn, "Message-ID");
			column(m.pos, q.table, m.reasonColumn, "reason");
		}
	}
	if (_problems.size() == before)
		runs(q.pos, "the outbound queue query", _db.dialect().describeOnly(MappingSql(_mapping, _db.dialect()).outboundSelect(1).text));
}

void MappingChecker::checkDeleted()
{
	const DeletedActivities& d = _mapping.deleted;
	const ActivitiesTable& a = _mapping.activities;
	if (!d.present || !table(d.pos, a.table)) return;
	std::size_t before = _problems.size();
	column(d.pos, a.table, a.key.column, "activity key");
	if (!d.column.empty()) column(d.pos, a.table, d.column, "deleted flag");
	if (_problems.size() != before) return;
	SqlStatement q = MappingSql(_mapping, _db.dialect()).activityDeletedSelect(1);
	// The query as it runs, with values that match nothing.
	std::string text;
	std::size_t next = 0;
	for (char c: q.text)
	{
		if (c != '?') { text += c; continue; }
		text += q.params.at(next++) == "value" ? "'" + Poco::replace(d.value, "'", "''") + "'" : "NULL";
	}
	runs(d.pos, "the deleted-activities check (with its filter)", text);
}

void MappingChecker::checkBounce()
{
	const BounceAction& b = _mapping.bounce;
	if (!b.present) return;
	for (const auto& p: _mapping.people)
		if (b.people.empty() || b.people == p.name) column(b.pos, p.table, b.column, "bounce");
}

} } // namespace mailbridge::mapping
