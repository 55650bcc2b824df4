//
// MappedOutboundQueue.cpp
//

#include "mapping/store/MappedOutboundQueue.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/RawStatement.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace mailbridge {
namespace mapping {

namespace {

RawStatement::Param key(const std::string& id)
{
	// An INTEGER key column wants a number: plain decimal ids go as one.
	RawStatement::Param p;
	Poco::Int64 n;
	bool canonical = !id.empty() && id.size() < 19 && (id == "0" || (id[0] != '0' && id[0] != '-' && id[0] != '+'))
		&& Poco::NumberParser::tryParse64(id, n);
	if (canonical)
	{
		p.kind = RawStatement::Param::Integer;
		p.integer = n;
	}
	else
	{
		p.kind = RawStatement::Param::Text;
		p.text = id;
	}
	return p;
}

RawStatement::Param text(const std::string& value, bool emptyIsNull)
{
	RawStatement::Param p;
	p.kind = value.empty() && emptyIsNull ? RawStatement::Param::Null : RawStatement::Param::Text;
	p.text = value;
	return p;
}

} // namespace

MappedOutboundQueue::MappedOutboundQueue(OdbcConnection& db, const Mapping& mapping):
	_db(db),
	_mapping(mapping),
	_sql(mapping, db.dialect())
{
	if (!mapping.outbound.present) throw Poco::NotFoundException("the mapping has no outbound queue");
}

std::vector<QueuedMessage> MappedOutboundQueue::due(std::size_t limit, std::size_t offset)
{
	SqlStatement sql = _sql.outboundSelect(limit, offset);
	std::vector<QueuedMessage> out;
	try
	{
		Poco::Data::Statement stmt(_db.session());
		stmt << sql.text;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			auto cell = [&rs](std::size_t i)
			{
				return rs.value(i).isEmpty() ? std::string() : Poco::trimRight(rs.value(i).convert<std::string>());
			};
			QueuedMessage m;
			m.id = cell(0);
			for (std::size_t i = 0; i < _mapping.outbound.fields.size(); ++i)
				m.fields[_mapping.outbound.fields[i].name] = cell(i + 1);
			out.push_back(m);
		}
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, sql.text);
	}
	return out;
}

bool MappedOutboundQueue::mark(const std::string& id, const std::string& state, const std::string& messageId,
	const std::string& reason)
{
	const OutboundMark* mark = nullptr;
	for (const auto& m: _mapping.outbound.marks)
		if (m.state == state) mark = &m;
	if (!mark) return false;
	SqlStatement sql = _sql.outboundMark(state);
	// Poco reports one "row" per execution of a statement with parameters,
	// whatever it changed: SQLRowCount tells whether the mark took.
	std::vector<RawStatement::Param> params;
	for (const auto& name: sql.params)
	{
		if (name == "id") params.push_back(key(id));
		else if (name == "value") params.push_back(text(mark->value, false));
		else if (name == "message_id") params.push_back(text(messageId, true));
		else if (name == "reason") params.push_back(text(reason, true));
		else throw StatementError("unknown placeholder :" + name + " in the mark for " + state, "", 0,
			"marks may use :id, :message_id and :reason");
	}
	RawStatement stmt(_db);
	return stmt.execute(sql.text, params) > 0;
}

} } // namespace mailbridge::mapping
