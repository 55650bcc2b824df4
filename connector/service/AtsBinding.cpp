#include "connector/service/AtsBinding.h"
#include "connector/common/Errors.h"

namespace mailbridge {
namespace service {

std::vector<std::string> AtsBinding::checkDatabase(mapping::OdbcConnection&) const
{
	return {};
}

std::vector<std::string> AtsBinding::userAddresses(mapping::OdbcConnection&) const
{
	throw ConfigError("mailboxes_from_users = yes needs a users table, and this ATS binding has none");
}

} } // namespace mailbridge::service
