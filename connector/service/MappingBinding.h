//
// MappingBinding.h
//
// The ATS binding the mapping file describes: its connection, the people
// tables as a PeopleDirectory, the activities (and documents) written by
// MappedActivityWriter with the parsed message's content.
//

#ifndef MB_Service_MappingBinding_INCLUDED
#define MB_Service_MappingBinding_INCLUDED

#include "connector/service/AtsBinding.h"
#include "connector/service/ServiceConfig.h"
#include "mapping/model/Mapping.h"

#include <memory>

namespace mailbridge {
namespace service {

class MappingBinding: public AtsBinding
{
public:
	explicit MappingBinding(const mapping::Mapping& mapping);

	std::string connectionString() const override;
	std::unique_ptr<sync::PeopleDirectory> people(mapping::OdbcConnection& db) const override;
	std::unique_ptr<mapping::ActivityWriter> activities(mapping::OdbcConnection& db, const std::string& imapHost) const override;
	std::unique_ptr<mapping::BounceMarker> bounces(mapping::OdbcConnection& db) const override;
	std::vector<std::string> allAddresses(mapping::OdbcConnection& db) const override;
	std::vector<std::string> checkDatabase(mapping::OdbcConnection& db) const override;
	std::vector<std::string> userAddresses(mapping::OdbcConnection& db) const override;

	const mapping::Mapping& mapping() const { return _mapping; }

private:
	mapping::Mapping _mapping;
};

std::shared_ptr<const AtsBinding> bindMapping(const ServiceConfig& config);
	/// Reads and validates the configuration's mapping file. Throws
	/// MappingError (a ConfigError) listing every problem with file:line.

} } // namespace mailbridge::service

#endif
