//
// MimeTestSupport.cpp
//

#include "tests/mime/MimeTestSupport.h"

#include <Poco/Exception.h>
#include <fstream>
#include <sstream>

namespace mailbridge {
namespace test {

std::string readFile(const std::string& path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in) throw Poco::FileNotFoundException(path);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

std::string fixture(const std::string& name)
{
	return readFile(std::string(MB_MIME_FIXTURES) + "/" + name);
}

std::string crlf(const std::string& text)
{
	std::string r;
	r.reserve(text.size() + text.size() / 20);
	for (std::size_t i = 0; i < text.size(); ++i)
	{
		if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) r.push_back('\r');
		r.push_back(text[i]);
	}
	return r;
}

} } // namespace mailbridge::test
