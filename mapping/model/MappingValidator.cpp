//
// MappingValidator.cpp
//

#include "mapping/model/MappingValidator.h"
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <algorithm>
#include <map>
#include <set>

namespace mailbridge {
namespace mapping {

namespace {

std::string listOf(const std::vector<std::string>& names)
{
	std::string out;
	for (const auto& n: names) out += (out.empty() ? "" : ", ") + n;
	return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s)
{
	return std::find(v.begin(), v.end(), s) != v.end();
}

bool validIn(const ValueName& v, int place)
{
	return place == 1 ? v.documents : place == 2 ? v.create : v.activities;
}

std::vector<std::string> valueNames(int place)
{
	std::vector<std::string> out;
	for (const auto& v: mapping::valueNames())
		if (validIn(v, place)) out.push_back(v.name);
	return out;
}

bool validTimeZone(const std::string& tz)
{
	if (tz == "utc" || tz == "local") return true;
	// +hh:mm / -hh:mm
	return tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && std::isdigit(static_cast<unsigned char>(tz[1]))
		&& std::isdigit(static_cast<unsigned char>(tz[2])) && tz[3] == ':'
		&& std::isdigit(static_cast<unsigned char>(tz[4])) && std::isdigit(static_cast<unsigned char>(tz[5]))
		&& (tz[1] - '0') * 10 + (tz[2] - '0') <= 14 && (tz[4] - '0') * 10 + (tz[5] - '0') < 60;
}

const std::vector<std::string> CODE_PAGES = {"utf-8", "latin1", "iso-8859-1", "windows-1252", "cp1252"};
const std::vector<std::string> OUTBOUND_FIELDS = {"to", "cc", "bcc", "subject", "text", "html", "from-user",
	"person", "send-at", "attachments"};
const std::vector<std::string> MARK_STATES = {"sending", "sent", "failed"};

std::vector<std::string> placeholders(const std::string& sql)
	/// The :name placeholders outside string literals, as MappingSql reads them.
{
	std::vector<std::string> out;
	char quote = 0;
	for (std::size_t i = 0; i < sql.size(); ++i)
	{
		char c = sql[i];
		if (quote) { if (c == quote) quote = 0; continue; }
		if (c == '\'' || c == '"') { quote = c; continue; }
		if (c == ':' && i + 1 < sql.size() && (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_'))
		{
			std::size_t j = i + 1;
			while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
			out.push_back(sql.substr(i + 1, j - i - 1));
			i = j - 1;
		}
	}
	return out;
}

} // namespace

MappingValidator::MappingValidator(const std::string& file):
	_file(file)
{
}

const std::vector<std::string>& MappingValidator::errors() const
{
	return _errors;
}

void MappingValidator::error(const XmlNode& node, const std::string& message)
{
	_errors.push_back(_file + ":" + Poco::NumberFormatter::format(node.pos.line) + ": " + message);
}

bool MappingValidator::isIdentifier(const std::string& name, bool qualified)
{
	if (name.empty() || name.size() > 128) return false;
	int dots = 0;
	bool partStart = true;
	for (std::size_t i = 0; i < name.size(); ++i)
	{
		unsigned char c = static_cast<unsigned char>(name[i]);
		if (c == '.')
		{
			if (!qualified || partStart || ++dots > 2) return false;
			partStart = true;
			continue;
		}
		bool ok = std::isalnum(c) || c == '_' || c == '$' || c == '#' || c >= 0x80;
		if (!ok) return false;
		if (partStart && std::isdigit(c)) return false;
		partStart = false;
	}
	return !partStart;
}

std::string MappingValidator::checkSqlFragment(const std::string& sql)
{
	if (Poco::trim(sql).empty()) return "is empty";
	char quote = 0;
	for (std::size_t i = 0; i < sql.size(); ++i)
	{
		char c = sql[i];
		if (quote)
		{
			if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
			continue;
		}
		if (c == '\'' || c == '"') quote = c;
		else if (c == ';') return "holds ';': write one condition or query, not several statements";
		else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') return "holds a -- comment";
		else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') return "holds a /* comment";
		else if (c == '\0') return "holds a NUL byte";
	}
	if (quote) return "has an unterminated quote";
	return "";
}

void MappingValidator::checkAttributes(const XmlNode& node, const std::vector<std::string>& valid)
{
	for (const auto& a: node.attributes)
		if (!contains(valid, a.first))
			error(node, "unknown attribute \"" + a.first + "\" in <" + node.name + ">; valid attributes: " + listOf(valid));
	if (!Poco::trim(node.text).empty())
		error(node, "<" + node.name + "> holds text; values go in attributes");
}

void MappingValidator::checkChildren(const XmlNode& node, const std::vector<std::string>& valid)
{
	for (const auto& c: node.children)
	{
		if (contains(valid, c.name)) continue;
		if (valid.empty()) error(c, "unknown element <" + c.name + "> in <" + node.name + ">; <" + node.name + "> has no elements inside");
		else error(c, "unknown element <" + c.name + "> in <" + node.name + ">; valid elements: " + listOf(valid));
	}
}

std::string MappingValidator::attr(const XmlNode& node, const std::string& name, bool required)
{
	const std::string* v = node.attribute(name);
	if (!v)
	{
		if (required) error(node, "<" + node.name + "> needs attribute \"" + name + "\"");
		return std::string();
	}
	if (required && Poco::trim(*v).empty()) error(node, "attribute \"" + name + "\" of <" + node.name + "> is empty");
	return *v;
}

std::string MappingValidator::identifier(const XmlNode& node, const std::string& name, bool required, bool qualified)
{
	std::string v = attr(node, name, required);
	if (!v.empty() && !isIdentifier(v, qualified))
		error(node, "attribute \"" + name + "\" of <" + node.name + ">: \"" + v + "\" is not a valid "
			+ (qualified ? "table name (letters, digits, _ ; schema.table allowed)" : "column name (letters, digits, _)")
			+ ": quotes, spaces and ';' are not allowed");
	return v;
}

std::string MappingValidator::fragment(const XmlNode& node, const std::string& name)
{
	std::string v = attr(node, name);
	if (node.attribute(name))
	{
		std::string why = checkSqlFragment(v);
		if (!why.empty()) error(node, "attribute \"" + name + "\" of <" + node.name + "> " + why);
	}
	return v;
}

std::size_t MappingValidator::number(const XmlNode& node, const std::string& name)
{
	const std::string* v = node.attribute(name);
	if (!v) return 0;
	unsigned n = 0;
	if (!Poco::NumberParser::tryParseUnsigned(Poco::trim(*v), n) || n == 0)
	{
		error(node, "attribute \"" + name + "\" of <" + node.name + "> must be a positive number, not \"" + *v + "\"");
		return 0;
	}
	return n;
}

bool MappingValidator::flag(const XmlNode& node, const std::string& name)
{
	const std::string* v = node.attribute(name);
	if (!v) return false;
	if (*v == "yes" || *v == "true") return true;
	if (*v == "no" || *v == "false") return false;
	error(node, "attribute \"" + name + "\" of <" + node.name + "> must be yes or no, not \"" + *v + "\"");
	return false;
}

Mapping MappingValidator::validate(const XmlNode& root)
{
	Mapping mapping;
	mapping.file = _file;
	if (root.name != "mapping")
	{
		error(root, "the document element must be <mapping>, not <" + root.name + ">");
		return mapping;
	}
	checkAttributes(root, {"version"});
	const std::string* version = root.attribute("version");
	if (version && *version != "1")
		error(root, "mapping version \"" + *version + "\" is not supported; this mailbridge reads version 1");
	const std::vector<std::string> sections = {"connection", "people", "activities", "documents", "users", "outbound", "bounce",
		"deleted-activities"};
	checkChildren(root, sections);

	std::map<std::string, int> seen;
	for (const auto& child: root.children)
	{
		if (!contains(sections, child.name)) continue;
		if (child.name != "people" && seen[child.name]++)
		{
			error(child, "<" + child.name + "> appears twice; only one is allowed");
			continue;
		}
		if (child.name == "connection") readConnection(child, mapping.connection);
		else if (child.name == "people")
		{
			mapping.people.emplace_back();
			readPeople(child, mapping.people.back());
			seen["people"]++;
		}
		else if (child.name == "activities") readActivities(child, mapping.activities);
		else if (child.name == "documents") readDocuments(child, mapping.documents);
		else if (child.name == "users") readUsers(child, mapping.users);
		else if (child.name == "outbound") readOutbound(child, mapping.outbound);
		else if (child.name == "bounce") readBounce(child, mapping.bounce);
		else if (child.name == "deleted-activities") readDeleted(child, mapping.deleted);
	}
	if (!seen["connection"]) error(root, "<mapping> needs a <connection>");
	if (!seen["people"]) error(root, "<mapping> needs at least one <people> table");
	if (!seen["activities"]) error(root, "<mapping> needs an <activities> table");
	crossCheck(root, mapping);
	std::stable_sort(_errors.begin(), _errors.end(), [this](const std::string& a, const std::string& b)
	{
		auto line = [this](const std::string& e) { return std::atoi(e.c_str() + _file.size() + 1); };
		return line(a) < line(b);
	});
	return mapping;
}

void MappingValidator::readConnection(const XmlNode& node, ConnectionSpec& spec)
{
	spec.pos = node.pos;
	checkAttributes(node, {"dsn", "connection-string", "user", "password-env", "password-file", "password",
		"allow-inline-password", "dialect"});
	checkChildren(node, {});
	spec.dsn = attr(node, "dsn");
	spec.connectionString = attr(node, "connection-string");
	spec.user = attr(node, "user");
	spec.passwordEnv = attr(node, "password-env");
	spec.passwordFile = attr(node, "password-file");
	spec.password = attr(node, "password");
	spec.dialect = attr(node, "dialect");
	if (spec.dsn.empty() == spec.connectionString.empty())
		error(node, "<connection> needs exactly one of \"dsn\" and \"connection-string\"");
	int sources = !spec.passwordEnv.empty() + !spec.passwordFile.empty() + (node.attribute("password") != nullptr);
	if (sources > 1) error(node, "<connection>: give the password one way only (password-env, password-file or password)");
	if (node.attribute("password") && !flag(node, "allow-inline-password"))
		error(node, "<connection>: an inline password needs allow-inline-password=\"yes\"; prefer password-env or password-file");
	if (Poco::toLower(spec.connectionString).find("pwd=") != std::string::npos)
		error(node, "<connection>: connection-string holds PWD=; use password-env or password-file");
	if (!spec.passwordFile.empty() && spec.passwordFile[0] != '/')
		error(node, "<connection>: password-file must be an absolute path");
	const std::vector<std::string> dialects = {"auto", "postgresql", "mysql", "mariadb", "sqlite", "sqlserver", "oracle"};
	if (spec.dialect == "auto") spec.dialect.clear();
	else if (!spec.dialect.empty() && !contains(dialects, spec.dialect))
		error(node, "unknown dialect \"" + spec.dialect + "\"; valid dialects: " + listOf(dialects));
}

void MappingValidator::readPeople(const XmlNode& node, PeopleTable& people)
{
	people.pos = node.pos;
	checkAttributes(node, {"name", "table", "kind", "filter", "owner-column", "do-not-log-column", "do-not-log-values",
		"several", "newest-column"});
	checkChildren(node, {"key", "email", "display-name", "create"});
	people.table = identifier(node, "table", true, true);
	people.name = attr(node, "name");
	if (people.name.empty()) people.name = people.table;
	people.kind = attr(node, "kind");
	if (people.kind.empty()) people.kind = people.name;
	people.filter = fragment(node, "filter");
	people.ownerColumn = identifier(node, "owner-column", false);
	people.doNotLogColumn = identifier(node, "do-not-log-column", false);
	std::string values = node.attribute("do-not-log-values") ? attr(node, "do-not-log-values") : "1,Y,T,true,yes";
	if (node.attribute("do-not-log-values") && people.doNotLogColumn.empty())
		error(node, "<people>: do-not-log-values needs do-not-log-column");
	Poco::StringTokenizer tok(values, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const auto& v: tok) people.doNotLogValues.push_back(v);
	std::string several = attr(node, "several");
	if (several == "newest") people.newestOnly = true;
	else if (several == "owner") people.ownerFirst = true;
	else if (!several.empty() && several != "all")
		error(node, "several must be \"all\", \"owner\" or \"newest\", not \"" + several + "\"");
	if (people.ownerFirst && people.ownerColumn.empty())
		error(node, "several=\"owner\" needs owner-column: the column holding the ATS user who owns the record");
	people.newestColumn = identifier(node, "newest-column", false);
	if (node.attribute("newest-column") && !people.newestOnly)
		error(node, "newest-column applies only to several=\"newest\"");

	int displayNames = 0;
	const XmlNode* create = nullptr;
	for (const auto& child: node.children)
	{
		if (child.name == "create")
		{
			if (create) error(child, "<create> appears twice in <people>; only one is allowed");
			else create = &child;
		}
		if (child.name == "key")
		{
			checkAttributes(child, {"column"});
			checkChildren(child, {});
			std::string c = identifier(child, "column", true);
			if (contains(people.keyColumns, c)) error(child, "key column \"" + c + "\" is listed twice");
			else if (!c.empty()) people.keyColumns.push_back(c);
		}
		else if (child.name == "email")
		{
			checkAttributes(child, {"column", "separator"});
			checkChildren(child, {});
			EmailColumn e;
			e.pos = child.pos;
			e.column = identifier(child, "column", true);
			e.separator = attr(child, "separator");
			if (child.attribute("separator") && e.separator != ";" && e.separator != ",")
				error(child, "separator must be \";\" or \",\", not \"" + e.separator + "\"");
			for (const auto& other: people.emails)
				if (other.column == e.column) error(child, "email column \"" + e.column + "\" is listed twice");
			people.emails.push_back(e);
		}
		else if (child.name == "display-name")
		{
			checkAttributes(child, {"column", "expression"});
			checkChildren(child, {});
			if (displayNames++) error(child, "<display-name> appears twice in <people>; only one is allowed");
			people.displayNameColumn = identifier(child, "column", false);
			people.displayNameExpression = fragment(child, "expression");
			if (child.attribute("column") == nullptr && child.attribute("expression") == nullptr)
				error(child, "<display-name> needs \"column\" or \"expression\"");
			else if (child.attribute("column") && child.attribute("expression"))
				error(child, "<display-name> takes \"column\" or \"expression\", not both");
		}
	}
	if (people.keyColumns.empty()) error(node, "<people table=\"" + people.table + "\"> needs a <key column=\"...\"/>");
	if (people.newestOnly && people.newestColumn.empty() && !people.keyColumns.empty())
		people.newestColumn = people.keyColumns.front();
	if (people.emails.empty()) error(node, "<people table=\"" + people.table + "\"> needs at least one <email column=\"...\"/>");
	if (create) readCreate(*create, people);
}

void MappingValidator::readCreate(const XmlNode& node, PeopleTable& people)
{
	PersonCreate& create = people.create;
	create.present = true;
	create.pos = node.pos;
	checkAttributes(node, {});
	checkChildren(node, {"key", "column"});
	int keys = 0;
	for (const auto& child: node.children)
	{
		if (child.name == "key")
		{
			if (keys++) { error(child, "<key> appears twice in <create>; only one is allowed"); continue; }
			readKey(child, create.key);
			if (create.key.generation == KeyGeneration::None)
				error(child, "<create> needs a generated key: the new person's key is what its activity refers to");
		}
		else if (child.name == "column")
		{
			create.columns.emplace_back();
			readColumn(child, create.columns.back(), Place::Create, std::string());
		}
	}
	if (people.keyColumns.size() > 1)
		error(node, "<create> needs a people table with one key column, not " + std::to_string(people.keyColumns.size()));
	else if (!keys && !people.keyColumns.empty())
	{
		create.key.column = people.keyColumns.front();  // identity by default
		create.key.pos = node.pos;
	}
	else if (keys && !people.keyColumns.empty() && !create.key.column.empty()
		&& Poco::toLower(create.key.column) != Poco::toLower(people.keyColumns.front()))
		error(node, "<create> <key column=\"" + create.key.column + "\"> must be the people table's key column \""
			+ people.keyColumns.front() + "\"");
	checkColumnList(node, create.key, create.columns);
	// The new row must hold the sender's address, or the next message from
	// them would create the person again.
	bool holdsAddress = false;
	for (const auto& c: create.columns)
		for (const auto& e: people.emails)
			holdsAddress = holdsAddress || (c.kind == ValueKind::From && Poco::toLower(c.column) == Poco::toLower(e.column));
	if (!holdsAddress && !people.emails.empty())
		error(node, "<create> must set an email column of <people> to the sender: <column name=\"" + people.emails.front().column
			+ "\" value=\"from\"/>");
}

void MappingValidator::readKey(const XmlNode& node, KeySpec& key)
{
	key.pos = node.pos;
	checkAttributes(node, {"column", "generation", "sequence", "counters-table", "counters-name-column",
		"counters-name", "counters-value-column", "prefix", "width"});
	checkChildren(node, {});
	const std::vector<std::string> generations = {"identity", "sequence", "counter", "guid", "none"};
	std::string gen = attr(node, "generation");
	if (gen.empty() || gen == "identity") key.generation = KeyGeneration::Identity;
	else if (gen == "sequence") key.generation = KeyGeneration::Sequence;
	else if (gen == "counter") key.generation = KeyGeneration::Counter;
	else if (gen == "guid") key.generation = KeyGeneration::Guid;
	else if (gen == "none") key.generation = KeyGeneration::None;
	else error(node, "unknown key generation \"" + gen + "\"; valid: " + listOf(generations));
	key.column = identifier(node, "column", key.generation != KeyGeneration::None);
	key.sequence = identifier(node, "sequence", key.generation == KeyGeneration::Sequence, true);
	bool counter = key.generation == KeyGeneration::Counter;
	key.countersTable = identifier(node, "counters-table", counter, true);
	key.countersValueColumn = identifier(node, "counters-value-column", counter);
	key.countersNameColumn = identifier(node, "counters-name-column", false);
	key.countersName = attr(node, "counters-name");
	if (key.countersNameColumn.empty() != key.countersName.empty())
		error(node, "counters-name-column and counters-name go together");
	key.prefix = attr(node, "prefix");
	key.width = number(node, "width");
	const char* onlyFor[][2] = {{"sequence", "sequence"}, {"counters-table", "counter"}, {"counters-name-column", "counter"},
		{"counters-name", "counter"}, {"counters-value-column", "counter"}};
	for (const auto& o: onlyFor)
		if (node.attribute(o[0]) && gen != o[1])
			error(node, "attribute \"" + std::string(o[0]) + "\" applies only to generation=\"" + o[1] + "\"");
	if ((node.attribute("prefix") || node.attribute("width")) && key.generation != KeyGeneration::Sequence
		&& key.generation != KeyGeneration::Counter)
		error(node, "prefix and width apply only to keys drawn from a sequence or a counter");
}

void MappingValidator::readColumn(const XmlNode& node, ValueExpression& value, Place place, const std::string& atsTimeZone)
{
	value.pos = node.pos;
	checkAttributes(node, {"name", "value", "constant", "null", "in", "out", "bulk", "auto-reply", "bounce",
		"date-format", "time-zone", "max-width", "truncation-marker", "code-page"});
	checkChildren(node, {});
	int sources = (node.attribute("value") != nullptr) + (node.attribute("constant") != nullptr)
		+ (node.attribute("null") != nullptr) + (node.attribute("in") || node.attribute("out"));
	if (sources != 1)
		error(node, "<column> needs exactly one of value=\"...\", constant=\"...\", null=\"yes\" or in=\"...\" out=\"...\"");
	if (const std::string* v = node.attribute("value"))
	{
		bool found = false;
		for (const auto& n: mapping::valueNames())
			if (*v == n.name && validIn(n, static_cast<int>(place))) { value.kind = n.kind; found = true; }
		const char* where = place == Place::Documents ? "documents" : place == Place::Create ? "create" : "activities";
		if (!found)
			error(node, "unknown value \"" + *v + "\" in <" + std::string(where)
				+ "> <column>; valid values: " + listOf(valueNames(static_cast<int>(place))));
	}
	else if (const std::string* c = node.attribute("constant"))
	{
		value.kind = ValueKind::Constant;
		value.constant = *c;
	}
	else if (node.attribute("null"))
	{
		value.kind = ValueKind::Constant;
		value.isNull = flag(node, "null");
		if (!value.isNull) error(node, "null=\"no\" means nothing; leave the column out instead");
	}
	else if (node.attribute("in") || node.attribute("out"))
	{
		value.kind = ValueKind::PerDirection;
		if (!node.attribute("in") || !node.attribute("out"))
			error(node, "<column> with per-direction values needs both in=\"...\" and out=\"...\"");
		value.inValue = attr(node, "in");
		value.outValue = attr(node, "out");
		value.hasBulkValue = node.attribute("bulk") != nullptr;
		value.bulkValue = attr(node, "bulk");
		value.hasAutoReplyValue = node.attribute("auto-reply") != nullptr;
		value.autoReplyValue = attr(node, "auto-reply");
		value.hasBounceValue = node.attribute("bounce") != nullptr;
		value.bounceValue = attr(node, "bounce");
	}
	if ((node.attribute("bulk") || node.attribute("auto-reply") || node.attribute("bounce"))
		&& value.kind != ValueKind::PerDirection)
		error(node, "bulk=\"...\", auto-reply=\"...\" and bounce=\"...\" go with in=\"...\" out=\"...\": "
			"they give mail of that kind its own value instead");
	// An omitted name means the column is named after its value.
	value.column = node.attribute("name") ? identifier(node, "name", true)
		: (node.attribute("value") ? *node.attribute("value") : std::string());
	if (!node.attribute("name"))
	{
		std::replace(value.column.begin(), value.column.end(), '-', '_');
		if (value.column.empty()) error(node, "<column> needs attribute \"name\"");
	}
	value.dateFormat = attr(node, "date-format");
	value.timeZone = attr(node, "time-zone");
	bool dated = value.kind == ValueKind::Date || value.kind == ValueKind::Now;
	if ((node.attribute("date-format") || node.attribute("time-zone")) && !dated)
		error(node, "date-format and time-zone apply only to value=\"date\" or value=\"now\"");
	if (node.attribute("date-format") && value.dateFormat.find('%') == std::string::npos)
		error(node, "date-format \"" + value.dateFormat + "\" has no % field (e.g. %Y%m%d %H:%M:%S)");
	if (value.timeZone == "ats")
	{
		if (atsTimeZone.empty()) error(node, "time-zone=\"ats\" needs ats-time-zone=\"...\" on <activities>");
		value.timeZone = atsTimeZone;
	}
	else if (!value.timeZone.empty() && !validTimeZone(value.timeZone))
		error(node, "time-zone \"" + value.timeZone + "\" is not utc, ats, local or an offset like +02:00");
	if (value.timeZone.empty()) value.timeZone = "utc";
	value.maxWidth = number(node, "max-width");
	value.truncationMarker = node.attribute("truncation-marker") ? attr(node, "truncation-marker") : "...";
	if (node.attribute("truncation-marker") && !node.attribute("max-width"))
		error(node, "truncation-marker needs max-width");
	if (value.maxWidth && value.truncationMarker.size() >= value.maxWidth)
		error(node, "truncation-marker is as long as max-width");
	value.codePage = Poco::toLower(attr(node, "code-page"));
	if (node.attribute("code-page") && !contains(CODE_PAGES, value.codePage))
		error(node, "unknown code-page \"" + value.codePage + "\"; valid: " + listOf(CODE_PAGES));
	if (value.codePage == "utf-8") value.codePage.clear();
}

void MappingValidator::checkColumnList(const XmlNode& parent, const KeySpec& key, const std::vector<ValueExpression>& columns)
{
	std::set<std::string> names;
	for (const auto& c: columns)
	{
		std::string lower = Poco::toLower(c.column);
		if (c.column.empty()) continue;
		if (!names.insert(lower).second)
		{
			XmlNode at; at.pos = c.pos;
			error(at, "column \"" + c.column + "\" is set twice in <" + parent.name + ">");
		}
		if (key.generation != KeyGeneration::None && lower == Poco::toLower(key.column))
		{
			XmlNode at; at.pos = c.pos;
			error(at, "column \"" + c.column + "\" is the generated key; it cannot also take a value");
		}
	}
	if (columns.empty()) error(parent, "<" + parent.name + "> needs at least one <column>");
}

void MappingValidator::readActivities(const XmlNode& node, ActivitiesTable& activities)
{
	activities.pos = node.pos;
	checkAttributes(node, {"table", "ats-time-zone"});
	checkChildren(node, {"key", "column"});
	activities.table = identifier(node, "table", true, true);
	activities.atsTimeZone = attr(node, "ats-time-zone");
	if (node.attribute("ats-time-zone") && (activities.atsTimeZone == "utc" || !validTimeZone(activities.atsTimeZone)))
		error(node, "ats-time-zone \"" + activities.atsTimeZone + "\" is not local or an offset like +02:00");
	int keys = 0;
	activities.key.generation = KeyGeneration::None;
	for (const auto& child: node.children)
	{
		if (child.name == "key")
		{
			if (keys++) { error(child, "<key> appears twice in <activities>; only one is allowed"); continue; }
			readKey(child, activities.key);
		}
		else if (child.name == "column")
		{
			activities.columns.emplace_back();
			readColumn(child, activities.columns.back(), Place::Activities, activities.atsTimeZone);
		}
	}
	checkColumnList(node, activities.key, activities.columns);
}

void MappingValidator::readDocuments(const XmlNode& node, DocumentsTable& documents)
{
	documents.present = true;
	documents.pos = node.pos;
	checkAttributes(node, {"table", "storage", "folder", "content-types", "max-size"});
	checkChildren(node, {"key", "column"});
	documents.table = identifier(node, "table", true, true);
	documents.storage = attr(node, "storage", true);
	if (!documents.storage.empty() && documents.storage != "blob" && documents.storage != "file")
		error(node, "storage must be \"blob\" or \"file\", not \"" + documents.storage + "\"");
	documents.folder = attr(node, "folder");
	if (documents.storage == "file" && documents.folder.empty())
		error(node, "storage=\"file\" needs folder=\"/absolute/path\"");
	if (!documents.folder.empty() && documents.folder[0] != '/')
		error(node, "folder must be an absolute path");
	if (documents.storage == "blob" && node.attribute("folder"))
		error(node, "folder applies only to storage=\"file\"");
	Poco::StringTokenizer tok(attr(node, "content-types"), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const auto& t: tok)
	{
		if (t.find('/') == std::string::npos) error(node, "content type \"" + t + "\" is not type/subtype");
		documents.contentTypes.push_back(Poco::toLower(t));
	}
	documents.maxSize = number(node, "max-size");
	int keys = 0;
	documents.key.generation = KeyGeneration::None;
	for (const auto& child: node.children)
	{
		if (child.name == "key")
		{
			if (keys++) { error(child, "<key> appears twice in <documents>; only one is allowed"); continue; }
			readKey(child, documents.key);
		}
		else if (child.name == "column")
		{
			documents.columns.emplace_back();
			readColumn(child, documents.columns.back(), Place::Documents, std::string());
		}
	}
	checkColumnList(node, documents.key, documents.columns);
	bool content = false, path = false;
	for (const auto& c: documents.columns)
	{
		content = content || c.kind == ValueKind::Content;
		path = path || c.kind == ValueKind::FilePath;
	}
	if (documents.storage == "blob" && !content) error(node, "storage=\"blob\" needs a <column value=\"content\"/>");
	if (documents.storage == "file" && !path) error(node, "storage=\"file\" needs a <column value=\"file-path\"/>");
}

void MappingValidator::readUsers(const XmlNode& node, UsersTable& users)
{
	users.present = true;
	users.pos = node.pos;
	checkAttributes(node, {"table", "key-column", "address-column", "separator", "filter", "display-name-column"});
	checkChildren(node, {});
	users.table = identifier(node, "table", true, true);
	users.keyColumn = identifier(node, "key-column", true);
	users.addressColumn = identifier(node, "address-column", true);
	users.separator = attr(node, "separator");
	if (node.attribute("separator") && users.separator != ";" && users.separator != ",")
		error(node, "separator must be \";\" or \",\", not \"" + users.separator + "\"");
	users.filter = fragment(node, "filter");
	users.displayNameColumn = identifier(node, "display-name-column", false);
}

void MappingValidator::readOutbound(const XmlNode& node, OutboundQueue& outbound)
{
	outbound.present = true;
	outbound.pos = node.pos;
	checkAttributes(node, {"table", "query", "key-column", "filter"});
	checkChildren(node, {"field", "mark"});
	outbound.table = identifier(node, "table", false, true);
	outbound.query = fragment(node, "query");
	outbound.keyColumn = identifier(node, "key-column", true);
	outbound.filter = fragment(node, "filter");
	if (node.attribute("table") == nullptr && node.attribute("query") == nullptr)
		error(node, "<outbound> needs \"table\" or \"query\"");
	else if (node.attribute("table") && node.attribute("query"))
		error(node, "<outbound> takes \"table\" or \"query\", not both");
	if (node.attribute("query") && node.attribute("filter"))
		error(node, "<outbound>: filter applies only to a table; put the condition in the query");
	if (!outbound.query.empty() && Poco::toLower(Poco::trim(outbound.query)).compare(0, 6, "select") != 0)
		error(node, "<outbound> query must be a SELECT");
	std::set<std::string> states;
	for (const auto& child: node.children)
	{
		if (child.name == "field")
		{
			checkAttributes(child, {"name", "column"});
			checkChildren(child, {});
			OutboundField f;
			f.pos = child.pos;
			f.name = attr(child, "name", true);
			if (!f.name.empty() && !contains(OUTBOUND_FIELDS, f.name))
				error(child, "unknown outbound field \"" + f.name + "\"; valid fields: " + listOf(OUTBOUND_FIELDS));
			f.column = child.attribute("column") ? identifier(child, "column", true) : f.name;
			std::replace(f.column.begin(), f.column.end(), '-', '_');
			for (const auto& other: outbound.fields)
				if (other.name == f.name) error(child, "outbound field \"" + f.name + "\" is mapped twice");
			outbound.fields.push_back(f);
		}
		else if (child.name == "mark")
		{
			checkAttributes(child, {"state", "column", "value", "message-id-column", "reason-column", "sql"});
			checkChildren(child, {});
			OutboundMark m;
			m.pos = child.pos;
			m.state = attr(child, "state", true);
			if (!m.state.empty() && !contains(MARK_STATES, m.state))
				error(child, "unknown state \"" + m.state + "\"; valid states: " + listOf(MARK_STATES));
			if (!m.state.empty() && !states.insert(m.state).second)
				error(child, "<mark state=\"" + m.state + "\"> appears twice");
			m.column = identifier(child, "column", false);
			m.value = attr(child, "value");
			m.messageIdColumn = identifier(child, "message-id-column", false);
			m.reasonColumn = identifier(child, "reason-column", false);
			m.sql = fragment(child, "sql");
			if (child.attribute("sql"))
			{
				if (child.attribute("column") || child.attribute("value"))
					error(child, "<mark> takes sql=\"...\" or column/value, not both");
				if (m.sql.find(":id") == std::string::npos)
					error(child, "<mark> sql must name the row with :id");
				for (const auto& name: placeholders(m.sql))
					if (name != "id" && name != "message_id" && name != "reason")
						error(child, "<mark> sql uses :" + name + "; the placeholders are :id, :message_id and :reason");
			}
			else
			{
				if (m.column.empty() || !child.attribute("value"))
					error(child, "<mark> needs column=\"...\" and value=\"...\" (or sql=\"...\")");
				if (outbound.table.empty() && node.attribute("query"))
					error(child, "<mark> on a query-based queue needs sql=\"UPDATE ... WHERE ... = :id\"");
			}
			if (m.state != "sent" && child.attribute("message-id-column"))
				error(child, "message-id-column applies only to state=\"sent\"");
			if (m.state != "failed" && child.attribute("reason-column"))
				error(child, "reason-column applies only to state=\"failed\"");
			outbound.marks.push_back(m);
		}
	}
	bool to = false;
	for (const auto& f: outbound.fields) to = to || f.name == "to";
	if (!to) error(node, "<outbound> needs <field name=\"to\"/>");
	for (const char* s: {"sent", "failed"})
		if (!states.count(s)) error(node, "<outbound> needs <mark state=\"" + std::string(s) + "\" .../>");
}

void MappingValidator::readBounce(const XmlNode& node, BounceAction& bounce)
{
	bounce.present = true;
	bounce.pos = node.pos;
	checkAttributes(node, {"people", "column", "value"});
	checkChildren(node, {});
	bounce.people = attr(node, "people");
	bounce.column = identifier(node, "column", true);
	bounce.value = attr(node, "value", true);
}

void MappingValidator::readDeleted(const XmlNode& node, DeletedActivities& deleted)
{
	deleted.present = true;
	deleted.pos = node.pos;
	checkAttributes(node, {"column", "value", "filter", "row-gone"});
	checkChildren(node, {});
	deleted.column = identifier(node, "column", false);
	deleted.value = attr(node, "value");
	deleted.filter = fragment(node, "filter");
	const std::string gone = attr(node, "row-gone");
	if (node.attribute("row-gone") && gone != "yes" && gone != "no")
		error(node, "row-gone must be \"yes\" or \"no\", not \"" + gone + "\"");
	deleted.rowGone = gone == "yes";
	if (node.attribute("column") && !node.attribute("value"))
		error(node, "<deleted-activities column=\"...\"> needs value=\"...\" (the value meaning deleted)");
	if (node.attribute("value") && !node.attribute("column"))
		error(node, "<deleted-activities value=\"...\"> needs column=\"...\"");
	if (node.attribute("column") && node.attribute("filter"))
		error(node, "<deleted-activities> takes column/value or filter, not both");
	if (deleted.column.empty() && deleted.filter.empty() && !deleted.rowGone)
		error(node, "<deleted-activities> needs column=\"...\" value=\"...\", filter=\"...\" or row-gone=\"yes\"");
}

void MappingValidator::crossCheck(const XmlNode&, const Mapping& mapping)
{
	std::set<std::string> names;
	for (const auto& p: mapping.people)
	{
		XmlNode at; at.pos = p.pos;
		if (!p.name.empty() && !names.insert(p.name).second)
			error(at, "people name \"" + p.name + "\" is used twice; give each <people> a distinct name=\"...\"");
	}
	if (mapping.bounce.present && !mapping.bounce.people.empty() && !mapping.findPeople(mapping.bounce.people))
	{
		std::vector<std::string> valid;
		for (const auto& p: mapping.people) valid.push_back(p.name);
		XmlNode at; at.pos = mapping.bounce.pos;
		error(at, "<bounce> names people \"" + mapping.bounce.people + "\", which is not defined; valid: " + listOf(valid));
	}
	if (mapping.deleted.present && mapping.activities.key.column.empty())
	{
		XmlNode at; at.pos = mapping.deleted.pos;
		error(at, "<deleted-activities> needs the activities' <key column=\"...\">: the ledger names activities by it");
	}
	for (const auto& p: mapping.people)
		if (p.ownerFirst && !mapping.users.present)
		{
			XmlNode at; at.pos = p.pos;
			error(at, "<people table=\"" + p.table + "\"> several=\"owner\" needs a <users> table mapping mailboxes to ATS users");
		}
	const PeopleTable* creator = nullptr;
	for (const auto& p: mapping.people)
	{
		if (!p.create.present) continue;
		XmlNode at; at.pos = p.create.pos;
		if (creator)
			error(at, "<create> appears in <people name=\"" + creator->name + "\"> already; new people go into one table");
		else creator = &p;
		for (const auto& c: p.create.columns)
			if (c.kind == ValueKind::OwnerUserKey && !mapping.users.present)
			{
				XmlNode col; col.pos = c.pos;
				error(col, "value=\"owner-user-key\" needs a <users> table mapping mailboxes to ATS users");
			}
	}
	bool ownerUsed = false;
	for (const auto& c: mapping.activities.columns) ownerUsed = ownerUsed || c.kind == ValueKind::OwnerUserKey;
	if (ownerUsed && !mapping.users.present)
	{
		XmlNode at; at.pos = mapping.activities.pos;
		error(at, "value=\"owner-user-key\" needs a <users> table mapping mailboxes to ATS users");
	}
	for (const auto& c: mapping.activities.columns)
	{
		if (c.kind != ValueKind::PersonOwnerKey) continue;
		for (const auto& p: mapping.people)
			if (p.ownerColumn.empty())
			{
				XmlNode at; at.pos = c.pos;
				error(at, "value=\"person-owner-key\" needs owner-column=\"...\" on <people name=\"" + p.name + "\">");
			}
	}
}

} } // namespace mailbridge::mapping
