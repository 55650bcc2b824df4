// check-config: reads the configuration and says what it understood, so an
// operator can see the effect of a change before restarting the service.

#include "connector/service/MailbridgeApp.h"
#include "connector/service/ServiceConfig.h"

#include <iostream>

namespace mailbridge {
namespace service {

namespace {

int checkConfig(MailbridgeApp& app, const std::vector<std::string>&)
{
	ServiceConfig config = ServiceConfig::load(app.configPath());
	std::cout << "configuration " << config.file << " is valid\n"
		<< "  mapping: " << config.mappingFile << "\n"
		<< "  log: " << (config.logFile.empty() ? std::string("console") : config.logFile) << "\n"
		<< "  window: " << config.windowDays << " days, batches of " << config.batchSize << "\n";
	for (const MailboxConfig& m: config.mailboxes)
	{
		std::cout << "  mailbox " << m.name << ": " << m.address << " at " << m.host << ":" << m.port
			<< " (" << toString(m.tls) << ", " << toString(m.auth) << " as " << m.user << ")\n";
	}
	if (config.mailboxesFromUsers)
	{
		const MailboxConfig& d = config.defaults;
		std::cout << "  mailboxes from the mapping's users table: every address, at " << d.host << " (" << toString(d.tls)
			<< ", " << toString(d.auth) << " as " << (d.user.empty() ? std::string("{address}") : d.user) << "), secret from "
			<< (d.secret.file.empty() ? "$" + d.secret.env : d.secret.file) << "\n";
	}
	return 0;
}

struct Registration
{
	Registration()
	{
		MailbridgeApp::registerCommand("check-config", "check-config    read the configuration file and print what it says", checkConfig);
	}
} registration;

} // namespace

} } // namespace mailbridge::service
