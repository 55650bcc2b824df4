//
// ExampleAts.h
//
// What the live tests that run the daemon's pieces through a mapping ask of
// the example ATS: a file read whole, a mapping file pointed at the test's
// database (its password passed through the environment), and the modern
// example's tables created afresh.
//

#ifndef MB_Tests_ExampleAts_INCLUDED
#define MB_Tests_ExampleAts_INCLUDED

#include "mapping/store/OdbcConnection.h"

#include <string>

namespace mailbridge {
namespace test {

std::string readFile(const std::string& path);
	/// The whole file. Throws Poco::FileException.

std::string withoutPassword(std::string connectionString, std::string& password);
	/// The connection string without its PWD=...; the password goes into `password`.

void writeExampleMapping(const std::string& shareDir, const std::string& example, const std::string& connectionString,
	const std::string& passwordEnv, const std::string& path);
	/// Writes mapping/examples/<example> to path with its <connection> set to
	/// connectionString. A password in it is taken out and set in the
	/// environment variable passwordEnv, as a DBA would set it up.

void createModernAts(mapping::OdbcConnection& db, const std::string& shareDir, const std::string& dialect, bool demoRows);
	/// Drops the modern example's tables, creates them from
	/// mapping/examples/modern.<dialect>.sql (with the demo's rows when
	/// demoRows) and installs mailbridge's own tables.

} } // namespace mailbridge::test

#endif
