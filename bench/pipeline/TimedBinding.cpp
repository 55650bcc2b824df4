//
// TimedBinding.cpp
//

#include "bench/pipeline/TimedBinding.h"
#include "bench/pipeline/TimedActivityWriter.h"
#include "bench/pipeline/TimedContentSource.h"
#include "bench/pipeline/TimedPeopleDirectory.h"
#include "connector/service/MimeContentSource.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/OdbcConnection.h"

namespace mailbridge {
namespace bench {

TimedBinding::TimedBinding(std::shared_ptr<const service::MappingBinding> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

std::string TimedBinding::connectionString() const
{
	return _inner->connectionString();
}

std::unique_ptr<sync::PeopleDirectory> TimedBinding::people(mapping::OdbcConnection& db) const
{
	return std::unique_ptr<sync::PeopleDirectory>(new TimedPeopleDirectory(_inner->people(db), _clock));
}

std::unique_ptr<mapping::ActivityWriter> TimedBinding::activities(mapping::OdbcConnection& db, const std::string& imapHost) const
{
	auto content = std::make_shared<TimedContentSource>(std::make_shared<service::MimeContentSource>(), _clock);
	std::unique_ptr<mapping::ActivityWriter> writer(
		new mapping::MappedActivityWriter(_inner->mapping(), db.dialect(), imapHost, content));
	return std::unique_ptr<mapping::ActivityWriter>(new TimedActivityWriter(std::move(writer), _clock));
}

std::unique_ptr<mapping::BounceMarker> TimedBinding::bounces(mapping::OdbcConnection& db) const
{
	return _inner->bounces(db);
}

std::vector<std::string> TimedBinding::allAddresses(mapping::OdbcConnection& db) const
{
	return _inner->allAddresses(db);
}

} } // namespace mailbridge::bench
