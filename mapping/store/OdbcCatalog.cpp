//
// OdbcCatalog.cpp
//

#include "mapping/store/OdbcCatalog.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/RawStatement.h"
#include <Poco/String.h>
#include <sql.h>
#include <sqlext.h>
#include <cstring>

namespace mailbridge {
namespace mapping {

namespace {

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
	RawStatement h(_db);
	// The name is a search pattern where '_' matches any character, and
	// escaping it is not portable: fetch, then keep the exact name only.
	h.check(SQLColumns(h.handle(), nullptr, 0, schema.empty() ? nullptr : chars(schema), schema.empty() ? 0 : SQL_NTS,
		chars(name), SQL_NTS, nullptr, 0), "SQLColumns on " + table);
	std::vector<CatalogColumn> out;
	while (SQL_SUCCEEDED(SQLFetch(h.handle())))
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
	RawStatement h(_db);
	std::string types = "TABLE,VIEW";
	std::string any = "%";
	h.check(SQLTables(h.handle(), nullptr, 0, schema.empty() ? nullptr : chars(schema), schema.empty() ? 0 : SQL_NTS,
		chars(any), SQL_NTS, chars(types), SQL_NTS), "SQLTables");
	std::string lower = Poco::toLower(name);
	while (SQL_SUCCEEDED(SQLFetch(h.handle())))
	{
		std::string t = h.text(3);
		if (t != name && Poco::toLower(t) == lower) return t;
	}
	return std::string();
}

} } // namespace mailbridge::mapping
