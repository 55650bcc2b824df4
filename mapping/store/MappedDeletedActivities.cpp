//
// MappedDeletedActivities.cpp
//

#include "mapping/store/MappedDeletedActivities.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace mailbridge {
namespace mapping {

namespace {

void bindKey(ParamBinder& p, const std::string& name, const std::string& key)
{
	// An INTEGER key column wants a number (PostgreSQL compares no integer
	// with text): plain decimal keys go as one.
	Poco::Int64 n;
	bool canonical = !key.empty() && key.size() < 19 && (key == "0" || (key[0] != '0' && key[0] != '-' && key[0] != '+'))
		&& Poco::NumberParser::tryParse64(key, n);
	if (canonical) p.integer(name, n);
	else p.text(name, key);
}

} // namespace

MappedDeletedActivities::MappedDeletedActivities(OdbcConnection& db, const Mapping& mapping):
	_db(db),
	_mapping(mapping)
{
	if (!mapping.deleted.present) throw Poco::NotFoundException("the mapping has no <deleted-activities>");
}

std::set<std::string> MappedDeletedActivities::deleted(const std::vector<std::string>& keys)
{
	std::set<std::string> out;
	MappingSql sql(_mapping, _db.dialect());
	for (std::size_t start = 0; start < keys.size(); start += CHUNK)
	{
		const std::size_t n = std::min(CHUNK, keys.size() - start);
		const SqlStatement q = sql.activityDeletedSelect(n);
		std::set<std::string> present;
		try
		{
			ParamBinder p;
			if (!_mapping.deleted.column.empty()) p.text("value", _mapping.deleted.value);
			for (std::size_t i = 0; i < n; ++i) bindKey(p, "k" + std::to_string(i + 1), keys[start + i]);
			Poco::Data::Statement stmt(_db.session());
			stmt << q.text;
			p.bind(stmt, q);
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				const std::string key = Poco::trim(rs.value(0).convert<std::string>());
				present.insert(key);
				if (!rs.value(1).isEmpty() && rs.value(1).convert<int>() != 0) out.insert(key);
			}
		}
		catch (std::exception& exc)
		{
			OdbcConnection::translate(exc, q.text);
		}
		if (_mapping.deleted.rowGone)
			for (std::size_t i = 0; i < n; ++i)
				if (!present.count(Poco::trim(keys[start + i]))) out.insert(Poco::trim(keys[start + i]));
	}
	return out;
}

} } // namespace mailbridge::mapping
