//
// TimedBinding.h
//
// The mapping file's ATS binding, handing out timed parts: the people
// lookup and the activity writer (with its content source) each report to
// a StageClock. Everything else is the daemon's MappingBinding unchanged.
//

#ifndef MB_Bench_TimedBinding_INCLUDED
#define MB_Bench_TimedBinding_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/service/MappingBinding.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedBinding: public service::AtsBinding
{
public:
	TimedBinding(std::shared_ptr<const service::MappingBinding> inner, StageClock& clock);

	std::string connectionString() const override;
	std::unique_ptr<sync::PeopleDirectory> people(mapping::OdbcConnection& db) const override;
	std::unique_ptr<mapping::ActivityWriter> activities(mapping::OdbcConnection& db, const std::string& imapHost) const override;
		/// The writer MappingBinding builds (MappedActivityWriter over
		/// MimeContentSource), with both parts timed.
	std::unique_ptr<mapping::BounceMarker> bounces(mapping::OdbcConnection& db) const override;
	std::vector<std::string> allAddresses(mapping::OdbcConnection& db) const override;

private:
	std::shared_ptr<const service::MappingBinding> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
