//
// FakeOutbox.h
//
// An in-memory outbound world for OutboxProcessor: the outbox table, the
// submission server, the Sent folder and the activity ledger. Every durable
// step is counted, and the world can "die" just before or just after any of
// them (FakeOutbox::Crash is no std::exception, so nothing catches it).
//

#ifndef MB_Tests_FakeOutbox_INCLUDED
#define MB_Tests_FakeOutbox_INCLUDED

#include "connector/sync/ActivityLogger.h"
#include "connector/sync/OutboxComposer.h"
#include "connector/sync/OutboxSender.h"
#include "connector/sync/OutboxStore.h"
#include "connector/sync/SentFiler.h"

#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace test {

class FakeOutbox:
	public sync::OutboxStore,
	public sync::OutboxComposer,
	public sync::OutboxSender,
	public sync::SentFiler,
	public sync::ActivityLogger
{
public:
	struct Crash {};

	struct SentCopy
	{
		std::uint32_t uid;
		std::string messageId;
		std::string message;
	};

	// the world
	std::map<std::int64_t, sync::OutboxItem> rows;   ///< committed outbox rows
	std::vector<std::string> delivered;               ///< Message-IDs the server took, once per DATA
	std::vector<SentCopy> sent;                       ///< the Sent folder
	std::vector<std::string> ledger;                  ///< Message-IDs with an activity
	std::uint32_t nextUid = 1;
	bool providerFiles = false;                       ///< the server files what it sends
	bool providerCopyAtOnce = true;                   ///< ...and its copy is in Sent when DATA ends
	std::deque<std::function<void()>> sendFailures;   ///< each send first pops one and calls it (it throws)
	std::map<std::string, std::string> refuse;        ///< recipient -> 5xx reply, refused at RCPT

	// kill points
	int steps = 0;           ///< durable steps so far
	int killAt = 0;          ///< die at this step (1-based); 0: never
	bool killAfter = false;  ///< die after the step took effect rather than before
	std::string lastStep;    ///< what step `killAt` was

	sync::OutboxItem& queue(std::int64_t id, const std::vector<std::string>& to, Poco::Timestamp sendAt);

	// OutboxStore
	std::vector<sync::OutboxItem> claimDue(const std::string& mailbox, const std::string& worker,
		Poco::Timestamp now, Poco::Timespan lease, std::size_t limit) override;
	bool transition(const sync::OutboxItem& item, sync::OutboxState expected) override;

	// OutboxComposer
	std::string compose(const sync::OutboxItem& item) override;

	// OutboxSender
	std::vector<sync::OutboxRecipient> send(const sync::OutboxItem& item, const std::string& message) override;

	// SentFiler
	bool filesSentItself() const override { return providerFiles; }
	std::uint32_t find(const std::string& messageId) override;
	std::uint32_t file(const std::string& message, Poco::Timestamp date) override;

	// ActivityLogger
	bool logged(const std::string& messageId) override;
	void log(const sync::OutboxItem& item, const std::string& message) override;

	int count(const std::vector<std::string>& list, const std::string& id) const;
	int sentCopies(const std::string& id) const;

private:
	void step(const std::string& what, const std::function<void()>& effect);
};

} } // namespace mailbridge::test

#endif
