//
// InboundProcessor.cpp
//

#include "connector/sync/InboundProcessor.h"
#include "connector/common/Errors.h"
#include "connector/sync/SubjectKey.h"
#include <Poco/Exception.h>
#include <openssl/evp.h>
#include <algorithm>
#include <map>
#include <set>

namespace mailbridge {
namespace sync {

namespace {

std::vector<std::string> keys(const std::vector<ParsedAddress>& list)
{
	std::vector<std::string> out;
	for (const auto& a: list)
		if (!a.key.empty()) out.push_back(a.key);
	return out;
}

} // namespace

InboundProcessor::InboundProcessor(const MessagePolicy& policy, PeopleDirectory& people, Parser parser):
	_policy(policy),
	_people(people),
	_parser(std::move(parser))
{
}

std::string InboundProcessor::sha256(const std::string& bytes)
{
	// OpenSSL's: Poco's SHA2Engine took about five times as long per message.
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int length = 0;
	if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr))
		throw Poco::SystemException("SHA-256 failed in OpenSSL");
	static const char HEX[] = "0123456789abcdef";
	std::string out(2 * length, '0');
	for (unsigned int i = 0; i < length; ++i)
	{
		out[2 * i] = HEX[digest[i] >> 4];
		out[2 * i + 1] = HEX[digest[i] & 0x0F];
	}
	return out;
}

void InboundProcessor::prepare(FetchedMessage& message) const
{
	auto prepared = std::make_shared<PreparedMessage>();
	prepared->contentHash = sha256(message.raw);
	try
	{
		prepared->parsed = _parser(message.raw, message.internalDate);
	}
	catch (std::exception& exc)
	{
		prepared->error = exc.what();
		if (prepared->error.empty()) prepared->error = "unknown failure";
	}
	message.prepared = std::move(prepared);
}

std::vector<MessageRecord> InboundProcessor::process(const FolderContext& folder, std::vector<FetchedMessage>& batch)
{
	std::vector<MessageRecord> records(batch.size());
	std::vector<PolicyDecision> decisions(batch.size());
	std::set<std::string> wanted;

	for (std::size_t i = 0; i < batch.size(); ++i)
	{
		FetchedMessage& fetched = batch[i];
		MessageRecord& record = records[i];
		record.uid = fetched.uid;
		record.internalDate = fetched.internalDate;
		record.size = fetched.size ? fetched.size : fetched.raw.size();
		if (!fetched.prepared) prepare(fetched);
		PreparedMessage& prepared = *fetched.prepared;
		record.contentHash = std::move(prepared.contentHash);
		if (!prepared.error.empty())
		{
			// The parser promises not to throw; if it does, one message is lost
			// to the log, never the folder.
			record.outcome = Outcome::Error;
			record.detail = "could not parse the message: " + prepared.error;
			decisions[i].decided = true;
			decisions[i].outcome = Outcome::Error;
			fetched.prepared.reset();
			continue;
		}
		ParsedMessage parsed = std::move(prepared.parsed);
		fetched.prepared.reset();
		record.messageId = parsed.messageId;
		record.parentIds = parsed.parentIds;
		record.subject = parsed.subject;
		record.date = parsed.date;
		const std::string subjectKey = SubjectKey::normalize(parsed.subject);
		if (!subjectKey.empty()) record.subjectKey = sha256(subjectKey);
		if (_policy.policy().subjectThreading && SubjectKey::isReply(parsed.subject))
			record.subjectThreadingDays = _policy.policy().subjectThreadingDays;
		record.senderAddress = parsed.from.key;
		record.senderName = parsed.from.name;
		record.message = parsed.full;
		record.raw = std::make_shared<const std::string>(std::move(fetched.raw));

		MessageFacts facts;
		facts.from = parsed.from.key;
		facts.to = keys(parsed.to);
		facts.cc = keys(parsed.cc);
		facts.bcc = keys(parsed.bcc);
		facts.bulk = parsed.bulk;
		facts.autoReply = parsed.autoReply;
		facts.bounce = parsed.deliveryReport;
		facts.failedRecipients = parsed.failedRecipients;
		PolicyDecision& d = decisions[i];
		d = _policy.decide(facts, folder.role);
		record.direction = d.direction;
		record.kind = d.kind;
		if (d.decided)
		{
			record.outcome = d.outcome;
			record.detail = d.detail;
		}
		else
		{
			wanted.insert(d.lookup.begin(), d.lookup.end());
		}
	}

	std::map<std::string, std::vector<PersonRef>> found;
	if (!wanted.empty()) found = _people.findFor(folder.key.mailbox, std::vector<std::string>(wanted.begin(), wanted.end()));

	for (std::size_t i = 0; i < batch.size(); ++i)
	{
		PolicyDecision& d = decisions[i];
		if (d.decided) continue;
		MessageRecord& record = records[i];
		std::vector<PersonRef> people;
		for (const auto& address: d.lookup)
		{
			auto it = found.find(address);
			if (it == found.end()) continue;
			for (const auto& person: it->second)
				if (std::find(people.begin(), people.end(), person) == people.end()) people.push_back(person);
		}
		bool headerOnly = false;
		record.outcome = _policy.settle(d, people, headerOnly, record.detail);
		record.headerOnly = headerOnly;
		record.people = std::move(people);
	}
	return records;
}

} } // namespace mailbridge::sync
