#include "connector/service/ServiceConfig.h"

#include "connector/common/Errors.h"
#include "connector/service/IniFile.h"
#include "connector/service/UserMailboxes.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace mailbridge {
namespace service {

namespace {

// Reads one section against the keys valid in it; each handler gets the value.
class SectionReader
{
public:
	using Handler = std::function<void(const IniEntry&)>;

	SectionReader(const IniFile& file, const IniSection& section): _file(file), _section(section) {}

	SectionReader& on(const std::string& key, Handler handler)
	{
		_handlers.emplace(key, std::move(handler));
		return *this;
	}

	void run() const
	{
		for (const IniEntry& entry: _section.entries)
		{
			auto it = _handlers.find(entry.key);
			if (it == _handlers.end())
			{
				std::string valid;
				for (auto& h: _handlers) valid += (valid.empty() ? "" : ", ") + h.first;
				throw ConfigError(_file.where(entry.line) + ": unknown setting '" + entry.key + "' in [" +
					(_section.name.empty() ? "(no section)" : _section.name) + "]; valid here: " + valid);
			}
			it->second(entry);
		}
	}

private:
	const IniFile& _file;
	const IniSection& _section;
	std::map<std::string, Handler> _handlers;
};

struct Values
{
	const IniFile& file;
	std::string baseDir;

	std::string where(const IniEntry& e) const { return file.where(e.line); }

	int integer(const IniEntry& e, int min, int max, const std::string& why = std::string()) const
	{
		int value = 0;
		if (!Poco::NumberParser::tryParse(e.value, value) || value < min || value > max)
			throw ConfigError(where(e) + ": '" + e.key + "' must be a whole number from " + std::to_string(min) +
				" to " + std::to_string(max) + ", not '" + e.value + "'" + (why.empty() ? "" : " (" + why + ")"));
		return value;
	}

	Poco::Timespan seconds(const IniEntry& e, int min, int max) const
	{
		return Poco::Timespan(integer(e, min, max), 0);
	}

	bool boolean(const IniEntry& e) const
	{
		std::string v = Poco::toLower(e.value);
		if (v == "yes" || v == "true" || v == "on" || v == "1") return true;
		if (v == "no" || v == "false" || v == "off" || v == "0") return false;
		throw ConfigError(where(e) + ": '" + e.key + "' must be yes or no, not '" + e.value + "'");
	}

	template <typename T>
	T choice(const IniEntry& e, const std::map<std::string, T>& options) const
	{
		auto it = options.find(Poco::toLower(e.value));
		if (it != options.end()) return it->second;
		std::string valid;
		for (auto& o: options) valid += (valid.empty() ? "" : ", ") + o.first;
		throw ConfigError(where(e) + ": '" + e.key + "' must be one of " + valid + ", not '" + e.value + "'");
	}

	std::vector<std::string> list(const IniEntry& e, bool lower = true) const
	{
		std::vector<std::string> out;
		Poco::StringTokenizer tokens(e.value, ",;", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& t: tokens) out.push_back(lower ? Poco::toLower(t) : t);
		return out;
	}

	std::string path(const IniEntry& e) const
	{
		if (e.value.empty()) throw ConfigError(where(e) + ": '" + e.key + "' needs a path");
		Poco::Path p(e.value);
		if (p.isAbsolute()) return p.toString();
		Poco::Path base(baseDir);
		base.makeDirectory(); // "/etc/mailbridge" is a folder here, not a file
		return base.resolve(p).toString();
	}

	std::string text(const IniEntry& e) const
	{
		if (e.value.empty()) throw ConfigError(where(e) + ": '" + e.key + "' needs a value");
		return e.value;
	}
};

const std::map<std::string, TlsMode> TLS_MODES = {{"implicit", TlsMode::Implicit}, {"starttls", TlsMode::StartTls}, {"none", TlsMode::None}};
const std::map<std::string, AuthMethod> AUTH_METHODS = {{"plain", AuthMethod::Plain}, {"login", AuthMethod::Login},
	{"xoauth2", AuthMethod::XOAuth2}, {"oauthbearer", AuthMethod::OAuthBearer}};
const std::map<std::string, DeleteOnServer> DELETES = {{"no", DeleteOnServer::No}, {"trash", DeleteOnServer::Trash},
	{"expunge", DeleteOnServer::Expunge}};
const std::map<std::string, sync::FilterPolicy> FILTERS = {{"skip", sync::FilterPolicy::Skip}, {"log", sync::FilterPolicy::Log}};
const std::map<std::string, sync::UnknownSenderPolicy> UNKNOWN = {{"ignore", sync::UnknownSenderPolicy::Ignore},
	{"stage", sync::UnknownSenderPolicy::Stage}, {"create", sync::UnknownSenderPolicy::Create}};

void readMailbox(const Values& v, const IniSection& section, MailboxConfig& m, bool& inlineAllowed)
{
	SectionReader(v.file, section)
		.on("address", [&](const IniEntry& e) { m.address = Poco::toLower(v.text(e)); })
		.on("display_name", [&](const IniEntry& e) { m.displayName = v.text(e); })
		.on("aliases", [&](const IniEntry& e) { m.aliases = v.list(e); })
		.on("host", [&](const IniEntry& e) { m.host = v.text(e); })
		.on("port", [&](const IniEntry& e) { m.port = v.integer(e, 1, 65535); })
		.on("tls", [&](const IniEntry& e) { m.tls = v.choice(e, TLS_MODES); })
		.on("ca_file", [&](const IniEntry& e) { m.caFile = v.path(e); })
		.on("allow_insecure", [&](const IniEntry& e) { m.allowInsecure = v.boolean(e); })
		.on("auth", [&](const IniEntry& e) { m.auth = v.choice(e, AUTH_METHODS); })
		.on("user", [&](const IniEntry& e) { m.user = v.text(e); })
		.on("password_env", [&](const IniEntry& e) { m.secret = Secret{v.text(e), "", "", v.where(e)}; })
		.on("password_file", [&](const IniEntry& e) { m.secret = Secret{"", v.path(e), "", v.where(e)}; })
		.on("password", [&](const IniEntry& e) { m.secret = Secret{"", "", v.text(e), v.where(e)}; })
		.on("allow_inline_password", [&](const IniEntry& e) { inlineAllowed = v.boolean(e); })
		.on("inbox", [&](const IniEntry& e) { m.folders.inbox = v.text(e); })
		.on("sent", [&](const IniEntry& e) { m.folders.sent = v.text(e); })
		.on("folders", [&](const IniEntry& e) { m.folders.extra = v.list(e, false); })
		.on("all_folders", [&](const IniEntry& e) { m.folders.allFolders = v.boolean(e); })
		.on("header_only", [&](const IniEntry& e) { m.headerOnly = v.boolean(e); })
		.on("idle", [&](const IniEntry& e) { m.idle = v.boolean(e); })
		.on("idle_sent", [&](const IniEntry& e) { m.idleSent = v.boolean(e); })
		.on("smtp_host", [&](const IniEntry& e) { m.smtpHost = v.text(e); })
		.on("smtp_port", [&](const IniEntry& e) { m.smtpPort = v.integer(e, 1, 65535); })
		.on("smtp_tls", [&](const IniEntry& e) { m.smtpTls = v.choice(e, TLS_MODES); })
		.on("provider_files_sent", [&](const IniEntry& e) { m.providerFilesSent = v.boolean(e); })
		.run();
}

} // namespace

std::string Secret::resolve() const
{
	if (!value.empty()) return value;
	if (!env.empty())
	{
		std::string s = Poco::Environment::get(env, "");
		if (s.empty()) throw MailboxError("the environment variable " + env + " (set at " + where + ") is not set or empty");
		return s;
	}
	if (!file.empty())
	{
		std::ifstream in(file, std::ios::binary);
		if (!in) throw MailboxError("cannot read the secret file " + file + " (set at " + where + ")");
		std::ostringstream s;
		s << in.rdbuf();
		std::string secret = s.str();
		while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
		if (secret.empty()) throw MailboxError("the secret file " + file + " (set at " + where + ") is empty");
		return secret;
	}
	throw MailboxError("no password or token is configured (password_env or password_file)");
}

ServiceConfig ServiceConfig::load(const std::string& path)
{
	Poco::Path absolute = Poco::Path(path).absolute();
	std::ifstream in(absolute.toString(), std::ios::binary);
	if (!in) throw ConfigError("cannot read configuration file", absolute.toString());
	std::ostringstream text;
	text << in.rdbuf();
	return parse(text.str(), absolute.toString(), absolute.parent().toString());
}

ServiceConfig ServiceConfig::parse(const std::string& text, const std::string& fileName, const std::string& baseDir)
{
	IniFile file = IniFile::parse(text, fileName);
	Values v{file, baseDir};
	ServiceConfig config;
	config.file = fileName;
	// Service-wide, but the mailboxes' workers act on them: given to each below.
	DeleteOnServer deleteOnServer = DeleteOnServer::No;
	Poco::Timespan ledgerCheck = config.defaults.ledgerCheck;

	for (const IniSection& section: file.sections())
	{
		std::string name = Poco::toLower(section.name);
		if (name.empty())
		{
			if (!section.entries.empty())
				throw ConfigError(file.where(section.entries.front().line) + ": settings must follow a section such as [service]");
		}
		else if (name == "service")
		{
			SectionReader(file, section)
				.on("mapping", [&](const IniEntry& e) { config.mappingFile = v.path(e); })
				.on("share_dir", [&](const IniEntry& e) { config.shareDir = v.path(e); })
				.on("log_file", [&](const IniEntry& e) { config.logFile = Poco::icompare(e.value, "console") == 0 ? "" : v.path(e); })
				.on("log_level", [&](const IniEntry& e) {
					config.logLevel = v.choice(e, std::map<std::string, std::string>{{"error", "error"}, {"warning", "warning"},
						{"notice", "notice"}, {"information", "information"}, {"debug", "debug"}, {"trace", "trace"}});
				})
				.on("syslog", [&](const IniEntry& e) { config.syslog = v.boolean(e); })
				.on("threads", [&](const IniEntry& e) { config.threads = v.integer(e, 1, 256); })
				.on("window_days", [&](const IniEntry& e) { config.windowDays = v.integer(e, 0, 36500); })
				.on("batch_size", [&](const IniEntry& e) { config.batchSize = v.integer(e, 1, 10000); })
				.on("poll_seconds", [&](const IniEntry& e) { config.pollInterval = v.seconds(e, 1, 86400); })
				.on("idle_minutes", [&](const IniEntry& e) {
					// RFC 2177: a server may drop an IDLE after 30 minutes; renewing
					// it before 29 leaves a minute for a slow link and clock drift.
					config.idleRestart = Poco::Timespan(v.integer(e, 1, 28,
						"a held IDLE must be renewed before 29 minutes; servers may drop it at 30") * 60, 0);
				})
				.on("outbox_poll_ms", [&](const IniEntry& e) { config.outboxPoll = Poco::Timespan(0, v.integer(e, 50, 600000) * 1000); })
				.on("people_poll_seconds", [&](const IniEntry& e) { config.peoplePoll = v.seconds(e, 10, 86400); })
				.on("retry_max_seconds", [&](const IniEntry& e) { config.retryMax = v.seconds(e, 1, 3600); })
				.on("mailboxes_from_users", [&](const IniEntry& e) { config.mailboxesFromUsers = v.boolean(e); })
				.on("ledger_check_minutes", [&](const IniEntry& e) { ledgerCheck = Poco::Timespan(v.integer(e, 0, 10080) * 60, 0); })
				.run();
		}
		else if (name == "policy")
		{
			sync::Policy& p = config.policy;
			SectionReader(file, section)
				.on("internal_domains", [&](const IniEntry& e) { p.internalDomains = v.list(e); })
				.on("exclude_addresses", [&](const IniEntry& e) { p.excludeAddresses = v.list(e); })
				.on("exclude_domains", [&](const IniEntry& e) { p.excludeDomains = v.list(e); })
				.on("header_only_domains", [&](const IniEntry& e) { p.headerOnlyDomains = v.list(e); })
				.on("bulk", [&](const IniEntry& e) { p.bulk = v.choice(e, FILTERS); })
				.on("auto_reply", [&](const IniEntry& e) { p.autoReply = v.choice(e, FILTERS); })
				.on("unknown_sender", [&](const IniEntry& e) { p.unknownSender = v.choice(e, UNKNOWN); })
				.on("subject_threading", [&](const IniEntry& e) { p.subjectThreading = v.boolean(e); })
				.on("subject_threading_days", [&](const IniEntry& e) { p.subjectThreadingDays = v.integer(e, 1, 3650); })
				.on("delete_on_server", [&](const IniEntry& e) { deleteOnServer = v.choice(e, DELETES); })
				.run();
		}
		else if (name == "defaults")
		{
			bool inlineAllowed = false;
			readMailbox(v, section, config.defaults, inlineAllowed);
			if (!config.defaults.address.empty())
				throw ConfigError(file.where(section.line) + ": [defaults] cannot set an address; each [mailbox NAME] sets its own");
			if (!config.defaults.secret.value.empty() && !inlineAllowed)
				throw ConfigError(config.defaults.secret.where + ": an inline password needs allow_inline_password = yes; prefer password_env or password_file");
		}
		else if (name.compare(0, 8, "mailbox ") == 0)
		{
			MailboxConfig m = config.defaults;
			m.name = Poco::trim(section.name.substr(8));
			m.where = file.where(section.line);
			bool inlineAllowed = false;
			readMailbox(v, section, m, inlineAllowed);
			if (m.address.empty() || m.address.find('@') == std::string::npos)
				throw ConfigError(m.where + ": [" + section.name + "] needs address = the mailbox's email address");
			if (m.host.empty()) throw ConfigError(m.where + ": [" + section.name + "] needs host (here or in [defaults])");
			if (m.secret.empty())
				throw ConfigError(m.where + ": [" + section.name + "] needs password_env or password_file (here or in [defaults])");
			if (!m.secret.value.empty() && !inlineAllowed && m.secret.value != config.defaults.secret.value)
				throw ConfigError(m.secret.where + ": an inline password needs allow_inline_password = yes; prefer password_env or password_file");
			if ((m.tls == TlsMode::None || m.smtpTls == TlsMode::None) && !m.allowInsecure)
				throw ConfigError(m.where + ": [" + section.name + "] uses tls = none, which sends the password in clear; "
					"set allow_insecure = yes to accept that");
			if (m.port == 0) m.port = m.tls == TlsMode::Implicit ? 993 : 143;
			if (m.user.empty()) m.user = m.address;
			if (m.smtpHost.empty()) m.smtpHost = m.host;
			UserMailboxes::substituteAddress(m);
			for (const MailboxConfig& other: config.mailboxes)
				if (other.address == m.address)
					throw ConfigError(m.where + ": the address " + m.address + " is already configured in " + other.where);
			config.mailboxes.push_back(m);
		}
		else
		{
			throw ConfigError(file.where(section.line) + ": unknown section [" + section.name +
				"]; valid sections: [service], [policy], [defaults], [mailbox NAME]");
		}
	}
	config.defaults.deleteOnServer = deleteOnServer;
	config.defaults.ledgerCheck = ledgerCheck;
	for (MailboxConfig& m: config.mailboxes)
	{
		m.deleteOnServer = deleteOnServer;
		m.ledgerCheck = ledgerCheck;
	}
	if (config.mappingFile.empty())
		throw ConfigError(fileName + ": [service] needs mapping = the mapping file's path");
	if (config.mailboxes.empty() && !config.mailboxesFromUsers)
		throw ConfigError(fileName + ": no [mailbox NAME] section, and mailboxes_from_users is off: nothing to sync");
	if (config.mailboxesFromUsers)
	{
		// The users' mailboxes have nothing but [defaults].
		if (config.defaults.host.empty())
			throw ConfigError(fileName + ": mailboxes_from_users = yes needs host in [defaults]");
		if (config.defaults.secret.empty())
			throw ConfigError(fileName + ": mailboxes_from_users = yes needs password_env or password_file in [defaults], "
				"e.g. password_file = /etc/mailbridge/secrets/{address}");
		if ((config.defaults.tls == TlsMode::None || config.defaults.smtpTls == TlsMode::None) && !config.defaults.allowInsecure)
			throw ConfigError(fileName + ": [defaults] uses tls = none, which sends the password in clear; "
				"set allow_insecure = yes to accept that");
	}
	return config;
}

const MailboxConfig* ServiceConfig::mailbox(const std::string& nameOrAddress) const
{
	for (const MailboxConfig& m: mailboxes)
		if (m.name == nameOrAddress || m.address == Poco::toLower(nameOrAddress)) return &m;
	return nullptr;
}

const char* toString(TlsMode mode)
{
	switch (mode)
	{
	case TlsMode::Implicit: return "implicit";
	case TlsMode::StartTls: return "starttls";
	case TlsMode::None: return "none";
	}
	return "implicit";
}

const char* toString(AuthMethod method)
{
	switch (method)
	{
	case AuthMethod::Plain: return "plain";
	case AuthMethod::Login: return "login";
	case AuthMethod::XOAuth2: return "xoauth2";
	case AuthMethod::OAuthBearer: return "oauthbearer";
	}
	return "plain";
}

} } // namespace mailbridge::service
