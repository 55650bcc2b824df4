//
// AtsFixture.h
//
// The ATS side of the benchmark in the stack's PostgreSQL: the modern
// example schema with the generated candidates, mailbridge's own tables,
// and the mapping file (modern.xml pointed at this database, the password
// through an environment variable as a DBA would set it up).
//

#ifndef MB_Bench_AtsFixture_INCLUDED
#define MB_Bench_AtsFixture_INCLUDED

#include "bench/pipeline/MessageGenerator.h"
#include "mapping/store/OdbcConnection.h"

#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace bench {

class AtsFixture
{
public:
	AtsFixture(const std::string& connectionString, const std::string& shareDir);
		/// Connects. Throws what OdbcConnection throws.

	void reset(const std::vector<Candidate>& candidates);
		/// Drops and creates the example tables and mailbridge's own, then
		/// inserts one candidate row per generated candidate (owned by alice).

	void writeMapping(const std::string& path, const std::string& passwordVariable) const;
		/// modern.xml with its <connection/> replaced; sets the variable.

	long long count(const std::string& select);
		/// The first column of the first row, as a number.

	mapping::OdbcConnection& db() { return *_db; }

private:
	std::string _connectionString;
	std::string _shareDir;
	std::unique_ptr<mapping::OdbcConnection> _db;
};

} } // namespace mailbridge::bench

#endif
