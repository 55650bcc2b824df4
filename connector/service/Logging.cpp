#include "connector/service/Logging.h"

#include "connector/common/Errors.h"
#include "connector/service/ServiceConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/File.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Path.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>
#include <Poco/SyslogChannel.h>

namespace mailbridge {
namespace service {

void setupLogging(const ServiceConfig& config)
{
	Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);

	Poco::AutoPtr<Poco::PatternFormatter> pattern(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %q %s: %t"));
	pattern->setProperty("times", "local");
	Poco::AutoPtr<Poco::Channel> sink;
	if (config.logFile.empty())
	{
		sink = new Poco::ConsoleChannel;
	}
	else
	{
		Poco::Path dir = Poco::Path(config.logFile).parent();
		if (!Poco::File(dir).exists())
			throw ConfigError(config.file + ": the log folder " + dir.toString() + " does not exist");
		Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(config.logFile));
		file->setProperty("rotation", "10 M");
		file->setProperty("archive", "timestamp");
		file->setProperty("purgeCount", "10");
		file->setProperty("flush", "false");
		sink = file;
	}
	splitter->addChannel(new Poco::FormattingChannel(pattern, sink));
	if (config.syslog)
	{
		Poco::AutoPtr<Poco::PatternFormatter> plain(new Poco::PatternFormatter("%s: %t"));
		Poco::AutoPtr<Poco::SyslogChannel> syslog(new Poco::SyslogChannel("mailbridge", Poco::SyslogChannel::SYSLOG_PID,
			Poco::SyslogChannel::SYSLOG_DAEMON));
		splitter->addChannel(new Poco::FormattingChannel(plain, syslog));
	}
	Poco::Logger::root().setChannel(splitter);
	Poco::Logger::root().setLevel(config.logLevel);
	// Loggers made before this point keep their old channel and level.
	Poco::Logger::setChannel("", splitter);
	Poco::Logger::setLevel("", Poco::Logger::parseLevel(config.logLevel));
}

Poco::Logger& mailboxLogger(const std::string& mailboxName)
{
	return Poco::Logger::get("mailbridge.mailbox." + mailboxName);
}

} } // namespace mailbridge::service
