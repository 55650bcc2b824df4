// check-mapping and preview: the DBA's tools for the mapping file.
// check-mapping validates the file and, with a database, compares it with
// the live schema; preview prints the activity rows a message would become,
// writing nothing.

#include "connector/service/MailbridgeApp.h"
#include "connector/common/Errors.h"
#include "connector/service/MessageParsing.h"
#include "connector/service/MimeContentSource.h"
#include "mapping/model/MappingError.h"
#include "mapping/model/MappingParser.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/MappingChecker.h"
#include "mapping/store/MappingConnection.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

namespace mailbridge {
namespace service {

namespace {

std::string databaseFor(MailbridgeApp& app, const mapping::Mapping& m)
	/// --odbc (or MAILBRIDGE_ODBC) wins over the mapping's own <connection>.
{
	std::string odbc = app.option("odbc", Poco::Environment::get("MAILBRIDGE_ODBC", ""));
	if (odbc.empty()) return mapping::MappingConnection::connectionString(m);
	std::string password = Poco::Environment::get("MAILBRIDGE_DB_PASSWORD", "");
	if (!password.empty()) odbc += (odbc.back() == ';' ? "" : ";") + std::string("PWD={") + password + "}";
	return odbc;
}

int checkMapping(MailbridgeApp& app, const std::vector<std::string>& args)
{
	if (args.size() != 1) throw ConfigError("usage: mailbridge check-mapping FILE [--odbc CONN]");
	mapping::Mapping m;
	try
	{
		m = mapping::MappingParser::parseFile(args[0]);
	}
	catch (mapping::MappingError& exc)
	{
		std::cout << exc.message() << "\n";
		std::size_t n = std::count(exc.message().begin(), exc.message().end(), '\n') + 1;
		std::cout << n << (n == 1 ? " problem" : " problems") << " in " << args[0] << "\n";
		return Poco::Util::Application::EXIT_CONFIG;
	}
	std::cout << args[0] << ": the file is valid (" << m.people.size() << " people "
		<< (m.people.size() == 1 ? "table" : "tables") << ", activities in " << m.activities.table << ")\n";

	std::unique_ptr<mapping::OdbcConnection> db;
	try
	{
		std::string conn = databaseFor(app, m);
		db.reset(new mapping::OdbcConnection(conn));
	}
	catch (std::exception& exc)
	{
		std::cout << "the database was not checked: " << describe(exc) << "\n";
		return classify(exc) == FailureKind::Transient ? Poco::Util::Application::EXIT_TEMPFAIL
			: Poco::Util::Application::EXIT_CONFIG;
	}
	std::cout << "database: " << db->dbmsName() << " " << db->dbmsVersion() << " (" << db->dialect().name() << ")\n";
	std::vector<std::string> problems;
	if (!m.connection.dialect.empty())
	{
		mapping::Dialect wanted = mapping::Dialect::fromName(m.connection.dialect);
		if (wanted.vendor() != db->dialect().vendor())
			problems.push_back(m.file + ":" + std::to_string(m.connection.pos.line) + ": dialect=\"" + m.connection.dialect
				+ "\" but the database is " + db->dialect().name() + " (hint: leave dialect out to detect it)");
	}
	for (const auto& p: mapping::MappingChecker(*db, m).check()) problems.push_back(p);
	for (const auto& p: problems) std::cout << p << "\n";
	if (problems.empty())
	{
		std::cout << "every table and column exists; the mapping fits the database\n";
		return 0;
	}
	std::cout << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in " << args[0] << "\n";
	return Poco::Util::Application::EXIT_CONFIG;
}

std::string show(const mapping::BoundValue& v)
{
	switch (v.type)
	{
	case mapping::BoundValue::Null: return "NULL";
	case mapping::BoundValue::Integer: return std::to_string(v.integer);
	case mapping::BoundValue::Timestamp: return Poco::DateTimeFormatter::format(v.timestamp, "%Y-%m-%d %H:%M:%S");
	case mapping::BoundValue::Blob: return "(" + std::to_string(v.text.size()) + " bytes)";
	case mapping::BoundValue::Text:
		return "'" + (v.text.size() > 200 ? v.text.substr(0, 200) + "...' (" + std::to_string(v.text.size()) + " bytes)" : v.text + "'");
	}
	return "?";
}

int preview(MailbridgeApp& app, const std::vector<std::string>& args)
{
	if (args.size() != 2)
		throw ConfigError("usage: mailbridge preview FILE message.eml [--direction in|out] [--mailbox ADDR] [--odbc CONN]");
	mapping::Mapping m = mapping::MappingParser::parseFile(args[0]);
	std::ifstream in(args[1], std::ios::binary);
	if (!in) throw ConfigError("cannot read " + args[1]);
	std::string raw;
	Poco::StreamCopier::copyToString(in, raw);

	// The same parser and content source the daemon uses.
	std::string direction = app.option("direction", "in");
	if (direction != "in" && direction != "out") throw ConfigError("--direction is in or out, not " + direction);
	sync::ParsedMessage parsed = parseMessageForSync(raw, Poco::Timestamp());
	sync::MessageRecord record;
	record.direction = direction == "in" ? sync::Direction::In : sync::Direction::Out;
	record.messageId = parsed.messageId;
	record.parentIds = parsed.parentIds;
	record.subject = parsed.subject;
	record.senderAddress = parsed.from.key;
	record.senderName = parsed.from.name;
	record.internalDate = parsed.date;
	record.size = raw.size();
	record.message = parsed.full;
	record.raw = std::make_shared<const std::string>(raw);
	record.outcome = sync::Outcome::Logged;
	std::vector<std::string> addresses{record.senderAddress};
	for (const auto* list: {&parsed.to, &parsed.cc})
		for (const auto& a: *list) addresses.push_back(a.key);
	std::cout << "message: " << (record.messageId.empty() ? std::string("(no Message-ID)") : "<" + record.messageId + ">")
		<< ", " << direction << "bound, addresses:";
	for (const auto& a: addresses) std::cout << " " << a;
	std::cout << "\n";
	// The mailbox is the recipient of mail in, the sender of mail out.
	std::string mailbox = app.option("mailbox", direction == "in" && addresses.size() > 1 ? addresses[1] : record.senderAddress);
	sync::FolderKey folder{mailbox, direction == "in" ? "INBOX" : "Sent"};

	std::unique_ptr<mapping::OdbcConnection> db;
	std::vector<sync::PersonRef> people;
	try
	{
		db.reset(new mapping::OdbcConnection(databaseFor(app, m)));
		mapping::MappedPeopleDirectory directory(*db, m);
		for (const auto& found: directory.find(addresses))
			if (found.first != mapping::MappedPeopleDirectory::normalize(mailbox))
				for (const auto& p: found.second) people.push_back(p);
	}
	catch (mapping::MappingError&)
	{
		throw;
	}
	catch (std::exception& exc)
	{
		std::cout << "no database (" << describe(exc) << "): showing the row for a placeholder person\n";
		sync::PersonRef p;
		p.table = m.people.front().name;
		p.kind = m.people.front().kind;
		p.key = "<person key>";
		p.address = record.senderAddress;
		people.push_back(p);
	}
	if (people.empty())
	{
		std::cout << "no person in the mapping's people tables has any of this message's addresses: nothing would be written\n";
		return 0;
	}
	mapping::Dialect dialect = db ? db->dialect()
		: (m.connection.dialect.empty() ? mapping::Dialect(mapping::Dialect::PostgreSQL) : mapping::Dialect::fromName(m.connection.dialect));
	auto content = std::make_shared<MimeContentSource>();
	mapping::MappedActivityWriter writer(m, dialect, "imap.example", content);
	if (db) writer.loadUsers(*db);
	for (const auto& p: people)
	{
		if (p.doNotLog)
		{
			std::cout << "\n" << p.table << " " << p.key << " (" << p.address << "): do not log, nothing written\n";
			continue;
		}
		std::cout << "\n" << m.activities.table << " for " << p.table << " " << p.key << " (" << p.address << "), key by "
			<< mapping::toString(m.activities.key.generation) << ":\n";
		mapping::ActivityRequest request{record, p, folder, 0, ""};
		for (const auto& col: writer.preview(request))
			std::cout << "  " << col.first << " = " << show(col.second) << "\n";
		if (m.documents.present)
			for (const auto& a: content->read(record).attachments)
				std::cout << "  + " << m.documents.table << ": " << a.fileName << " (" << a.contentType << ", "
					<< a.data.size() << " bytes)\n";
	}
	return 0;
}

struct Registration
{
	Registration()
	{
		MailbridgeApp::registerCommand("check-mapping",
			"check-mapping FILE  validate a mapping file and compare it with the database", checkMapping);
		MailbridgeApp::registerCommand("preview",
			"preview FILE MSG    print the activity rows a message would become, writing nothing", preview);
	}
} registration;

} // namespace

} } // namespace mailbridge::service
