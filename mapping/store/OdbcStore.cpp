//
// OdbcStore.cpp
//

#include "mapping/store/OdbcStore.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/RawStatement.h"
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
#include <algorithm>
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
	// Up to ROWS_PER_STATEMENT entries per multi-row insert-if-absent; SQLRowCount says how
	// many were new (Poco's execute() answers 1 for any bound statement).
	const Dialect& dialect = _connection.dialect();
	const SqlStatement single = _sql.ledgerInsert();
	const std::size_t columnCount = _sql.ledgerInsertRows(1).params.size();
	const std::size_t perStatement = std::max<std::size_t>(1,
		std::min<std::size_t>(ROWS_PER_STATEMENT, dialect.maxParameters() / single.params.size()));
	const Poco::Timestamp now; // the internal date is not known here yet
	auto param = [&now](const LedgerEntry& e, const std::string& name)
	{
		RawStatement::Param p;
		p.kind = RawStatement::Param::Text;
		if (name == "mailbox") p.text = e.mailbox;
		else if (name == "folder") p.text = e.folder;
		else if (name == "message_id") p.text = e.messageId;
		else if (name == "content_hash") p.text = e.contentHash;
		else if (name == "direction") p.text = e.direction;
		else if (name == "person_keys") p.text = e.personKeys;
		else if (name == "activity_keys") p.text = e.activityKeys;
		else if (name == "internal_date") { p.kind = RawStatement::Param::Timestamp; p.timestamp = now; }
		else
		{
			p.kind = RawStatement::Param::Integer;
			if (name == "uidvalidity") p.integer = e.uidValidity;
			else if (name == "imap_uid") p.integer = e.uid;
			else if (name == "size_bytes") p.integer = e.sizeBytes;
			else throw std::logic_error("ledger insert: unbound parameter " + name);
		}
		return p;
	};
	auto bound = [&](const SqlStatement& sql, std::size_t first)
	{
		std::vector<RawStatement::Param> out;
		out.reserve(sql.params.size());
		// A one-row statement names its values after the columns; a multi-row
		// one names them <column>_<row>, rows counted from 1, in row order.
		const std::size_t rows = sql.params.size() / columnCount;
		for (std::size_t i = 0; i < sql.params.size(); ++i)
		{
			std::string name = sql.params[i];
			if (rows > 1) name.erase(name.rfind('_'));
			out.push_back(param(entries[first + (rows > 1 ? i / columnCount : 0)], name));
		}
		return out;
	};

	std::size_t inserted = 0;
	const bool savepoint = _connection.failedStatementAbortsTransaction();
	static const std::string SAVEPOINT = "mb_ledger_rows";
	for (std::size_t first = 0; first < entries.size(); first += perStatement)
	{
		const std::size_t n = std::min(perStatement, entries.size() - first);
		const SqlStatement rows = n == 1 ? single : _sql.ledgerInsertRows(n);
		if (savepoint && n > 1) _connection.execute(dialect.savepoint(SAVEPOINT));
		try
		{
			RawStatement stmt(_connection);
			inserted += static_cast<std::size_t>(std::max(0L, stmt.execute(rows.text, bound(rows, first))));
		}
		catch (StatementError& err)
		{
			if (n == 1)
			{
				err.setContext(describe(entries[first]), "mb_ledger");
				throw;
			}
			// Which entry? Back to before the statement, then one at a time.
			if (savepoint) _connection.execute(dialect.rollbackToSavepoint(SAVEPOINT));
			for (std::size_t i = first; i < first + n; ++i)
			{
				try
				{
					RawStatement one(_connection);
					one.execute(single.text, bound(single, i));
				}
				catch (StatementError& culprit)
				{
					culprit.setContext(describe(entries[i]), "mb_ledger");
					throw;
				}
			}
			err.setContext(describe(entries[first]), "mb_ledger");
			throw;
		}
		if (savepoint && n > 1) _connection.execute(dialect.releaseSavepoint(SAVEPOINT));
	}

	SqlStatement cursor = _sql.folderStateUpsert();
	try
	{
		FolderState s = state;
		Poco::DateTime at;
		Poco::Data::Statement save(_connection.session());
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
			else if (p == "updated_at") save, use(at);
			else throw std::logic_error("folder state upsert: unbound parameter " + p);
		}
		save.execute();
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, cursor.text);
		}
		catch (StatementError& err)
		{
			err.setContext("folder state " + state.mailbox + "/" + state.folder, "mb_folder_state");
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
