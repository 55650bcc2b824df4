//
// RecordRefused.cpp
//

#include "connector/sync/RecordRefused.h"
#include <typeinfo>

namespace mailbridge {
namespace sync {

RecordRefused::RecordRefused(std::uint32_t uid, const std::string& why):
	MessageError("UID " + std::to_string(uid) + " refused by the database", why),
	_uid(uid)
{
}

const char* RecordRefused::name() const noexcept { return "Record refused"; }
const char* RecordRefused::className() const noexcept { return typeid(*this).name(); }
Poco::Exception* RecordRefused::clone() const { return new RecordRefused(*this); }
void RecordRefused::rethrow() const { throw *this; }

} } // namespace mailbridge::sync
