//
// ImapMailboxClient.h
//
// The sync engine's MailboxClient over one ImapSession: folders by
// SPECIAL-USE, EXAMINE with CONDSTORE/QRESYNC when offered, UID SEARCH,
// BODY.PEEK fetches (\Seen never set), IDLE. Read-only by construction.
//

#ifndef MB_Service_ImapMailboxClient_INCLUDED
#define MB_Service_ImapMailboxClient_INCLUDED

#include "connector/imap/ImapSession.h"
#include "connector/service/SocketWaitHandle.h"
#include "connector/sync/MailboxClient.h"
#include <map>
#include <memory>

namespace mailbridge {
namespace service {

struct MailboxConfig;

class ImapMailboxClient: public sync::MailboxClient
{
public:
	explicit ImapMailboxClient(std::unique_ptr<imap::ImapSession> session, bool useIdle = true,
		Poco::Timespan pollInterval = Poco::Timespan(60, 0));
		/// Takes a logged-in session; enables QRESYNC (or CONDSTORE) when offered.

	static std::unique_ptr<ImapMailboxClient> connect(const MailboxConfig& config, Poco::Timespan pollInterval,
		Poco::Timespan maxIdle = Poco::Timespan(28 * 60, 0));
		/// Connects and logs in as configured. Throws MailboxError for refused
		/// credentials or certificates, TransientError for network trouble.
		/// A held IDLE is renewed after `maxIdle`.

	~ImapMailboxClient() override;

	std::vector<sync::FolderEntry> folders() override;
	sync::FolderSnapshot open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq) override;
	std::vector<std::uint32_t> search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since) override;
	std::vector<std::uint32_t> searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before) override;
	std::vector<std::uint32_t> searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since) override;
	void fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage) override;
	void fetchIdentities(const std::vector<std::uint32_t>& uids, const std::function<void(const sync::MessageIdentity&)>& onMessage) override;
	bool waitForChange(Poco::Timespan timeout) override;
	bool beginWait() override;
		/// With IDLE: sends IDLE and keeps the connection in it. Without:
		/// starts the poll interval's clock.
	bool checkWait(Poco::Timespan timeout) override;
		/// With IDLE: reads what arrived (waiting at most `timeout` for
		/// more) and renews the IDLE when it reaches the session's maxIdle.
		/// Without: true once the poll interval has passed.
	bool endWait() override;
	const sync::WaitHandle* waitHandle() const override;
		/// A SocketWaitHandle while in IDLE.

	imap::ImapSession& session() { return *_session; }

	static Poco::Timestamp parseInternalDate(const std::string& text);
		/// "17-Jul-1996 02:44:25 -0700" to UTC; the epoch when unreadable.
	static std::string headerValue(const std::string& headers, const std::string& name);
		/// One unfolded header field's value from a header block.

private:
	std::vector<std::uint32_t> searchUids(const std::string& criteria);
	std::string argument(const std::string& folder) const;
	void leaveIdle();
	bool usesIdle() const;

	std::unique_ptr<imap::ImapSession> _session;
	bool _useIdle;
	Poco::Timespan _pollInterval;
	bool _qresync = false;
	bool _condstore = false;
	std::map<std::string, std::string> _rawNames;  ///< UTF-8 name -> the server's name
	std::unique_ptr<SocketWaitHandle> _waitHandle; ///< while in IDLE
	bool _polling = false;                          ///< a wait without IDLE is begun
	Poco::Timestamp _pollStart;
};

} } // namespace mailbridge::service

#endif
