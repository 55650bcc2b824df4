//
// StoreErrors.cpp
//

#include "mapping/store/StoreErrors.h"
#include <typeinfo>

namespace mailbridge {
namespace mapping {

POCO_IMPLEMENT_EXCEPTION(DatabaseUnavailable, TransientError, "Database unavailable")
POCO_IMPLEMENT_EXCEPTION(DatabaseBusy, TransientError, "Database busy")

StatementError::StatementError(const std::string& what, const std::string& sqlState, long nativeError,
	const std::string& driverText):
	MessageError(what, "SQLSTATE " + sqlState + ": " + driverText),
	_sqlState(sqlState),
	_nativeError(nativeError),
	_driverText(driverText)
{
}

StatementError::~StatementError() noexcept
{
}

const char* StatementError::name() const noexcept
{
	return "SQL statement failed";
}

const char* StatementError::className() const noexcept
{
	return typeid(*this).name();
}

Poco::Exception* StatementError::clone() const
{
	return new StatementError(*this);
}

void StatementError::rethrow() const
{
	throw *this;
}

const std::string& StatementError::sqlState() const
{
	return _sqlState;
}

long StatementError::nativeError() const
{
	return _nativeError;
}

const std::string& StatementError::driverText() const
{
	return _driverText;
}

const std::string& StatementError::messageRef() const
{
	return _messageRef;
}

const std::string& StatementError::column() const
{
	return _column;
}

void StatementError::setContext(const std::string& messageRef, const std::string& column)
{
	_messageRef = messageRef;
	_column = column;
	std::string where;
	if (!messageRef.empty()) where += " [message " + messageRef + "]";
	if (!column.empty()) where += " [column " + column + "]";
	message(message() + where);
}

} } // namespace mailbridge::mapping
