// install-schema and status: the commands a DBA runs against the database
// itself. install-schema applies sql/<dialect>/install.sql (idempotent);
// status prints every mailbox's health from mb_mailbox_status. status finds
// the database through the configuration's mapping, as the daemon does, or
// through --odbc for a DBA who has no configuration at hand.

#include "connector/service/MailbridgeApp.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/OdbcStatusSink.h"
#include "connector/service/ServiceConfig.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/SchemaInstaller.h"
#include "connector/common/Errors.h"
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <iostream>

namespace mailbridge {
namespace service {

namespace {

std::string connectionString(MailbridgeApp& app)
{
	std::string odbc = app.option("odbc", Poco::Environment::get("MAILBRIDGE_ODBC", ""));
	if (odbc.empty())
		throw ConfigError("no database given", "pass --odbc \"DSN=...\" or set MAILBRIDGE_ODBC");
	// The password stays out of the command line (and ps): PWD from the environment.
	std::string password = Poco::Environment::get("MAILBRIDGE_DB_PASSWORD", "");
	if (!password.empty()) odbc += (odbc.back() == ';' ? "" : ";") + std::string("PWD={") + password + "}";
	return odbc;
}

int installSchema(MailbridgeApp& app, const std::vector<std::string>&)
{
	mapping::OdbcConnection db(connectionString(app));
	mapping::SchemaInstaller installer(db, app.shareDir());
	std::cout << "database: " << db.dbmsName() << " " << db.dbmsVersion() << " (" << db.dialect().name() << ")\n"
		<< "script: " << installer.scriptPath("install.sql") << "\n";
	auto result = installer.install();
	installer.verify();
	std::cout << (result == mapping::SchemaInstaller::INSTALLED ? "installed" : "already current")
		<< ": mailbridge tables version " << installer.installedVersion() << "\n";
	return 0;
}

int status(MailbridgeApp& app, const std::vector<std::string>&)
{
	std::string odbc, share;
	if (app.hasOption("odbc") || (!app.hasOption("config") && !Poco::Environment::get("MAILBRIDGE_ODBC", "").empty()))
	{
		odbc = connectionString(app);
		share = app.shareDir();
	}
	else
	{
		const std::string path = app.configPath();
		if (!app.hasOption("config") && !Poco::File(path).exists())
			throw ConfigError("no configuration at " + path,
				"pass --config FILE, or name the database with --odbc \"DSN=...\" (or MAILBRIDGE_ODBC)");
		const ServiceConfig config = ServiceConfig::load(path);
		odbc = bindMapping(config)->connectionString();
		share = app.shareDir(config.shareDir);
	}
	mapping::OdbcConnection db(odbc);
	mapping::SchemaInstaller(db, share).verify();
	OdbcStatusSink::print(std::cout, OdbcStatusSink::read(db));
	return 0;
}

struct Registration
{
	Registration()
	{
		MailbridgeApp::registerCommand("install-schema",
			"install-schema  create mailbridge's own mb_* tables (safe to run twice)", installSchema);
		MailbridgeApp::registerCommand("status",
			"status          each mailbox's state, last sync, lag and last error (--config, or --odbc)", status);
	}
} registration;

} // namespace

} } // namespace mailbridge::service
