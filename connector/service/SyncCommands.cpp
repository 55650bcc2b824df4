// run, sync --once and backfill: the inbound pipeline driven three ways.
// run keeps every mailbox in sync until SIGTERM; sync --once makes one pass
// and exits (cron, tests); backfill visits a date range again after a
// mapping change, without duplicates.

#include "connector/service/BackfillProgress.h"
#include "connector/service/InboundWorkers.h"
#include "connector/service/Logging.h"
#include "connector/service/MailbridgeApp.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/MessageParsing.h"
#include "connector/service/OdbcStatusSink.h"
#include "connector/service/OutboxService.h"
#include "connector/service/PeopleWatcher.h"
#include "connector/service/UserMailboxes.h"
#include "connector/service/UsersWatcher.h"
#include "connector/service/WorkerPool.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/SchemaInstaller.h"
#include "connector/common/Errors.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <iostream>
#include <set>

#ifdef _WIN32
#include <io.h>
#define MB_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define MB_ISATTY(fd) isatty(fd)
#endif

namespace mailbridge {
namespace service {

namespace {

struct Inbound
	/// What every inbound command sets up first: the configuration, the
	/// mapping, the database (checked to hold mailbridge's tables) and the
	/// status table.
{
	Inbound(MailbridgeApp& app):
		config(ServiceConfig::load(app.configPath())),
		ats(bindMapping(config)),
		db(ats->connectionString()),
		status(db, [binding = ats] {
			// Short: a status write waits for this while a worker holds on.
			return std::unique_ptr<mapping::OdbcConnection>(new mapping::OdbcConnection(binding->connectionString(), 5));
		})
	{
		mapping::SchemaInstaller(db, app.shareDir(config.shareDir)).verify();
		// A column the mapping names and the table lacks would otherwise
		// fail every batch (or, on SQLite, read back as its own name).
		const std::vector<std::string> problems = ats->checkDatabase(db);
		if (!problems.empty())
			throw ConfigError("the mapping does not fit the database: " + problems.front()
				+ (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
				"mailbridge check-mapping " + config.mappingFile + " lists every problem");
		if (config.mailboxesFromUsers)
		{
			users = ats->userAddresses(db);
			mailboxes = UserMailboxes::merge(config, users);
		}
		else
		{
			mailboxes = config.mailboxes;
		}
		parts.ats = ats;
		parts.parser = parseMessageForSync;
		parts.status = &status;
	}

	std::vector<const MailboxConfig*> selected(MailbridgeApp& app) const
	{
		std::vector<const MailboxConfig*> out;
		if (app.hasOption("mailbox"))
		{
			const MailboxConfig* m = nullptr;
			const std::string wanted = Poco::toLower(app.option("mailbox"));
			for (const MailboxConfig& c: mailboxes)
				if (c.name == app.option("mailbox") || c.address == wanted) m = &c;
			if (!m) throw ConfigError(config.file + ": no mailbox named " + app.option("mailbox"));
			out.push_back(m);
		}
		else
		{
			for (const MailboxConfig& m: mailboxes) out.push_back(&m);
		}
		if (out.empty()) throw ConfigError(config.file + (config.mailboxesFromUsers
			? ": no [mailbox NAME] section, and the mapping's users table holds no address"
			: ": no [mailbox NAME] section"));
		return out;
	}

	ServiceConfig config;
	std::shared_ptr<const AtsBinding> ats;
	mapping::OdbcConnection db;
	OdbcStatusSink status;
	std::vector<std::string> users;        ///< the users table's addresses, with mailboxes_from_users
	std::vector<MailboxConfig> mailboxes;  ///< configured, then the users' own
	InboundParts parts;
};

int run(MailbridgeApp& app, const std::vector<std::string>&)
{
	Inbound inbound(app);
	setupLogging(inbound.config);
	Poco::Logger& log = Poco::Logger::get("mailbridge");
	const bool fromUsers = inbound.config.mailboxesFromUsers && !app.hasOption("mailbox");
	const std::vector<const MailboxConfig*> mailboxes = fromUsers ? std::vector<const MailboxConfig*>() : inbound.selected(app);
	std::vector<std::unique_ptr<MailboxWorker>> workers;
	std::vector<std::unique_ptr<OutboxWorker>> senders;
	for (const MailboxConfig* m: mailboxes)
	{
		workers.push_back(makeInboundWorker(inbound.config, *m, inbound.parts));
		senders.emplace_back(new OutboxWorker(*m, inbound.ats, sync::OutboxOptions()));
	}
	if (fromUsers)
	{
		for (const MailboxConfig& m: inbound.mailboxes)
		{
			workers.push_back(makeInboundWorker(inbound.config, m, inbound.parts));
			senders.emplace_back(new OutboxWorker(m, inbound.ats, sync::OutboxOptions()));
		}
	}
	const std::size_t count = workers.size();
	WorkerPool pool(std::move(workers), inbound.config.threads, Poco::Timespan(0, 200000), fromUsers);
	PeopleWatcher people(inbound.ats, inbound.config.peoplePoll, [&](const std::vector<std::string>& added) {
		pool.requestRescan(added);
	});
	// Users added to the ATS get a mailbox, users removed lose theirs; a
	// [mailbox NAME] section is never stopped this way.
	UsersWatcher users(inbound.ats, inbound.config.peoplePoll, inbound.users, [&](const std::vector<std::string>& addresses) {
		const std::vector<MailboxConfig> now = UserMailboxes::merge(inbound.config, addresses);
		std::set<std::string> wanted, running;
		for (const MailboxConfig& m: now) wanted.insert(m.address);
		for (const std::string& a: pool.addresses()) running.insert(a);
		for (const std::string& a: running)
		{
			if (wanted.count(a)) continue;
			log.information("mailbox %s: no longer in the users table; stopping it", a);
			pool.remove(a);
		}
		for (const MailboxConfig& m: now)
		{
			if (running.count(m.address)) continue;
			log.information("mailbox %s: new in the users table; starting it", m.address);
			pool.add(makeInboundWorker(inbound.config, m, inbound.parts));
		}
	});
	OutboxService outbox(std::move(senders), inbound.config.outboxPoll, inbound.config.retryMax);
	pool.start();
	people.start();
	if (fromUsers) users.start();
	outbox.start();
	log.information("mailbridge running: %z mailboxes on %z threads", count, pool.threads());
	app.waitForStop();
	log.information("stopping: finishing the batches in flight");
	outbox.stop();
	users.stop();
	people.stop();
	pool.stop();
	log.information("stopped");
	return 0;
}

int syncOnce(MailbridgeApp& app, const std::vector<std::string>&)
{
	if (!app.hasOption("once"))
		throw ConfigError("sync runs one pass: say 'mailbridge sync --once' (the daemon is 'mailbridge run')");
	Inbound inbound(app);
	int rc = 0;
	for (const MailboxConfig* m: inbound.selected(app))
	{
		std::unique_ptr<MailboxWorker> worker = makeInboundWorker(inbound.config, *m, inbound.parts);
		MailboxState state;
		try
		{
			sync::MailboxReport report = worker->runOnce();
			std::cout << m->name << " (" << m->address << "): fetched " << report.fetched << ", logged "
				<< report.logged << ", errors " << report.errors << "\n";
			const std::size_t sent = OutboxWorker(*m, inbound.ats, sync::OutboxOptions()).runOnce();
			if (sent) std::cout << m->name << " (" << m->address << "): outbox: " << sent << " queued messages handled\n";
			state.state = "idle";
			state.logged = report.logged;
		}
		catch (const std::exception& exc)
		{
			std::cout << m->name << " (" << m->address << "): " << describe(exc) << "\n";
			state.state = "stopped";
			state.lastError = describe(exc);
			if (rc == 0) rc = exitCodeFor(exc);
		}
		inbound.status.report(m->name, state);
	}
	return rc;
}

Poco::Timestamp dateOption(MailbridgeApp& app, const std::string& name)
{
	Poco::DateTime date;
	int tz = 0;
	if (!Poco::DateTimeParser::tryParse("%Y-%m-%d", app.option(name), date, tz))
		throw ConfigError("--" + name + " wants a date as YYYY-MM-DD, not '" + app.option(name) + "'");
	return date.timestamp();
}

int backfill(MailbridgeApp& app, const std::vector<std::string>&)
{
	if (!app.hasOption("since"))
		throw ConfigError("backfill needs --since YYYY-MM-DD (and optionally --until YYYY-MM-DD)");
	const Poco::Timestamp since = dateOption(app, "since");
	// --until names the last day included.
	const Poco::Timestamp before = app.hasOption("until")
		? dateOption(app, "until") + Poco::Timespan(1, 0, 0, 0, 0)
		: Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0);
	if (!(since < before)) throw ConfigError("backfill: --since is after --until");

	Inbound inbound(app);
	// The progress line goes with the summary, to stdout, and only when a
	// person watches it: redirected to a file it would be a mess of \r.
	const bool terminal = MB_ISATTY(1) != 0;
	int rc = 0;
	for (const MailboxConfig* m: inbound.selected(app))
	{
		std::unique_ptr<MailboxWorker> worker = makeInboundWorker(inbound.config, *m, inbound.parts);
		BackfillProgress progress(std::cout, m->name, terminal);
		try
		{
			sync::RescanScope scope;
			scope.since = since;
			scope.before = before;
			sync::RescanReport report = worker->rescan(scope, [&](const std::string& folder, std::size_t done, std::size_t total) {
				progress.update(folder, done, total);
			});
			progress.finish();
			std::cout << m->name << " (" << m->address << "): " << report.found << " messages in range, " << report.logged
				<< " logged (activities already written are kept, not repeated), " << report.errors << " errors, "
				<< report.missing << " gone from the server; " << BackfillProgress::summary(report.found, progress.elapsed())
				<< "\n";
		}
		catch (const std::exception& exc)
		{
			progress.finish();
			std::cout << m->name << " (" << m->address << "): " << describe(exc) << "\n";
			if (rc == 0) rc = exitCodeFor(exc);
		}
	}
	return rc;
}

struct Registration
{
	Registration()
	{
		MailbridgeApp::registerCommand("run", "run             keep every mailbox in sync until stopped (add --daemon to detach)", run);
		MailbridgeApp::registerCommand("sync", "sync --once     one pass over every mailbox (or --mailbox NAME), then exit", syncOnce);
		MailbridgeApp::registerCommand("backfill",
			"backfill        --since DATE [--until DATE] [--mailbox NAME]: log that range again, no duplicates", backfill);
	}
} registration;

} // namespace

} } // namespace mailbridge::service
