//
// FakeMailbox.h
//
// An in-memory MailboxClient with the misbehaviours real servers show:
// UIDVALIDITY resets, UIDNEXT going back, the "n:*" answer, NIL bodies,
// messages expunged between SEARCH and FETCH.
//

#ifndef MB_Tests_FakeMailbox_INCLUDED
#define MB_Tests_FakeMailbox_INCLUDED

#include "connector/sync/MailboxClient.h"

#include <map>
#include <set>

namespace mailbridge {
namespace test {

struct FakeMessage
{
	std::string messageId;
	std::string to;         ///< whom the fake processor matches
	Poco::Timestamp date;   ///< INTERNALDATE
	std::string body = "body";
};

struct FakeFolder
{
	std::uint32_t uidValidity = 1000;
	std::uint32_t uidNext = 1;
	std::uint64_t highestModSeq = 1;
	std::map<std::uint32_t, FakeMessage> messages;
	std::vector<std::uint32_t> vanished;   ///< reported once to a QRESYNC open
};

class FakeMailbox: public sync::MailboxClient
{
public:
	std::map<std::string, FakeFolder> folders_;
	std::set<std::uint32_t> nilBodies;       ///< FETCH answers BODY[] NIL for these
	std::set<std::uint32_t> vanishOnFetch;   ///< expunged just before FETCH
	bool trapStar = false;                   ///< FETCH answers a UID below the ones asked for
	int bodiesFetched = 0;
	int opens = 0;
	std::string current;

	std::uint32_t add(const std::string& folder, const FakeMessage& message);
		/// Delivers a message; returns its UID.
	void renumber(const std::string& folder, std::uint32_t newValidity);
		/// A UIDVALIDITY reset: the same messages under new UIDs.
	void resetUidsKeepValidity(const std::string& folder);
		/// A broken server: UIDs start over from 1 with the same UIDVALIDITY.
	void expunge(const std::string& folder, std::uint32_t uid);

	std::vector<sync::FolderEntry> folders() override;
	sync::FolderSnapshot open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq) override;
	std::vector<std::uint32_t> search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since) override;
	std::vector<std::uint32_t> searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before) override;
	std::vector<std::uint32_t> searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since) override;
	void fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage) override;
	void fetchIdentities(const std::vector<std::uint32_t>& uids, const std::function<void(const sync::MessageIdentity&)>& onMessage) override;
	bool waitForChange(Poco::Timespan timeout) override;

	static std::string render(const FakeMessage& message);
		/// The raw form the fake processor reads back.
};

} } // namespace mailbridge::test

#endif
