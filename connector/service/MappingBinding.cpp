#include "connector/service/MappingBinding.h"
#include "connector/service/MimeContentSource.h"
#include "connector/common/Errors.h"
#include "mapping/model/MappingParser.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/MappingChecker.h"
#include "mapping/store/MappingConnection.h"
#include "mapping/store/OdbcConnection.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

namespace mailbridge {
namespace service {

MappingBinding::MappingBinding(const mapping::Mapping& mapping):
	_mapping(mapping)
{
}

std::string MappingBinding::connectionString() const
{
	return mapping::MappingConnection::connectionString(_mapping);
}

std::unique_ptr<sync::PeopleDirectory> MappingBinding::people(mapping::OdbcConnection& db) const
{
	return std::unique_ptr<sync::PeopleDirectory>(new mapping::MappedPeopleDirectory(db, _mapping));
}

std::unique_ptr<mapping::ActivityWriter> MappingBinding::activities(mapping::OdbcConnection& db, const std::string& imapHost) const
{
	return std::unique_ptr<mapping::ActivityWriter>(
		new mapping::MappedActivityWriter(_mapping, db.dialect(), imapHost, std::make_shared<MimeContentSource>()));
}

std::unique_ptr<mapping::BounceMarker> MappingBinding::bounces(mapping::OdbcConnection& db) const
{
	if (!_mapping.bounce.present) return nullptr;
	return std::unique_ptr<mapping::BounceMarker>(new mapping::BounceMarker(_mapping, db.dialect()));
}

std::vector<std::string> MappingBinding::allAddresses(mapping::OdbcConnection& db) const
{
	std::vector<std::string> out;
	mapping::MappingSql sql(_mapping, db.dialect());
	for (const mapping::PeopleTable& table: _mapping.people)
	{
		const mapping::SqlStatement q = sql.peopleAddresses(table);
		try
		{
			Poco::Data::Statement stmt(db.session());
			stmt << q.text;
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				for (std::size_t c = 0; c < table.emails.size(); ++c)
				{
					if (rs.value(c).isEmpty()) continue;
					for (const std::string& a: mapping::MappedPeopleDirectory::split(rs.value(c).convert<std::string>(), table.emails[c].separator))
						if (!a.empty()) out.push_back(a);
				}
			}
		}
		catch (std::exception& exc)
		{
			mapping::OdbcConnection::translate(exc, q.text);
		}
	}
	std::sort(out.begin(), out.end());
	out.erase(std::unique(out.begin(), out.end()), out.end());
	return out;
}

std::vector<std::string> MappingBinding::checkDatabase(mapping::OdbcConnection& db) const
{
	return mapping::MappingChecker(db, _mapping).check();
}

std::vector<std::string> MappingBinding::userAddresses(mapping::OdbcConnection& db) const
{
	if (!_mapping.users.present)
		throw ConfigError(_mapping.file + ": mailboxes_from_users = yes needs a <users> table in the mapping");
	std::vector<std::string> out;
	const mapping::SqlStatement q = mapping::MappingSql(_mapping, db.dialect()).usersSelect();
	try
	{
		Poco::Data::Statement stmt(db.session());
		stmt << q.text;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			if (rs.value(1).isEmpty()) continue;
			for (const std::string& a: mapping::MappedPeopleDirectory::split(rs.value(1).convert<std::string>(), _mapping.users.separator))
				if (!a.empty()) out.push_back(a);
		}
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	std::sort(out.begin(), out.end());
	out.erase(std::unique(out.begin(), out.end()), out.end());
	return out;
}

std::shared_ptr<const AtsBinding> bindMapping(const ServiceConfig& config)
{
	mapping::Mapping m = mapping::MappingParser::parseFile(config.mappingFile);
	if (config.policy.unknownSender == sync::UnknownSenderPolicy::Create && !m.createTable())
		throw ConfigError(config.file + ": unknown_sender = create needs a <create> element in one <people> table of " +
			config.mappingFile + " (see docs/mapping.md)");
	return std::make_shared<MappingBinding>(m);
}

} } // namespace mailbridge::service
