//
// MimeTestSupport.h
//
// Helpers shared by the MIME fixtures: reading fixture files and turning
// readable test text into the CRLF mail it stands for.
//

#ifndef MB_TestMime_MimeTestSupport_INCLUDED
#define MB_TestMime_MimeTestSupport_INCLUDED

#include <string>

namespace mailbridge {
namespace test {

std::string readFile(const std::string& path);
	/// The whole file; throws Poco::FileNotFoundException if it cannot be read.

std::string fixture(const std::string& name);
	/// tests/mime/fixtures/<name>.

std::string crlf(const std::string& text);
	/// Every LF not preceded by CR becomes CRLF.

} } // namespace mailbridge::test

#endif
