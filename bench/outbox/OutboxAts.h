//
// OutboxAts.h
//
// The ATS side of the outbound benchmark in one of the stack's databases:
// the modern example schema with the demo people, mailbridge's own tables,
// the mapping file pointed at it, and the rows the ATS queues in mb_outbox.
//

#ifndef MB_Bench_OutboxAts_INCLUDED
#define MB_Bench_OutboxAts_INCLUDED

#include "mapping/store/OdbcConnection.h"

#include <Poco/Timestamp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace mailbridge {
namespace bench {

class OutboxAts
{
public:
	OutboxAts(const std::string& dialect, const std::string& connectionString, const std::string& shareDir);
		/// dialect: postgresql, mariadb or sqlite. Connects; throws what
		/// OdbcConnection throws.

	void reset();
		/// The example tables made anew with the demo people (Carol is a
		/// candidate), mailbridge's tables installed, and no queue rows.

	void writeMapping(const std::string& path, const std::string& passwordVariable) const;
		/// modern.xml with its <connection/> replaced; sets the variable.

	std::int64_t queue(const std::string& mailbox, const std::string& to, const std::string& subject,
		Poco::Timestamp& committed);
		/// Inserts one row in its own transaction (send_at from the
		/// database's default: now), sets committed to the moment the commit
		/// returned and returns the row's id.

	std::pair<std::int64_t, std::int64_t> queueBurst(const std::string& mailbox, const std::string& to,
		const std::string& subject, int count, Poco::Timestamp& committed);
		/// count rows in one transaction; returns the first and last id.

	long long number(const std::string& select);
		/// The first column of the first row as a number (0 for none or NULL).

	mapping::OdbcConnection& db() { return *_db; }

private:
	void insert(const std::string& mailbox, const std::string& to, const std::string& subject);

	std::string _dialect;
	std::string _connectionString;
	std::string _shareDir;
	std::unique_ptr<mapping::OdbcConnection> _db;
};

} } // namespace mailbridge::bench

#endif
