//
// OdbcConnection.cpp
//

#include "mapping/store/OdbcConnection.h"
#include "mapping/store/NativeSqlGuard.h"
#include "mapping/store/StoreErrors.h"
#include "connector/common/Errors.h"
#include <Poco/Data/ODBC/Connector.h>
#include <Poco/Data/ODBC/ODBCException.h>
#include <Poco/Data/ODBC/SessionImpl.h>
#include <Poco/Data/DataException.h>
#include <Poco/String.h>
#include <algorithm>
#include <mutex>
#include <sql.h>
#include <sqlext.h>

namespace mailbridge {
namespace mapping {

namespace {

std::string getInfo(SQLHDBC dbc, SQLUSMALLINT what)
{
	SQLCHAR buf[256] = {0};
	SQLSMALLINT len = 0;
	if (!SQL_SUCCEEDED(SQLGetInfo(dbc, what, buf, sizeof(buf), &len))) return std::string();
	return std::string(reinterpret_cast<char*>(buf));
}

[[noreturn]] void throwFor(const std::string& state, long native, const std::string& text, const std::string& sql)
{
	if (OdbcConnection::isConnectionLost(state, native))
		throw DatabaseUnavailable("SQLSTATE " + state, text);
	// Not the message's fault: a StatementError would make it an error record.
	if (OdbcConnection::isBusy(state, native, text))
		throw DatabaseBusy("SQLSTATE " + state, text);
	throw StatementError(sql, state, native, text);
}

template <class E>
[[noreturn]] void rethrowOdbc(const E& exc, const std::string& sql)
{
	const auto& diag = exc.diagnostics();
	std::string state = diag.count() > 0 ? diag.sqlState(0) : std::string("HY000");
	long native = diag.count() > 0 ? diag.nativeError(0) : 0;
	std::string text;
	for (int i = 0; i < diag.count(); ++i)
	{
		if (i) text += " | ";
		text += diag.message(i);
	}
	throwFor(state, native, text, sql);
}

} // namespace

OdbcConnection::OdbcConnection(const std::string& connectionString, std::size_t loginTimeoutSeconds)
{
	static std::once_flag registered;
	std::call_once(registered, [] {
		Poco::Data::ODBC::Connector::registerConnector();
		nativeSqlGuardInstalled(); // keeps the SQLite driver's SQLNativeSql overflow away (see NativeSqlGuard.cpp)
	});
	try
	{
		_session.reset(new Poco::Data::Session("ODBC", connectionString, loginTimeoutSeconds));
	}
	catch (Poco::Data::ODBC::ConnectionException& exc)
	{
		const auto& diag = exc.diagnostics();
		std::string state = diag.count() > 0 ? diag.sqlState(0) : std::string("08001");
		long native = diag.count() > 0 ? diag.nativeError(0) : 0;
		std::string text = diag.count() > 0 ? diag.message(0) : exc.displayText();
		// 28000 (bad login) and IM002 (no such driver) will not fix themselves.
		if (state == "28000" || state.compare(0, 2, "IM") == 0)
			throw ConfigError("ODBC connection refused: SQLSTATE " + state, text);
		if (isConnectionLost(state, native) || state == "HY000" || state == "HYT00")
			throw DatabaseUnavailable("SQLSTATE " + state, text);
		throw ConfigError("ODBC connection failed: SQLSTATE " + state, text);
	}
	catch (Poco::Data::DataException& exc)
	{
		throw DatabaseUnavailable("ODBC connection failed", exc.displayText());
	}
	// Poco refuses strings longer than maxFieldSize (1 KB by default); message
	// bodies and documents run to megabytes.
	_session->setProperty("maxFieldSize", Poco::Any(std::size_t(MAX_FIELD_SIZE)));
	auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(_session->impl());
	if (impl)
	{
		SQLHDBC dbc = impl->dbc();
		_dbmsName = getInfo(dbc, SQL_DBMS_NAME);
		_dbmsVersion = getInfo(dbc, SQL_DBMS_VER);
	}
	_dialect.reset(new Dialect(Dialect::fromDbmsName(_dbmsName, _dbmsVersion)));
	if (_dialect->failureAbortsTransaction())
	{
		// psqlODBC's Protocol=7.4-N: N is its rollback level on an error (0
		// none, 1 the transaction, 2 the statement: the default).
		std::string cs = Poco::toLower(connectionString);
		cs.erase(std::remove(cs.begin(), cs.end(), ' '), cs.end());
		_abortsOnFailure = cs.find("protocol=7.4-0") != std::string::npos;
	}
}

bool OdbcConnection::failedStatementAbortsTransaction() const
{
	return _abortsOnFailure;
}

OdbcConnection::~OdbcConnection()
{
}

Poco::Data::Session& OdbcConnection::session()
{
	return *_session;
}

const Dialect& OdbcConnection::dialect() const
{
	return *_dialect;
}

const std::string& OdbcConnection::dbmsName() const
{
	return _dbmsName;
}

const std::string& OdbcConnection::dbmsVersion() const
{
	return _dbmsVersion;
}

void OdbcConnection::begin()
{
	try
	{
		const std::string sql = _dialect->beginTransaction();
		if (sql.empty())
		{
			_session->setFeature("autoCommit", false);
			_session->begin();
		}
		else
		{
			// In SQL, with the driver left in autocommit mode: it would
			// otherwise send its own (deferred) BEGIN first.
			Poco::Data::Statement stmt(*_session);
			stmt << sql;
			stmt.execute();
		}
		_inTransaction = true;
		_undo.clear();
	}
	catch (std::exception& exc)
	{
		translate(exc, "BEGIN");
	}
}

void OdbcConnection::commit()
{
	_undo.clear();
	_inTransaction = false;
	try
	{
		endTransaction(true);
	}
	catch (std::exception& exc)
	{
		translate(exc, "COMMIT");
	}
}

void OdbcConnection::rollback()
{
	try
	{
		endTransaction(false);
	}
	catch (...)
	{
	}
	_inTransaction = false;
	std::vector<std::function<void()>> undo;
	undo.swap(_undo);
	for (auto it = undo.rbegin(); it != undo.rend(); ++it)
	{
		try { (*it)(); } catch (...) {}
	}
}

void OdbcConnection::endTransaction(bool commit)
{
	// As begin() started it: through the driver, or in SQL.
	if (_dialect->beginTransaction().empty())
	{
		if (commit) _session->commit();
		else _session->rollback();
		_session->setFeature("autoCommit", true);
	}
	else
	{
		Poco::Data::Statement stmt(*_session);
		stmt << (commit ? "COMMIT" : "ROLLBACK");
		stmt.execute();
	}
}

void OdbcConnection::onRollback(std::function<void()> undo)
{
	if (_inTransaction) _undo.push_back(std::move(undo));
}

void OdbcConnection::withMaxFieldSize(std::size_t bytes, const std::function<void()>& work)
{
	// Poco checks every manually extracted value (LOBs) against this limit;
	// it stays small elsewhere, since bound text columns are sized by it.
	_session->setProperty("maxFieldSize", Poco::Any(bytes));
	try
	{
		work();
	}
	catch (...)
	{
		_session->setProperty("maxFieldSize", Poco::Any(std::size_t(MAX_FIELD_SIZE)));
		throw;
	}
	_session->setProperty("maxFieldSize", Poco::Any(std::size_t(MAX_FIELD_SIZE)));
}

void OdbcConnection::transaction(const std::string& what, const std::function<void()>& work)
{
	begin();
	try
	{
		work();
		commit();
	}
	catch (TransientError&) { rollback(); throw; }
	catch (MessageError&) { rollback(); throw; }
	catch (MailboxError&) { rollback(); throw; }
	catch (ConfigError&) { rollback(); throw; }
	catch (std::exception& exc)
	{
		rollback();
		translate(exc, what);
	}
}

void OdbcConnection::execute(const std::string& sql)
{
	try
	{
		Poco::Data::Statement stmt(*_session);
		stmt << sql;
		stmt.execute();
	}
	catch (std::exception& exc)
	{
		translate(exc, sql);
	}
}

void OdbcConnection::translate(const std::exception& exc, const std::string& sql)
{
	if (auto* e = dynamic_cast<const Poco::Data::ODBC::StatementException*>(&exc)) rethrowOdbc(*e, sql);
	if (auto* e = dynamic_cast<const Poco::Data::ODBC::ConnectionException*>(&exc)) rethrowOdbc(*e, sql);
	// Poco's session found the connection dead (its message is the
	// connection string, password included: not passed on).
	if (dynamic_cast<const Poco::Data::NotConnectedException*>(&exc))
		throw DatabaseUnavailable("the connection to the database was lost", sql);
	throw;
}

void OdbcConnection::throwDiagnostics(SQLSMALLINT handleType, SQLHANDLE handle, const std::string& sql)
{
	std::string state = "HY000";
	long native = 0;
	std::string text;
	for (SQLSMALLINT i = 1; i <= 10; ++i)
	{
		SQLCHAR st[6] = {0};
		SQLCHAR msg[1024] = {0};
		SQLINTEGER nat = 0;
		SQLSMALLINT len = 0;
		if (!SQL_SUCCEEDED(SQLGetDiagRec(handleType, handle, i, st, &nat, msg, sizeof(msg), &len))) break;
		if (i == 1)
		{
			state = reinterpret_cast<char*>(st);
			native = nat;
		}
		else text += " | ";
		text += reinterpret_cast<char*>(msg);
	}
	throwFor(state, native, text, sql);
}

bool OdbcConnection::isConnectionLost(const std::string& sqlState, long nativeError)
{
	if (sqlState.compare(0, 2, "08") == 0) return true;
	if (sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03") return true;
	if (nativeError == 2006 || nativeError == 2013) return true; // MySQL/MariaDB client codes
	return false;
}

bool OdbcConnection::isBusy(const std::string& sqlState, long nativeError, const std::string& driverText)
{
	if (sqlState == "40001" || sqlState == "40P01" || sqlState == "55P03") return true;
	if (nativeError == 1205 || nativeError == 1213) return true; // MySQL/MariaDB lock wait timeout, deadlock
	// SQLite's driver reports SQLITE_BUSY (5) and SQLITE_LOCKED (6) as HY000.
	return (nativeError == 5 || nativeError == 6) && driverText.find("is locked") != std::string::npos;
}

} } // namespace mailbridge::mapping
