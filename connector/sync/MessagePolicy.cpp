#include "connector/sync/MessagePolicy.h"

#include <Poco/String.h>

#include <algorithm>

namespace mailbridge {
namespace sync {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value)
{
	return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

MessagePolicy::MessagePolicy(const Policy& policy, const std::string& mailbox, const std::vector<std::string>& aliases, bool headerOnlyMailbox):
	_policy(policy),
	_headerOnlyMailbox(headerOnlyMailbox)
{
	_own.insert(Poco::toLower(mailbox));
	for (const std::string& alias: aliases) _own.insert(Poco::toLower(alias));
}

std::string MessagePolicy::domainOf(const std::string& address)
{
	std::string::size_type at = address.rfind('@');
	return at == std::string::npos ? std::string() : address.substr(at + 1);
}

bool MessagePolicy::isOwn(const std::string& address) const
{
	return _own.count(address) != 0;
}

bool MessagePolicy::excluded(const std::string& address) const
{
	return contains(_policy.excludeAddresses, address) || contains(_policy.excludeDomains, domainOf(address));
}

bool MessagePolicy::internal(const std::string& address) const
{
	return contains(_policy.internalDomains, domainOf(address));
}

PolicyDecision MessagePolicy::decide(const MessageFacts& facts, FolderRole role) const
{
	PolicyDecision d;
	d.direction = role == FolderRole::Sent || isOwn(facts.from) ? Direction::Out : Direction::In;
	d.sender = facts.from;
	d.kind = facts.bounce ? MessageKind::Bounce : facts.autoReply ? MessageKind::AutoReply :
		facts.bulk ? MessageKind::Bulk : MessageKind::Normal;

	std::vector<std::string> everyone;
	everyone.push_back(facts.from);
	everyone.insert(everyone.end(), facts.to.begin(), facts.to.end());
	everyone.insert(everyone.end(), facts.cc.begin(), facts.cc.end());
	everyone.insert(everyone.end(), facts.bcc.begin(), facts.bcc.end());

	for (const std::string& address: everyone)
	{
		if (!address.empty() && excluded(address))
		{
			d.decided = true;
			d.outcome = Outcome::Excluded;
			d.detail = "excluded address " + address;
			return d;
		}
	}
	if ((d.kind == MessageKind::Bulk && _policy.bulk == FilterPolicy::Skip) ||
		(d.kind == MessageKind::AutoReply && _policy.autoReply == FilterPolicy::Skip))
	{
		d.decided = true;
		d.outcome = Outcome::Filtered;
		d.detail = toString(d.kind);
		return d;
	}

	// A bounce concerns the addresses that failed, not the mailer daemon.
	const std::vector<std::string>& candidates = d.kind == MessageKind::Bounce ? facts.failedRecipients : everyone;
	for (const std::string& address: candidates)
	{
		if (address.empty() || isOwn(address) || contains(d.lookup, address)) continue;
		d.lookup.push_back(address);
	}
	if (d.lookup.empty())
	{
		d.decided = true;
		d.outcome = Outcome::NoPerson;
		d.detail = "only the mailbox's own addresses";
	}
	return d;
}

Outcome MessagePolicy::settle(const PolicyDecision& decision, std::vector<PersonRef>& people, bool& headerOnly, std::string& detail) const
{
	headerOnly = _headerOnlyMailbox;
	const bool anyone = !people.empty();
	people.erase(std::remove_if(people.begin(), people.end(), [](const PersonRef& p) { return p.doNotLog; }), people.end());
	if (anyone && people.empty())
	{
		detail = "every matched person is marked do-not-log";
		return Outcome::Excluded;
	}
	if (!people.empty())
	{
		for (const PersonRef& p: people)
			if (contains(_policy.headerOnlyDomains, domainOf(p.address))) headerOnly = true;
		return Outcome::Logged;
	}
	const bool allInternal = std::all_of(decision.lookup.begin(), decision.lookup.end(),
		[this](const std::string& a) { return internal(a); });
	if (allInternal)
	{
		detail = "internal mail";
		return Outcome::Excluded;
	}
	if (decision.direction == Direction::In && decision.kind == MessageKind::Normal &&
		_policy.unknownSender == UnknownSenderPolicy::Create && !decision.sender.empty() &&
		decision.sender.find('@') != std::string::npos && !isOwn(decision.sender) && !internal(decision.sender))
	{
		PersonRef sender;
		sender.address = decision.sender;
		sender.create = true;
		people.push_back(sender);
		detail = "unknown sender: a person is created";
		return Outcome::Logged;
	}
	if (decision.direction == Direction::In && decision.kind == MessageKind::Normal &&
		_policy.unknownSender == UnknownSenderPolicy::Stage)
	{
		detail = "unknown sender staged";
		return Outcome::Staged;
	}
	detail = "no known person";
	return Outcome::NoPerson;
}

} } // namespace mailbridge::sync
