//
// OdbcStore.cpp
//

#include "mapping/store/OdbcStore.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/Statement.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Binding.h>
#include <Poco/Data/Extraction.h>
#include <Poco/UnicodeConverter.h>
#include <Poco/UTFString.h>
#include <Poco/DateTime.h>
#include <Poco/Nullable.h>
#include <Poco/NumberFormatter.h>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace mailbridge {
namespace mapping {

namespace {

std::string describe(const LedgerEntry& e)
{
	return e.mailbox + "/" + e.folder + " uidvalidity " + Poco::NumberFormatter::format(e.uidValidity)
		+ " uid " + Poco::NumberFormatter::format(e.uid)
		+ (e.messageId.empty() ? std::string() : " Message-ID " + e.messageId);
}

} // namespace

OdbcStore::OdbcStore(OdbcConnection& connection):
	_connection(connection),
	_sql(connection.dialect())
{
}

std::size_t OdbcStore::writeBatch(const std::vector<LedgerEntry>& entries, const FolderState& state)
{
	_connection.begin();
	std::size_t inserted = 0;
	try
	{
		inserted = writeLedger(entries, state);
		_connection.commit();
	}
	catch (...)
	{
		_connection.rollback();
		throw;
	}
	return inserted;
}

std::size_t OdbcStore::writeLedger(const std::vector<LedgerEntry>& entries, const FolderState& state)
{
	auto& session = _connection.session();
	SqlStatement ledger = _sql.ledgerInsert();
	SqlStatement cursor = _sql.folderStateUpsert();

	// Values bound by reference: the statement is prepared once and executed
	// per entry with `row` refilled.
	LedgerEntry row;
	// Long text goes as UTF-16 (SQL_C_WCHAR): Poco refuses a std::string
	// longer than the size the driver reports for its CHAR type.
	Poco::UTF16String personKeys, activityKeys;
	Poco::DateTime internalDate; // not known here yet; written as now
	Poco::Data::Statement insert(session);
	insert << ledger.text;
	for (const auto& p: ledger.params)
	{
		if (p == "mailbox") insert, use(row.mailbox);
		else if (p == "folder") insert, use(row.folder);
		else if (p == "uidvalidity") insert, use(row.uidValidity);
		else if (p == "imap_uid") insert, use(row.uid);
		else if (p == "message_id") insert, use(row.messageId);
		else if (p == "content_hash") insert, use(row.contentHash);
		else if (p == "internal_date") insert, use(internalDate);
		else if (p == "size_bytes") insert, use(row.sizeBytes);
		else if (p == "direction") insert, use(row.direction);
		else if (p == "person_keys") insert, use(personKeys);
		else if (p == "activity_keys") insert, use(activityKeys);
		else throw std::logic_error("ledger insert: unbound parameter " + p);
	}

	std::size_t inserted = 0;
	const LedgerEntry* current = nullptr;
	std::string failedSql = ledger.text;
	try
	{
		for (const auto& e: entries)
		{
			current = &e;
			row = e;
			Poco::UnicodeConverter::convert(e.personKeys, personKeys);
			Poco::UnicodeConverter::convert(e.activityKeys, activityKeys);
			inserted += insert.execute();
		}
		current = nullptr;
		failedSql = cursor.text;
		FolderState s = state;
		Poco::DateTime now;
		Poco::Data::Statement save(session);
		save << cursor.text;
		for (const auto& p: cursor.params)
		{
			if (p == "mailbox") save, use(s.mailbox);
			else if (p == "folder") save, use(s.folder);
			else if (p == "uidvalidity") save, use(s.uidValidity);
			else if (p == "last_uid") save, use(s.lastUid);
			else if (p == "highest_modseq") save, use(s.highestModseq);
			else if (p == "backfill_floor") save, use(s.backfillFloor);
			else if (p == "state_version") save, use(s.stateVersion);
			else if (p == "updated_at") save, use(now);
			else throw std::logic_error("folder state upsert: unbound parameter " + p);
		}
		save.execute();
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, failedSql);
		}
		catch (StatementError& err)
		{
			err.setContext(current ? describe(*current) : "folder state " + state.mailbox + "/" + state.folder,
				current ? "mb_ledger" : "mb_folder_state");
			throw;
		}
	}
	// MySQL counts a duplicate's no-op update as 0; PostgreSQL and SQLite skip it.
	return inserted;
}

bool OdbcStore::loadFolderState(const std::string& mailbox, const std::string& folder, FolderState& state)
{
	SqlStatement q = _sql.folderStateSelect();
	std::string m = mailbox, f = folder;
	try
	{
		Poco::Data::Statement stmt(_connection.session());
		stmt << q.text, use(m), use(f);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (!rs.moveFirst()) return false;
		state.mailbox = mailbox;
		state.folder = folder;
		state.uidValidity = rs.value(0).convert<Poco::Int64>();
		state.lastUid = rs.value(1).convert<Poco::Int64>();
		state.highestModseq = rs.value(2).convert<Poco::Int64>();
		state.backfillFloor = rs.value(3).convert<Poco::Int64>();
		state.stateVersion = rs.value(4).convert<int>();
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, q.text);
	}
	if (state.stateVersion != 1)
		throw ConfigError("mb_folder_state for " + mailbox + "/" + folder + " has state_version "
			+ Poco::NumberFormatter::format(state.stateVersion), "unknown state versions are never guessed");
	return true;
}

bool OdbcStore::findByUid(const std::string& mailbox, const std::string& folder, Poco::Int64 uidValidity,
	Poco::Int64 uid, LedgerEntry& entry)
{
	SqlStatement q = _sql.ledgerSelectByUid();
	std::string m = mailbox, f = folder;
	try
	{
		Poco::Data::Statement stmt(_connection.session());
		stmt << q.text, use(m), use(f), use(uidValidity), use(uid);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (!rs.moveFirst()) return false;
		entry.mailbox = mailbox;
		entry.folder = folder;
		entry.uidValidity = uidValidity;
		entry.uid = uid;
		entry.messageId = rs.value(0).isEmpty() ? std::string() : rs.value(0).convert<std::string>();
		entry.contentHash = rs.value(1).convert<std::string>();
		entry.personKeys = rs.value(2).isEmpty() ? std::string() : rs.value(2).convert<std::string>();
		entry.activityKeys = rs.value(3).isEmpty() ? std::string() : rs.value(3).convert<std::string>();
		entry.expunged = rs.value(4).convert<int>() != 0;
		return true;
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, q.text);
	}
}

std::vector<LedgerEntry> OdbcStore::findByMessageId(const std::string& messageId)
{
	SqlStatement q = _sql.ledgerSelectByMessageId();
	std::string id = messageId;
	std::vector<LedgerEntry> out;
	try
	{
		Poco::Data::Statement stmt(_connection.session());
		stmt << q.text, use(id);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			LedgerEntry e;
			e.messageId = messageId;
			e.mailbox = rs.value(0).convert<std::string>();
			e.folder = rs.value(1).convert<std::string>();
			e.uidValidity = rs.value(2).convert<Poco::Int64>();
			e.uid = rs.value(3).convert<Poco::Int64>();
			e.activityKeys = rs.value(4).isEmpty() ? std::string() : rs.value(4).convert<std::string>();
			out.push_back(e);
		}
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, q.text);
	}
	return out;
}

} } // namespace mailbridge::mapping
