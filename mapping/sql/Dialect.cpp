//
// Dialect.cpp
//

#include "mapping/sql/Dialect.h"
#include <Poco/Exception.h>
#include "connector/common/Errors.h"
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/NumberFormatter.h>
#include <cctype>
#include <cstdlib>

namespace mailbridge {
namespace mapping {

namespace {

void parseVersion(const std::string& text, int& major, int& minor)
{
	// "10.11.6-MariaDB", "16.4", "3.40.1", "Oracle Database 19c ..." -> first two numbers.
	// SQL Server reports "15.00.2000": same rule.
	major = minor = 0;
	std::size_t i = 0;
	while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
	if (i == text.size()) return;
	major = std::atoi(text.c_str() + i);
	while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
	if (i < text.size() && text[i] == '.') minor = std::atoi(text.c_str() + i + 1);
}

std::string join(const std::vector<std::string>& parts, const std::string& sep)
{
	std::string out;
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		if (i) out += sep;
		out += parts[i];
	}
	return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s)
{
	for (const auto& x: v) if (x == s) return true;
	return false;
}

} // namespace

Dialect::Dialect(Vendor vendor, int major, int minor, bool mariaDB):
	_vendor(vendor),
	_major(major),
	_minor(minor),
	_mariaDB(mariaDB && vendor == MySQL)
{
}

Dialect Dialect::fromDbmsName(const std::string& dbmsName, const std::string& dbmsVersion)
{
	std::string n = Poco::toLower(dbmsName);
	std::string v = Poco::toLower(dbmsVersion);
	int major, minor;
	parseVersion(dbmsVersion, major, minor);
	if (n.find("postgres") != std::string::npos) return Dialect(PostgreSQL, major, minor);
	if (n.find("mariadb") != std::string::npos || v.find("mariadb") != std::string::npos)
		return Dialect(MySQL, major, minor, true);
	if (n.find("mysql") != std::string::npos) return Dialect(MySQL, major, minor);
	if (n.find("sqlite") != std::string::npos) return Dialect(SQLite, major, minor);
	if (n.find("sql server") != std::string::npos || n.find("sqlserver") != std::string::npos)
		return Dialect(SQLServer, major, minor);
	if (n.find("oracle") != std::string::npos) return Dialect(Oracle, major, minor);
	throw ConfigError("unsupported database \"" + dbmsName + "\"",
		"mailbridge supports PostgreSQL, MySQL/MariaDB, SQLite, SQL Server and Oracle");
}

Dialect Dialect::fromName(const std::string& name)
{
	std::string n = Poco::toLower(name);
	if (n == "postgresql") return Dialect(PostgreSQL);
	if (n == "mysql") return Dialect(MySQL);
	if (n == "mariadb") return Dialect(MySQL, 0, 0, true);
	if (n == "sqlite") return Dialect(SQLite);
	if (n == "sqlserver") return Dialect(SQLServer);
	if (n == "oracle") return Dialect(Oracle);
	throw ConfigError("unknown dialect \"" + name + "\"",
		"valid: postgresql, mysql, mariadb, sqlite, sqlserver, oracle");
}

Dialect::Vendor Dialect::vendor() const
{
	return _vendor;
}

bool Dialect::isMariaDB() const
{
	return _mariaDB;
}

std::string Dialect::name() const
{
	switch (_vendor)
	{
	case PostgreSQL: return "postgresql";
	case MySQL:      return "mysql";
	case SQLite:     return "sqlite";
	case SQLServer:  return "sqlserver";
	case Oracle:     return "oracle";
	}
	return "unknown";
}

bool Dialect::atLeast(int major, int minor) const
{
	if (_major == 0) return true; // unknown version: assume current
	return _major > major || (_major == major && _minor >= minor);
}

std::string Dialect::quote(const std::string& identifier) const
{
	if (identifier.empty() || identifier.find('\0') != std::string::npos)
		throw ConfigError("invalid SQL identifier", identifier.empty() ? "empty name" : "name holds a NUL byte");
	char open = '"', close = '"';
	if (_vendor == MySQL) open = close = '`';
	else if (_vendor == SQLServer) { open = '['; close = ']'; }
	std::string out(1, open);
	for (char c: identifier)
	{
		if (c == close) out += close;
		out += _upperCaseNames ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
	}
	out += close;
	return out;
}

Dialect Dialect::withUpperCaseNames() const
{
	Dialect d(*this);
	d._upperCaseNames = _vendor == Oracle;
	return d;
}

std::string Dialect::quoteQualified(const std::string& name) const
{
	std::string out;
	std::size_t start = 0;
	for (;;)
	{
		std::size_t dot = name.find('.', start);
		if (!out.empty()) out += '.';
		out += quote(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
		if (dot == std::string::npos) break;
		start = dot + 1;
	}
	return out;
}

std::string Dialect::concat(const std::vector<std::string>& expressions) const
{
	switch (_vendor)
	{
	case MySQL:      // || means OR unless PIPES_AS_CONCAT is set
	case SQLServer:  // + propagates NULL differently and needs matching types
		return "CONCAT(" + join(expressions, ", ") + ")";
	default:
		return join(expressions, " || ");
	}
}

std::string Dialect::currentTimestamp() const
{
	return "CURRENT_TIMESTAMP";
}

std::string Dialect::placeholders(std::size_t n) const
{
	std::string out;
	for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
	return out;
}

Dialect::KeyReadback Dialect::keyReadback() const
{
	switch (_vendor)
	{
	case PostgreSQL: return Returning;
	case SQLite:     return FollowUpQuery; // the SQLite ODBC driver yields no rows for INSERT ... RETURNING
	case SQLServer:  return OutputInserted;
	case Oracle:     return SequenceFirst; // RETURNING INTO needs PL/SQL out binds over ODBC
	case MySQL:      return FollowUpQuery;
	}
	return FollowUpQuery;
}

SqlStatement Dialect::insert(const std::string& table, const std::vector<std::string>& columns,
	const std::string& returnKey) const
{
	std::vector<std::string> quoted;
	for (const auto& c: columns) quoted.push_back(quote(c));
	SqlStatement s;
	s.params = columns;
	s.text = "INSERT INTO " + quoteQualified(table) + " (" + join(quoted, ", ") + ")";
	if (!returnKey.empty() && keyReadback() == OutputInserted)
		s.text += " OUTPUT INSERTED." + quote(returnKey);
	s.text += " VALUES (" + placeholders(columns.size()) + ")";
	if (!returnKey.empty() && keyReadback() == Returning)
		s.text += " RETURNING " + quote(returnKey);
	return s;
}

SqlStatement Dialect::insertRows(const std::string& table, const std::vector<std::string>& columns, std::size_t rows,
	bool overridingIdentity) const
{
	if (rows == 0 || columns.empty() || rows * columns.size() > maxParameters())
		throw Poco::InvalidArgumentException("multi-row insert of " + std::to_string(rows) + " rows of "
			+ std::to_string(columns.size()) + " columns into " + table);
	std::vector<std::string> quoted;
	for (const auto& c: columns) quoted.push_back(quote(c));
	std::string into = quoteQualified(table) + " (" + join(quoted, ", ") + ")";
	std::string values = "(" + placeholders(columns.size()) + ")";
	SqlStatement s;
	for (std::size_t r = 0; r < rows; ++r) s.params.insert(s.params.end(), columns.begin(), columns.end());
	if (_vendor == Oracle)
	{
		// No multi-row VALUES before 23c; INSERT ALL takes any number of rows.
		s.text = "INSERT ALL";
		for (std::size_t r = 0; r < rows; ++r) s.text += " INTO " + into + " VALUES " + values;
		s.text += " SELECT 1 FROM DUAL";
		return s;
	}
	s.text = "INSERT INTO " + into + (overridingIdentity && _vendor == PostgreSQL ? " OVERRIDING SYSTEM VALUE" : "")
		+ " VALUES " + values;
	for (std::size_t r = 1; r < rows; ++r) s.text += ", " + values;
	return s;
}

bool Dialect::drawsIdentityValues() const
{
	return _vendor == PostgreSQL;
}

SqlStatement Dialect::identityValuesDraw() const
{
	if (!drawsIdentityValues())
		throw ConfigError("no identity values can be drawn ahead on " + name(), "insert the rows one by one");
	SqlStatement s;
	s.text = "SELECT nextval(pg_get_serial_sequence(?, ?)) FROM generate_series(1, ?)";
	s.params = {"key_table", "key_column", "counter_count"};
	return s;
}

std::size_t Dialect::maxParameters() const
{
	switch (_vendor)
	{
	case SQLite:    return 999;
	case SQLServer: return 2099;
	default:        return 32767;
	}
}

std::string Dialect::beginTransaction() const
{
	return _vendor == SQLite ? "BEGIN IMMEDIATE" : "";
}

bool Dialect::failureAbortsTransaction() const
{
	return _vendor == PostgreSQL;
}

std::string Dialect::savepoint(const std::string& name) const
{
	return (_vendor == SQLServer ? "SAVE TRANSACTION " : "SAVEPOINT ") + quote(name);
}

std::string Dialect::rollbackToSavepoint(const std::string& name) const
{
	return (_vendor == SQLServer ? "ROLLBACK TRANSACTION " : "ROLLBACK TO SAVEPOINT ") + quote(name);
}

std::string Dialect::releaseSavepoint(const std::string& name) const
{
	if (_vendor == SQLServer || _vendor == Oracle) return std::string();
	return "RELEASE SAVEPOINT " + quote(name);
}

std::string Dialect::lastInsertIdQuery() const
{
	switch (_vendor)
	{
	case MySQL:     return "SELECT LAST_INSERT_ID()";
	case SQLite:    return "SELECT last_insert_rowid()";
	case SQLServer: return "SELECT CAST(SCOPE_IDENTITY() AS BIGINT)";
	default:
		throw ConfigError("no last-insert-id query on " + name(), "use RETURNING or a sequence");
	}
}

bool Dialect::hasSequences() const
{
	switch (_vendor)
	{
	case PostgreSQL: case SQLServer: case Oracle: return true;
	case MySQL:      return _mariaDB && atLeast(10, 3);
	case SQLite:     return false;
	}
	return false;
}

std::string Dialect::sequenceNextValue(const std::string& sequence) const
{
	if (!hasSequences())
		throw ConfigError("sequence \"" + sequence + "\": " + name() + " has no sequences",
			"use key generation identity or counter");
	switch (_vendor)
	{
	case PostgreSQL:
	{
		// nextval takes the name as a string; quote it as an identifier inside.
		std::string q = quoteQualified(sequence), lit;
		for (char c: q) { if (c == '\'') lit += '\''; lit += c; }
		return "nextval('" + lit + "')";
	}
	case Oracle: return quoteQualified(sequence) + ".NEXTVAL";
	default:     return "NEXT VALUE FOR " + quoteQualified(sequence); // SQL Server, MariaDB
	}
}

std::string Dialect::selectSequenceNextValue(const std::string& sequence) const
{
	std::string expr = sequenceNextValue(sequence);
	return _vendor == Oracle ? "SELECT " + expr + " FROM DUAL" : "SELECT " + expr;
}

SqlStatement Dialect::insertIfAbsent(const std::string& table, const std::vector<std::string>& columns,
	const std::vector<std::string>& keyColumns) const
{
	std::vector<std::string> quoted, quotedKeys;
	for (const auto& c: columns) quoted.push_back(quote(c));
	for (const auto& c: keyColumns) quotedKeys.push_back(quote(c));
	std::string t = quoteQualified(table);
	SqlStatement s;
	s.params = columns;
	switch (_vendor)
	{
	case PostgreSQL:
	case SQLite:
		// SQLite's INSERT OR IGNORE would also swallow NOT NULL and CHECK failures;
		// ON CONFLICT (3.24+) ignores only the key clash.
		if (_vendor == SQLite && !atLeast(3, 24))
		{
			s.text = "INSERT OR IGNORE INTO " + t + " (" + join(quoted, ", ") + ") VALUES (" + placeholders(columns.size()) + ")";
			break;
		}
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES (" + placeholders(columns.size())
			+ ") ON CONFLICT (" + join(quotedKeys, ", ") + ") DO NOTHING";
		break;
	case MySQL:
		// INSERT IGNORE turns every error into a warning; a no-op update on a
		// key column ignores only the duplicate.
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES (" + placeholders(columns.size())
			+ ") ON DUPLICATE KEY UPDATE " + quotedKeys.at(0) + " = " + quotedKeys.at(0);
		break;
	case SQLServer:
	case Oracle:
	{
		std::vector<std::string> cond;
		for (const auto& k: quotedKeys) cond.push_back(k + " = ?");
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") SELECT " + placeholders(columns.size())
			+ (_vendor == Oracle ? " FROM DUAL" : "")
			+ " WHERE NOT EXISTS (SELECT 1 FROM " + t + " WHERE " + join(cond, " AND ") + ")";
		for (const auto& k: keyColumns) s.params.push_back(k);
		break;
	}
	}
	return s;
}

SqlStatement Dialect::insertRowsIfAbsent(const std::string& table, const std::vector<std::string>& columns,
	const std::vector<std::string>& keyColumns, std::size_t rows) const
{
	if (rows == 0) throw Poco::InvalidArgumentException("an insert needs a row");
	std::vector<std::string> quoted, quotedKeys, tuples;
	for (const auto& c: columns) quoted.push_back(quote(c));
	for (const auto& c: keyColumns) quotedKeys.push_back(quote(c));
	const std::string t = quoteQualified(table);
	SqlStatement s;
	for (std::size_t r = 1; r <= rows; ++r)
		for (const auto& c: columns) s.params.push_back(c + "_" + std::to_string(r));
	switch (_vendor)
	{
	case PostgreSQL:
	case SQLite:
	case MySQL:
		for (std::size_t r = 0; r < rows; ++r) tuples.push_back("(" + placeholders(columns.size()) + ")");
		if (_vendor == SQLite && !atLeast(3, 24))
			s.text = "INSERT OR IGNORE INTO " + t + " (" + join(quoted, ", ") + ") VALUES " + join(tuples, ", ");
		else if (_vendor == MySQL)
			s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES " + join(tuples, ", ")
				+ " ON DUPLICATE KEY UPDATE " + quotedKeys.at(0) + " = " + quotedKeys.at(0);
		else
			s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES " + join(tuples, ", ")
				+ " ON CONFLICT (" + join(quotedKeys, ", ") + ") DO NOTHING";
		break;
	case SQLServer:
	case Oracle:
	{
		// The rows as a derived table, each inserted unless its key is there.
		std::vector<std::string> cond, srcCols;
		for (const auto& k: quotedKeys) cond.push_back("t." + k + " = v." + k);
		for (const auto& c: quoted) srcCols.push_back("v." + c);
		std::string source;
		if (_vendor == SQLServer)
		{
			for (std::size_t r = 0; r < rows; ++r) tuples.push_back("(" + placeholders(columns.size()) + ")");
			source = "(VALUES " + join(tuples, ", ") + ") AS v (" + join(quoted, ", ") + ")";
		}
		else
		{
			std::vector<std::string> named;
			for (const auto& c: quoted) named.push_back("? AS " + c);
			tuples.push_back("SELECT " + join(named, ", ") + " FROM DUAL");
			for (std::size_t r = 1; r < rows; ++r) tuples.push_back("SELECT " + placeholders(columns.size()) + " FROM DUAL");
			source = "(" + join(tuples, " UNION ALL ") + ") v";
		}
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") SELECT " + join(srcCols, ", ") + " FROM " + source
			+ " WHERE NOT EXISTS (SELECT 1 FROM " + t + " t WHERE " + join(cond, " AND ") + ")";
		break;
	}
	}
	return s;
}

SqlStatement Dialect::upsert(const std::string& table, const std::vector<std::string>& columns,
	const std::vector<std::string>& keyColumns) const
{
	std::vector<std::string> quoted, quotedKeys, sets;
	for (const auto& c: columns) quoted.push_back(quote(c));
	for (const auto& c: keyColumns) quotedKeys.push_back(quote(c));
	std::string t = quoteQualified(table);
	SqlStatement s;
	s.params = columns;
	switch (_vendor)
	{
	case PostgreSQL:
	case SQLite:
		for (const auto& c: columns)
			if (!contains(keyColumns, c)) sets.push_back(quote(c) + " = excluded." + quote(c));
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES (" + placeholders(columns.size())
			+ ") ON CONFLICT (" + join(quotedKeys, ", ") + ") DO UPDATE SET " + join(sets, ", ");
		break;
	case MySQL:
		for (const auto& c: columns)
			if (!contains(keyColumns, c)) sets.push_back(quote(c) + " = VALUES(" + quote(c) + ")");
		s.text = "INSERT INTO " + t + " (" + join(quoted, ", ") + ") VALUES (" + placeholders(columns.size())
			+ ") ON DUPLICATE KEY UPDATE " + join(sets, ", ");
		break;
	case SQLServer:
	case Oracle:
	{
		std::vector<std::string> src, on, srcCols;
		for (std::size_t i = 0; i < columns.size(); ++i) src.push_back("? " + std::string(_vendor == Oracle ? "" : "AS ") + quoted[i]);
		for (const auto& k: quotedKeys) on.push_back("t." + k + " = s." + k);
		for (const auto& c: columns)
			if (!contains(keyColumns, c)) sets.push_back("t." + quote(c) + " = s." + quote(c));
		for (const auto& c: quoted) srcCols.push_back("s." + c);
		s.text = "MERGE INTO " + t + (_vendor == Oracle ? " t" : " WITH (HOLDLOCK) AS t")
			+ " USING (SELECT " + join(src, ", ") + (_vendor == Oracle ? " FROM DUAL) s" : ") AS s")
			+ " ON (" + join(on, " AND ") + ")"
			+ " WHEN MATCHED THEN UPDATE SET " + join(sets, ", ")
			+ " WHEN NOT MATCHED THEN INSERT (" + join(quoted, ", ") + ") VALUES (" + join(srcCols, ", ") + ")"
			+ (_vendor == SQLServer ? ";" : "");
		break;
	}
	}
	return s;
}

std::string Dialect::paginate(const std::string& select, std::size_t limit, std::size_t offset) const
{
	std::string n = Poco::NumberFormatter::format(limit);
	std::string m = Poco::NumberFormatter::format(offset);
	switch (_vendor)
	{
	case PostgreSQL:
	case MySQL:
	case SQLite:
		return select + " LIMIT " + n + (offset ? " OFFSET " + m : "");
	case SQLServer:
	{
		bool ordered = Poco::toLower(select).find("order by") != std::string::npos;
		return select + (ordered ? "" : " ORDER BY (SELECT NULL)") + " OFFSET " + m + " ROWS FETCH NEXT " + n + " ROWS ONLY";
	}
	case Oracle:
		if (atLeast(12, 1))
			return select + (offset ? " OFFSET " + m + " ROWS" : "") + " FETCH FIRST " + n + " ROWS ONLY";
		return "SELECT * FROM (SELECT mb_q.*, ROWNUM mb_rn FROM (" + select + ") mb_q WHERE ROWNUM <= "
			+ Poco::NumberFormatter::format(limit + offset) + ") WHERE mb_rn > " + m;
	}
	return select;
}

std::string Dialect::describeOnly(const std::string& select) const
{
	return "SELECT * FROM (" + select + ") mb_q WHERE 1 = 0";
}

bool Dialect::supportsSkipLocked() const
{
	switch (_vendor)
	{
	case PostgreSQL: return atLeast(9, 5);
	case MySQL:      return _mariaDB ? atLeast(10, 6) : atLeast(8, 0);
	case SQLServer:  return true;
	case Oracle:     return true;
	case SQLite:     return false;
	}
	return false;
}

std::string Dialect::lockingSelect(const std::string& columns, const std::string& table,
	const std::string& where, const std::string& orderBy, std::size_t limit) const
{
	if (!supportsSkipLocked())
		throw ConfigError(name() + " cannot skip locked rows", "claim with a conditional UPDATE");
	std::string n = Poco::NumberFormatter::format(limit);
	std::string t = quoteQualified(table);
	std::string order = orderBy.empty() ? "" : " ORDER BY " + orderBy;
	switch (_vendor)
	{
	case SQLServer:
		return "SELECT TOP (" + n + ") " + columns + " FROM " + t + " WITH (UPDLOCK, READPAST, ROWLOCK) WHERE "
			+ where + order;
	case Oracle:
		// Oracle refuses FETCH FIRST with FOR UPDATE; the caller stops after `limit` rows.
		return "SELECT " + columns + " FROM " + t + " WHERE " + where + order + " FOR UPDATE SKIP LOCKED";
	default:
		return "SELECT " + columns + " FROM " + t + " WHERE " + where + order + " LIMIT " + n + " FOR UPDATE SKIP LOCKED";
	}
}

} } // namespace mailbridge::mapping
