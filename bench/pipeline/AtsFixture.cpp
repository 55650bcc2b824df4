//
// AtsFixture.cpp
//

#include "bench/pipeline/AtsFixture.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/SchemaInstaller.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <fstream>

namespace mailbridge {
namespace bench {

AtsFixture::AtsFixture(const std::string& connectionString, const std::string& shareDir):
	_connectionString(connectionString),
	_shareDir(shareDir),
	_db(new mapping::OdbcConnection(connectionString))
{
}

std::string AtsFixture::readShare(const std::string& file) const
{
	Poco::FileInputStream in(_shareDir + "/" + file);
	std::string text;
	Poco::StreamCopier::copyToString(in, text);
	return text;
}

void AtsFixture::reset(const std::vector<Candidate>& candidates)
{
	// The database may be shared: only the tables of this example and ours.
	for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
	{
		try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	for (const std::string& s: mapping::SqlScript::split(readShare("sql/postgresql/uninstall.sql")))
	{
		try { _db->execute(s); } catch (std::exception&) {}
	}
	for (const std::string& s: mapping::SqlScript::split(readShare("mapping/examples/modern.postgresql.sql"))) _db->execute(s);
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
	std::string xml = readShare("mapping/examples/modern.xml");
	std::string conn = _connectionString, password;
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
