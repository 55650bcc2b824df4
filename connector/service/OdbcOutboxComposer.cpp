//
// OdbcOutboxComposer.cpp
//

#include "connector/service/OdbcOutboxComposer.h"
#include "connector/common/Errors.h"
#include "connector/mime/AddressParser.h"
#include "connector/mime/MessageBuilder.h"
#include "connector/service/OutboxRow.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

namespace mailbridge {
namespace service {

namespace {

std::string withoutBrackets(const std::string& id)
{
	if (id.size() > 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
	return id;
}

} // namespace

OdbcOutboxComposer::OdbcOutboxComposer(mapping::OdbcConnection& db, DisplayNames displayNames):
	_db(db),
	_sql(db.dialect()),
	_displayNames(std::move(displayNames))
{
}

std::string OdbcOutboxComposer::parentMessageId(const std::string& activityKey)
{
	mapping::SqlStatement q = _sql.messageActivitySelectByActivity();
	std::string key;
	try
	{
		mapping::ParamBinder p;
		p.text("activity_key", activityKey);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		// Several rows (one per person) all name the same message.
		if (rs.moveFirst()) key = OutboxRow::text(rs, 0);
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	// A message without a Message-ID is keyed "sha256:...": nothing to refer to.
	if (key.size() < 3 || key.front() != '<' || key.back() != '>') return std::string();
	return withoutBrackets(key);
}

std::string OdbcOutboxComposer::compose(const sync::OutboxItem& item)
{
	std::string label = "outbox " + std::to_string(item.id);
	if (item.messageId.empty()) throw MessageError(label, "composed before its Message-ID was stored");
	OutboxRow row;
	if (!OutboxRow::read(_db, _sql, item.id, row)) throw MessageError(label, "the row is gone");

	std::string::size_type at = row.mailbox.rfind('@');
	mime::MessageBuilder builder(at == std::string::npos ? "mailbridge.invalid" : row.mailbox.substr(at + 1));
	builder.from(mime::Address{_displayNames ? _displayNames(row.mailbox) : std::string(), row.mailbox});
	for (const auto& a: mime::AddressParser::parseList(row.toAddrs)) builder.to(a);
	for (const auto& a: mime::AddressParser::parseList(row.ccAddrs)) builder.cc(a);
	for (const auto& a: mime::AddressParser::parseList(row.bccAddrs)) builder.bcc(a); // envelope only, never written
	builder.subject(row.subject).text(row.bodyText);
	if (!row.bodyHtml.empty()) builder.html(row.bodyHtml);
	builder.useMessageId(withoutBrackets(item.messageId)).date(item.sendAt);
	if (!row.parentActivityKey.empty())
	{
		mime::Message parent;
		parent.messageId = parentMessageId(row.parentActivityKey);
		if (!parent.messageId.empty()) builder.inReplyTo(parent);
	}
	try
	{
		return builder.build();
	}
	catch (Poco::InvalidArgumentException& exc)
	{
		throw MessageError(label, exc.displayText()); // no From or no recipient
	}
}

} } // namespace mailbridge::service
