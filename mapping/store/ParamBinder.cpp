//
// ParamBinder.cpp
//

#include "mapping/store/ParamBinder.h"
#include <Poco/Exception.h>
#include <Poco/UnicodeConverter.h>

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

} } // namespace mailbridge::mapping
