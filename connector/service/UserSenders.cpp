//
// UserSenders.cpp
//

#include "connector/service/UserSenders.h"
#include "mapping/model/Mapping.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/OdbcConnection.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

namespace mailbridge {
namespace service {

namespace {

const Poco::Timestamp::TimeDiff RELOAD = 60 * Poco::Timestamp::resolution();

std::string cell(Poco::Data::RecordSet& rs, std::size_t column)
{
	return rs.value(column).isEmpty() ? std::string() : Poco::trim(rs.value(column).convert<std::string>());
}

} // namespace

UserSenders::UserSenders(mapping::OdbcConnection& db, const mapping::Mapping& mapping):
	_db(db),
	_mapping(mapping)
{
}

void UserSenders::refresh()
{
	if (!_mapping.users.present || (_loaded && !_loadedAt.isElapsed(RELOAD))) return;
	std::map<std::string, std::string> byKey, byAddress;
	const mapping::SqlStatement q = mapping::MappingSql(_mapping, _db.dialect()).usersSenders();
	try
	{
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			const std::string key = cell(rs, 0), name = cell(rs, 2);
			bool first = true;
			for (const std::string& a: mapping::MappedPeopleDirectory::split(cell(rs, 1), _mapping.users.separator))
			{
				if (a.empty()) continue;
				if (first) byKey[key] = a;
				first = false;
				if (!name.empty()) byAddress.emplace(a, name);
			}
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	_addressByKey.swap(byKey);
	_nameByAddress.swap(byAddress);
	_loaded = true;
	_loadedAt.update();
}

std::string UserSenders::addressOf(const std::string& userKey)
{
	refresh();
	auto it = _addressByKey.find(Poco::trim(userKey));
	return it == _addressByKey.end() ? std::string() : it->second;
}

std::string UserSenders::displayName(const std::string& address)
{
	refresh();
	auto it = _nameByAddress.find(Poco::toLower(Poco::trim(address)));
	return it == _nameByAddress.end() ? std::string() : it->second;
}

} } // namespace mailbridge::service
