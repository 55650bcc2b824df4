//
// ExampleAts.cpp
//

#include "tests/service/ExampleAts.h"

#include "mapping/sql/SqlScript.h"
#include "mapping/store/SchemaInstaller.h"

#include <Poco/Environment.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <fstream>
#include <vector>

namespace mailbridge {
namespace test {

std::string readFile(const std::string& path)
{
	Poco::FileInputStream in(path);
	std::string text;
	Poco::StreamCopier::copyToString(in, text);
	return text;
}

std::string withoutPassword(std::string conn, std::string& password)
{
	const std::size_t pwd = Poco::toLower(conn).find("pwd=");
	if (pwd != std::string::npos)
	{
		const std::size_t end = conn.find(';', pwd);
		password = conn.substr(pwd + 4, end - pwd - 4);
		conn.erase(pwd, end == std::string::npos ? std::string::npos : end + 1 - pwd);
	}
	return conn;
}

void writeExampleMapping(const std::string& shareDir, const std::string& example, const std::string& connectionString,
	const std::string& passwordEnv, const std::string& path)
{
	std::string xml = readFile(shareDir + "/mapping/examples/" + example);
	std::string password;
	const std::string conn = withoutPassword(connectionString, password);
	Poco::Environment::set(passwordEnv, password);
	const std::size_t at = xml.find("<connection ");
	xml.replace(at, xml.find("/>", at) + 2 - at, "<connection connection-string=\"" + conn + "\"" +
		(password.empty() ? "" : " password-env=\"" + passwordEnv + "\"") + "/>");
	std::ofstream(path) << xml;
}

void createModernAts(mapping::OdbcConnection& db, const std::string& shareDir, const std::string& dialect, bool demoRows)
{
	for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
	{
		try { db.execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	std::vector<std::string> files{"mapping/examples/modern." + dialect + ".sql"};
	if (demoRows) files.push_back("installer/demo/ats-seed.sql");
	for (const std::string& file: files)
		for (const std::string& s: mapping::SqlScript::split(readFile(shareDir + "/" + file))) db.execute(s);
	mapping::SchemaInstaller(db, shareDir).install();
}

} } // namespace mailbridge::test
