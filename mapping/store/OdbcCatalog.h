//
// OdbcCatalog.h
//
// What the database says about a table, through the ODBC catalog function
// SQLColumns: so check-mapping can compare the mapping with the real schema
// on every driver without vendor-specific system views.
//

#ifndef MB_Mapping_OdbcCatalog_INCLUDED
#define MB_Mapping_OdbcCatalog_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

struct CatalogColumn
{
	std::string name;
	std::string typeName;   ///< as the driver spells it (VARCHAR, int4, ...)
	int dataType = 0;       ///< the ODBC SQL type (SQL_VARCHAR, ...)
	long size = 0;          ///< COLUMN_SIZE: characters for character types
	bool nullable = true;
	bool hasDefault = false;
	bool autoIncrement = false;  ///< from the type name or default (serial, identity, AUTO_INCREMENT)

	bool isCharacter() const;
		/// CHAR, VARCHAR, NCHAR, NVARCHAR (the bounded ones; not LONGVARCHAR/TEXT).
};

class OdbcCatalog
{
public:
	explicit OdbcCatalog(OdbcConnection& db);

	std::vector<CatalogColumn> columns(const std::string& table);
		/// The columns of table ("name" or "schema.name", matched exactly as
		/// written); empty when there is no such table. Throws StatementError
		/// or DatabaseUnavailable when the catalog cannot be read.

	std::string similarTable(const std::string& table);
		/// A table whose name differs only in letter case ("" when none):
		/// the usual cause of a "missing" table.

private:
	OdbcConnection& _db;
};

} } // namespace mailbridge::mapping

#endif
