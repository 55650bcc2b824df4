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
}

} } // namespace mailbridge::mapping
