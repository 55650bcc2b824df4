//
// PreparedStatement.cpp
//

#include "mapping/store/PreparedStatement.h"
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <unordered_map>

using namespace Poco::Data::Keywords;

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

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
	const Named& values, bool yieldsValue):
	_sql(sql),
	_slots(sql.params.size()),
	_statement(session),
	_yieldsValue(yieldsValue)
{
	bindSlots(byPosition(values));
}

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
	const std::vector<const BoundValue*>& positional, bool yieldsValue):
	_sql(sql),
	_slots(sql.params.size()),
	_statement(session),
	_yieldsValue(yieldsValue)
{
	if (positional.size() != _slots.size())
		throw Poco::InvalidArgumentException("statement takes " + std::to_string(_slots.size()) + " values, not "
			+ std::to_string(positional.size()));
	bindSlots(positional);
}

void PreparedStatement::bindSlots(const std::vector<const BoundValue*>& positional)
{
	_statement << _sql.text;
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		Slot& s = _slots[i];
		const BoundValue* v = positional[i];
		s.type = v->type == BoundValue::Null ? BoundValue::Text : v->type;
		switch (s.type)
		{
		case BoundValue::Integer: _statement, use(s.integer); break;
		case BoundValue::Timestamp: _statement, use(s.timestamp); break;
		case BoundValue::Blob: _statement, use(s.blob); break;
		case BoundValue::Text:
		case BoundValue::Null: _statement, use(s.text); break;
		}
	}
	if (_yieldsValue) _statement, into(_result);
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
		if (v->type == BoundValue::Null)
		{
			s.text.clear();
			s.integer.clear();
			s.timestamp.clear();
			continue;
		}
		if (v->type != s.type) throw Poco::InvalidArgumentException("parameter " + _sql.params[i] + " changed type");  // accepts() first
		switch (s.type)
		{
		case BoundValue::Integer: s.integer = v->integer; break;
		case BoundValue::Timestamp: s.timestamp = v->timestamp; break;
		case BoundValue::Blob:
			s.blob = Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(v->text.data()), v->text.size());
			break;
		case BoundValue::Text:
		{
			if (s.text.isNull()) s.text = Poco::UTF16String();
			toUtf16(v->text, s.text.value());
			break;
		}
		case BoundValue::Null: break;
		}
	}
}

std::size_t PreparedStatement::execute()
{
	_result.clear();
	return _statement.execute();
}

std::string PreparedStatement::value() const
{
	return _result.isNull() ? std::string() : Poco::trimRight(_result.value());
}

const SqlStatement& PreparedStatement::sql() const
{
	return _sql;
}

} } // namespace mailbridge::mapping
