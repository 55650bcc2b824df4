//
// OdbcOutboxStore.cpp
//

#include "connector/service/OdbcOutboxStore.h"
#include "connector/mime/AddressParser.h"
#include "connector/service/OutboxRow.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Exception.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/String.h>
#include <map>
#include <set>

using mailbridge::mapping::ParamBinder;
using mailbridge::mapping::SqlStatement;
using mailbridge::sync::OutboxItem;
using mailbridge::sync::OutboxRecipient;

namespace mailbridge {
namespace service {

namespace {

const char* kindName(OutboxRecipient::Kind kind)
{
	switch (kind)
	{
	case OutboxRecipient::To: return "to";
	case OutboxRecipient::Cc: return "cc";
	case OutboxRecipient::Bcc: return "bcc";
	}
	return "to";
}

bool parseRecipientState(const std::string& text, OutboxRecipient::State& state)
{
	for (OutboxRecipient::State s: {OutboxRecipient::Pending, OutboxRecipient::Accepted, OutboxRecipient::Refused,
		OutboxRecipient::Deferred})
	{
		if (text == sync::toString(s))
		{
			state = s;
			return true;
		}
	}
	return false;
}

struct Recorded
{
	OutboxRecipient::State state = OutboxRecipient::Pending;
	std::string reply;
};

std::map<std::string, Recorded> recordedRecipients(mapping::OdbcConnection& db, const mapping::OwnTablesSql& sql,
	std::int64_t id)
{
	std::map<std::string, Recorded> out;
	SqlStatement q = sql.outboxRecipientSelect();
	try
	{
		ParamBinder p;
		p.integer("outbox_id", id);
		Poco::Data::Statement stmt(db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			Recorded r;
			// An unknown state (a newer version's, or 'bounced' set by a DBA)
			// counts as pending for sending: nothing here says it was sent.
			parseRecipientState(Poco::trimRight(OutboxRow::text(rs, 2)), r.state);
			r.reply = OutboxRow::text(rs, 3);
			out[mime::Address{std::string(), Poco::trimRight(OutboxRow::text(rs, 0))}.key()] = r;
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	return out;
}

OutboxItem toItem(const OutboxRow& row)
{
	OutboxItem item;
	item.id = row.id;
	item.mailbox = row.mailbox;
	item.from = row.mailbox;
	sync::parseOutboxState(row.state, item.state);
	item.messageId = row.messageId;
	item.attempts = row.attempts;
	item.createdAt = row.createdAt;
	item.sendAt = row.sendAt;
	item.nextAttemptAt = row.hasNextAttemptAt ? row.nextAttemptAt : row.sendAt;
	item.sentAt = row.sentAt;
	item.claimedBy = row.claimedBy;
	item.claimedAt = row.claimedAt;
	item.lastError = row.lastError;
	item.filedUid = row.filedUid;
	return item;
}

void addRecipients(OutboxItem& item, const std::string& list, OutboxRecipient::Kind kind, std::set<std::string>& seen,
	const std::map<std::string, Recorded>& recorded)
{
	for (const mime::Address& a: mime::AddressParser::parseList(list))
	{
		if (a.address.empty() || !seen.insert(a.key()).second) continue; // one RCPT TO per address
		OutboxRecipient r;
		r.address = a.address;
		r.kind = kind;
		auto it = recorded.find(a.key());
		if (it != recorded.end())
		{
			r.state = it->second.state;
			r.reply = it->second.reply;
		}
		item.recipients.push_back(r);
	}
}

bool reachedServer(sync::OutboxState state)
{
	return state == sync::OutboxState::Accepted || state == sync::OutboxState::Filed || state == sync::OutboxState::Logged;
}

} // namespace

OdbcOutboxStore::OdbcOutboxStore(mapping::OdbcConnection& db):
	_db(db),
	_sql(db.dialect())
{
}

OutboxItem OdbcOutboxStore::load(std::int64_t id)
{
	OutboxRow row;
	if (!OutboxRow::read(_db, _sql, id, row)) throw Poco::NotFoundException("outbox row", std::to_string(id));
	OutboxItem item = toItem(row);
	std::map<std::string, Recorded> recorded = recordedRecipients(_db, _sql, id);
	std::set<std::string> seen;
	addRecipients(item, row.toAddrs, OutboxRecipient::To, seen, recorded);
	addRecipients(item, row.ccAddrs, OutboxRecipient::Cc, seen, recorded);
	addRecipients(item, row.bccAddrs, OutboxRecipient::Bcc, seen, recorded);
	return item;
}

bool OdbcOutboxStore::claim(std::int64_t id, const std::string& state, const std::string& previousOwner,
	const std::string& worker, Poco::Timestamp now, Poco::Timestamp staleBefore)
{
	bool due = state == "queued" || state == "retry";
	SqlStatement s = due ? _sql.outboxClaim() : _sql.outboxTakeOver();
	try
	{
		ParamBinder p;
		p.text("claimed_by", worker);
		p.timestamp("claimed_at", Poco::DateTime(now));
		p.integer("id", id);
		p.text("state", state);
		p.timestamp("now", Poco::DateTime(now));
		p.text("previous_claimed_by", previousOwner);
		p.timestamp("stale_before", Poco::DateTime(staleBefore));
		// Autocommit: the row is ours once this UPDATE changed it.
		return p.executeCounted(_db.session(), s) == 1;
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, s.text);
	}
}

std::vector<OutboxItem> OdbcOutboxStore::claimDue(const std::string& mailbox, const std::string& worker,
	Poco::Timestamp now, Poco::Timespan lease, std::size_t limit)
{
	struct Candidate
	{
		std::int64_t id;
		std::string state;
		std::string owner;
	};
	Poco::Timestamp staleBefore = now - lease.totalMicroseconds();
	std::vector<Candidate> candidates;
	SqlStatement q = _sql.outboxSelectDue(limit);
	try
	{
		ParamBinder p;
		p.text("mailbox", mailbox);
		p.timestamp("now", Poco::DateTime(now));
		p.timestamp("stale_before", Poco::DateTime(staleBefore));
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			candidates.push_back({rs.value(0).convert<Poco::Int64>(), Poco::trimRight(OutboxRow::text(rs, 1)),
				OutboxRow::text(rs, 2)});
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}

	std::vector<OutboxItem> out;
	for (const Candidate& c: candidates)
	{
		if (!claim(c.id, c.state, c.owner, worker, now, staleBefore)) continue; // another worker was faster
		try
		{
			out.push_back(load(c.id));
		}
		catch (Poco::NotFoundException&)
		{
			// Deleted by the ATS since the claim: nothing to send.
		}
	}
	return out;
}

void OdbcOutboxStore::afterTransition(TransitionHook hook)
{
	_afterTransition = std::move(hook);
}

bool OdbcOutboxStore::transition(const OutboxItem& item, sync::OutboxState expected)
{
	bool done = false;
	_db.transaction("outbox " + std::to_string(item.id) + " to " + sync::toString(item.state), [&] {
		ParamBinder p;
		p.text("state", sync::toString(item.state));
		p.nullableText("message_id", item.messageId);
		p.integer("attempts", item.attempts);
		if (item.state == sync::OutboxState::Retry) p.timestamp("next_attempt_at", Poco::DateTime(item.nextAttemptAt));
		else p.null("next_attempt_at");
		if (reachedServer(item.state)) p.timestamp("sent_at", Poco::DateTime(item.sentAt));
		else p.null("sent_at");
		p.nullableText("last_error", item.lastError);
		if (item.filedUid != 0) p.integer("filed_uid", item.filedUid);
		else p.null("filed_uid");
		p.integer("id", item.id);
		p.text("expected_state", sync::toString(expected));
		p.text("claimed_by", item.claimedBy);
		if (p.executeCounted(_db.session(), _sql.outboxTransition()) != 1) return; // taken over or moved on: nothing written

		Poco::DateTime now;
		for (const OutboxRecipient& r: item.recipients)
		{
			ParamBinder rp;
			rp.integer("outbox_id", item.id);
			rp.text("address", r.address);
			rp.text("kind", kindName(r.kind));
			rp.text("state", sync::toString(r.state));
			rp.nullableText("smtp_reply", r.reply);
			rp.timestamp("updated_at", now);
			rp.execute(_db.session(), _sql.outboxRecipientUpsert());
		}
		if (_afterTransition) _afterTransition(item, expected);
		done = true;
	});
	return done;
}

} } // namespace mailbridge::service
