//
// UserMailboxes.h
//
// With mailboxes_from_users = yes, every address in the mapping's users
// table is a mailbox with the [defaults] settings; a [mailbox NAME] section
// for the same address wins. "{address}" in user, password_file and
// password_env is the place where each mailbox's own address goes.
//

#ifndef MB_Service_UserMailboxes_INCLUDED
#define MB_Service_UserMailboxes_INCLUDED

#include "connector/service/ServiceConfig.h"

#include <string>
#include <vector>

namespace mailbridge {
namespace service {

class UserMailboxes
{
public:
	static MailboxConfig fromDefaults(const ServiceConfig& config, const std::string& address);
		/// The mailbox for a user's address: [defaults] with the address put
		/// in, named after the address.

	static std::vector<MailboxConfig> merge(const ServiceConfig& config, const std::vector<std::string>& userAddresses);
		/// The configured mailboxes, then one per user address that is not
		/// already a configured mailbox's address or alias (sorted, without
		/// duplicates). Addresses without '@' are left out.

	static void substituteAddress(MailboxConfig& mailbox);
		/// Replaces "{address}" in user and password_file with the address,
		/// and in password_env with the address in capitals, every character
		/// other than A-Z and 0-9 turned into '_' (alice@example.com ->
		/// ALICE_EXAMPLE_COM), as environment variable names allow.

	static std::string environmentName(const std::string& address);
		/// The address as password_env substitutes it.
};

} } // namespace mailbridge::service

#endif
