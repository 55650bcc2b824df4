//
// OutboxTestRows.cpp
//

#include "OutboxTestRows.h"
#include "mapping/sql/SqlStatement.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/SchemaInstaller.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <atomic>
#include <ctime>
#include <unistd.h>

namespace mailbridge {
namespace test {

OutboxTestRows::OutboxTestRows(mapping::OdbcConnection& db):
	_db(db)
{
	mapping::SchemaInstaller(db, MB_SHARE_DIR).install();
}

std::string OutboxTestRows::uniqueName(const std::string& prefix)
{
	static std::atomic<int> counter{0};
	return prefix + std::to_string(::getpid()) + "." + std::to_string(std::time(nullptr)) + "." + std::to_string(++counter);
}

std::int64_t OutboxTestRows::insert(const std::string& mailbox, const OutboxRowSpec& spec)
{
	mapping::SqlStatement s;
	s.text = "INSERT INTO mb_outbox (mailbox, to_addrs, cc_addrs, bcc_addrs, subject, body_text, body_html,"
		" parent_activity_key, send_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	s.params = {"mailbox", "to", "cc", "bcc", "subject", "text", "html", "parent", "send_at", "send_at"};
	mapping::ParamBinder p;
	p.text("mailbox", mailbox);
	p.text("to", spec.to);
	p.nullableText("cc", spec.cc);
	p.nullableText("bcc", spec.bcc);
	p.nullableText("subject", spec.subject);
	p.nullableText("text", spec.text);
	p.nullableText("html", spec.html);
	p.nullableText("parent", spec.parentActivityKey);
	p.timestamp("send_at", Poco::DateTime(spec.sendAt));
	try
	{
		p.execute(_db.session(), s);
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, s.text);
	}
	// The mailbox is this test's own, and rows are inserted one at a time.
	mapping::SqlStatement last;
	last.text = "SELECT MAX(id) FROM mb_outbox WHERE mailbox = ?";
	last.params = {"mailbox"};
	Poco::Data::Statement stmt(_db.session());
	stmt << last.text;
	p.bind(stmt, last);
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (!rs.moveFirst() || rs.value(0).isEmpty()) throw Poco::NotFoundException("inserted outbox row", mailbox);
	return rs.value(0).convert<Poco::Int64>();
}

void OutboxTestRows::insertMessageActivity(const std::string& messageKey, const std::string& activityKey)
{
	mapping::SqlStatement s;
	s.text = "INSERT INTO mb_message_activity (message_key, person_kind, person_key, activity_key) VALUES (?, ?, ?, ?)";
	s.params = {"message_key", "person_kind", "person_key", "activity_key"};
	mapping::ParamBinder p;
	p.text("message_key", messageKey);
	p.text("person_kind", "candidates");
	p.text("person_key", activityKey + ".person");
	p.text("activity_key", activityKey);
	p.execute(_db.session(), s);
}

std::string OutboxTestRows::scalar(const std::string& sql)
{
	Poco::Data::Statement stmt(_db.session());
	stmt << sql;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (!rs.moveFirst() || rs.value(0).isEmpty()) return std::string();
	return rs.value(0).convert<std::string>();
}

} } // namespace mailbridge::test
