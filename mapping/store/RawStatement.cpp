//
// RawStatement.cpp
//

#include "mapping/store/RawStatement.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/PreparedStatement.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/ODBC/SessionImpl.h>
#include <Poco/DateTime.h>
#include <sqlext.h>
#include <cstring>

namespace mailbridge {
namespace mapping {

RawStatement::RawStatement(OdbcConnection& db)
{
	auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(db.session().impl());
	if (!impl) throw StatementError("not an ODBC session", "", 0, "raw statements need ODBC");
	SQLHDBC dbc = impl->dbc();
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &_h)))
		throw StatementError("cannot allocate a statement handle", "HY001", 0, "SQLAllocHandle failed");
}

RawStatement::~RawStatement()
{
	SQLFreeHandle(SQL_HANDLE_STMT, _h);
}

SQLHSTMT RawStatement::handle() const
{
	return _h;
}

void RawStatement::check(SQLRETURN rc, const std::string& what)
{
	if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) return;
	SQLCHAR state[6] = {0}, text[1024] = {0};
	SQLINTEGER native = 0;
	SQLSMALLINT len = 0;
	SQLGetDiagRec(SQL_HANDLE_STMT, _h, 1, state, &native, text, sizeof(text), &len);
	std::string s(reinterpret_cast<char*>(state));
	std::string t(reinterpret_cast<char*>(text));
	if (OdbcConnection::isConnectionLost(s, native)) throw DatabaseUnavailable(what + ": " + s + " " + t);
	if (OdbcConnection::isBusy(s, native, t)) throw DatabaseBusy(what + ": " + s + " " + t);
	throw StatementError(what, s, native, t);
}

long RawStatement::execute(const std::string& sql, const std::vector<Param>& params)
{
	_wide.assign(params.size(), Poco::UTF16String());
	_integers.assign(params.size(), 0);
	_lengths.assign(params.size(), 0);
	_times.assign(params.size(), SQL_TIMESTAMP_STRUCT{});
	for (std::size_t i = 0; i < params.size(); ++i)
	{
		const Param& p = params[i];
		SQLUSMALLINT n = static_cast<SQLUSMALLINT>(i + 1);
		SQLRETURN rc;
		if (p.kind == Param::Integer)
		{
			_integers[i] = p.integer;
			rc = SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &_integers[i], 0, nullptr);
		}
		else if (p.kind == Param::Timestamp)
		{
			SQL_TIMESTAMP_STRUCT& t = _times[i];
			const Poco::DateTime d(p.timestamp);
			t.year = static_cast<SQLSMALLINT>(d.year());
			t.month = static_cast<SQLUSMALLINT>(d.month());
			t.day = static_cast<SQLUSMALLINT>(d.day());
			t.hour = static_cast<SQLUSMALLINT>(d.hour());
			t.minute = static_cast<SQLUSMALLINT>(d.minute());
			t.second = static_cast<SQLUSMALLINT>(d.second());
			t.fraction = static_cast<SQLUINTEGER>(d.millisecond()) * 1000000;
			rc = SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 23, 3, &t, 0, nullptr);
		}
		else
		{
			if (p.kind == Param::Text) PreparedStatement::toUtf16(p.text, _wide[i]);
			_lengths[i] = p.kind == Param::Null ? SQL_NULL_DATA : static_cast<SQLLEN>(_wide[i].size() * sizeof(Poco::UTF16Char));
			SQLULEN size = _wide[i].empty() ? 1 : _wide[i].size();
			rc = SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, size, 0,
				p.kind == Param::Null ? nullptr : const_cast<Poco::UTF16Char*>(_wide[i].data()),
				p.kind == Param::Null ? 0 : _lengths[i], &_lengths[i]);
		}
		check(rc, "binding parameter " + std::to_string(i + 1) + " of " + sql);
	}
	std::string text = sql;
	check(SQLExecDirect(_h, reinterpret_cast<SQLCHAR*>(&text[0]), SQL_NTS), sql);
	SQLLEN rows = 0;
	check(SQLRowCount(_h, &rows), sql);
	SQLFreeStmt(_h, SQL_CLOSE);
	SQLFreeStmt(_h, SQL_RESET_PARAMS);
	return static_cast<long>(rows);
}

std::string RawStatement::text(SQLUSMALLINT column)
{
	char buf[512];
	SQLLEN ind = 0;
	SQLRETURN rc = SQLGetData(_h, column, SQL_C_CHAR, buf, sizeof(buf), &ind);
	if (!SQL_SUCCEEDED(rc) || ind == SQL_NULL_DATA) return std::string();
	return std::string(buf, ind >= 0 && ind < static_cast<SQLLEN>(sizeof(buf)) ? static_cast<std::size_t>(ind) : std::strlen(buf));
}

long RawStatement::number(SQLUSMALLINT column, bool& isNull)
{
	SQLINTEGER v = 0;
	SQLLEN ind = 0;
	SQLRETURN rc = SQLGetData(_h, column, SQL_C_SLONG, &v, 0, &ind);
	isNull = !SQL_SUCCEEDED(rc) || ind == SQL_NULL_DATA;
	return v;
}

} } // namespace mailbridge::mapping
