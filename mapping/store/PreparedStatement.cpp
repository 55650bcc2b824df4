//
// PreparedStatement.cpp
//

#include "mapping/store/PreparedStatement.h"
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/UnicodeConverter.h>

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

bool PreparedStatement::accepts(const std::vector<std::pair<std::string, BoundValue>>& values) const
{
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const BoundValue* v = find(values, _sql.params[i]);
		if (!v) return false;
		if (v->type == BoundValue::Null) continue;
		if (v->type != _slots[i].type) return false;
	}
	return true;
}

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
	const std::vector<std::pair<std::string, BoundValue>>& values, bool yieldsValue):
	_sql(sql),
	_slots(sql.params.size()),
	_statement(session),
	_yieldsValue(yieldsValue)
{
	_statement << _sql.text;
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		Slot& s = _slots[i];
		const BoundValue* v = find(values, _sql.params[i]);
		if (!v) throw Poco::NotFoundException("no value for parameter", _sql.params[i]);
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

void PreparedStatement::set(const std::vector<std::pair<std::string, BoundValue>>& values)
{
	for (std::size_t i = 0; i < _slots.size(); ++i)
	{
		const BoundValue* v = find(values, _sql.params[i]);
		if (!v) throw Poco::NotFoundException("no value for parameter", _sql.params[i]);
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
			Poco::UTF16String wide;
			Poco::UnicodeConverter::convert(v->text, wide);
			s.text = wide;
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
