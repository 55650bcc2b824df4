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
#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Data/Statement.h>

namespace mailbridge {
namespace service {

namespace {

std::string withoutBrackets(const std::string& id)
{
	if (id.size() > 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
	return id;
}

// Above what any submission server takes (Gmail and Microsoft 365: 25 to
// 35 MB after encoding); a larger value is refused with the row's error.
const std::size_t MAX_ATTACHMENT = 64 * 1024 * 1024;

std::string readAttachmentFile(const std::string& path, const std::string& label, const std::string& name)
{
	// The service runs from / (or system32): a relative path means nothing there.
	if (!Poco::Path(path).isAbsolute())
		throw MessageError(label, "attachment " + name + ": file_path must be absolute, not " + path);
	try
	{
		Poco::FileInputStream in(path, std::ios::in | std::ios::binary);
		std::string data;
		Poco::StreamCopier::copyToString(in, data);
		return data;
	}
	catch (Poco::Exception& exc)
	{
		throw MessageError(label, "attachment " + name + ": cannot read " + path + ": " + exc.displayText());
	}
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

bool OdbcOutboxComposer::hasAttachments(std::int64_t id)
{
	// Under the attachment limit Poco's ODBC preparator allocates and clears
	// a buffer of that size for each column of the statement, tens of
	// milliseconds at every compose: the common row without attachments
	// skips that statement.
	const mapping::SqlStatement q = _sql.outboxAttachmentCount();
	try
	{
		mapping::ParamBinder p;
		p.integer("outbox_id", id);
		Poco::Data::Statement stmt(_db.session());
		stmt << q.text;
		p.bind(stmt, q);
		stmt.execute();
		return Poco::Data::RecordSet(stmt).value(0).convert<Poco::Int64>() > 0;
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
}

void OdbcOutboxComposer::attach(mime::MessageBuilder& builder, std::int64_t id, const std::string& label)
{
	if (!hasAttachments(id)) return;
	const mapping::SqlStatement q = _sql.outboxAttachmentSelect();
	std::vector<mime::OutgoingAttachment> attachments;
	try
	{
		mapping::ParamBinder p;
		p.integer("outbox_id", id);
		Poco::Data::Statement stmt(_db.session());
		_db.withMaxFieldSize(MAX_ATTACHMENT, [&] {
			stmt << q.text;
			p.bind(stmt, q);
			stmt.execute();
		});
		Poco::Data::RecordSet rs(stmt);
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			mime::OutgoingAttachment a;
			a.fileName = OutboxRow::text(rs, 0);
			a.contentType = OutboxRow::text(rs, 1);
			const std::string path = OutboxRow::text(rs, 3);
			if (!rs.value(2).isEmpty() && _db.dialect().vendor() == mapping::Dialect::SQLite)
			{
				// Debian's SQLite ODBC driver (0.9998) hands back every 0xFF
				// byte of a BLOB as 0x00: refused rather than sent corrupted.
				throw MessageError(label, "attachment " + a.fileName + ": on SQLite give attachments as file_path; "
					"the SQLite ODBC driver does not return BLOB bytes intact");
			}
			else if (!rs.value(2).isEmpty())
			{
				const Poco::Data::BLOB blob = rs.value(2).extract<Poco::Data::BLOB>();
				a.data.assign(reinterpret_cast<const char*>(blob.rawContent()), blob.size());
			}
			else if (!path.empty())
			{
				a.data = readAttachmentFile(path, label, a.fileName);
			}
			else
			{
				throw MessageError(label, "attachment " + a.fileName + " has neither content nor file_path");
			}
			attachments.push_back(std::move(a));
		}
	}
	catch (MessageError&)
	{
		throw;
	}
	catch (std::exception& exc)
	{
		mapping::OdbcConnection::translate(exc, q.text);
	}
	for (auto& a: attachments) builder.attach(std::move(a));
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
	attach(builder, item.id, label);
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
