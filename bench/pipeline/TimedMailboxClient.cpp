//
// TimedMailboxClient.cpp
//

#include "bench/pipeline/TimedMailboxClient.h"

namespace mailbridge {
namespace bench {

TimedMailboxClient::TimedMailboxClient(std::unique_ptr<sync::MailboxClient> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

std::vector<sync::FolderEntry> TimedMailboxClient::folders()
{
	StageClock::Scope t(_clock, "imap.list");
	return _inner->folders();
}

sync::FolderSnapshot TimedMailboxClient::open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq)
{
	StageClock::Scope t(_clock, "imap.examine");
	return _inner->open(folder, knownUidValidity, knownModSeq);
}

std::vector<std::uint32_t> TimedMailboxClient::search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since)
{
	StageClock::Scope t(_clock, "imap.search");
	return _inner->search(fromUid, toUid, since);
}

std::vector<std::uint32_t> TimedMailboxClient::searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before)
{
	StageClock::Scope t(_clock, "imap.search");
	return _inner->searchDates(since, before);
}

std::vector<std::uint32_t> TimedMailboxClient::searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since)
{
	StageClock::Scope t(_clock, "imap.search");
	return _inner->searchAddresses(addresses, since);
}

void TimedMailboxClient::fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage)
{
	StageClock::Scope t(_clock, "imap.fetch", uids.size());
	_inner->fetch(uids, onMessage);
}

void TimedMailboxClient::fetchIdentities(const std::vector<std::uint32_t>& uids,
	const std::function<void(const sync::MessageIdentity&)>& onMessage)
{
	StageClock::Scope t(_clock, "imap.identities", uids.size());
	_inner->fetchIdentities(uids, onMessage);
}

bool TimedMailboxClient::waitForChange(Poco::Timespan timeout)
{
	_clock.mark("wait");
	const bool changed = _inner->waitForChange(timeout);
	if (changed) _clock.mark("woken");
	return changed;
}

bool TimedMailboxClient::beginWait()
{
	_clock.mark("wait");
	const bool changed = _inner->beginWait();
	if (changed) _clock.mark("woken");
	return changed;
}

bool TimedMailboxClient::checkWait(Poco::Timespan timeout)
{
	const bool changed = _inner->checkWait(timeout);
	if (changed) _clock.mark("woken");
	return changed;
}

bool TimedMailboxClient::endWait()
{
	const bool changed = _inner->endWait();
	if (changed) _clock.mark("woken");
	return changed;
}

} } // namespace mailbridge::bench
