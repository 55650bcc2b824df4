//
// PreparedStatement.cpp
//

#include "mapping/store/PreparedStatement.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/ODBC/SessionImpl.h>
#include <Poco/Data/ODBC/TypeInfo.h>
#include <Poco/Data/ODBC/Utility.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <sqlext.h>
#include <unordered_map>

namespace mailbridge {
namespace mapping {

namespace {

const BoundValue* find(const std::vector<std::pair<std::string, BoundValue>>& values, const std::string& name)
{
	for (const auto& v: values) if (v.first == name) return &v.second;
	return nullptr;
}

} // namespace

void PreparedStatement::toUtf16(const std::string& utf8, Poco::UTF16String& out)
{
	// Poco's UnicodeConverter walks a TextIterator per character; with a
	// 4 KB body per row that was the writer's hot spot.
	out.resize(utf8.size());  // never more UTF-16 units than UTF-8 bytes
	Poco::UTF16Char* o = &out[0];
	const unsigned char* p = reinterpret_cast<const unsigned char*>(utf8.data());
	const unsigned char* end = p + utf8.size();
	while (p < end)
	{
		unsigned c = *p;
		if (c < 0x80)
		{
			*o++ = static_cast<Poco::UTF16Char>(c);
			++p;
			continue;
		}
		int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
		unsigned cp = n == 3 ? (c & 0x07) : n == 2 ? (c & 0x0F) : (c & 0x1F);
		bool ok = n > 0 && end - p > n;
		for (int i = 1; ok && i <= n; ++i)
		{
			if ((p[i] & 0xC0) != 0x80) ok = false;
			else cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)
			|| (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || (n == 1 && cp < 0x80))
		{
			*o++ = 0xFFFD;
			++p;
			continue;
		}
		if (cp >= 0x10000)
		{
			cp -= 0x10000;
			*o++ = static_cast<Poco::UTF16Char>(0xD800 + (cp >> 10));
			*o++ = static_cast<Poco::UTF16Char>(0xDC00 + (cp & 0x3FF));
		}
		else *o++ = static_cast<Poco::UTF16Char>(cp);
		p += n + 1;
	}
	out.resize(static_cast<std::size_t>(o - out.data()));
}

std::vector<const BoundValue*> PreparedStatement::byPosition(const Named& values) const
{
	std::vector<const BoundValue*> out;
	const std::string* missing = positions(values, out);
	if (missing) throw Poco::NotFoundException("no value for parameter", *missing);
	return out;
}

const std::string* PreparedStatement::positions(const Named& values, std::vector<const BoundValue*>& out) const
{
	out.clear();
	out.reserve(_sql.params.size());
	if (values.size() <= 16)
	{
		for (const auto& name: _sql.params)
		{
			const BoundValue* v = find(values, name);
			if (!v) return &name;
			out.push_back(v);
		}
		return nullptr;
	}
	// A multi-row statement has hundreds of values: by name through an
	// index, not a scan per parameter. The first value of a name wins, as
	// with the scan.
	std::unordered_map<std::string, const BoundValue*> index(values.size() * 2);
	for (const auto& v: values) index.emplace(v.first, &v.second);
	for (const auto& name: _sql.params)
	{
		auto it = index.find(name);
		if (it == index.end()) return &name;
		out.push_back(it->second);
	}
	return nullptr;
}

bool PreparedStatement::accepts(const Named& values) const
{
	std::vector<const BoundValue*> positional;
	return !positions(values, positional) && accepts(positional);
}

bool PreparedStatement::accepts(const std::vector<const BoundValue*>& positional) const
{
	if (positional.size() != _slots.size()) return false;
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const BoundValue* v = positional[i];
		if (v->type == BoundValue::Null) continue;
		if (v->type != _slots[i].type) return false;
	}
	return true;
}

namespace {

SQLHDBC connectionHandle(Poco::Data::Session& session)
{
	auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(session.impl());
	if (!impl) throw Poco::InvalidArgumentException("prepared statements need an ODBC session");
	return impl->dbc();
}

const Poco::Data::ODBC::TypeInfo* typeInfo(Poco::Data::Session& session)
{
	auto* impl = dynamic_cast<Poco::Data::ODBC::SessionImpl*>(session.impl());
	const Poco::Any info = impl->dataTypeInfo();
	if (auto* p = Poco::AnyCast<const Poco::Data::ODBC::TypeInfo*>(&info)) return *p;
	if (auto* p = Poco::AnyCast<Poco::Data::ODBC::TypeInfo*>(&info)) return *p;
	return nullptr;
}

} // namespace

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
	const Named& values, bool yieldsValue):
	_sql(sql),
	_slots(sql.params.size()),
	_session(session),
	_yieldsValue(yieldsValue)
{
	typeSlots(byPosition(values));
}

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
	const std::vector<const BoundValue*>& positional, bool yieldsValue):
	_sql(sql),
	_slots(sql.params.size()),
	_session(session),
	_yieldsValue(yieldsValue)
{
	if (positional.size() != _slots.size())
		throw Poco::InvalidArgumentException("statement takes " + std::to_string(_slots.size()) + " values, not "
			+ std::to_string(positional.size()));
	typeSlots(positional);
}

PreparedStatement::~PreparedStatement()
{
	if (_h != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, _h);
}

void PreparedStatement::typeSlots(const std::vector<const BoundValue*>& positional)
{
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const BoundValue* v = positional[i];
		_slots[i].type = v->type == BoundValue::Null ? BoundValue::Text : v->type;
	}
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, connectionHandle(_session), &_h)))
	{
		_h = SQL_NULL_HSTMT;
		throw StatementError(_sql.text, "HY001", 0, "no statement handle could be allocated");
	}
	// The column size and digits Poco's binder finds in the driver's type
	// list for each C type (0 where the list has none).
	const Poco::Data::ODBC::TypeInfo* info = typeInfo(_session);
	auto shape = [info](SQLSMALLINT cType) {
		Shape s;
		if (!info) return s;
		Poco::DynamicAny v;
		try
		{
			if (info->tryGetInfo(cType, "COLUMN_SIZE", v) && !v.isEmpty()) s.size = v.convert<SQLULEN>();
			if (info->tryGetInfo(cType, "MINIMUM_SCALE", v) && !v.isEmpty()) s.digits = v.convert<SQLSMALLINT>();
		}
		catch (Poco::Exception&)
		{
		}
		return s;
	};
	_text = shape(SQL_C_WCHAR);
	_text.digits = 0;  // as Poco binds text
	_integer = shape(SQL_C_SBIGINT);
	_timestamp = shape(SQL_TYPE_TIMESTAMP);
	_null = shape(SQL_C_STINYINT);
}

void PreparedStatement::set(const Named& values)
{
	set(byPosition(values));
}

void PreparedStatement::set(const std::vector<const BoundValue*>& positional)
{
	if (positional.size() != _slots.size())
		throw Poco::InvalidArgumentException("statement takes " + std::to_string(_slots.size()) + " values");
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const BoundValue* v = positional[i];
		Slot& s = _slots[i];
		s.null = v->type == BoundValue::Null;
		if (s.null) continue;
		if (v->type != s.type) throw Poco::InvalidArgumentException("parameter " + _sql.params[i] + " changed type");  // accepts() first
		switch (s.type)
		{
		case BoundValue::Integer: s.integer = v->integer; break;
		case BoundValue::Timestamp: Poco::Data::ODBC::Utility::dateTimeSync(s.timestamp, v->timestamp); break;
		case BoundValue::Blob: s.blob = v->text; break;
		case BoundValue::Text: toUtf16(v->text, s.text); break;
		case BoundValue::Null: break;
		}
	}
}

void PreparedStatement::check(SQLRETURN rc)
{
	if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) return;
	OdbcConnection::throwDiagnostics(SQL_HANDLE_STMT, _h, _sql.text);
}

void PreparedStatement::closeAfter(SQLRETURN rc)
{
	// The diagnostics first: closing the cursor clears them.
	try
	{
		check(rc);
	}
	catch (...)
	{
		SQLFreeStmt(_h, SQL_CLOSE);
		throw;
	}
}

void PreparedStatement::bind(std::size_t i)
{
	Slot& s = _slots[i];
	const SQLUSMALLINT n = static_cast<SQLUSMALLINT>(i + 1);
	if (s.null)
	{
		s.indicator = SQL_NULL_DATA;
		check(SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_STINYINT,
			static_cast<SQLSMALLINT>(Poco::Data::ODBC::Utility::sqlDataType(SQL_C_STINYINT)), _null.size, _null.digits,
			nullptr, 0, &s.indicator));
		return;
	}
	switch (s.type)
	{
	case BoundValue::Integer:
		check(SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_SBIGINT,
			static_cast<SQLSMALLINT>(Poco::Data::ODBC::Utility::sqlDataType(SQL_C_SBIGINT)), _integer.size,
			_integer.digits, &s.integer, 0, nullptr));
		break;
	case BoundValue::Timestamp:
		s.indicator = sizeof(SQL_TIMESTAMP_STRUCT);
		check(SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, _timestamp.size,
			_timestamp.digits, &s.timestamp, 0, &s.indicator));
		break;
	case BoundValue::Blob:
		s.indicator = static_cast<SQLLEN>(s.blob.size());
		check(SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_BINARY, SQL_LONGVARBINARY, s.blob.size(), 0,
			const_cast<char*>(s.blob.data()), static_cast<SQLLEN>(s.blob.size()), &s.indicator));
		break;
	case BoundValue::Text:
	case BoundValue::Null:
		// Null-terminated, as Poco passes it: a U+0000 ends the text.
		s.indicator = SQL_NTS;
		check(SQLBindParameter(_h, n, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WLONGVARCHAR, _text.size, 0,
			const_cast<Poco::UTF16Char*>(s.text.c_str()), static_cast<SQLLEN>(s.text.size() * sizeof(Poco::UTF16Char)),
			&s.indicator));
		break;
	}
}

std::size_t PreparedStatement::execute()
{
	_result.clear();
	if (!_prepared)
	{
		std::string text = _sql.text;
		check(SQLPrepare(_h, reinterpret_cast<SQLCHAR*>(&text[0]), static_cast<SQLINTEGER>(text.size())));
		_prepared = true;
	}
	// Bound again each time: a text's buffer moves as it grows.
	for (std::size_t i = 0; i < _slots.size(); ++i) bind(i);
	SQLRETURN rc = SQLExecute(_h);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA)
	{
		closeAfter(rc);
	}
	SQLLEN rows = 0;
	if (!SQL_SUCCEEDED(SQLRowCount(_h, &rows)) || rows < 0) rows = 0;
	if (_yieldsValue && rc != SQL_NO_DATA)
	{
		SQLSMALLINT columns = 0;
		if (SQL_SUCCEEDED(SQLNumResultCols(_h, &columns)) && columns > 0)
		{
			rc = SQLFetch(_h);
			if (SQL_SUCCEEDED(rc))
			{
				char buf[256];
				SQLLEN length = 0;
				for (;;)
				{
					rc = SQLGetData(_h, 1, SQL_C_CHAR, buf, sizeof(buf), &length);
					if (rc == SQL_NO_DATA || !SQL_SUCCEEDED(rc) || length == SQL_NULL_DATA) break;
					const std::size_t got = length == SQL_NO_TOTAL || length >= static_cast<SQLLEN>(sizeof(buf))
						? sizeof(buf) - 1 : static_cast<std::size_t>(length);
					_result.append(buf, got);
					if (rc == SQL_SUCCESS) break;
				}
				if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA)
				{
					closeAfter(rc);
				}
				if (rows == 0) rows = 1;
			}
			else if (rc != SQL_NO_DATA)
			{
				closeAfter(rc);
			}
		}
	}
	SQLFreeStmt(_h, SQL_CLOSE);
	return static_cast<std::size_t>(rows);
}

std::string PreparedStatement::value() const
{
	return Poco::trimRight(_result);
}

const SqlStatement& PreparedStatement::sql() const
{
	return _sql;
}

} } // namespace mailbridge::mapping
