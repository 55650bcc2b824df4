// MessagePolicy as a table: (facts, folder, people found) -> direction, kind, outcome.

#include "connector/sync/MessagePolicy.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::sync;

namespace {

Policy policy()
{
	Policy p;
	p.internalDomains = {"example.test"};
	p.excludeAddresses = {"payroll@partner.example"};
	p.excludeDomains = {"lawfirm.example"};
	p.headerOnlyDomains = {"bank.example"};
	p.bulk = FilterPolicy::Skip;
	p.autoReply = FilterPolicy::Log;
	p.unknownSender = UnknownSenderPolicy::Stage;
	return p;
}

PersonRef person(const std::string& address, bool doNotLog = false)
{
	PersonRef p;
	p.kind = "C";
	p.key = address;
	p.address = address;
	p.doNotLog = doNotLog;
	return p;
}

MessageFacts facts(const std::string& from, std::vector<std::string> to, std::vector<std::string> cc = {})
{
	MessageFacts f;
	f.from = from;
	f.to = to;
	f.cc = cc;
	return f;
}

struct Row
{
	const char* name;
	MessageFacts facts;
	FolderRole role;
	std::vector<PersonRef> found;
	Direction direction;
	MessageKind kind;
	Outcome outcome;
	std::vector<std::string> lookup;
	bool headerOnly;
};

} // namespace

class MessagePolicyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MessagePolicyTest);
	CPPUNIT_TEST(testTable);
	CPPUNIT_TEST(testUnknownSenderCreated);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTable()
	{
		MessageFacts bulk = facts("news@jobs.example", {"alice@example.test"});
		bulk.bulk = true;
		MessageFacts ooo = facts("carol@example.net", {"alice@example.test"});
		ooo.autoReply = true;
		MessageFacts dsn = facts("mailer-daemon@example.test", {"alice@example.test"});
		dsn.bounce = true;
		dsn.failedRecipients = {"gone@example.net", "also-gone@example.net"};

		const std::vector<Row> rows = {
			{"inbound from a candidate", facts("carol@example.net", {"alice@example.test"}), FolderRole::Inbox,
				{person("carol@example.net")}, Direction::In, MessageKind::Normal, Outcome::Logged, {"carol@example.net"}, false},
			{"sent folder is outbound", facts("alice@example.test", {"carol@example.net"}, {"dave@example.net"}), FolderRole::Sent,
				{person("carol@example.net"), person("dave@example.net")}, Direction::Out, MessageKind::Normal, Outcome::Logged,
				{"carol@example.net", "dave@example.net"}, false},
			{"from an alias in INBOX is outbound", facts("recruiting@example.test", {"carol@example.net"}), FolderRole::Inbox,
				{person("carol@example.net")}, Direction::Out, MessageKind::Normal, Outcome::Logged, {"carol@example.net"}, false},
			{"excluded domain never logged", facts("carol@example.net", {"alice@example.test"}, {"counsel@lawfirm.example"}),
				FolderRole::Inbox, {}, Direction::In, MessageKind::Normal, Outcome::Excluded, {}, false},
			{"excluded address never logged", facts("payroll@partner.example", {"alice@example.test"}), FolderRole::Inbox,
				{}, Direction::In, MessageKind::Normal, Outcome::Excluded, {}, false},
			{"bulk skipped", bulk, FolderRole::Inbox, {}, Direction::In, MessageKind::Bulk, Outcome::Filtered, {}, false},
			{"auto-reply logged as its kind", ooo, FolderRole::Inbox, {person("carol@example.net")}, Direction::In,
				MessageKind::AutoReply, Outcome::Logged, {"carol@example.net"}, false},
			{"bounce looks up the failed recipients", dsn, FolderRole::Inbox, {person("gone@example.net")}, Direction::In,
				MessageKind::Bounce, Outcome::Logged, {"gone@example.net", "also-gone@example.net"}, false},
			{"internal mail without a person", facts("bob@example.test", {"alice@example.test"}), FolderRole::Inbox,
				{}, Direction::In, MessageKind::Normal, Outcome::Excluded, {"bob@example.test"}, false},
			{"internal mail with a person on it", facts("bob@example.test", {"alice@example.test"}, {"carol@example.net"}),
				FolderRole::Inbox, {person("carol@example.net")}, Direction::In, MessageKind::Normal, Outcome::Logged,
				{"bob@example.test", "carol@example.net"}, false},
			{"unknown sender staged", facts("stranger@example.org", {"alice@example.test"}), FolderRole::Inbox,
				{}, Direction::In, MessageKind::Normal, Outcome::Staged, {"stranger@example.org"}, false},
			{"unknown recipient of sent mail is not staged", facts("alice@example.test", {"stranger@example.org"}), FolderRole::Sent,
				{}, Direction::Out, MessageKind::Normal, Outcome::NoPerson, {"stranger@example.org"}, false},
			{"do-not-log respected", facts("carol@example.net", {"alice@example.test"}), FolderRole::Inbox,
				{person("carol@example.net", true)}, Direction::In, MessageKind::Normal, Outcome::Excluded, {"carol@example.net"}, false},
			{"header-only domain", facts("eve@bank.example", {"alice@example.test"}), FolderRole::Inbox,
				{person("eve@bank.example")}, Direction::In, MessageKind::Normal, Outcome::Logged, {"eve@bank.example"}, true},
			{"mail to oneself", facts("alice@example.test", {"alice@example.test"}), FolderRole::Inbox,
				{}, Direction::Out, MessageKind::Normal, Outcome::NoPerson, {}, false},
		};

		MessagePolicy p(policy(), "alice@example.test", {"recruiting@example.test"}, false);
		for (const Row& row: rows)
		{
			PolicyDecision d = p.decide(row.facts, row.role);
			CPPUNIT_ASSERT_MESSAGE(row.name, d.direction == row.direction);
			CPPUNIT_ASSERT_MESSAGE(row.name, d.kind == row.kind);
			CPPUNIT_ASSERT_MESSAGE(row.name, d.lookup == row.lookup);
			Outcome outcome = d.outcome;
			bool headerOnly = false;
			if (!d.decided)
			{
				std::vector<PersonRef> people = row.found;
				std::string detail;
				outcome = p.settle(d, people, headerOnly, detail);
			}
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row.name, std::string(toString(row.outcome)), std::string(toString(outcome)));
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row.name, row.headerOnly, headerOnly);
		}

		MessagePolicy quiet(policy(), "alice@example.test", {}, true);
		std::vector<PersonRef> people = {person("carol@example.net")};
		bool headerOnly = false;
		std::string detail;
		quiet.settle(quiet.decide(facts("carol@example.net", {"alice@example.test"}), FolderRole::Inbox), people, headerOnly, detail);
		CPPUNIT_ASSERT(headerOnly); // a header-only mailbox
	}

	void testUnknownSenderCreated()
	{
		Policy create = policy();
		create.unknownSender = UnknownSenderPolicy::Create;
		create.autoReply = FilterPolicy::Log;
		MessagePolicy p(create, "alice@example.test", {"recruiting@example.test"}, false);
		auto settle = [&](const MessageFacts& f, FolderRole role, std::vector<PersonRef> found, std::vector<PersonRef>& people) {
			PolicyDecision d = p.decide(f, role);
			if (d.decided) return d.outcome;
			people = found;
			bool headerOnly = false;
			std::string detail;
			return p.settle(d, people, headerOnly, detail);
		};
		std::vector<PersonRef> people;
		// A new applicant: one person to create, from the sender.
		CPPUNIT_ASSERT(settle(facts("new@applicant.example", {"alice@example.test"}), FolderRole::Inbox, {}, people) == Outcome::Logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), people.size());
		CPPUNIT_ASSERT(people[0].create);
		CPPUNIT_ASSERT_EQUAL(std::string("new@applicant.example"), people[0].address);
		CPPUNIT_ASSERT(people[0].key.empty());
		// Someone known is on it: logged for them, nobody created.
		CPPUNIT_ASSERT(settle(facts("new@applicant.example", {"alice@example.test"}, {"carol@example.net"}), FolderRole::Inbox,
			{person("carol@example.net")}, people) == Outcome::Logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), people.size());
		CPPUNIT_ASSERT(!people[0].create);
		// Never for sent mail, internal senders, bulk, auto-replies, excluded senders, or a known person opted out.
		CPPUNIT_ASSERT(settle(facts("alice@example.test", {"new@applicant.example"}), FolderRole::Sent, {}, people) == Outcome::NoPerson);
		CPPUNIT_ASSERT(settle(facts("bob@example.test", {"alice@example.test"}), FolderRole::Inbox, {}, people) == Outcome::Excluded);
		MessageFacts bulk = facts("news@jobs.example", {"alice@example.test"});
		bulk.bulk = true;
		CPPUNIT_ASSERT(settle(bulk, FolderRole::Inbox, {}, people) == Outcome::Filtered);
		MessageFacts ooo = facts("away@applicant.example", {"alice@example.test"});
		ooo.autoReply = true;
		CPPUNIT_ASSERT(settle(ooo, FolderRole::Inbox, {}, people) == Outcome::NoPerson);
		CPPUNIT_ASSERT(settle(facts("payroll@partner.example", {"alice@example.test"}), FolderRole::Inbox, {}, people) == Outcome::Excluded);
		CPPUNIT_ASSERT(settle(facts("carol@example.net", {"alice@example.test"}), FolderRole::Inbox,
			{person("carol@example.net", true)}, people) == Outcome::Excluded);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagePolicyTest);
