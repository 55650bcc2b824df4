#include "connector/service/OutboxActivityLogger.h"
#include "connector/service/MessageParsing.h"
#include "connector/sync/InboundProcessor.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

#include <set>

namespace mailbridge {
namespace service {

OutboxActivityLogger::OutboxActivityLogger(mapping::OdbcConnection& db, sync::SyncStore& store,
	sync::PeopleDirectory& people, const std::string& mailbox, SentLocation sent):
	_db(db),
	_store(store),
	_people(people),
	_mailbox(mailbox),
	_sent(std::move(sent))
{
}

bool OutboxActivityLogger::logged(const std::string& messageId)
{
	std::string id = messageId;
	if (id.size() > 1 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
	const mapping::SqlStatement q = mapping::OwnTablesSql(_db.dialect()).ledgerSelectByMessageId();
	try
	{
		mapping::ParamBinder p;
		p.text("message_id", id);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		return Poco::Data::RecordSet(stmt).rowCount() > 0;
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
}

void OutboxActivityLogger::log(const sync::OutboxItem& item, const std::string& message)
{
	sync::ParsedMessage parsed = parseMessageForSync(message, item.sentAt);
	sync::MessageRecord record;
	// 0 when the copy's UID is unknown (no UIDPLUS, or the provider's copy
	// never showed up): the inbound sync writes the real row when it sees it.
	record.uid = item.filedUid;
	record.internalDate = item.sentAt;
	record.size = message.size();
	record.messageId = parsed.messageId;
	record.contentHash = sync::InboundProcessor::sha256(message);
	record.direction = sync::Direction::Out;
	record.subject = parsed.subject;
	record.parentIds = parsed.parentIds;
	record.senderAddress = parsed.from.key;
	record.senderName = parsed.from.name;
	record.message = parsed.full;
	record.raw = std::make_shared<const std::string>(message);

	std::vector<std::string> keys;
	for (const sync::OutboxRecipient& r: item.recipients) keys.push_back(Poco::toLower(Poco::trim(r.address)));
	std::set<std::pair<std::string, std::string>> seen;
	for (auto& found: _people.find(keys))
	{
		for (sync::PersonRef person: found.second)
		{
			if (person.doNotLog || !seen.insert({person.table, person.key}).second) continue;
			if (person.address.empty()) person.address = found.first;
			record.people.push_back(person);
		}
	}
	record.outcome = record.people.empty() ? sync::Outcome::NoPerson : sync::Outcome::Logged;
	if (record.people.empty()) record.detail = "no recipient is a known person";

	const std::pair<std::string, std::uint32_t> sent = _sent();
	_store.commitRecords(sync::FolderKey{_mailbox, sent.first}, sent.second, {record});
}

} } // namespace mailbridge::service
