//
// StoreErrors.h
//
// Database failures, typed by what the caller does next.
//

#ifndef MB_Mapping_StoreErrors_INCLUDED
#define MB_Mapping_StoreErrors_INCLUDED

#include "connector/common/Errors.h"
#include <string>

namespace mailbridge {
namespace mapping {

POCO_DECLARE_EXCEPTION(, DatabaseUnavailable, TransientError)
	/// SQLSTATE class 08, or the driver's "server gone" (MariaDB 2006/2013,
	/// PostgreSQL 57P01..03): retry the batch later. The message carries
	/// the SQLSTATE and the driver's text.

POCO_DECLARE_EXCEPTION(, DatabaseBusy, TransientError)
	/// Another session's lock outlasted the wait: SQLite's "database is
	/// locked", a lock wait timeout, a deadlock or serialization failure
	/// (SQLSTATE 40001/40P01, 55P03, MariaDB 1205). Nothing is wrong with the
	/// message being written: retry the batch later.

class StatementError: public MessageError
	/// A statement failed (constraint, type, length, syntax). Carries the
	/// SQLSTATE, the native error code and the driver's text, and, when the
	/// store knows them, the message and column being written.
{
public:
	StatementError(const std::string& what, const std::string& sqlState, long nativeError,
		const std::string& driverText);
	StatementError(const StatementError& other) = default;
	~StatementError() noexcept;
	StatementError& operator=(const StatementError& other) = default;

	const char* name() const noexcept;
	const char* className() const noexcept;
	Poco::Exception* clone() const;
	void rethrow() const;

	const std::string& sqlState() const;
	long nativeError() const;
	const std::string& driverText() const;

	const std::string& messageRef() const;   ///< the message being written (Message-ID or mailbox/folder/uid)
	const std::string& column() const;       ///< table.column, when known
	void setContext(const std::string& messageRef, const std::string& column);
		/// Adds where it happened; also appended to displayText().

private:
	std::string _sqlState;
	long _nativeError;
	std::string _driverText;
	std::string _messageRef;
	std::string _column;
};

} } // namespace mailbridge::mapping

#endif
