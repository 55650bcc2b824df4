//
// ExampleMapping.h
//
// The benchmarks' way to the example ATS: a file of the source tree read
// whole, and modern.xml pointed at the benchmark's database with its
// password passed through the environment, as a DBA would set it up.
//

#ifndef MB_Bench_ExampleMapping_INCLUDED
#define MB_Bench_ExampleMapping_INCLUDED

#include <string>

namespace mailbridge {
namespace bench {

std::string readShareFile(const std::string& shareDir, const std::string& file);
	/// shareDir/file, whole. Throws Poco::FileException.

void writeExampleMapping(const std::string& shareDir, const std::string& connectionString,
	const std::string& passwordVariable, const std::string& path);
	/// Writes mapping/examples/modern.xml to path with its <connection> set to
	/// connectionString less its PWD=, which goes into passwordVariable.

} } // namespace mailbridge::bench

#endif
