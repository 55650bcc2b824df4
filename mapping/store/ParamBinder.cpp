//
// ParamBinder.cpp
//

#include "mapping/store/ParamBinder.h"
#include <Poco/Data/ODBC/ODBCException.h>
#include <Poco/Data/ODBC/SessionImpl.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/UnicodeConverter.h>
#include <sql.h>
#include <sqlext.h>
#include <deque>

using namespace Poco::Data::Keywords;

namespace mailbridge {
namespace mapping {

ParamBinder::Value& ParamBinder::slot(const std::string& name)
{
	Value& v = _values[name];
	v = Value();
	return v;
}

void ParamBinder::text(const std::string& name, const std::string& value)
{
	Value& v = slot(name);
	if (value.size() > LONG_TEXT)
	{
		v.kind = Wide;
		Poco::UnicodeConverter::convert(value, v.wide);
	}
	else
	{
		v.kind = Text;
		v.text = value;
	}
}

void ParamBinder::nullableText(const std::string& name, const std::string& value)
{
	if (value.empty()) null(name);
	else text(name, value);
}

void ParamBinder::integer(const std::string& name, Poco::Int64 value)
{
	Value& v = slot(name);
	v.kind = Integer;
	v.integer = value;
}

void ParamBinder::timestamp(const std::string& name, const Poco::DateTime& value)
{
	Value& v = slot(name);
	v.kind = Timestamp;
	v.timestamp = value;
}

void ParamBinder::null(const std::string& name)
{
	Value& v = slot(name);
	v.kind = NullableText;
	v.nullable.clear();
}

void ParamBinder::blob(const std::string& name, const std::string& bytes)
{
	Value& v = slot(name);
	v.kind = Blob;
	v.blob = Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

bool ParamBinder::has(const std::string& name) const
{
	return _values.count(name) != 0;
}

void ParamBinder::bind(Poco::Data::Statement& statement, const SqlStatement& sql)
{
	for (const auto& name: sql.params)
	{
		auto it = _values.find(name);
		if (it == _values.end()) throw Poco::NotFoundException("no value for parameter", name);
		Value& v = it->second;
		switch (v.kind)
		{
		case Text: statement, use(v.text); break;
		case Wide: statement, use(v.wide); break;
		case NullableText:
		case Null: statement, use(v.nullable); break;
		case Integer: statement, use(v.integer); break;
		case Timestamp: statement, use(v.timestamp); break;
		case Blob: statement, use(v.blob); break;
		}
	}
}

std::size_t ParamBinder::execute(Poco::Data::Session& session, const SqlStatement& sql)
{
	Poco::Data::Statement statement(session);
	statement << sql.text;
	bind(statement, sql);
	return statement.execute();
}

std::size_t ParamBinder::executeCounted(Poco::Data::Session& session, const SqlStatement& sql)
{
	// Poco 1.11 answers 1 for any statement with bound values, whatever
	// SQLRowCount says, so this one goes to the ODBC handle directly.
	auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(session.impl());
	if (!impl) throw Poco::InvalidArgumentException("not an ODBC session");
	SQLHDBC dbc = impl->dbc();
	SQLHSTMT stmt = SQL_NULL_HSTMT;
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt)))
		throw Poco::Data::ODBC::ConnectionException(dbc);
	struct Handle
	{
		SQLHSTMT h;
		~Handle() { SQLFreeHandle(SQL_HANDLE_STMT, h); }
	} guard{stmt};

	auto check = [&](SQLRETURN rc) {
		if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) throw Poco::Data::ODBC::StatementException(stmt);
	};
	check(SQLPrepare(stmt, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.text.c_str())), SQL_NTS));

	// Buffers ODBC reads at SQLExecute: node-stable, alive until then.
	std::deque<SQLLEN> lengths;
	std::deque<SQL_TIMESTAMP_STRUCT> times;
	SQLUSMALLINT n = 0;
	for (const auto& name: sql.params)
	{
		auto it = _values.find(name);
		if (it == _values.end()) throw Poco::NotFoundException("no value for parameter", name);
		Value& v = it->second;
		++n;
		SQLLEN& length = (lengths.push_back(0), lengths.back());
		switch (v.kind)
		{
		case Text:
			length = static_cast<SQLLEN>(v.text.size());
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, v.text.size() + 1, 0,
				const_cast<char*>(v.text.data()), 0, &length));
			break;
		case Wide:
			length = static_cast<SQLLEN>(v.wide.size() * sizeof(Poco::UTF16Char));
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WLONGVARCHAR, v.wide.size() + 1, 0,
				const_cast<Poco::UTF16Char*>(v.wide.data()), 0, &length));
			break;
		case NullableText:
		case Null:
			length = SQL_NULL_DATA;
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 1, 0, nullptr, 0, &length));
			break;
		case Integer:
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &v.integer, 0, &length));
			break;
		case Timestamp:
		{
			SQL_TIMESTAMP_STRUCT t{};
			t.year = static_cast<SQLSMALLINT>(v.timestamp.year());
			t.month = static_cast<SQLUSMALLINT>(v.timestamp.month());
			t.day = static_cast<SQLUSMALLINT>(v.timestamp.day());
			t.hour = static_cast<SQLUSMALLINT>(v.timestamp.hour());
			t.minute = static_cast<SQLUSMALLINT>(v.timestamp.minute());
			t.second = static_cast<SQLUSMALLINT>(v.timestamp.second());
			// Milliseconds, as Poco binds a DateTime: a time written here
			// compares equal to the same time bound by execute().
			t.fraction = static_cast<SQLUINTEGER>(v.timestamp.millisecond()) * 1000000;
			times.push_back(t);
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6,
				&times.back(), 0, &length));
			break;
		}
		case Blob:
			length = static_cast<SQLLEN>(v.blob.size());
			check(SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_BINARY, SQL_LONGVARBINARY, v.blob.size(), 0,
				const_cast<unsigned char*>(v.blob.rawContent()), 0, &length));
			break;
		}
	}
	SQLRETURN rc = SQLExecute(stmt);
	if (rc == SQL_NO_DATA) return 0; // a searched UPDATE or DELETE that matched nothing
	check(rc);
	SQLLEN rows = 0;
	check(SQLRowCount(stmt, &rows));
	return rows < 0 ? 0 : static_cast<std::size_t>(rows);
}

} } // namespace mailbridge::mapping
