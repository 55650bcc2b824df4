//
// MappedActivityWriter.cpp
//

#include "mapping/store/MappedActivityWriter.h"
#include "mapping/sql/MappingSql.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/UUIDGenerator.h>

namespace mailbridge {
namespace mapping {

namespace {

std::string scalar(OdbcConnection& db, const SqlStatement& sql, ParamBinder& p)
	/// Runs a statement yielding one row and returns its first column as text.
{
	Poco::Data::Statement stmt(db.session());
	stmt << sql.text;
	p.bind(stmt, sql);
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	if (!rs.moveFirst() || rs.value(0).isEmpty())
		throw StatementError("no key came back from: " + sql.text, "", 0, "the statement returned no row");
	return Poco::trimRight(rs.value(0).convert<std::string>());
}

std::string safeFileName(const std::string& name)
{
	std::string out;
	for (char c: name)
		out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
	if (out.empty() || out[0] == '.') out.insert(0, "file");
	return out;
}

} // namespace

MappedActivityWriter::MappedActivityWriter(const Mapping& mapping, const Dialect& dialect, const std::string& imapHost,
	std::shared_ptr<const MessageContentSource> content):
	_mapping(mapping),
	_imapHost(imapHost),
	_content(content ? content : std::make_shared<HeaderOnlyContent>())
{
	MappingSql sql(mapping, dialect);
	_activityPlan = sql.activityInsert();
	if (mapping.documents.present) _documentPlan = sql.documentInsert();
	if (!mapping.users.present) _usersLoaded = true;
}

const InsertPlan& MappedActivityWriter::activityPlan() const
{
	return _activityPlan;
}

void MappedActivityWriter::setUsers(const std::map<std::string, std::string>& users)
{
	_users = users;
	_usersLoaded = true;
}

void MappedActivityWriter::loadUsers(OdbcConnection& db)
{
	_users.clear();
	if (_mapping.users.present)
	{
		SqlStatement sql = MappingSql(_mapping, db.dialect()).usersSelect();
		try
		{
			Poco::Data::Statement stmt(db.session());
			stmt << sql.text;
			stmt.execute();
			Poco::Data::RecordSet rs(stmt);
			for (bool more = rs.moveFirst(); more; more = rs.moveNext())
			{
				if (rs.value(0).isEmpty() || rs.value(1).isEmpty()) continue;
				std::string key = Poco::trimRight(rs.value(0).convert<std::string>());
				for (const auto& a: MappedPeopleDirectory::split(rs.value(1).convert<std::string>(), _mapping.users.separator))
					_users.emplace(a, key);
			}
		}
		catch (std::exception& exc)
		{
			OdbcConnection::translate(exc, sql.text);
		}
	}
	_usersLoaded = true;
}

ActivityContext MappedActivityWriter::context(const ActivityRequest& request, const MessageContent& content) const
{
	ActivityContext c;
	c.record = &request.record;
	c.content = &content;
	c.person = &request.person;
	c.folder = &request.folder;
	c.uidValidity = request.uidValidity;
	c.parentKey = request.parentActivityKey;
	c.imapHost = _imapHost;
	auto user = _users.find(MappedPeopleDirectory::normalize(request.folder.mailbox));
	if (user != _users.end()) c.ownerUserKey = user->second;
	return c;
}

std::vector<std::pair<std::string, BoundValue>> MappedActivityWriter::preview(const ActivityRequest& request) const
{
	MessageContent content = request.record.headerOnly ? MessageContent() : _content->read(request.record);
	ActivityContext c = context(request, content);
	std::vector<std::pair<std::string, BoundValue>> out;
	for (const auto& col: _mapping.activities.columns)
		out.emplace_back(col.column, ValueEvaluator::evaluate(col, c));
	return out;
}

std::string MappedActivityWriter::write(OdbcConnection& db, const ActivityRequest& request)
{
	if (!_usersLoaded) loadUsers(db);
	MessageContent content = request.record.headerOnly ? MessageContent() : _content->read(request.record);
	ActivityContext c = context(request, content);
	std::string ref = request.record.identity();
	std::string key = insert(db, _activityPlan, _mapping.activities.key, _mapping.activities.table,
		_mapping.activities.columns, c, ref);
	if (_mapping.documents.present && !content.attachments.empty())
	{
		c.activityKey = key;
		writeDocuments(db, request, content, c);
	}
	return key;
}

std::string MappedActivityWriter::insert(OdbcConnection& db, const InsertPlan& plan, const KeySpec& keySpec,
	const std::string& table, const std::vector<ValueExpression>& columns, const ActivityContext& context,
	const std::string& messageRef)
{
	ParamBinder p;
	std::string key;
	for (const auto& col: columns)
	{
		BoundValue v = ValueEvaluator::evaluate(col, context);
		ValueEvaluator::bind(p, col.column, v);
		if (keySpec.generation == KeyGeneration::None && !keySpec.column.empty() && col.column == keySpec.column)
			key = v.type == BoundValue::Integer ? std::to_string(v.integer) : v.text;
	}
	const std::string* running = &plan.insert.text;
	try
	{
		switch (plan.keySource)
		{
		case InsertPlan::BeforeInsert:
		{
			p.text("counter_name", keySpec.countersName);
			std::string number;
			for (const auto& s: plan.before)
			{
				running = &s.text;
				if (&s == &plan.before.back()) number = scalar(db, s, p);
				else p.execute(db.session(), s);
			}
			running = &plan.insert.text;
			key = ValueEvaluator::keyText(keySpec.prefix, keySpec.width, std::stoll(number));
			if (keySpec.prefix.empty() && keySpec.width == 0) p.integer(plan.keyColumn, std::stoll(number));
			else p.text(plan.keyColumn, key);
			p.execute(db.session(), plan.insert);
			break;
		}
		case InsertPlan::Generated:
			key = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
			p.text(plan.keyColumn, key);
			p.execute(db.session(), plan.insert);
			break;
		case InsertPlan::FromInsert:
			key = scalar(db, plan.insert, p);
			break;
		case InsertPlan::AfterInsert:
			p.execute(db.session(), plan.insert);
			running = &plan.after.text;
			key = scalar(db, plan.after, p);
			break;
		case InsertPlan::NoKey:
			p.execute(db.session(), plan.insert);
			break;
		}
	}
	catch (StatementError& exc)
	{
		exc.setContext(messageRef, table);
		throw;
	}
	catch (std::invalid_argument&)
	{
		StatementError exc("the key read back is not a number", "", 0, *running);
		exc.setContext(messageRef, table + "." + plan.keyColumn);
		throw exc;
	}
	catch (std::exception& exc)
	{
		try
		{
			OdbcConnection::translate(exc, *running);
		}
		catch (StatementError& err)
		{
			err.setContext(messageRef, table);
			throw;
		}
	}
	return key;
}

bool MappedActivityWriter::wantsDocument(const MessageAttachment& a) const
{
	const DocumentsTable& d = _mapping.documents;
	if (d.maxSize && a.data.size() > d.maxSize) return false;
	if (d.contentTypes.empty()) return true;
	std::string type = Poco::toLower(a.contentType);
	for (const auto& t: d.contentTypes)
	{
		if (t == type) return true;
		if (t.size() > 2 && t.compare(t.size() - 2, 2, "/*") == 0 && type.compare(0, t.size() - 1, t, 0, t.size() - 1) == 0)
			return true;
	}
	return false;
}

void MappedActivityWriter::writeDocuments(OdbcConnection& db, const ActivityRequest& request,
	const MessageContent& content, const ActivityContext& activity)
{
	const DocumentsTable& d = _mapping.documents;
	int n = 0;
	for (const auto& a: content.attachments)
	{
		++n;
		if (!wantsDocument(a)) continue;
		ActivityContext c = activity;
		c.attachment = &a;
		if (d.storage == "file")
		{
			// folder/<activity key>/<n>-<name>: the activity key keeps files of
			// different messages apart, n two attachments of the same name.
			Poco::Path dir(d.folder);
			dir.makeDirectory().pushDirectory(safeFileName(activity.activityKey.empty() ? request.record.contentHash : activity.activityKey));
			Poco::File(dir).createDirectories();
			Poco::Path file(dir, std::to_string(n) + "-" + safeFileName(a.fileName));
			Poco::FileOutputStream out(file.toString());
			out.write(a.data.data(), static_cast<std::streamsize>(a.data.size()));
			out.close();
			c.filePath = file.toString();
		}
		insert(db, _documentPlan, d.key, d.table, d.columns, c, request.record.identity());
	}
}

} } // namespace mailbridge::mapping
