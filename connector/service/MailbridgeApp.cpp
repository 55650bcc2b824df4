#include "connector/service/MailbridgeApp.h"

#include "connector/common/Errors.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>

#ifndef MB_SHARE_FROM_BIN
#define MB_SHARE_FROM_BIN "../share/mailbridge"
#endif
#ifndef MB_INSTALL_SHARE_DIR
#define MB_INSTALL_SHARE_DIR "/usr/share/mailbridge"
#endif

namespace mailbridge {
namespace service {

namespace {

struct Registered
{
	std::string usage;
	MailbridgeApp::Command command;
};

std::map<std::string, Registered>& commands()
{
	static std::map<std::string, Registered> registry;
	return registry;
}

} // namespace

MailbridgeApp::MailbridgeApp():
	// Taken before run() daemonizes: --daemon changes the working directory
	// to / before main() reads the configuration.
	_startDir(Poco::Path::current())
{
	setUnixOptions(true);
}

void MailbridgeApp::registerCommand(const std::string& name, const std::string& usage, Command command)
{
	commands()[name] = Registered{usage, std::move(command)};
}

void MailbridgeApp::defineOptions(Poco::Util::OptionSet& options)
{
	ServerApplication::defineOptions(options);
	auto add = [&](const char* full, const char* shortName, const char* text, const char* arg) {
		Poco::Util::Option o(full, shortName, text);
		o.required(false).repeatable(false);
		if (arg) o.argument(arg);
		options.addOption(o);
	};
	add("help", "h", "show this help", nullptr);
	add("config", "c", "the configuration file", "FILE");
	add("once", "", "sync: one pass over every mailbox, then exit", nullptr);
	add("mailbox", "", "only this mailbox (name or address)", "NAME");
	add("since", "", "backfill: from this date (YYYY-MM-DD)", "DATE");
	add("until", "", "backfill: up to this date (YYYY-MM-DD)", "DATE");
	add("direction", "", "preview: in or out", "DIR");
	add("share", "", "where sql/<dialect>/ is installed", "DIR");
	add("odbc", "", "the database's ODBC connection string (password from MAILBRIDGE_DB_PASSWORD)", "CONN");
}

void MailbridgeApp::handleOption(const std::string& name, const std::string& value)
{
	ServerApplication::handleOption(name, value);
	if (name == "help")
	{
		_help = true;
		stopOptionsProcessing();
	}
	_options[name] = value;
}

std::string MailbridgeApp::option(const std::string& name, const std::string& fallback) const
{
	auto it = _options.find(name);
	return it == _options.end() ? fallback : it->second;
}

bool MailbridgeApp::hasOption(const std::string& name) const
{
	return _options.count(name) != 0;
}

std::string MailbridgeApp::configPath() const
{
	if (hasOption("config")) return absolute(option("config"));
	return absolute(Poco::Environment::get("MAILBRIDGE_CONFIG", "/etc/mailbridge/mailbridge.conf"));
}

std::string MailbridgeApp::absolute(const std::string& path) const
{
	return Poco::Path(path).absolute(Poco::Path(_startDir)).toString();
}

std::string MailbridgeApp::shareDir(const std::string& configured) const
{
	if (hasOption("share")) return absolute(option("share"));
	if (!configured.empty()) return configured;
	std::string env = Poco::Environment::get("MAILBRIDGE_SHARE", "");
	if (!env.empty()) return env;
	// Installed layout: bin/mailbridge and share/mailbridge/sql/, under
	// whatever prefix the files were installed to.
	Poco::Path share(Poco::Path(config().getString("application.dir", "/usr/bin/")), Poco::Path(MB_SHARE_FROM_BIN + std::string("/")));
	share.makeAbsolute();
	if (Poco::File(share.toString() + "sql").exists()) return share.toString();
	return MB_INSTALL_SHARE_DIR;
}

bool MailbridgeApp::terminationRequested() const
{
	return false;
}

int MailbridgeApp::waitForStop()
{
	waitForTerminationRequest();
	return EXIT_OK;
}

void MailbridgeApp::usage() const
{
	Poco::Util::HelpFormatter help(options());
	help.setCommand(commandName());
	help.setUsage("COMMAND [OPTIONS]");
	std::string text = "mailbridge logs recruiters' email as activities in an ATS database.\n\nCommands:\n";
	for (auto& c: commands()) text += "  " + c.second.usage + "\n";
	help.setHeader(text + "\nOptions:");
	help.format(std::cout);
}

int MailbridgeApp::main(const std::vector<std::string>& args)
{
	if (_help || args.empty())
	{
		usage();
		return _help ? EXIT_OK : EXIT_USAGE;
	}
	auto it = commands().find(args.front());
	if (it == commands().end())
	{
		std::cerr << "mailbridge: unknown command '" << args.front() << "'; run 'mailbridge --help' for the list" << std::endl;
		return EXIT_USAGE;
	}
	try
	{
		return it->second.command(*this, std::vector<std::string>(args.begin() + 1, args.end()));
	}
	catch (const std::exception& exc)
	{
		std::cerr << "mailbridge: " << describe(exc) << std::endl;
		return exitCodeFor(exc);
	}
}

int exitCodeFor(const std::exception& exc)
{
	switch (classify(exc))
	{
	case FailureKind::Final: return Poco::Util::Application::EXIT_CONFIG;
	case FailureKind::Mailbox: return Poco::Util::Application::EXIT_UNAVAILABLE;
	case FailureKind::Message: return Poco::Util::Application::EXIT_DATAERR;
	case FailureKind::Transient: return Poco::Util::Application::EXIT_TEMPFAIL;
	}
	return Poco::Util::Application::EXIT_SOFTWARE;
}

} } // namespace mailbridge::service
