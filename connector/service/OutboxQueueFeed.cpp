//
// OutboxQueueFeed.cpp
//

#include "connector/service/OutboxQueueFeed.h"
#include "connector/common/Errors.h"
#include "connector/service/Logging.h"
#include "connector/service/OutboxRow.h"
#include "connector/service/UserSenders.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <cctype>

namespace mailbridge {
namespace service {

namespace {

bool looksLikeDate(const std::string& t)
{
	// Poco's parser takes almost anything ("next week" becomes year 0):
	// only YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|+hh:mm|-hh:mm|+hhmm] goes to it.
	auto digits = [&t](std::size_t from, std::size_t n) {
		if (t.size() < from + n) return false;
		for (std::size_t i = from; i < from + n; ++i) if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
		return true;
	};
	if (!digits(0, 4) || t.size() < 10 || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2)) return false;
	if (t.size() == 10) return true;
	if ((t[10] != ' ' && t[10] != 'T') || !digits(11, 2) || t.size() < 16 || t[13] != ':' || !digits(14, 2)) return false;
	std::size_t i = 16;
	if (i < t.size() && t[i] == ':')
	{
		if (!digits(i + 1, 2)) return false;
		i += 3;
		if (i < t.size() && t[i] == '.')
		{
			++i;
			if (!digits(i, 1)) return false;
			while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
		}
	}
	if (i == t.size()) return true;
	if (t[i] == 'Z') return i + 1 == t.size();
	if (t[i] != '+' && t[i] != '-') return false;
	const std::string zone = t.substr(i + 1);
	return (zone.size() == 5 && digits(i + 1, 2) && zone[2] == ':' && digits(i + 4, 2)) || (zone.size() == 4 && digits(i + 1, 4));
}

bool parseSendAt(const std::string& text, Poco::Timestamp& value)
{
	if (!looksLikeDate(text)) return false;
	// A DATETIME comes as Poco's ISO 8601 text, a text column as the ATS wrote it.
	static const char* FORMATS[] = {Poco::DateTimeFormat::ISO8601_FRAC_FORMAT.c_str(),
		Poco::DateTimeFormat::ISO8601_FORMAT.c_str(), "%Y-%m-%d %H:%M:%S.%F", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
		"%Y-%m-%d"};
	for (const char* format: FORMATS)
	{
		Poco::DateTime parsed;
		int zone = 0;
		if (Poco::DateTimeParser::tryParse(format, text, parsed, zone))
		{
			parsed.makeUTC(zone);
			value = parsed.timestamp();
			return true;
		}
	}
	return false;
}

std::string bare(const std::string& messageId)
{
	if (messageId.size() > 2 && messageId.front() == '<' && messageId.back() == '>') return messageId.substr(1, messageId.size() - 2);
	return messageId;
}

std::string clip(const std::string& reason)
{
	// A reason column is often short (VARCHAR(255) and less): a value too
	// long for it would refuse the mark, and with it the move to failed.
	if (reason.size() <= OutboxQueueFeed::MAX_REASON) return reason;
	std::size_t cut = OutboxQueueFeed::MAX_REASON - 3;
	while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut; // not inside a UTF-8 character
	return reason.substr(0, cut) + "...";
}

bool anyAccepted(const sync::OutboxItem& item)
{
	for (const auto& r: item.recipients) if (r.state == sync::OutboxRecipient::Accepted) return true;
	return false;
}

} // namespace

OutboxQueueFeed::OutboxQueueFeed(mapping::OdbcConnection& db, const mapping::Mapping& mapping,
	const MailboxConfig& mailbox, UserSenders& senders):
	_db(db),
	_mapping(mapping),
	_mailbox(mailbox),
	_senders(senders),
	_queue(db, mapping),
	_sql(db.dialect())
{
	for (const auto& f: mapping.outbound.fields) _hasFromUser = _hasFromUser || f.name == "from-user";
}

bool OutboxQueueFeed::mine(const mapping::QueuedMessage& row)
{
	if (!_hasFromUser)
	{
		if (_warned.insert(std::string()).second)
			mailboxLogger(_mailbox.name).warning("the mapping's <outbound> has no <field name=\"from-user\">: "
				"no mailbox knows its rows are its own, so none is sent");
		return false;
	}
	std::string from = Poco::toLower(Poco::trim(row.field("from-user")));
	if (from.find('@') == std::string::npos && !from.empty()) from = _senders.addressOf(row.field("from-user"));
	if (from.empty())
	{
		if (_warned.insert(row.id).second)
			mailboxLogger(_mailbox.name).warning("outbound queue row %s: from-user \"%s\" is no user's address; left alone",
				row.id, row.field("from-user"));
		return false;
	}
	if (from == _mailbox.address) return true;
	for (const auto& alias: _mailbox.aliases) if (Poco::icompare(alias, from) == 0) return true;
	return false;
}

bool OutboxQueueFeed::copy(const mapping::QueuedMessage& row, Poco::Timestamp sendAt, Poco::Timestamp now)
{
	bool copied = false;
	_db.transaction("outbound queue row " + row.id + " into mb_outbox", [&] {
		mapping::ParamBinder p;
		p.text("mailbox", _mailbox.address);
		p.text("to_addrs", row.field("to"));
		p.nullableText("cc_addrs", row.field("cc"));
		p.nullableText("bcc_addrs", row.field("bcc"));
		p.nullableText("subject", row.field("subject"));
		p.nullableText("body_text", row.field("text"));
		p.nullableText("body_html", row.field("html"));
		p.nullableText("person_key", row.field("person"));
		p.timestamp("send_at", Poco::DateTime(sendAt));
		p.timestamp("created_at", Poco::DateTime(now));
		p.text("queue_key", row.id);
		if (p.executeCounted(_db.session(), _sql.outboxQueueImport()) != 1) return; // copied before

		std::int64_t id = 0;
		const mapping::SqlStatement q = _sql.outboxQueueIdSelect();
		mapping::ParamBinder k;
		k.text("queue_key", row.id);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		k.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (rs.moveFirst()) id = rs.value(0).convert<Poco::Int64>();

		// Attachments are absolute paths on this host, one per line or ';'.
		std::string list = row.field("attachments");
		Poco::replaceInPlace(list, std::string("\r"), std::string());
		Poco::replaceInPlace(list, std::string("\n"), std::string(";"));
		int seq = 0;
		for (const std::string& path: Poco::StringTokenizer(list, ";", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY))
		{
			mapping::ParamBinder a;
			a.integer("outbox_id", id);
			a.integer("seq_no", ++seq);
			a.text("file_name", Poco::Path(path).getFileName());
			a.null("content_type");
			a.text("file_path", path);
			a.execute(_db.session(), _sql.outboxAttachmentInsert());
		}
		copied = true;
	});
	return copied;
}

std::size_t OutboxQueueFeed::takeDue(Poco::Timestamp now)
{
	std::size_t copied = 0;
	// A window of BATCH rows that moves on while it is full, so rows of other
	// mailboxes (or rows a missing sending mark leaves in the query) at the
	// front never hide the rest.
	const std::vector<mapping::QueuedMessage> rows = _queue.due(BATCH, _offset);
	_offset = rows.size() < BATCH ? 0 : _offset + BATCH;
	for (const mapping::QueuedMessage& row: rows)
	{
		if (row.id.empty() || _copied.count(row.id) || !mine(row)) continue;
		try
		{
			Poco::Timestamp sendAt = now;
			const std::string when = row.field("send-at");
			if (!when.empty() && !parseSendAt(when, sendAt))
			{
				mailboxLogger(_mailbox.name).error("outbound queue row %s: send-at \"%s\" is not a date", row.id, when);
				_queue.mark(row.id, "failed", std::string(), clip("send-at \"" + when + "\" is not a date"));
				continue;
			}
			if (sendAt > now) continue; // copied when it is due, so the ATS can still change or withdraw it
			if (copy(row, sendAt, now)) ++copied;
			_copied.insert(row.id);
		}
		catch (const mapping::StatementError& exc)
		{
			// This row only (a value mb_outbox refuses, a mark that fails):
			// the others still go, and this one is tried at the next poll.
			mailboxLogger(_mailbox.name).error("outbound queue row %s: %s", row.id, exc.displayText());
		}
	}
	if (_copied.size() > 100000) _copied.clear(); // a cache only: mb_outbox's unique key decides
	return copied;
}

void OutboxQueueFeed::marked(const sync::OutboxItem& item, sync::OutboxState expected)
{
	std::string key;
	const mapping::SqlStatement q = _sql.outboxQueueKeySelect();
	mapping::ParamBinder p;
	p.integer("id", item.id);
	Poco::Data::Statement stmt(_db.session());
	stmt << q.text;
	p.bind(stmt, q);
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (rs.moveFirst()) key = OutboxRow::text(rs, 0);
	if (key.empty()) return; // the ATS's own mb_outbox row

	std::string state;
	if (item.state == sync::OutboxState::Sending && expected == sync::OutboxState::Claimed) state = "sending";
	else if (item.state == sync::OutboxState::Failed) state = "failed";
	// Logged from sending with a recipient that took it: the follow-up to
	// deferred recipients, marked sent when it first went out.
	else if (item.state == sync::OutboxState::Logged && !(expected == sync::OutboxState::Sending && anyAccepted(item))) state = "sent";
	else if (item.state == sync::OutboxState::Retry && expected == sync::OutboxState::Filed && anyAccepted(item)) state = "sent";
	if (state.empty()) return;
	bool took = false;
	try
	{
		took = _queue.mark(key, state, bare(item.messageId), state == "failed" ? clip(item.lastError) : std::string());
	}
	catch (const mapping::StatementError& exc)
	{
		// Not this message's fault: the move is undone and tried again once
		// the claim runs out, rather than failing a message that may be sent.
		throw TransientError("the " + state + " mark on outbound queue row " + key + " was refused: " + exc.displayText());
	}
	bool hasMark = false;
	for (const auto& m: _mapping.outbound.marks) hasMark = hasMark || m.state == state;
	// Marked again after a retry: MariaDB counts a row set to the value it
	// had as unchanged.
	if (!took && hasMark && item.attempts == 0)
		mailboxLogger(_mailbox.name).warning("outbound queue row %s: the mark for %s changed no row", key, state);
}

} } // namespace mailbridge::service
