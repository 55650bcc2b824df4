// OutboxProcessor against an in-memory world: the happy path, scheduled
// sends, refusals, retries with backoff and a maximum age, workers taking
// over, and a crash before and after every durable step.

#include "FakeOutbox.h"
#include "connector/common/Errors.h"
#include "connector/sync/OutboxProcessor.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::sync;
using mailbridge::test::FakeOutbox;

namespace {

const Poco::Timestamp T0 = Poco::Timestamp::fromEpochTime(1800000000);
const Poco::Timestamp::TimeDiff Second = 1000000;

OutboxOptions options(const std::string& worker)
{
	OutboxOptions o;
	o.mailbox = "alice@example.test";
	o.worker = worker;
	o.newMessageId = [](const OutboxItem& item) { return "<out-" + std::to_string(item.id) + "@example.test>"; };
	return o;
}

struct Run
{
	FakeOutbox& world;
	OutboxProcessor processor;

	Run(FakeOutbox& w, const std::string& worker = "worker-a", OutboxOptions o = OutboxOptions()):
		world(w),
		processor(w, w, w, w, w, o.worker.empty() ? options(worker) : o)
	{
	}

	std::size_t at(Poco::Timestamp now) { return processor.runOnce(now); }
};

} // namespace

class OutboxProcessorTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OutboxProcessorTest);
	CPPUNIT_TEST(testStateNames);
	CPPUNIT_TEST(testHappyPath);
	CPPUNIT_TEST(testScheduledSendWaits);
	CPPUNIT_TEST(testOneRecipientRefused);
	CPPUNIT_TEST(testEveryRecipientRefused);
	CPPUNIT_TEST(testMessageRefused);
	CPPUNIT_TEST(testRetryWithBackoff);
	CPPUNIT_TEST(testRetryDelayCapped);
	CPPUNIT_TEST(testMaximumAge);
	CPPUNIT_TEST(testMailboxErrorStops);
	CPPUNIT_TEST(testProviderFilesSentItself);
	CPPUNIT_TEST(testProviderCopyLate);
	CPPUNIT_TEST(testProviderCopyNever);
	CPPUNIT_TEST(testCutAfterDataFoundInSent);
	CPPUNIT_TEST(testCutAfterDataWithoutCopySendsAgain);
	CPPUNIT_TEST(testAnotherWorkerTookOver);
	CPPUNIT_TEST(testKillPoints);
	CPPUNIT_TEST(testKillPointsProviderFiles);
	CPPUNIT_TEST_SUITE_END();

public:
	void testStateNames()
	{
		for (OutboxState s: {OutboxState::Queued, OutboxState::Claimed, OutboxState::Sending, OutboxState::Accepted,
			OutboxState::Filed, OutboxState::Logged, OutboxState::Failed, OutboxState::Retry})
		{
			OutboxState back = OutboxState::Queued;
			CPPUNIT_ASSERT(parseOutboxState(toString(s), back));
			CPPUNIT_ASSERT(back == s);
		}
		OutboxState unknown;
		CPPUNIT_ASSERT(!parseOutboxState("sent", unknown));
		CPPUNIT_ASSERT(isFinal(OutboxState::Logged) && isFinal(OutboxState::Failed) && !isFinal(OutboxState::Retry));
	}

	void testHappyPath()
	{
		FakeOutbox w;
		w.queue(1, {"bob@example.test"}, T0);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), Run(w).at(T0));
		const OutboxItem& row = w.rows[1];
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), std::string(toString(row.state)));
		CPPUNIT_ASSERT_EQUAL(std::string("<out-1@example.test>"), row.messageId);
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.delivered, row.messageId));
		CPPUNIT_ASSERT_EQUAL(1, w.sentCopies(row.messageId));
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, row.messageId));
		CPPUNIT_ASSERT_EQUAL(w.sent.at(0).uid, row.filedUid);
		CPPUNIT_ASSERT(row.sentAt == T0);
		CPPUNIT_ASSERT(row.recipients.at(0).state == OutboxRecipient::Accepted);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), Run(w).at(T0 + 3600 * Second)); // nothing left to do
	}

	void testScheduledSendWaits()
	{
		FakeOutbox w;
		w.queue(1, {"bob@example.test"}, T0 + 60 * Second);
		Run run(w);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), run.at(T0));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), run.at(T0 + 59 * Second));
		CPPUNIT_ASSERT(w.delivered.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), run.at(T0 + 60 * Second));
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT(w.rows[1].sentAt == T0 + 60 * Second);
	}

	void testOneRecipientRefused()
	{
		FakeOutbox w;
		w.refuse["nobody@example.org"] = "550 5.0.0 Invalid recipient";
		w.queue(1, {"nobody@example.org", "bob@example.test"}, T0);
		Run(w).at(T0);
		const OutboxItem& row = w.rows[1];
		CPPUNIT_ASSERT(row.state == OutboxState::Logged);
		CPPUNIT_ASSERT(row.recipients[0].state == OutboxRecipient::Refused);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.0.0 Invalid recipient"), row.recipients[0].reply);
		CPPUNIT_ASSERT(row.recipients[1].state == OutboxRecipient::Accepted);
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.delivered, row.messageId));
	}

	void testEveryRecipientRefused()
	{
		FakeOutbox w;
		w.refuse["nobody@example.org"] = "550 5.0.0 Invalid recipient";
		w.queue(1, {"nobody@example.org"}, T0);
		Run run(w);
		run.at(T0);
		const OutboxItem& row = w.rows[1];
		CPPUNIT_ASSERT(row.state == OutboxState::Failed);
		CPPUNIT_ASSERT_MESSAGE(row.lastError, row.lastError.find("<nobody@example.org> 550 5.0.0 Invalid recipient") != std::string::npos);
		CPPUNIT_ASSERT(row.recipients.at(0).state == OutboxRecipient::Refused);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.0.0 Invalid recipient"), row.recipients.at(0).reply);
		CPPUNIT_ASSERT(w.delivered.empty() && w.sent.empty() && w.ledger.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), run.at(T0 + 86400 * Second)); // never retried
	}

	void testMessageRefused()
	{
		FakeOutbox w;
		w.sendFailures.push_back([] { throw MessageError("end of DATA", "554 5.6.0 Message content rejected", 554); });
		w.queue(1, {"bob@example.test"}, T0);
		Run(w).at(T0);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Failed);
		CPPUNIT_ASSERT(w.rows[1].lastError.find("554 5.6.0") != std::string::npos);
		CPPUNIT_ASSERT(w.sent.empty() && w.ledger.empty());
	}

	void testRetryWithBackoff()
	{
		FakeOutbox w;
		for (int i = 0; i < 2; ++i) w.sendFailures.push_back([] { throw TransientError("451 4.3.0 try later"); });
		w.queue(1, {"bob@example.test"}, T0);
		Run run(w);
		run.at(T0);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Retry);
		CPPUNIT_ASSERT_EQUAL(1, w.rows[1].attempts);
		CPPUNIT_ASSERT(w.rows[1].nextAttemptAt == T0 + 60 * Second);
		CPPUNIT_ASSERT(w.rows[1].lastError.find("451") != std::string::npos);
		const std::string id = w.rows[1].messageId;
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), run.at(T0 + 59 * Second));
		run.at(T0 + 60 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Retry);
		CPPUNIT_ASSERT_EQUAL(2, w.rows[1].attempts);
		CPPUNIT_ASSERT(w.rows[1].nextAttemptAt == T0 + 180 * Second); // 60 s, then 120 s
		run.at(T0 + 180 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(id, w.rows[1].messageId); // the same Message-ID on every attempt
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.delivered, id));
	}

	void testRetryDelayCapped()
	{
		FakeOutbox w;
		Run run(w);
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan(60, 0).totalMicroseconds(), run.processor.retryDelay(1).totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan(240, 0).totalMicroseconds(), run.processor.retryDelay(3).totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan(3600, 0).totalMicroseconds(), run.processor.retryDelay(7).totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan(3600, 0).totalMicroseconds(), run.processor.retryDelay(500).totalMicroseconds());
	}

	void testMaximumAge()
	{
		FakeOutbox w;
		for (int i = 0; i < 10; ++i) w.sendFailures.push_back([] { throw TransientError("connection refused"); });
		w.queue(1, {"bob@example.test"}, T0);
		OutboxOptions o = options("worker-a");
		o.maxAge = Poco::Timespan(3600, 0);
		Run run(w, "", o);
		run.at(T0);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Retry);
		run.at(T0 + 3600 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Failed);
		CPPUNIT_ASSERT_MESSAGE(w.rows[1].lastError, w.rows[1].lastError.find("gave up after 2 attempts") != std::string::npos);
	}

	void testMailboxErrorStops()
	{
		FakeOutbox w;
		w.sendFailures.push_back([] { throw MailboxError("AUTH PLAIN refused", "535 5.7.8"); });
		w.queue(1, {"bob@example.test"}, T0);
		w.queue(2, {"bob@example.test"}, T0);
		Run run(w);
		CPPUNIT_ASSERT_THROW(run.at(T0), MailboxError);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Retry);
		CPPUNIT_ASSERT(w.rows[1].lastError.find("535") != std::string::npos);
		CPPUNIT_ASSERT(w.delivered.empty());
		// The second row was claimed but not touched; it is taken again after the lease.
		CPPUNIT_ASSERT(w.rows[2].state == OutboxState::Claimed);
		run.at(T0 + 600 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT(w.rows[2].state == OutboxState::Logged);
	}

	void testProviderFilesSentItself()
	{
		FakeOutbox w;
		w.providerFiles = true;
		w.queue(1, {"bob@example.test"}, T0);
		Run(w).at(T0);
		const OutboxItem& row = w.rows[1];
		CPPUNIT_ASSERT(row.state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(1, w.sentCopies(row.messageId)); // the provider's, no APPEND
		CPPUNIT_ASSERT_EQUAL(w.sent.at(0).uid, row.filedUid);
	}

	void testProviderCopyLate()
	{
		// The provider files its copy after a while: the row waits in accepted.
		FakeOutbox w;
		w.providerFiles = true;
		w.providerCopyAtOnce = false;
		w.queue(1, {"bob@example.test"}, T0);
		Run run(w);
		run.at(T0);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Accepted);
		CPPUNIT_ASSERT(w.sent.empty());
		w.sent.push_back({w.nextUid++, w.rows[1].messageId, "the provider's copy"});
		run.at(T0 + 600 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(w.sent.at(0).uid, w.rows[1].filedUid);
		CPPUNIT_ASSERT_EQUAL(1, w.sentCopies(w.rows[1].messageId));
	}

	void testProviderCopyNever()
	{
		// No copy ever appears: after providerCopyWait the activity is logged
		// anyway, without a copy of ours that could make two.
		FakeOutbox w;
		w.providerFiles = true;
		w.providerCopyAtOnce = false;
		w.queue(1, {"bob@example.test"}, T0);
		Run run(w);
		run.at(T0);
		run.at(T0 + 600 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Accepted);
		run.at(T0 + 1200 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(0), w.rows[1].filedUid);
		CPPUNIT_ASSERT(w.sent.empty());
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, w.rows[1].messageId));
	}

	void testCutAfterDataFoundInSent()
	{
		// The connection broke after the final dot, but the server had taken
		// the message and the provider filed it: the retry finds it and does
		// not send again.
		FakeOutbox w;
		w.providerFiles = true;
		FakeOutbox* world = &w;
		w.sendFailures.push_back([world] {
			world->delivered.push_back("<out-1@example.test>");
			world->sent.push_back({world->nextUid++, "<out-1@example.test>", "copy"});
			throw TransientError("connection closed by 127.0.0.1");
		});
		w.queue(1, {"bob@example.test"}, T0);
		Run run(w);
		run.at(T0);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Retry);
		run.at(T0 + 60 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.delivered, "<out-1@example.test>"));
		CPPUNIT_ASSERT_EQUAL(1, w.sentCopies("<out-1@example.test>"));
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, "<out-1@example.test>"));
	}

	void testCutAfterDataWithoutCopySendsAgain()
	{
		// The window that stays open: nothing shows the server took it, so it
		// is sent again. Filed and logged still once.
		FakeOutbox w;
		FakeOutbox* world = &w;
		w.sendFailures.push_back([world] {
			world->delivered.push_back("<out-1@example.test>");
			throw TransientError("connection closed by 127.0.0.1");
		});
		w.queue(1, {"bob@example.test"}, T0);
		Run run(w);
		run.at(T0);
		run.at(T0 + 60 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(2, w.count(w.delivered, "<out-1@example.test>"));
		CPPUNIT_ASSERT_EQUAL(1, w.sentCopies("<out-1@example.test>"));
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, "<out-1@example.test>"));
	}

	void testAnotherWorkerTookOver()
	{
		FakeOutbox w;
		w.queue(1, {"bob@example.test"}, T0);
		std::vector<OutboxItem> mine = w.claimDue("alice@example.test", "worker-a", T0, Poco::Timespan(600, 0), 20);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), mine.size());
		// A second worker sees nothing while the claim is fresh...
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), Run(w, "worker-b").at(T0 + 599 * Second));
		// ...and takes the row over once it is stale.
		Run(w, "worker-b").at(T0 + 600 * Second);
		CPPUNIT_ASSERT(w.rows[1].state == OutboxState::Logged);
		// The first worker wakes up late: its transition fails and it stops.
		Run(w, "worker-a").processor.process(mine[0], T0 + 601 * Second);
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.delivered, w.rows[1].messageId));
		CPPUNIT_ASSERT_EQUAL(std::string("worker-b"), w.rows[1].claimedBy);
	}

	void testKillPoints()
	{
		CPPUNIT_ASSERT_EQUAL(2, killPoints(false));
	}

	void testKillPointsProviderFiles()
	{
		CPPUNIT_ASSERT_EQUAL(0, killPoints(true));
	}

private:
	static int killPoints(bool providerFiles)
		/// Dies before and after each durable step of a clean run, restarts,
		/// and checks sent / filed / logged counts. Returns how many kill
		/// points sent twice (each one must be the known window).
	{
		FakeOutbox clean;
		clean.providerFiles = providerFiles;
		clean.queue(1, {"bob@example.test"}, T0);
		Run(clean).at(T0);
		CPPUNIT_ASSERT(clean.rows[1].state == OutboxState::Logged);
		const int total = clean.steps;
		CPPUNIT_ASSERT_EQUAL(providerFiles ? 7 : 8, total);
		int doubles = 0;
		for (int k = 1; k <= total; ++k)
		{
			for (bool after: {false, true})
			{
				FakeOutbox w;
				w.providerFiles = providerFiles;
				w.queue(1, {"bob@example.test"}, T0);
				w.killAt = k;
				w.killAfter = after;
				bool crashed = false;
				try
				{
					Run(w, "worker-a").at(T0);
				}
				catch (const FakeOutbox::Crash&)
				{
					crashed = true;
				}
				std::string where = std::string(after ? "after " : "before ") + w.lastStep;
				CPPUNIT_ASSERT_MESSAGE(where, crashed);
				// The server has the message but nothing durable says so.
				bool window = !w.delivered.empty() && w.rows[1].state == OutboxState::Sending && w.sent.empty();
				w.killAt = 0;
				Poco::Timestamp t = T0 + 600 * Second;
				for (int round = 0; round < 4 && !isFinal(w.rows[1].state); ++round, t += 600 * Second)
					Run(w, "worker-b").at(t);
				const OutboxItem& row = w.rows[1];
				CPPUNIT_ASSERT_MESSAGE(where, row.state == OutboxState::Logged);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(where, window ? 2 : 1, w.count(w.delivered, row.messageId));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 1, w.sentCopies(row.messageId));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 1, w.count(w.ledger, row.messageId));
				if (window) ++doubles;
			}
		}
		return doubles;
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutboxProcessorTest);
