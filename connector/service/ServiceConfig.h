//
// ServiceConfig.h
//
// The daemon's settings, read from one INI file (see docs/operations.md):
//   [service]          the mapping file, logging, threads, windows, intervals
//   [policy]           what is logged and what is skipped
//   [defaults]         settings every mailbox inherits
//   [mailbox NAME]     one recruiter's mailbox
// Every relative path is made absolute against the file's folder, since a
// daemon runs in / and a Windows service in system32.
//

#ifndef MB_Service_ServiceConfig_INCLUDED
#define MB_Service_ServiceConfig_INCLUDED

#include "connector/sync/FolderPlan.h"
#include "connector/sync/Policy.h"

#include <Poco/Timespan.h>

#include <string>
#include <vector>

namespace mailbridge {
namespace service {

enum class TlsMode { Implicit, StartTls, None };
enum class AuthMethod { Plain, Login, XOAuth2, OAuthBearer };
enum class DeleteOnServer { No, Trash, Expunge };  ///< what becomes of a message whose activity the ATS deleted

struct Secret
	/// Where a password or token comes from. It is read when needed, so a
	/// rotated secret file is picked up at the next login.
{
	std::string env;      ///< an environment variable's name
	std::string file;     ///< a file holding only the secret
	std::string value;    ///< inline, only with allow_inline_password = yes
	std::string where;    ///< FILE:LINE of the setting, for messages

	bool empty() const { return env.empty() && file.empty() && value.empty(); }
	std::string resolve() const;
		/// Throws MailboxError naming the variable or file when it is unset,
		/// unreadable or empty (a missing secret stops only that mailbox).
};

struct MailboxConfig
{
	std::string name;
	std::string where;              ///< FILE:LINE of the section
	std::string address;            ///< the mailbox's own address (lowercased)
	std::string displayName;        ///< From's name when the users table gives none; empty: none
	std::vector<std::string> aliases;
	std::string host;
	int port = 0;                   ///< 0: 993 for implicit TLS, else 143
	TlsMode tls = TlsMode::Implicit;
	std::string caFile;             ///< empty: the system's trust store
	bool allowInsecure = false;     ///< no certificate check, or no TLS at all
	AuthMethod auth = AuthMethod::Plain;
	std::string user;               ///< empty: the address
	Secret secret;
	sync::FolderSelection folders;
	bool headerOnly = false;        ///< log without the body
	bool idle = true;
	bool idleSent = false;          ///< a second connection IDLEs on the Sent folder
	std::string smtpHost;           ///< empty: the IMAP host
	int smtpPort = 587;
	TlsMode smtpTls = TlsMode::StartTls;
	bool providerFilesSent = false; ///< Gmail and Microsoft 365 file sent mail themselves
	DeleteOnServer deleteOnServer = DeleteOnServer::No;  ///< [policy] delete_on_server, for every mailbox
	Poco::Timespan ledgerCheck = Poco::Timespan(15 * 60, 0); ///< [service] ledger_check_minutes; 0: never
};

struct ServiceConfig
{
	std::string file;               ///< absolute path of the configuration file
	std::string mappingFile;
	std::string shareDir;           ///< where sql/<dialect>/ lives; empty: next to the executable
	std::string logFile;            ///< empty: the console
	std::string logLevel = "information";
	bool syslog = false;
	int threads = 4;
	int windowDays = 90;
	int batchSize = 500;
	Poco::Timespan pollInterval = Poco::Timespan(60, 0);       ///< folders without IDLE
	Poco::Timespan idleRestart = Poco::Timespan(28 * 60, 0);   ///< re-issue IDLE before 29 minutes
	Poco::Timespan outboxPoll = Poco::Timespan(1, 0);
	Poco::Timespan peoplePoll = Poco::Timespan(300, 0);        ///< new or changed people
	Poco::Timespan retryMax = Poco::Timespan(300, 0);          ///< longest backoff after transient trouble
	sync::Policy policy;
	bool mailboxesFromUsers = false;  ///< also sync every address in the mapping's users table
	MailboxConfig defaults;
	std::vector<MailboxConfig> mailboxes;

	static ServiceConfig load(const std::string& path);
	static ServiceConfig parse(const std::string& text, const std::string& fileName, const std::string& baseDir);
		/// Throws ConfigError "FILE:LINE: ..." for the first problem; an
		/// unknown section or key lists the ones valid there.

	const MailboxConfig* mailbox(const std::string& nameOrAddress) const;
};

const char* toString(TlsMode mode);
const char* toString(AuthMethod method);

} } // namespace mailbridge::service

#endif
