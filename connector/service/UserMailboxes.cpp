#include "connector/service/UserMailboxes.h"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace mailbridge {
namespace service {

namespace {

const std::string PLACEHOLDER = "{address}";

} // namespace

std::string UserMailboxes::environmentName(const std::string& address)
{
	std::string out;
	for (unsigned char c: address)
		out += std::isalnum(c) && c < 0x80 ? static_cast<char>(std::toupper(c)) : '_';
	return out;
}

void UserMailboxes::substituteAddress(MailboxConfig& mailbox)
{
	Poco::replaceInPlace(mailbox.user, PLACEHOLDER, mailbox.address);
	Poco::replaceInPlace(mailbox.secret.file, PLACEHOLDER, mailbox.address);
	Poco::replaceInPlace(mailbox.secret.env, PLACEHOLDER, environmentName(mailbox.address));
}

MailboxConfig UserMailboxes::fromDefaults(const ServiceConfig& config, const std::string& address)
{
	MailboxConfig m = config.defaults;
	m.address = Poco::toLower(Poco::trim(address));
	m.name = m.address;
	m.where = config.file + ": the mapping's users table";
	if (m.port == 0) m.port = m.tls == TlsMode::Implicit ? 993 : 143;
	if (m.user.empty()) m.user = m.address;
	if (m.smtpHost.empty()) m.smtpHost = m.host;
	substituteAddress(m);
	return m;
}

std::vector<MailboxConfig> UserMailboxes::merge(const ServiceConfig& config, const std::vector<std::string>& userAddresses)
{
	std::vector<MailboxConfig> out = config.mailboxes;
	std::set<std::string> taken;
	for (const MailboxConfig& m: config.mailboxes)
	{
		taken.insert(m.address);
		taken.insert(m.aliases.begin(), m.aliases.end());
	}
	std::set<std::string> users;
	for (const std::string& a: userAddresses)
	{
		const std::string address = Poco::toLower(Poco::trim(a));
		if (address.find('@') != std::string::npos && !taken.count(address)) users.insert(address);
	}
	for (const std::string& address: users) out.push_back(fromDefaults(config, address));
	return out;
}

} } // namespace mailbridge::service
