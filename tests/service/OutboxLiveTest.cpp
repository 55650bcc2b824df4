// The outbox state machine against the stack: SmtpOutboxSender through
// Dovecot submission, ImapSentFiler on alice's Sent folder; the queue,
// composer and activity ledger are in memory (FakeOutbox). Checks that the
// recipient's INBOX and the Sent folder hold the message once.

#include "../sync/FakeOutbox.h"
#include "tests/common/TestEnv.h"
#include "tests/service/MailStackSupport.h"
#include "connector/imap/ImapSession.h"
#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ImapSentFiler.h"
#include "connector/service/SmtpOutboxSender.h"
#include "connector/smtp/SmtpSender.h"
#include "connector/sync/OutboxProcessor.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <unistd.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using mailbridge::test::FakeOutbox;
using mailbridge::test::TestEnv;

namespace {

struct Outbound
	/// One worker's view of alice's outbox: real SMTP and IMAP, in-memory rest.
{
	FakeOutbox& world;
	std::unique_ptr<imap::ImapSession> imap;
	smtp::SmtpSender smtp;
	service::SmtpOutboxSender sender;
	service::ImapSentFiler filer;
	sync::OutboxProcessor processor;

	static sync::OutboxOptions options()
	{
		sync::OutboxOptions o;
		o.mailbox = "alice@example.test";
		o.worker = "live-" + std::to_string(::getpid());
		std::string run = std::to_string(::getpid()) + "." + std::to_string(std::time(nullptr));
		o.newMessageId = [run](const sync::OutboxItem& item) {
			return "<outbox." + run + "." + std::to_string(item.id) + "@example.test>";
		};
		return o;
	}

	explicit Outbound(FakeOutbox& w):
		world(w),
		imap(test::stackLogin("MB_USER1", "MB_PASS1")),
		smtp(test::aliceSubmission()),
		sender(smtp),
		filer(*imap, w.providerFiles),
		processor(w, w, sender, filer, w, options())
	{
	}
};

const Poco::Timestamp::TimeDiff Lease = 600 * 1000000LL;

} // namespace

class OutboxLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OutboxLiveTest);
	CPPUNIT_TEST(testSentFiledLoggedOnce);
	CPPUNIT_TEST(testCrashAfterAppendFilesOnce);
	CPPUNIT_TEST(testProviderCopyLinked);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSentFiledLoggedOnce()
	{
		FakeOutbox w;
		Poco::Timestamp now;
		w.queue(1, {TestEnv::instance().get("MB_USER2")}, now);
		Outbound out(w);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.processor.runOnce(now));
		const sync::OutboxItem& row = w.rows[1];
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), std::string(sync::toString(row.state)));
		CPPUNIT_ASSERT(row.recipients.at(0).state == sync::OutboxRecipient::Accepted);
		CPPUNIT_ASSERT(row.recipients.at(0).reply.find("250") == 0);
		CPPUNIT_ASSERT(row.filedUid != 0);
		CPPUNIT_ASSERT_EQUAL(row.filedUid, out.filer.find(row.messageId));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*out.imap, out.filer.folder(), row.messageId));
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, row.messageId));
		// The Sent copy is \Seen and carries the send date as its internal date.
		struct Flags: imap::FetchHandler
		{
			imap::FetchData data;
			imap::LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return nullptr; }
			void message(const imap::FetchData& d) override { data = d; }
		} flags;
		imap::UidSet one;
		one.add(row.filedUid);
		out.imap->select(out.filer.folder(), true);
		out.imap->uidFetch(one, "UID FLAGS INTERNALDATE", flags);
		CPPUNIT_ASSERT(std::find(flags.data.flags.begin(), flags.data.flags.end(), "\\Seen") != flags.data.flags.end());
		CPPUNIT_ASSERT_EQUAL(row.sentAt.epochTime(), service::ImapMailboxClient::parseInternalDate(flags.data.internalDate).epochTime());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", row.messageId));
	}

	void testCrashAfterAppendFilesOnce()
	{
		// Dies after the APPEND, before `filed` is committed: the restart
		// finds the copy by Message-ID instead of appending a second one.
		FakeOutbox w;
		Poco::Timestamp now;
		w.queue(2, {TestEnv::instance().get("MB_USER3")}, now);
		w.killAt = 4; // claim, sending, accepted, [filed]
		{
			Outbound out(w);
			CPPUNIT_ASSERT_THROW(out.processor.runOnce(now), FakeOutbox::Crash);
			CPPUNIT_ASSERT_EQUAL(std::string("transition to filed"), w.lastStep);
			CPPUNIT_ASSERT(w.rows[2].state == sync::OutboxState::Accepted);
		}
		w.killAt = 0;
		Outbound restarted(w);
		restarted.processor.runOnce(now + Lease);
		const sync::OutboxItem& row = w.rows[2];
		CPPUNIT_ASSERT(row.state == sync::OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*restarted.imap, restarted.filer.folder(), row.messageId));
		CPPUNIT_ASSERT_EQUAL(row.filedUid, restarted.filer.find(row.messageId));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER3", "MB_PASS3", row.messageId));
	}

	void testProviderCopyLinked()
	{
		// A provider that files sent mail itself, simulated by appending the
		// copy as it would: mailbridge appends nothing and links to it.
		FakeOutbox w;
		w.providerFiles = true;
		Poco::Timestamp now;
		w.queue(3, {TestEnv::instance().get("MB_USER2")}, now);
		Outbound out(w);
		out.processor.runOnce(now);
		CPPUNIT_ASSERT(w.rows[3].state == sync::OutboxState::Accepted); // waiting for the provider's copy
		const std::string id = w.rows[3].messageId;
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), test::countCopies(*out.imap, out.filer.folder(), id));
		imap::Response appended = out.imap->append(out.filer.folder(), "(\\Seen)", w.compose(w.rows[3]));
		std::uint32_t providerUid = appended.code.uids.ranges().at(0).first;
		out.processor.runOnce(now + Lease);
		CPPUNIT_ASSERT(w.rows[3].state == sync::OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(providerUid, w.rows[3].filedUid);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*out.imap, out.filer.folder(), id));
		CPPUNIT_ASSERT_EQUAL(1, w.count(w.ledger, id));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutboxLiveTest);
