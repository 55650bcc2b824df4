//
// OutboxAts.cpp
//

#include "bench/outbox/OutboxAts.h"
#include "bench/common/ExampleMapping.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/SchemaInstaller.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>


namespace mailbridge {
namespace bench {

OutboxAts::OutboxAts(const std::string& dialect, const std::string& connectionString, const std::string& shareDir):
	_dialect(dialect),
	_connectionString(connectionString),
	_shareDir(shareDir),
	_db(new mapping::OdbcConnection(connectionString))
{
}

void OutboxAts::reset()
{
	// The database may be shared: only the tables of this example and ours.
	for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
	{
		try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
	}
	for (const std::string& file: {"mapping/examples/modern." + _dialect + ".sql", std::string("installer/demo/ats-seed.sql")})
		for (const std::string& s: mapping::SqlScript::split(readShareFile(_shareDir, file))) _db->execute(s);
	mapping::SchemaInstaller(*_db, _shareDir).install();
	_db->execute("DELETE FROM mb_outbox_recipient");
	_db->execute("DELETE FROM mb_outbox");
}

void OutboxAts::writeMapping(const std::string& path, const std::string& passwordVariable) const
{
	writeExampleMapping(_shareDir, _connectionString, passwordVariable, path);
}

void OutboxAts::insert(const std::string& mailbox, const std::string& to, const std::string& subject)
{
	mapping::SqlStatement s;
	s.text = "INSERT INTO mb_outbox (mailbox, to_addrs, subject, body_text) VALUES (?, ?, ?, ?)";
	s.params = {"mailbox", "to", "subject", "text"};
	mapping::ParamBinder p;
	p.text("mailbox", mailbox);
	p.text("to", to);
	p.text("subject", subject);
	p.text("text", "Dear Carol,\n\nthank you for your time today. We will be in touch next week.\n\nAlice\n");
	p.execute(_db->session(), s);
}

std::int64_t OutboxAts::queue(const std::string& mailbox, const std::string& to, const std::string& subject,
	Poco::Timestamp& committed)
{
	insert(mailbox, to, subject); // autocommit: committed when it returns
	committed.update();
	// Only the benchmark inserts: the newest row is this one.
	return number("SELECT MAX(id) FROM mb_outbox");
}

std::pair<std::int64_t, std::int64_t> OutboxAts::queueBurst(const std::string& mailbox, const std::string& to,
	const std::string& subject, int count, Poco::Timestamp& committed)
{
	const std::int64_t before = number("SELECT MAX(id) FROM mb_outbox");
	_db->transaction("queue a burst", [&] {
		for (int i = 0; i < count; ++i) insert(mailbox, to, subject + " " + std::to_string(i + 1));
	});
	committed.update();
	return {number("SELECT MIN(id) FROM mb_outbox WHERE id > " + std::to_string(before)),
		number("SELECT MAX(id) FROM mb_outbox")};
}

long long OutboxAts::number(const std::string& select)
{
	Poco::Data::Statement stmt(_db->session());
	stmt << select;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (!rs.moveFirst() || rs.value(0).isEmpty()) return 0;
	return rs.value(0).convert<long long>();
}

} } // namespace mailbridge::bench
