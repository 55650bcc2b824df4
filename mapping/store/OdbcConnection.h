//
// OdbcConnection.h
//
// One Poco::Data ODBC session, its detected dialect, and the translation of
// ODBC failures into mailbridge's failure kinds.
//

#ifndef MB_Mapping_OdbcConnection_INCLUDED
#define MB_Mapping_OdbcConnection_INCLUDED

#include "mapping/sql/Dialect.h"
#include <Poco/Data/Session.h>
#include <exception>
#include <functional>
#include <memory>
#include <sql.h>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection
	/// Opens an ODBC connection (connection string as for SQLDriverConnect;
	/// the caller injects the password from its secrets) and detects the
	/// database from SQLGetInfo(SQL_DBMS_NAME, SQL_DBMS_VER).
{
public:
	explicit OdbcConnection(const std::string& connectionString, std::size_t loginTimeoutSeconds = 15);
		/// Throws DatabaseUnavailable when the server cannot be reached (class 08
		/// and friends), ConfigError when login or the connection string is wrong
		/// or the database is not supported.

	~OdbcConnection();

	static const std::size_t MAX_FIELD_SIZE = 4 * 1024 * 1024;
		/// The longest value bound or read (Poco's maxFieldSize).

	Poco::Data::Session& session();
	const Dialect& dialect() const;
	const std::string& dbmsName() const;
	const std::string& dbmsVersion() const;

	bool failedStatementAbortsTransaction() const;
		/// Whether, after a statement fails inside a transaction, the
		/// transaction goes on but takes no other statement until rolled back
		/// to a savepoint. PostgreSQL does so; psqlODBC hides it unless told
		/// Protocol=7.4-0: by default (7.4-2) it wraps every statement in a
		/// savepoint of its own and rolls back to it, and with 7.4-1 it rolls
		/// the whole transaction back itself. (A savepoint of ours would not
		/// survive either.) The other databases roll back the failed
		/// statement only.

	void begin();
		/// Starts a transaction (Poco's ODBC session refuses begin() in
		/// autocommit mode, so autocommit is switched off until commit/rollback).
		/// On SQLite it is the SQL of Dialect::beginTransaction() instead,
		/// and COMMIT / ROLLBACK end it.

	void commit();
	void rollback();
		/// Never throws: called on the way out of a failure.

	void onRollback(std::function<void()> undo);
		/// Runs undo (newest first) if the open transaction is rolled back:
		/// for what the database cannot take back itself, such as an
		/// attachment's file. Forgotten at commit, even a commit that fails:
		/// its rows may have been kept, and a file nobody points at is better
		/// than a row pointing at no file. Outside a transaction, nothing to do.

	void withMaxFieldSize(std::size_t bytes, const std::function<void()>& work);
		/// Runs work with a larger limit on a value read (an attachment's
		/// bytes), then restores MAX_FIELD_SIZE, even when work throws.

	void transaction(const std::string& what, const std::function<void()>& work);
		/// begin(), work(), commit(); on any exception rollback() and
		/// rethrow: mailbridge's own failures (DatabaseUnavailable,
		/// StatementError, a refused record...) as they are, anything else
		/// through translate() naming `what`.

	void execute(const std::string& sql);
		/// Runs one statement without parameters. Throws as translate().

	[[noreturn]] static void translate(const std::exception& exc, const std::string& sql);
		/// Rethrows an exception from Poco Data/ODBC as DatabaseUnavailable
		/// (connection lost), DatabaseBusy (a lock held elsewhere) or StatementError (anything else a statement
		/// reports); other exceptions are rethrown as they are. Must be called
		/// from inside a catch block.

	[[noreturn]] static void throwDiagnostics(SQLSMALLINT handleType, SQLHANDLE handle, const std::string& sql);
		/// Throws what translate() would for the diagnostic records of a
		/// handle a plain ODBC call failed on.

	static bool isConnectionLost(const std::string& sqlState, long nativeError);
		/// SQLSTATE class 08, PostgreSQL admin shutdown 57P0x, or MariaDB/MySQL
		/// 2006 (server gone away) / 2013 (lost connection) under HY000.

	static bool isBusy(const std::string& sqlState, long nativeError, const std::string& driverText);
		/// A lock held elsewhere outlasted the wait: SQLSTATE 40001, 40P01,
		/// 55P03, MariaDB/MySQL 1205/1213, or SQLite's SQLITE_BUSY/LOCKED
		/// (native 5/6, "... is locked").

private:
	void endTransaction(bool commit);
		/// COMMIT or ROLLBACK, the way begin() started the transaction.

	OdbcConnection(const OdbcConnection&) = delete;
	OdbcConnection& operator=(const OdbcConnection&) = delete;

	std::unique_ptr<Poco::Data::Session> _session;
	bool _abortsOnFailure = false;
	bool _inTransaction = false;
	std::vector<std::function<void()>> _undo;
	std::string _dbmsName;
	std::string _dbmsVersion;
	std::unique_ptr<Dialect> _dialect;
};

} } // namespace mailbridge::mapping

#endif
