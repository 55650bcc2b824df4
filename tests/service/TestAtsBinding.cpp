#include "tests/service/TestAtsBinding.h"
#include "connector/service/ImapMailboxClient.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/SchemaInstaller.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

using mailbridge::mapping::OdbcConnection;
using mailbridge::mapping::ParamBinder;

namespace mailbridge {
namespace test {

namespace {

class TablePeople: public sync::PeopleDirectory
{
public:
	explicit TablePeople(OdbcConnection& db): _db(db) {}

	std::map<std::string, std::vector<sync::PersonRef>> find(const std::vector<std::string>& addresses) override
	{
		std::map<std::string, std::vector<sync::PersonRef>> found;
		for (const std::string& address: addresses)
		{
			Poco::Data::Statement stmt(_db.session());
			std::string a = address;
			stmt << "SELECT id FROM t_person WHERE lower(email) = ?", Poco::Data::Keywords::use(a);
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				sync::PersonRef ref;
				ref.table = "t_person";
				ref.kind = "C";
				ref.key = rs.value(0).convert<std::string>();
				ref.address = address;
				found[address].push_back(ref);
			}
		}
		return found;
	}

private:
	OdbcConnection& _db;
};

class TableActivities: public mapping::ActivityWriter
{
public:
	std::string write(OdbcConnection& db, const mapping::ActivityRequest& request) override
	{
		mapping::SqlStatement s;
		s.text = "INSERT INTO t_activity (person_id, direction, subject, message_id) VALUES (?, ?, ?, ?)";
		s.params = {"p", "d", "s", "m"};
		ParamBinder p;
		p.text("p", request.person.key);
		p.text("d", request.record.direction == sync::Direction::Out ? "O" : "I");
		p.text("s", request.record.subject);
		p.text("m", request.record.messageId);
		p.execute(db.session(), s);
		Poco::Data::Statement key(db.session());
		key << "SELECT last_insert_rowid()";
		key.execute();
		return Poco::Data::RecordSet(key).value(0).convert<std::string>();
	}
};

sync::ParsedAddress address(const std::string& text)
{
	sync::ParsedAddress a;
	const std::size_t open = text.find('<');
	a.address = Poco::trim(open == std::string::npos ? text : text.substr(open + 1, text.find('>') - open - 1));
	a.key = Poco::toLower(a.address);
	return a;
}

sync::ParsedMessage parseHeadersOnly(const std::string& raw, const Poco::Timestamp& internalDate)
{
	using service::ImapMailboxClient;
	sync::ParsedMessage m;
	m.messageId = ImapMailboxClient::headerValue(raw, "Message-ID");
	m.messageId = m.messageId.substr(1, m.messageId.size() - 2);
	m.from = address(ImapMailboxClient::headerValue(raw, "From"));
	m.to.push_back(address(ImapMailboxClient::headerValue(raw, "To")));
	m.subject = ImapMailboxClient::headerValue(raw, "Subject");
	m.date = internalDate;
	return m;
}

} // namespace

TestAtsBinding::TestAtsBinding(const std::string& odbc):
	_odbc(odbc)
{
}

std::string TestAtsBinding::connectionString() const
{
	return _odbc;
}

std::unique_ptr<sync::PeopleDirectory> TestAtsBinding::people(OdbcConnection& db) const
{
	return std::unique_ptr<sync::PeopleDirectory>(new TablePeople(db));
}

std::unique_ptr<mapping::ActivityWriter> TestAtsBinding::activities(OdbcConnection&, const std::string&) const
{
	return std::unique_ptr<mapping::ActivityWriter>(new TableActivities);
}

std::vector<std::string> TestAtsBinding::allAddresses(OdbcConnection& db) const
{
	std::vector<std::string> out;
	Poco::Data::Statement stmt(db.session());
	stmt << "SELECT lower(email) FROM t_person";
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(rs.value(0).convert<std::string>());
	return out;
}

void TestAtsBinding::createTables(OdbcConnection& db, const std::string& shareDir)
{
	mapping::SchemaInstaller(db, shareDir).install();
	db.session() << "CREATE TABLE t_person (id INTEGER PRIMARY KEY, email TEXT)", Poco::Data::Keywords::now;
	db.session() << "CREATE TABLE t_activity (id INTEGER PRIMARY KEY AUTOINCREMENT, person_id INTEGER, "
		"direction TEXT, subject TEXT, message_id TEXT)", Poco::Data::Keywords::now;
}

int TestAtsBinding::countActivities(const std::string& odbc, const std::string& where)
{
	OdbcConnection db(odbc);
	Poco::Data::Statement stmt(db.session());
	stmt << "SELECT COUNT(*) FROM t_activity WHERE " + where;
	stmt.execute();
	return Poco::Data::RecordSet(stmt).value(0).convert<int>();
}

sync::ParsedMessage TestAtsBinding::parseHeaders(const std::string& raw, const Poco::Timestamp& internalDate)
{
	return parseHeadersOnly(raw, internalDate);
}

void StatusRecorder::report(const std::string& mailbox, const service::MailboxState& state)
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	_last[mailbox] = state;
}

service::MailboxState StatusRecorder::last(const std::string& mailbox) const
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	auto it = _last.find(mailbox);
	return it == _last.end() ? service::MailboxState() : it->second;
}

} } // namespace mailbridge::test
