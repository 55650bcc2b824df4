//
// OdbcStatusSink.cpp
//

#include "connector/service/OdbcStatusSink.h"
#include "connector/common/Errors.h"
#include "connector/service/Durations.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <iomanip>

namespace mailbridge {
namespace service {

OdbcStatusSink::OdbcStatusSink(mapping::OdbcConnection& db, Reopen reopen):
	_db(&db),
	_reopen(std::move(reopen))
{
}

void OdbcStatusSink::report(const std::string& mailbox, const MailboxState& state)
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	try
	{
		Poco::Timestamp now;
		if (!_db)
		{
			_own = _reopen();
			_db = _own.get();
		}
		if (state.lastError.empty() && (state.state == "idle" || state.state == "syncing")) _lastSync[mailbox] = now;
		mapping::ParamBinder p;
		p.text("mailbox", mailbox);
		p.text("state", state.state.substr(0, 16));
		p.nullableText("last_error", state.lastError);
		p.timestamp("heartbeat_at", Poco::DateTime(now));
		const mapping::OwnTablesSql sql(_db->dialect());
		auto it = _lastSync.find(mailbox);
		if (it != _lastSync.end())
		{
			p.timestamp("last_sync_at", Poco::DateTime(it->second));
			p.integer("lag_seconds", (now - it->second) / Poco::Timestamp::resolution());
			p.execute(_db->session(), sql.mailboxStatusUpsert());
		}
		else
		{
			// A worker just started: the previous run's last sync still holds.
			p.execute(_db->session(), sql.mailboxStatusHeartbeat());
		}
	}
	catch (std::exception& exc)
	{
		Poco::Logger::get("mailbridge.status").warning("cannot write the status of %s: %s", mailbox, describe(exc));
		// A connection the server dropped stays dead: the next report opens another.
		if (_reopen)
		{
			_db = nullptr;
			_own.reset();
		}
	}
}

namespace {

std::optional<Poco::Timestamp> utcTime(const Poco::Dynamic::Var& value)
{
	if (value.isEmpty()) return std::nullopt;
	if (value.type() == typeid(Poco::DateTime)) return value.extract<Poco::DateTime>().timestamp();
	// Drivers that hand back text: "2026-12-07 12:40:00[.123]" or ISO 8601.
	Poco::DateTime time;
	int tz = 0;
	std::string text = value.convert<std::string>().substr(0, 19);
	if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
	if (!Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M:%S", text, time, tz)) return std::nullopt;
	return time.timestamp();
}

} // namespace

std::vector<MailboxStatusRow> OdbcStatusSink::read(mapping::OdbcConnection& db)
{
	std::vector<MailboxStatusRow> rows;
	mapping::SqlStatement q = mapping::OwnTablesSql(db.dialect()).mailboxStatusSelectAll();
	try
	{
		Poco::Data::Statement stmt(db.session());
		stmt << q.text;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		auto text = [&](std::size_t col) { return rs.value(col).isEmpty() ? std::string() : rs.value(col).convert<std::string>(); };
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			rows.push_back(MailboxStatusRow{text(0), text(1), text(2), text(3), text(4), utcTime(rs.value(2))});
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	return rows;
}

void OdbcStatusSink::print(std::ostream& out, const std::vector<MailboxStatusRow>& rows, const Poco::Timestamp& now)
{
	out << std::left << std::setw(32) << "MAILBOX" << std::setw(12) << "STATE" << std::setw(22) << "LAST SYNC (UTC)"
		<< std::setw(10) << "LAG" << std::setw(22) << "HEARTBEAT (UTC)" << "LAST ERROR\n";
	for (const auto& r: rows)
	{
		const std::string lag = r.lastSync ? formatDuration(now - *r.lastSync) : r.lastSyncAt.empty() ? "-" : "?";
		out << std::setw(32) << r.mailbox << std::setw(12) << r.state << std::setw(22)
			<< (r.lastSyncAt.empty() ? "never" : r.lastSyncAt.substr(0, 19)) << std::setw(10) << lag
			<< std::setw(22) << r.heartbeatAt.substr(0, 19) << (r.lastError.empty() ? "-" : r.lastError) << "\n";
	}
	if (rows.empty()) out << "(no mailbox has reported yet)\n";
}

} } // namespace mailbridge::service
