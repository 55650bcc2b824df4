//
// TimedMailboxClient.h
//
// The worker's MailboxClient with a stopwatch on every call: how long the
// IMAP side of a pass takes, and when an IDLE wait was entered and woken.
//

#ifndef MB_Bench_TimedMailboxClient_INCLUDED
#define MB_Bench_TimedMailboxClient_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/sync/MailboxClient.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedMailboxClient: public sync::MailboxClient
{
public:
	TimedMailboxClient(std::unique_ptr<sync::MailboxClient> inner, StageClock& clock);

	std::vector<sync::FolderEntry> folders() override;
	sync::FolderSnapshot open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq) override;
	std::vector<std::uint32_t> search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since) override;
	std::vector<std::uint32_t> searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before) override;
	std::vector<std::uint32_t> searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since) override;
	void fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage) override;
	void fetchIdentities(const std::vector<std::uint32_t>& uids, const std::function<void(const sync::MessageIdentity&)>& onMessage) override;
	bool waitForChange(Poco::Timespan timeout) override;
		/// Marks "wait" on entry and "woken" when the server reported a change.
	bool beginWait() override;
		/// Marks "wait" when the IDLE is begun; "woken" as waitForChange.
	bool checkWait(Poco::Timespan timeout) override;
	bool endWait() override;
	const sync::WaitHandle* waitHandle() const override { return _inner->waitHandle(); }
		/// The inner client's: the pool waits on its socket as in the daemon.

private:
	std::unique_ptr<sync::MailboxClient> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
