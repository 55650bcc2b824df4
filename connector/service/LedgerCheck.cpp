//
// LedgerCheck.cpp
//

#include "connector/service/LedgerCheck.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/service/Logging.h"
#include "mapping/store/MappedDeletedActivities.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <map>
#include <set>

namespace mailbridge {
namespace service {

namespace {

std::string bare(std::string id)
{
	id = Poco::trim(id);
	if (id.size() > 1 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
	return id;
}

} // namespace

LedgerCheck::LedgerCheck(mapping::OdbcConnection& db, const mapping::Mapping* mapping, const MailboxConfig& mailbox):
	_db(db),
	_mapping(mapping),
	_mailbox(mailbox),
	_sql(db.dialect()),
	_logger(mailboxLogger(mailbox.name))
{
}

bool LedgerCheck::removing() const
{
	return _mailbox.deleteOnServer != DeleteOnServer::No && _mapping && _mapping->deleted.present;
}

void LedgerCheck::close()
{
	_imap.reset(); // its destructor logs out
}

std::vector<LedgerCheck::Row> LedgerCheck::page(std::int64_t& afterId)
{
	std::vector<Row> rows;
	const mapping::SqlStatement q = _sql.ledgerSelectPage();
	try
	{
		mapping::ParamBinder p;
		p.text("mailbox", _mailbox.address);
		p.integer("after_id", afterId);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			afterId = rs.value(0).convert<Poco::Int64>();
			Row r;
			r.folder = rs.value(1).convert<std::string>();
			r.uidValidity = rs.value(2).convert<std::uint32_t>();
			r.uid = rs.value(3).convert<std::uint32_t>();
			r.messageId = rs.value(4).isEmpty() ? std::string() : bare(rs.value(4).convert<std::string>());
			if (!rs.value(5).isEmpty())
				for (const std::string& k: Poco::StringTokenizer(rs.value(5).convert<std::string>(), ";",
					Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY))
					r.activityKeys.push_back(k);
			rows.push_back(r);
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	return rows;
}

LedgerCheck::Report LedgerCheck::runOnce()
{
	Report report;
	while (!step(report))
	{
	}
	return report;
}

bool LedgerCheck::step(Report& report)
{
	std::int64_t after = _afterId;
	std::vector<Row> rows = page(after);
	std::map<std::pair<std::string, std::uint32_t>, std::vector<Row>> byFolder;
	for (const Row& r: rows) byFolder[{r.folder, r.uidValidity}].push_back(r);
	for (const auto& f: byFolder) checkFolder(f.first.first, f.first.second, f.second, report);
	report.checked += rows.size();
	const bool done = rows.size() < mapping::OwnTablesSql::LEDGER_PAGE;
	_afterId = done ? 0 : after;
	return done;
}

void LedgerCheck::checkFolder(const std::string& folder, std::uint32_t uidValidity, const std::vector<Row>& rows,
	Report& report)
{
	if (!_imap) _imap = ImapMailboxClient::connect(_mailbox, Poco::Timespan(60, 0));
	imap::ImapSession& session = _imap->session();
	imap::SelectOptions options;
	options.readOnly = !removing();
	imap::SelectResult selected;
	try
	{
		selected = session.select(folder, options);
	}
	catch (const imap::ImapCommandError& exc)
	{
		_logger.debug("ledger check: %s cannot be selected (%s); its rows are left as they are", folder, exc.displayText());
		return;
	}
	// A new UIDVALIDITY makes the ledger's UIDs meaningless: the inbound sync
	// re-keys those rows by Message-ID first.
	if (selected.uidValidity != uidValidity) return;

	std::vector<std::uint32_t> uids;
	for (const Row& r: rows) uids.push_back(r.uid);
	const imap::UidSet present = session.uidSearch("UID " + imap::UidSet(uids).toString());
	std::vector<const Row*> still;
	for (const Row& r: rows)
	{
		if (present.contains(r.uid))
		{
			still.push_back(&r);
			continue;
		}
		record(folder, r, EXPUNGED_ON_SERVER, "");
		++report.expunged;
	}
	if (!removing() || still.empty()) return;

	// Removed only when the ATS deleted every activity logged from it.
	std::vector<std::string> keys;
	for (const Row* r: still) keys.insert(keys.end(), r->activityKeys.begin(), r->activityKeys.end());
	if (keys.empty()) return;
	const std::set<std::string> deleted = mapping::MappedDeletedActivities(_db, *_mapping).deleted(keys);
	std::vector<const Row*> targets;
	for (const Row* r: still)
	{
		bool all = !r->activityKeys.empty();
		for (const std::string& k: r->activityKeys) all = all && deleted.count(k);
		if (all) targets.push_back(r);
	}
	if (targets.empty()) return;

	// The message under that UID must still be the one the ledger saw.
	std::vector<std::uint32_t> targetUids;
	for (const Row* r: targets) targetUids.push_back(r->uid);
	std::map<std::uint32_t, std::string> onServer;
	_imap->fetchIdentities(targetUids, [&onServer](const sync::MessageIdentity& id) { onServer[id.uid] = id.messageId; });
	for (const Row* r: targets)
	{
		auto it = onServer.find(r->uid);
		if (r->messageId.empty() || it == onServer.end() || bare(it->second) != r->messageId)
		{
			_logger.warning("ledger check: %s UID %u is not the message the ledger holds (%s); not removed",
				folder, r->uid, r->messageId.empty() ? std::string("no Message-ID") : "<" + r->messageId + ">");
			++report.mismatched;
			continue;
		}
		remove(folder, *r, report);
	}
}

std::string LedgerCheck::trashFolder()
{
	if (_trash.empty())
		for (const sync::FolderEntry& f: _imap->folders())
			if (f.role == sync::FolderRole::Trash && f.selectable) _trash = f.name;
	return _trash;
}

void LedgerCheck::remove(const std::string& folder, const Row& row, Report& report)
{
	imap::ImapSession& session = _imap->session();
	const imap::UidSet one(std::vector<std::uint32_t>{row.uid});
	if (_mailbox.deleteOnServer == DeleteOnServer::Trash)
	{
		const std::string trash = trashFolder();
		if (trash.empty())
		{
			_logger.warning("ledger check: no folder is marked \\Trash; <%s> is left in %s", row.messageId, folder);
			return;
		}
		if (trash == folder) return; // already there
		session.uidMove(one, trash);
		record(folder, row, MOVED_TO_TRASH, "moved to " + trash);
	}
	else
	{
		// Exactly this UID: without UIDPLUS a plain EXPUNGE would take others too.
		if (!session.hasCapability("UIDPLUS"))
		{
			_logger.warning("ledger check: the server has no UIDPLUS; <%s> is not expunged from %s", row.messageId, folder);
			return;
		}
		session.command("UID STORE " + one.toString() + " +FLAGS.SILENT (\\Deleted)");
		session.uidExpunge(one);
		record(folder, row, EXPUNGED_BY_MAILBRIDGE, "expunged");
	}
	_logger.information("ledger check: <%s> %s from %s: its activities were deleted in the ATS", row.messageId,
		std::string(_mailbox.deleteOnServer == DeleteOnServer::Trash ? "moved to Trash" : "expunged"), folder);
	++report.removed;
}

void LedgerCheck::record(const std::string& folder, const Row& row, int removal, const std::string& why)
{
	_db.transaction("ledger " + folder + " UID " + std::to_string(row.uid), [&] {
		mapping::ParamBinder p;
		p.text("mailbox", _mailbox.address);
		p.text("folder", folder);
		p.integer("uidvalidity", row.uidValidity);
		p.integer("imap_uid", row.uid);
		if (removal == EXPUNGED_ON_SERVER)
		{
			p.execute(_db.session(), _sql.ledgerMarkExpunged());
			return;
		}
		p.integer("expunged", removal);
		p.execute(_db.session(), _sql.ledgerMarkRemoved());
		mapping::ParamBinder a;
		a.text("mailbox", _mailbox.address);
		a.text("action", removal == MOVED_TO_TRASH ? "deleted_activity_trashed" : "deleted_activity_expunged");
		a.text("detail", "<" + row.messageId + "> " + folder + " UID " + std::to_string(row.uid) + ": " + why);
		a.execute(_db.session(), _sql.auditInsert());
	});
}

} } // namespace mailbridge::service
