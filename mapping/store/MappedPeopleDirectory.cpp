//
// MappedPeopleDirectory.cpp
//

#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/NumberFormatter.h>
#include <Poco/String.h>
#include <algorithm>
#include <set>

namespace mailbridge {
namespace mapping {

namespace {

bool newer(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b)
	/// Whether a orders after b: numbers as numbers, dates and text as text
	/// (ISO dates sort as text); NULL is oldest.
{
	if (a.isEmpty()) return false;
	if (b.isEmpty()) return true;
	if (a.isNumeric() && b.isNumeric()) return a.convert<double>() > b.convert<double>();
	return a.convert<std::string>() > b.convert<std::string>();
}

} // namespace

MappedPeopleDirectory::MappedPeopleDirectory(OdbcConnection& db, const Mapping& mapping, std::size_t chunk):
	_db(db),
	_mapping(mapping),
	_sql(mapping, db.dialect()),
	_chunk(chunk ? chunk : DEFAULT_CHUNK)
{
}

std::string MappedPeopleDirectory::normalize(const std::string& address)
{
	return Poco::toLower(Poco::trim(address));
}

std::vector<std::string> MappedPeopleDirectory::split(const std::string& value, const std::string& separator)
{
	std::vector<std::string> out;
	if (separator.empty())
	{
		std::string a = normalize(value);
		if (!a.empty()) out.push_back(a);
		return out;
	}
	std::size_t start = 0;
	for (;;)
	{
		std::size_t end = value.find(separator, start);
		std::string a = normalize(value.substr(start, end == std::string::npos ? std::string::npos : end - start));
		if (!a.empty()) out.push_back(a);
		if (end == std::string::npos) break;
		start = end + separator.size();
	}
	return out;
}

std::map<std::string, std::vector<sync::PersonRef>> MappedPeopleDirectory::find(const std::vector<std::string>& addresses)
{
	std::set<std::string> unique;
	for (const auto& a: addresses)
	{
		std::string n = normalize(a);
		if (!n.empty()) unique.insert(n);
	}
	std::vector<std::string> all(unique.begin(), unique.end());
	std::map<std::string, std::vector<sync::PersonRef>> found;
	for (const auto& people: _mapping.people)
	{
		// Each query costs a round trip and a prepare: as many addresses as
		// the dialect's parameter limit allows, given this table's columns.
		const std::size_t perAddress = std::max<std::size_t>(1, _sql.peopleLookup(people, 1).params.size());
		const std::size_t most = std::max<std::size_t>(1, std::min(_chunk, _db.dialect().maxParameters() / perAddress));
		for (std::size_t i = 0; i < all.size(); i += most)
		{
			std::vector<std::string> chunk(all.begin() + i, all.begin() + std::min(all.size(), i + most));
			lookup(people, chunk, found);
		}
	}
	return found;
}

std::map<std::string, std::vector<sync::PersonRef>> MappedPeopleDirectory::findFor(const std::string& mailbox,
	const std::vector<std::string>& addresses)
{
	bool ownerRule = false;
	for (const auto& p: _mapping.people) ownerRule = ownerRule || p.ownerFirst;
	_owner = ownerRule ? ownerKey(mailbox) : std::string();
	try
	{
		auto found = find(addresses);
		_owner.clear();
		return found;
	}
	catch (...)
	{
		_owner.clear();
		throw;
	}
}

std::string MappedPeopleDirectory::ownerKey(const std::string& mailbox)
{
	if (!_usersLoaded && _mapping.users.present)
	{
		SqlStatement sql = _sql.usersSelect();
		try
		{
			Poco::Data::Statement stmt(_db.session());
			stmt << sql.text;
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				if (rs.value(0).isEmpty() || rs.value(1).isEmpty()) continue;
				std::string key = Poco::trimRight(rs.value(0).convert<std::string>());
				for (const auto& a: split(rs.value(1).convert<std::string>(), _mapping.users.separator))
					_users.emplace(a, key);
			}
		}
		catch (std::exception& exc)
		{
			OdbcConnection::translate(exc, sql.text);
		}
	}
	_usersLoaded = true;
	auto it = _users.find(normalize(mailbox));
	return it == _users.end() ? std::string() : it->second;
}

void MappedPeopleDirectory::lookup(const PeopleTable& people, const std::vector<std::string>& chunk,
	std::map<std::string, std::vector<sync::PersonRef>>& found)
{
	SqlStatement sql = _sql.peopleLookup(people, chunk.size());
	ParamBinder p;
	for (std::size_t i = 0; i < chunk.size(); ++i)
	{
		std::string n = Poco::NumberFormatter::format(i + 1);
		p.text("a" + n, chunk[i]);
		p.text("p" + n, "%;" + chunk[i] + ";%");
	}
	std::set<std::string> wanted(chunk.begin(), chunk.end());
	std::map<std::string, std::vector<std::pair<sync::PersonRef, Poco::Dynamic::Var>>> here;  // this table's matches
	try
	{
		Poco::Data::Statement stmt(_db.session());
		stmt << sql.text;
		p.bind(stmt, sql);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		auto cell = [&rs](std::size_t col) -> std::string
		{
			const Poco::Dynamic::Var& v = rs.value(col);
			return v.isEmpty() ? std::string() : Poco::trimRight(v.convert<std::string>());
		};
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			// Columns: keys, display name, [owner], [do-not-log], emails.
			std::size_t col = 0;
			sync::PersonRef ref;
			ref.table = people.name;
			ref.kind = people.kind;
			for (std::size_t k = 0; k < people.keyColumns.size(); ++k)
				ref.key += (k ? "|" : "") + cell(col++);
			++col;  // display name: for logs and previews only
			if (!people.ownerColumn.empty()) ref.ownerKey = cell(col++);
			if (!people.doNotLogColumn.empty())
			{
				std::string flag = Poco::toLower(cell(col++));
				for (const auto& v: people.doNotLogValues)
					if (!flag.empty() && flag == Poco::toLower(v)) ref.doNotLog = true;
			}
			std::set<std::string> matched;
			std::size_t newestCol = col + people.emails.size();
			for (const auto& e: people.emails)
				for (const auto& a: split(cell(col++), e.separator))
					if (wanted.count(a) && matched.insert(a).second)
					{
						sync::PersonRef r = ref;
						r.address = a;
						auto& list = here[a];
						bool seen = false;
						for (const auto& l: list) seen = seen || l.first == r;
						if (!seen) list.emplace_back(r, people.newestOnly ? rs.value(newestCol) : Poco::Dynamic::Var());
					}
		}
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, sql.text);
	}
	for (auto& h: here)
	{
		auto& list = found[h.first];
		if (people.newestOnly)
		{
			// Several rows of this table with the address: the newest stands for them all.
			auto best = h.second.begin();
			for (auto it = h.second.begin(); it != h.second.end(); ++it)
				if (newer(it->second, best->second)) best = it;
			list.push_back(best->first);
		}
		else
		{
			// several="owner": the mailbox owner's rows if there are any, else all.
			bool owned = false;
			if (people.ownerFirst && !_owner.empty())
				for (const auto& r: h.second) owned = owned || r.first.ownerKey == _owner;
			for (const auto& r: h.second)
				if (!owned || r.first.ownerKey == _owner) list.push_back(r.first);
		}
	}
}

} } // namespace mailbridge::mapping
