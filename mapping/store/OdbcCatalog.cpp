//
// OdbcCatalog.cpp
//

#include "mapping/store/OdbcCatalog.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/ODBC/SessionImpl.h>
#include <Poco/String.h>
#include <sql.h>
#include <sqlext.h>
#include <cstring>

namespace mailbridge {
namespace mapping {

namespace {

class StatementHandle
	/// A raw statement handle on the session's connection, freed on scope exit.
{
public:
	explicit StatementHandle(OdbcConnection& db)
	{
		auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(db.session().impl());
		if (!impl) throw StatementError("not an ODBC session", "", 0, "catalog functions need ODBC");
		SQLHDBC dbc = impl->dbc();
		if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &_h)))
			throw StatementError("cannot allocate a statement handle", "HY001", 0, "SQLAllocHandle failed");
	}

	~StatementHandle()
	{
		SQLFreeHandle(SQL_HANDLE_STMT, _h);
	}

	SQLHSTMT get() const { return _h; }

	void check(SQLRETURN rc, const std::string& what)
	{
		if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) return;
		SQLCHAR state[6] = {0}, text[1024] = {0};
		SQLINTEGER native = 0;
		SQLSMALLINT len = 0;
		SQLGetDiagRec(SQL_HANDLE_STMT, _h, 1, state, &native, text, sizeof(text), &len);
		std::string s(reinterpret_cast<char*>(state));
		std::string t(reinterpret_cast<char*>(text));
		if (OdbcConnection::isConnectionLost(s, native)) throw DatabaseUnavailable(what + ": " + s + " " + t);
		throw StatementError(what, s, native, t);
	}

	std::string text(SQLUSMALLINT col)
	{
		char buf[512];
		SQLLEN ind = 0;
		SQLRETURN rc = SQLGetData(_h, col, SQL_C_CHAR, buf, sizeof(buf), &ind);
		if (!SQL_SUCCEEDED(rc) || ind == SQL_NULL_DATA) return std::string();
		return std::string(buf, ind >= 0 && ind < static_cast<SQLLEN>(sizeof(buf)) ? static_cast<std::size_t>(ind) : std::strlen(buf));
	}

	long number(SQLUSMALLINT col, bool& isNull)
	{
		SQLINTEGER v = 0;
		SQLLEN ind = 0;
		SQLRETURN rc = SQLGetData(_h, col, SQL_C_SLONG, &v, 0, &ind);
		isNull = !SQL_SUCCEEDED(rc) || ind == SQL_NULL_DATA;
		return v;
	}

private:
	SQLHSTMT _h = SQL_NULL_HSTMT;
};

void splitName(const std::string& table, std::string& schema, std::string& name)
{
	std::size_t dot = table.rfind('.');
	name = dot == std::string::npos ? table : table.substr(dot + 1);
	schema.clear();
	if (dot != std::string::npos)
	{
		std::string head = table.substr(0, dot);
		std::size_t d2 = head.rfind('.');
		schema = d2 == std::string::npos ? head : head.substr(d2 + 1);
	}
}

SQLCHAR* chars(std::string& s)
{
	return reinterpret_cast<SQLCHAR*>(&s[0]);
}

} // namespace

bool CatalogColumn::isCharacter() const
{
	return dataType == SQL_CHAR || dataType == SQL_VARCHAR || dataType == SQL_WCHAR || dataType == SQL_WVARCHAR;
}

OdbcCatalog::OdbcCatalog(OdbcConnection& db):
	_db(db)
{
}

std::vector<CatalogColumn> OdbcCatalog::columns(const std::string& table)
{
	std::string schema, name;
	splitName(table, schema, name);
	StatementHandle h(_db);
	// The name is a search pattern where '_' matches any character, and
	// escaping it is not portable: fetch, then keep the exact name only.
	h.check(SQLColumns(h.get(), nullptr, 0, schema.empty() ? nullptr : chars(schema), schema.empty() ? 0 : SQL_NTS,
		chars(name), SQL_NTS, nullptr, 0), "SQLColumns on " + table);
	std::vector<CatalogColumn> out;
	while (SQL_SUCCEEDED(SQLFetch(h.get())))
	{
		if (h.text(3) != name) continue;
		CatalogColumn c;
		bool isNull = false;
		c.name = h.text(4);
		c.dataType = static_cast<int>(h.number(5, isNull));
		c.typeName = h.text(6);
		c.size = h.number(7, isNull);
		c.nullable = h.number(11, isNull) != SQL_NO_NULLS;
		std::string def = h.text(13);
		c.hasDefault = !def.empty() && Poco::toLower(def) != "null";
		std::string type = Poco::toLower(c.typeName);
		c.autoIncrement = type.find("serial") != std::string::npos || type.find("identity") != std::string::npos
			|| Poco::toLower(def).find("nextval(") != std::string::npos;
		out.push_back(c);
	}
	return out;
}

std::string OdbcCatalog::similarTable(const std::string& table)
{
	std::string schema, name;
	splitName(table, schema, name);
	StatementHandle h(_db);
	std::string types = "TABLE,VIEW";
	std::string any = "%";
	h.check(SQLTables(h.get(), nullptr, 0, schema.empty() ? nullptr : chars(schema), schema.empty() ? 0 : SQL_NTS,
		chars(any), SQL_NTS, chars(types), SQL_NTS), "SQLTables");
	std::string lower = Poco::toLower(name);
	while (SQL_SUCCEEDED(SQLFetch(h.get())))
	{
		std::string t = h.text(3);
		if (t != name && Poco::toLower(t) == lower) return t;
	}
	return std::string();
}

} } // namespace mailbridge::mapping
