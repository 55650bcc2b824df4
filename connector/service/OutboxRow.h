//
// OutboxRow.h
//
// One mb_outbox row as stored, read by the outbox store and the composer
// through the same statement (OwnTablesSql::outboxSelect).
//

#ifndef MB_Service_OutboxRow_INCLUDED
#define MB_Service_OutboxRow_INCLUDED

#include "mapping/sql/OwnTablesSql.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Timestamp.h>
#include <cstdint>
#include <string>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

struct OutboxRow
{
	std::int64_t id = 0;
	std::string mailbox;
	std::string toAddrs, ccAddrs, bccAddrs;   ///< comma separated, as the ATS wrote them
	std::string state;
	std::string messageId;
	int attempts = 0;
	Poco::Timestamp createdAt{0};
	Poco::Timestamp sendAt{0};
	bool hasNextAttemptAt = false;
	Poco::Timestamp nextAttemptAt{0};
	bool hasSentAt = false;
	Poco::Timestamp sentAt{0};
	std::string claimedBy;
	Poco::Timestamp claimedAt{0};
	std::string lastError;
	std::uint32_t filedUid = 0;
	std::string subject, bodyText, bodyHtml;
	std::string parentActivityKey;

	static bool read(mapping::OdbcConnection& db, const mapping::OwnTablesSql& sql, std::int64_t id, OutboxRow& row);
		/// False when there is no row with this id. Throws DatabaseUnavailable,
		/// StatementError.

	static std::string text(Poco::Data::RecordSet& rs, std::size_t column);
		/// The column as UTF-8, empty for NULL, trailing blanks of CHAR kept.

	static bool timestamp(Poco::Data::RecordSet& rs, std::size_t column, Poco::Timestamp& value);
		/// False for NULL. Accepts a DATETIME value or its text form
		/// "YYYY-MM-DD HH:MM:SS[.ffffff]", as drivers differ. Throws
		/// Poco::SyntaxException for other text.
};

} } // namespace mailbridge::service

#endif
