//
// MappingChecker.h
//
// Compares a validated mapping with the live database: every table and
// column exists, widths fit, NOT NULL columns get a value, the key can be
// drawn, and every condition or query the DBA wrote runs. Each problem names
// the mapping file's line and, where one helps, a hint.
//

#ifndef MB_Mapping_MappingChecker_INCLUDED
#define MB_Mapping_MappingChecker_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/store/OdbcCatalog.h"
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class MappingChecker
{
public:
	MappingChecker(OdbcConnection& db, const Mapping& mapping);

	std::vector<std::string> check();
		/// Every problem found, as "file:line: message", in file order; empty
		/// when the mapping fits the database. Runs the DBA's filters and
		/// queries so that they return no rows; a sequence gives up one value.
		/// Throws DatabaseUnavailable when the connection is lost.

private:
	void problem(const SourcePos& pos, const std::string& message);
	const std::vector<CatalogColumn>* table(const SourcePos& pos, const std::string& name);
	const CatalogColumn* column(const SourcePos& pos, const std::string& table, const std::string& name, const std::string& role);
	void checkValues(const std::string& table, const KeySpec& key, const std::vector<ValueExpression>& columns, const SourcePos& pos);
	void checkKey(const std::string& table, const KeySpec& key);
	void runs(const SourcePos& pos, const std::string& what, const std::string& sql, const std::vector<std::pair<std::string, std::string>>& params = {});
	void checkPeople();
	void checkActivities();
	void checkDocuments();
	void checkUsers();
	void checkOutbound();
	void checkDeleted();
	void checkBounce();

	OdbcConnection& _db;
	const Mapping& _mapping;
	OdbcCatalog _catalog;
	std::map<std::string, std::vector<CatalogColumn>> _tables;
	std::vector<std::pair<int, std::string>> _problems;
};

} } // namespace mailbridge::mapping

#endif
