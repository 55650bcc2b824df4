//
// MappingValidator.h
//
// Turns the parsed XmlNode tree into a Mapping, checking everything that can
// be checked without a database. Like postgres_fdw's option.c, an unknown
// element or attribute gets the list of those valid in its place. Errors are
// collected, not thrown one at a time.
//

#ifndef MB_Mapping_MappingValidator_INCLUDED
#define MB_Mapping_MappingValidator_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/model/XmlNode.h"
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class MappingValidator
{
public:
	explicit MappingValidator(const std::string& file);

	Mapping validate(const XmlNode& root);
		/// The mapping, as far as it could be read; check errors() before using it.

	const std::vector<std::string>& errors() const;
		/// "file:line: message", in file order.

	static bool isIdentifier(const std::string& name, bool qualified);
		/// A name safe to quote into SQL: letters, digits, _, $, #, and non-ASCII;
		/// up to 128 bytes; qualified names may hold up to two dots between parts.

	static std::string checkSqlFragment(const std::string& sql);
		/// "" when a condition or query written by the DBA may be embedded:
		/// no statement separator or comment outside string literals, balanced
		/// quotes. Else the reason.

private:
	void error(const XmlNode& node, const std::string& message);
	void checkAttributes(const XmlNode& node, const std::vector<std::string>& valid);
	void checkChildren(const XmlNode& node, const std::vector<std::string>& valid);
	std::string attr(const XmlNode& node, const std::string& name, bool required = false);
	std::string identifier(const XmlNode& node, const std::string& name, bool required, bool qualified = false);
	std::string fragment(const XmlNode& node, const std::string& name);
	std::size_t number(const XmlNode& node, const std::string& name);
	bool flag(const XmlNode& node, const std::string& name);

	void readConnection(const XmlNode& node, ConnectionSpec& spec);
	void readPeople(const XmlNode& node, PeopleTable& people);
	void readKey(const XmlNode& node, KeySpec& key);
	enum class Place { Activities, Documents, Create };
	void readColumn(const XmlNode& node, ValueExpression& value, Place place, const std::string& atsTimeZone);
	void readCreate(const XmlNode& node, PeopleTable& people);
	void readActivities(const XmlNode& node, ActivitiesTable& activities);
	void readDocuments(const XmlNode& node, DocumentsTable& documents);
	void readUsers(const XmlNode& node, UsersTable& users);
	void readOutbound(const XmlNode& node, OutboundQueue& outbound);
	void readBounce(const XmlNode& node, BounceAction& bounce);
	void readDeleted(const XmlNode& node, DeletedActivities& deleted);
	void checkColumnList(const XmlNode& parent, const KeySpec& key, const std::vector<ValueExpression>& columns);
	void crossCheck(const XmlNode& root, const Mapping& mapping);

	std::string _file;
	std::vector<std::string> _errors;
};

} } // namespace mailbridge::mapping

#endif
