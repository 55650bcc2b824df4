//
// ExampleMapping.cpp
//

#include "bench/common/ExampleMapping.h"

#include <Poco/Environment.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <fstream>

namespace mailbridge {
namespace bench {

std::string readShareFile(const std::string& shareDir, const std::string& file)
{
	Poco::FileInputStream in(shareDir + "/" + file);
	std::string text;
	Poco::StreamCopier::copyToString(in, text);
	return text;
}

void writeExampleMapping(const std::string& shareDir, const std::string& connectionString,
	const std::string& passwordVariable, const std::string& path)
{
	std::string xml = readShareFile(shareDir, "mapping/examples/modern.xml");
	std::string conn = connectionString, password;
	const std::size_t pwd = Poco::toLower(conn).find("pwd=");
	if (pwd != std::string::npos)
	{
		const std::size_t end = conn.find(';', pwd);
		password = conn.substr(pwd + 4, end == std::string::npos ? std::string::npos : end - pwd - 4);
		conn.erase(pwd, end == std::string::npos ? std::string::npos : end + 1 - pwd);
	}
	Poco::Environment::set(passwordVariable, password);
	const std::size_t at = xml.find("<connection ");
	xml.replace(at, xml.find("/>", at) + 2 - at, "<connection connection-string=\"" + conn + "\"" +
		(password.empty() ? "" : " password-env=\"" + passwordVariable + "\"") + "/>");
	std::ofstream(path) << xml;
}

} } // namespace mailbridge::bench
