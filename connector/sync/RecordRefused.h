//
// RecordRefused.h
//
// The store refused one record of a batch (a value the database will not
// take). The batch was rolled back; the engine records that message as an
// error and commits the rest, so one bad message never blocks its folder.
//

#ifndef MB_Sync_RecordRefused_INCLUDED
#define MB_Sync_RecordRefused_INCLUDED

#include "connector/common/Errors.h"
#include <cstdint>

namespace mailbridge {
namespace sync {

class RecordRefused: public MessageError
{
public:
	RecordRefused(std::uint32_t uid, const std::string& why);
	std::uint32_t uid() const { return _uid; }
	const char* name() const noexcept override;
	const char* className() const noexcept override;
	Poco::Exception* clone() const override;
	void rethrow() const override;

private:
	std::uint32_t _uid;
};

} } // namespace mailbridge::sync

#endif
