//
// SchemaInstaller.cpp
//

#include "mapping/store/SchemaInstaller.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/StoreErrors.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/sql/SqlScript.h"
#include <Poco/Data/Statement.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Path.h>
#include <fstream>
#include <sstream>

using namespace Poco::Data::Keywords;

namespace mailbridge {
namespace mapping {

SchemaInstaller::SchemaInstaller(OdbcConnection& connection, const std::string& shareDir):
	_connection(connection),
	_shareDir(shareDir)
{
}

std::string SchemaInstaller::scriptPath(const std::string& file) const
{
	Poco::Path p(_shareDir);
	p.makeDirectory();
	p.pushDirectory("sql");
	p.pushDirectory(_connection.dialect().name());
	p.setFileName(file);
	return p.toString();
}

int SchemaInstaller::installedVersion()
{
	OwnTablesSql sql(_connection.dialect());
	std::string text = sql.schemaVersionSelect().text;
	try
	{
		Poco::Data::Statement stmt(_connection.session());
		stmt << text;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (!rs.moveFirst()) return 0;
		return rs.value(0).convert<int>();
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, text);
		}
		catch (StatementError&)
		{
			// No mb_schema_version table (42P01, 42S02, HY000 on SQLite): nothing installed.
			return 0;
		}
	}
	return 0;
}

SchemaInstaller::Result SchemaInstaller::install()
{
	int current = OwnTablesSql::SCHEMA_VERSION;
	int installed = installedVersion();
	if (installed == current) return ALREADY_CURRENT;
	if (installed != 0)
		throw ConfigError("mb_schema_version is " + Poco::NumberFormatter::format(installed)
			+ ", this mailbridge knows version " + Poco::NumberFormatter::format(current),
			installed > current ? "the tables were made by a newer mailbridge; upgrade mailbridge"
				: "no upgrade path from that version; see the DBA guide");
	std::string path = scriptPath("install.sql");
	std::ifstream in(path);
	if (!in) throw ConfigError("cannot read " + path, "set the share directory to where sql/ is installed");
	std::stringstream text;
	text << in.rdbuf();
	_connection.begin();
	try
	{
		for (const auto& stmt: SqlScript::split(text.str())) _connection.execute(stmt);
		_connection.commit();
	}
	catch (...)
	{
		// PostgreSQL and SQLite roll DDL back; MySQL and Oracle commit each CREATE.
		_connection.rollback();
		throw;
	}
	return INSTALLED;
}

void SchemaInstaller::verify()
{
	int installed = installedVersion();
	if (installed != OwnTablesSql::SCHEMA_VERSION)
		throw ConfigError("mb_schema_version is " + Poco::NumberFormatter::format(installed)
			+ ", expected " + Poco::NumberFormatter::format(OwnTablesSql::SCHEMA_VERSION),
			installed == 0 ? "run mailbridge install-schema" : "versions are never guessed");
	checkColumns();
}

bool SchemaInstaller::probe(const std::string& table, const std::vector<std::string>& columns)
{
	const std::string text = OwnTablesSql(_connection.dialect()).columnsProbe(table, columns).text;
	try
	{
		_connection.execute(text);
		return true;
	}
	catch (StatementError&)
	{
		return false; // DatabaseUnavailable goes on up: an outage is not a missing column
	}
}

void SchemaInstaller::checkColumns()
{
	// Tables made by an earlier build at the same version would fail in the
	// middle of a batch; say so at startup, naming what is missing.
	for (const OwnTablesSql::Table& table: OwnTablesSql::tables())
	{
		if (probe(table.name, table.columns)) continue;
		std::vector<std::string> missing;
		for (const std::string& column: table.columns)
		{
			if (!probe(table.name, {column})) missing.push_back(column);
		}
		const std::string fix = "add what is missing as " + scriptPath("install.sql")
			+ " defines it, or run uninstall.sql and install-schema again (which forgets what was synced)";
		if (missing.size() == table.columns.size() || missing.empty())
			throw ConfigError("table " + table.name + " is missing or cannot be read", fix);
		std::string names;
		for (const std::string& m: missing) names += (names.empty() ? "" : ", ") + m;
		throw ConfigError(table.name + " has no column " + names + " (made by an earlier build of mailbridge?)", fix);
	}
}

} } // namespace mailbridge::mapping
