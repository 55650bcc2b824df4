//
// SchemaInstaller.h
//
// install-schema: creates mailbridge's own mb_* tables from
// <share>/sql/<dialect>/install.sql, once.
//

#ifndef MB_Mapping_SchemaInstaller_INCLUDED
#define MB_Mapping_SchemaInstaller_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class SchemaInstaller
{
public:
	enum Result
	{
		INSTALLED,        ///< tables created now
		ALREADY_CURRENT   ///< mb_schema_version already at OwnTablesSql::SCHEMA_VERSION
	};

	SchemaInstaller(OdbcConnection& connection, const std::string& shareDir);
		/// shareDir holds sql/<dialect>/install.sql (absolute; the daemon runs from /).

	int installedVersion();
		/// The highest row of mb_schema_version, or 0 when the table does not exist.

	Result install();
		/// Applies install.sql statement by statement unless the current version
		/// is already installed. Throws ConfigError for a version this build
		/// does not know (newer, or older without an upgrade path) or a missing
		/// file; StatementError / DatabaseUnavailable from the database.

	void verify();
		/// Throws ConfigError unless the installed version is exactly the
		/// current one and every mb_ table has the columns this build uses
		/// (the error names the table and the columns it lacks).

	std::string scriptPath(const std::string& file) const;

private:
	void checkColumns();
	bool probe(const std::string& table, const std::vector<std::string>& columns);
		///< False when the database refuses the SELECT (StatementError); an outage throws.

	OdbcConnection& _connection;
	std::string _shareDir;
};

} } // namespace mailbridge::mapping

#endif
