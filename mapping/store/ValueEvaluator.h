//
// ValueEvaluator.h
//
// Computes the value of one mapped column for one activity or document:
// message fields, person and owner keys, per-direction codes, dates in a
// zone and format, IMAP URLs (RFC 5092), truncation with a marker and
// legacy code pages. Pure: no database.
//

#ifndef MB_Mapping_ValueEvaluator_INCLUDED
#define MB_Mapping_ValueEvaluator_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/store/MessageContent.h"
#include "connector/sync/MessageRecord.h"
#include "connector/sync/SyncStore.h"
#include <Poco/DateTime.h>
#include <Poco/Types.h>
#include <cstdint>
#include <string>
#include <utility>

namespace mailbridge {
namespace mapping {

class ParamBinder;

struct ActivityContext
	/// Everything a value expression can draw on.
{
	const sync::MessageRecord* record = nullptr;
	const MessageContent* content = nullptr;
	const sync::PersonRef* person = nullptr;
	const sync::FolderKey* folder = nullptr;
	std::uint32_t uidValidity = 0;
	std::string parentKey;
	std::string ownerUserKey;   ///< the mailbox owner's ATS user key
	std::string imapHost;
	std::string activityKey;    ///< documents: the activity just written
	const MessageAttachment* attachment = nullptr;
	std::string filePath;       ///< documents stored as files
};

struct BoundValue
{
	enum Type { Null, Text, Integer, Timestamp, Blob };
	Type type = Null;
	std::string text;  ///< Text and Blob
	Poco::Int64 integer = 0;
	Poco::DateTime timestamp;
};

class ValueEvaluator
{
public:
	static BoundValue evaluate(const ValueExpression& expr, const ActivityContext& context);
		/// The value for expr's column, truncated and converted as mapped.

	static std::pair<std::string, std::string> splitName(const std::string& displayName, const std::string& address);
		/// (given names, family name) of a From header's display name: "Jane
		/// Q. Doe" -> ("Jane Q.", "Doe"), "Doe, Jane" -> ("Jane", "Doe"); with
		/// no name, ("", the address's local part).

	static void bind(ParamBinder& binder, const std::string& name, const BoundValue& value);

	static BoundValue keyValue(const std::string& key);
		/// A key as bound: an integer when it is a plain decimal number (so an
		/// INTEGER column takes it on every driver), else text ("00123" stays text).

	static std::string truncate(const std::string& utf8, std::size_t maxChars, const std::string& marker);
		/// Cuts to at most maxChars characters (UTF-8 code points, never
		/// splitting one), the marker included when the text is cut.

	static std::string toCodePage(const std::string& utf8, const std::string& codePage);
		/// latin1 / iso-8859-1 / windows-1252 / cp1252; unmappable characters become '?'.

	static std::string limitToCodePage(const std::string& utf8, const std::string& codePage);
		/// The text as the code page can hold it, still in UTF-8: characters
		/// the code page lacks become '?'. Text is bound as UTF-16 and the
		/// driver converts it to the column's code page itself; this makes
		/// that conversion lossless and predictable.

	static std::string imapUrl(const std::string& user, const std::string& host, const std::string& mailbox,
		std::uint32_t uidValidity, std::uint32_t uid);
		/// imap://user@host/mailbox;UIDVALIDITY=v/;UID=u with RFC 5092 percent-encoding.

	static Poco::DateTime inZone(const Poco::Timestamp& when, const std::string& timeZone);
		/// "utc", "local" (the machine's zone, DST included) or "+hh:mm".

	static std::string perDirection(const ValueExpression& expr, const sync::MessageRecord* record);
		/// An in="..." out="..." column's value: the kind's own value
		/// (bulk, auto-reply, bounce) where the mapping gives one, else by
		/// direction. No record counts as inbound.

	static std::string keyText(const std::string& prefix, std::size_t width, Poco::Int64 number);
		/// prefix + number zero-padded to width digits.
};

} } // namespace mailbridge::mapping

#endif
