//
// AtsFixture.cpp
//

#include "bench/pipeline/AtsFixture.h"
#include "bench/common/ExampleMapping.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/SchemaInstaller.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

namespace mailbridge {
namespace bench {

AtsFixture::AtsFixture(const std::string& connectionString, const std::string& shareDir):
	_connectionString(connectionString),
	_shareDir(shareDir),
	_db(new mapping::OdbcConnection(connectionString))
{
}

void AtsFixture::reset(const std::vector<Candidate>& candidates)
{
	// The database may be shared: only the tables of this example and ours.
	for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
	{
		try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	for (const std::string& s: mapping::SqlScript::split(readShareFile(_shareDir, "sql/postgresql/uninstall.sql")))
	{
		try { _db->execute(s); } catch (std::exception&) {}
	}
	for (const std::string& s: mapping::SqlScript::split(readShareFile(_shareDir, "mapping/examples/modern.postgresql.sql"))) _db->execute(s);
	mapping::SchemaInstaller(*_db, _shareDir).install();

	// Generated names and addresses are plain ASCII without quotes.
	const std::size_t CHUNK = 500;
	for (std::size_t begin = 0; begin < candidates.size(); begin += CHUNK)
	{
		std::string sql = "INSERT INTO candidates (first_name, last_name, full_name, email, email2, owner_user_id) VALUES ";
		for (std::size_t i = begin; i < std::min(candidates.size(), begin + CHUNK); ++i)
		{
			const Candidate& c = candidates[i];
			sql += std::string(i == begin ? "" : ", ") + "('" + c.firstName + "', '" + c.lastName + "', '" + c.firstName + " " +
				c.lastName + "', '" + c.email + "', " + (c.email2.empty() ? std::string("NULL") : "'" + c.email2 + "'") + ", 1)";
		}
		_db->execute(sql);
	}
	_db->execute("ANALYZE candidates");
}

void AtsFixture::writeMapping(const std::string& path, const std::string& passwordVariable) const
{
	writeExampleMapping(_shareDir, _connectionString, passwordVariable, path);
}

long long AtsFixture::count(const std::string& select)
{
	Poco::Data::Statement stmt(_db->session());
	stmt << select;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (!rs.moveFirst() || rs.value(0).isEmpty()) return 0;
	return rs.value(0).convert<long long>();
}

} } // namespace mailbridge::bench
