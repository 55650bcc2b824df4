//
// Logging.h
//
// Sets up Poco logging from the service configuration: the console or a
// rotating file, optionally syslog too. Each mailbox logs through its own
// logger ("mailbridge.mailbox.<name>"), so every line says whose it is.
//

#ifndef MB_Service_Logging_INCLUDED
#define MB_Service_Logging_INCLUDED

#include <Poco/Logger.h>

#include <string>

namespace mailbridge {
namespace service {

struct ServiceConfig;

void setupLogging(const ServiceConfig& config);
	/// Replaces the root channel. Throws ConfigError when the log file's
	/// folder does not exist.

Poco::Logger& mailboxLogger(const std::string& mailboxName);

} } // namespace mailbridge::service

#endif
