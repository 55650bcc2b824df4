//
// OutboxRow.cpp
//

#include "connector/service/OutboxRow.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/String.h>

namespace mailbridge {
namespace service {

std::string OutboxRow::text(Poco::Data::RecordSet& rs, std::size_t column)
{
	const Poco::Dynamic::Var& v = rs.value(column);
	return v.isEmpty() ? std::string() : v.convert<std::string>();
}

bool OutboxRow::timestamp(Poco::Data::RecordSet& rs, std::size_t column, Poco::Timestamp& value)
{
	const Poco::Dynamic::Var& v = rs.value(column);
	if (v.isEmpty()) return false;
	if (v.type() == typeid(Poco::DateTime))
	{
		value = v.extract<Poco::DateTime>().timestamp();
		return true;
	}
	int zone = 0;
	Poco::DateTime parsed;
	std::string s = v.convert<std::string>();
	if (!Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M:%S.%F", s, parsed, zone)
		&& !Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M:%S", s, parsed, zone))
		throw Poco::SyntaxException("not a timestamp", s);
	value = parsed.timestamp();
	return true;
}

bool OutboxRow::read(mapping::OdbcConnection& db, const mapping::OwnTablesSql& sql, std::int64_t id, OutboxRow& row)
{
	mapping::SqlStatement q = sql.outboxSelect();
	try
	{
		mapping::ParamBinder p;
		p.integer("id", id);
		Poco::Data::Statement stmt(db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (!rs.moveFirst()) return false;
		row.id = rs.value(0).convert<Poco::Int64>();
		row.mailbox = text(rs, 1);
		row.toAddrs = text(rs, 2);
		row.ccAddrs = text(rs, 3);
		row.bccAddrs = text(rs, 4);
		row.state = Poco::trimRight(text(rs, 5));
		row.messageId = text(rs, 6);
		row.attempts = rs.value(7).isEmpty() ? 0 : rs.value(7).convert<int>();
		timestamp(rs, 8, row.createdAt);
		timestamp(rs, 9, row.sendAt);
		row.hasNextAttemptAt = timestamp(rs, 10, row.nextAttemptAt);
		row.hasSentAt = timestamp(rs, 11, row.sentAt);
		row.claimedBy = text(rs, 12);
		timestamp(rs, 13, row.claimedAt);
		row.lastError = text(rs, 14);
		row.filedUid = rs.value(15).isEmpty() ? 0 : rs.value(15).convert<std::uint32_t>();
		row.subject = text(rs, 16);
		row.bodyText = text(rs, 17);
		row.bodyHtml = text(rs, 18);
		row.parentActivityKey = text(rs, 19);
		return true;
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
}

} } // namespace mailbridge::service
