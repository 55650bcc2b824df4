// InboundProcessor: one lookup per batch, policy outcomes, parse failures
// confined to their message, SHA-256 content hashes.

#include "connector/sync/InboundProcessor.h"
#include <Poco/String.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>
#include <stdexcept>

using namespace mailbridge::sync;

namespace {

class CountingDirectory: public PeopleDirectory
{
public:
	int calls = 0;
	std::vector<std::string> asked;
	std::map<std::string, std::vector<PersonRef>> find(const std::vector<std::string>& addresses) override
	{
		++calls;
		asked = addresses;
		std::map<std::string, std::vector<PersonRef>> out;
		for (const auto& a: addresses)
		{
			if (a.rfind("cand", 0) != 0) continue;
			PersonRef p;
			p.table = "candidates";
			p.kind = "C";
			p.key = a.substr(0, a.find('@'));
			p.address = a;
			out[a].push_back(p);
		}
		return out;
	}
};

ParsedAddress address(const std::string& a)
{
	return ParsedAddress{"", a, Poco::toLower(Poco::trim(a))};
}

// "From|To,To|flags" -> a parsed message; "THROW" throws.
ParsedMessage parse(const std::string& raw, const Poco::Timestamp&)
{
	if (raw == "THROW") throw std::runtime_error("boom");
	std::vector<std::string> parts;
	std::stringstream in(raw);
	for (std::string p; std::getline(in, p, '|');) parts.push_back(p);
	ParsedMessage m;
	m.messageId = parts.at(0) + "-id@test";
	m.from = address(parts.at(0));
	std::stringstream to(parts.at(1));
	for (std::string t; std::getline(to, t, ',');) m.to.push_back(address(t));
	m.bulk = parts.size() > 2 && parts[2] == "bulk";
	m.subject = "Subject of " + parts.at(0);
	return m;
}

FetchedMessage fetched(std::uint32_t uid, const std::string& raw)
{
	FetchedMessage m;
	m.uid = uid;
	m.raw = raw;
	return m;
}

Policy stagePolicy()
{
	Policy p;
	p.internalDomains = {"agency.test"};
	p.unknownSender = UnknownSenderPolicy::Stage;
	return p;
}

} // namespace

class InboundProcessorTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(InboundProcessorTest);
	CPPUNIT_TEST(testOneLookupPerBatch);
	CPPUNIT_TEST(testSentIsOutbound);
	CPPUNIT_TEST(testUnknownSenderStaged);
	CPPUNIT_TEST(testParseFailureIsConfined);
	CPPUNIT_TEST(testBulkFilteredWithoutLookup);
	CPPUNIT_TEST(testSha256);
	CPPUNIT_TEST(testPreparedAheadIsUsed);
	CPPUNIT_TEST(testSubjectThreadingMarksReplies);
	CPPUNIT_TEST_SUITE_END();

public:
	void testOneLookupPerBatch()
	{
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, parse);
		std::vector<FetchedMessage> batch{fetched(1, "cand1@mail.test|rec@agency.test"),
			fetched(2, "cand2@mail.test|rec@agency.test"), fetched(3, "Cand1@Mail.test|rec@agency.test")};
		auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
		CPPUNIT_ASSERT_EQUAL(1, people.calls);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), people.asked.size()); // cand1 asked once, case folded
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), records.size());
		for (const auto& r: records)
		{
			CPPUNIT_ASSERT(r.outcome == Outcome::Logged);
			CPPUNIT_ASSERT(r.direction == Direction::In);
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.people.size());
		}
		CPPUNIT_ASSERT_EQUAL(std::string("cand2"), records[1].people[0].key);
		CPPUNIT_ASSERT_EQUAL(std::string("cand2@mail.test-id@test"), records[1].messageId);
		CPPUNIT_ASSERT(records[0].raw && !records[0].raw->empty());
	}

	void testSentIsOutbound()
	{
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, parse);
		std::vector<FetchedMessage> batch{fetched(4, "rec@agency.test|cand9@mail.test")};
		auto records = processor.process(FolderContext{{"rec@agency.test", "Sent"}, FolderRole::Sent, 7}, batch);
		CPPUNIT_ASSERT(records[0].direction == Direction::Out);
		CPPUNIT_ASSERT(records[0].outcome == Outcome::Logged);
		CPPUNIT_ASSERT_EQUAL(std::string("cand9"), records[0].people.at(0).key);
	}

	void testUnknownSenderStaged()
	{
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, parse);
		std::vector<FetchedMessage> batch{fetched(5, "stranger@else.test|rec@agency.test")};
		auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
		CPPUNIT_ASSERT(records[0].outcome == Outcome::Staged);
		CPPUNIT_ASSERT_EQUAL(std::string("stranger@else.test"), records[0].senderAddress);
		CPPUNIT_ASSERT(records[0].people.empty());
	}

	void testParseFailureIsConfined()
	{
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, parse);
		std::vector<FetchedMessage> batch{fetched(6, "THROW"), fetched(7, "cand3@mail.test|rec@agency.test")};
		auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
		CPPUNIT_ASSERT(records[0].outcome == Outcome::Error);
		CPPUNIT_ASSERT(records[0].detail.find("boom") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(6), records[0].uid);
		CPPUNIT_ASSERT(records[1].outcome == Outcome::Logged);
	}

	void testPreparedAheadIsUsed()
	{
		// Messages prepared on the fetching thread are not parsed again; the
		// others are parsed inline; either way the records are the same, and
		// a parser failure in prepare() is still that message's error.
		int parses = 0;
		InboundProcessor::Parser counting = [&parses](const std::string& raw, const Poco::Timestamp& date) {
			++parses;
			return parse(raw, date);
		};
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, counting);
		std::vector<FetchedMessage> batch{fetched(1, "cand1@mail.test|rec@agency.test"), fetched(2, "THROW"),
			fetched(3, "cand3@mail.test|rec@agency.test")};
		processor.prepare(batch[0]);
		processor.prepare(batch[1]);
		CPPUNIT_ASSERT_EQUAL(2, parses);
		CPPUNIT_ASSERT(batch[0].prepared && batch[0].prepared->error.empty());
		CPPUNIT_ASSERT_EQUAL(InboundProcessor::sha256("cand1@mail.test|rec@agency.test"), batch[0].prepared->contentHash);
		auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
		CPPUNIT_ASSERT_EQUAL(3, parses);
		CPPUNIT_ASSERT(records[0].outcome == Outcome::Logged);
		CPPUNIT_ASSERT_EQUAL(std::string("cand1@mail.test-id@test"), records[0].messageId);
		CPPUNIT_ASSERT_EQUAL(InboundProcessor::sha256("cand1@mail.test|rec@agency.test"), records[0].contentHash);
		CPPUNIT_ASSERT(records[1].outcome == Outcome::Error);
		CPPUNIT_ASSERT(records[1].detail.find("boom") != std::string::npos);
		CPPUNIT_ASSERT(records[2].outcome == Outcome::Logged);
		CPPUNIT_ASSERT_EQUAL(std::string("cand3"), records[2].people.at(0).key);
		CPPUNIT_ASSERT(!batch[0].prepared);  // handed over, not kept twice
	}

	void testSubjectThreadingMarksReplies()
	{
		InboundProcessor::Parser titled = [](const std::string& raw, const Poco::Timestamp& date) {
			ParsedMessage m = parse(raw, date);
			m.subject = raw.find("reply") != std::string::npos ? "Re: [Jobs] Interview  Thursday" : "Interview Thursday";
			return m;
		};
		for (const bool on: {true, false})
		{
			Policy p = stagePolicy();
			p.subjectThreading = on;
			p.subjectThreadingDays = 14;
			MessagePolicy policy(p, "rec@agency.test", {}, false);
			CountingDirectory people;
			InboundProcessor processor(policy, people, titled);
			std::vector<FetchedMessage> batch{fetched(1, "cand1@mail.test|rec@agency.test"),
				fetched(2, "cand1@mail.test|rec@agency.test|reply")};
			auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
			// Both carry the same key, whatever the setting: the first may be a parent later.
			CPPUNIT_ASSERT_EQUAL(InboundProcessor::sha256("interview thursday"), records[0].subjectKey);
			CPPUNIT_ASSERT_EQUAL(records[0].subjectKey, records[1].subjectKey);
			CPPUNIT_ASSERT_EQUAL(0, records[0].subjectThreadingDays);  // no prefix
			CPPUNIT_ASSERT_EQUAL(on ? 14 : 0, records[1].subjectThreadingDays);
		}
	}

	void testBulkFilteredWithoutLookup()
	{
		MessagePolicy policy(stagePolicy(), "rec@agency.test", {}, false);
		CountingDirectory people;
		InboundProcessor processor(policy, people, parse);
		std::vector<FetchedMessage> batch{fetched(8, "cand4@mail.test|rec@agency.test|bulk")};
		auto records = processor.process(FolderContext{{"rec@agency.test", "INBOX"}, FolderRole::Inbox, 7}, batch);
		CPPUNIT_ASSERT(records[0].outcome == Outcome::Filtered);
		CPPUNIT_ASSERT(records[0].kind == MessageKind::Bulk);
		CPPUNIT_ASSERT_EQUAL(0, people.calls);
	}

	void testSha256()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
			InboundProcessor::sha256("abc"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(InboundProcessorTest);
