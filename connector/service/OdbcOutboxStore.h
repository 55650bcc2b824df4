//
// OdbcOutboxStore.h
//
// The outbound state machine's store over mb_outbox and mb_outbox_recipient:
// claims by one conditional UPDATE per row, so two workers on two
// connections never own the same row, on every dialect without row locks.
//

#ifndef MB_Service_OdbcOutboxStore_INCLUDED
#define MB_Service_OdbcOutboxStore_INCLUDED

#include "connector/sync/OutboxStore.h"
#include "mapping/sql/OwnTablesSql.h"
#include <functional>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

class OdbcOutboxStore: public sync::OutboxStore
	/// One per worker thread: an ODBC connection is not shared. Times are
	/// stored as UTC.
{
public:
	explicit OdbcOutboxStore(mapping::OdbcConnection& db);

	std::vector<sync::OutboxItem> claimDue(const std::string& mailbox, const std::string& worker,
		Poco::Timestamp now, Poco::Timespan lease, std::size_t limit) override;
		/// Each row is claimed by its own committed UPDATE: a crash half way
		/// through leaves some rows claimed, which are taken over when their
		/// lease runs out (nothing was sent for them). The recipients are the
		/// row's to_addrs, cc_addrs and bcc_addrs, with the state and reply
		/// recorded for them in mb_outbox_recipient. Throws DatabaseUnavailable
		/// (a TransientError), StatementError.

	bool transition(const sync::OutboxItem& item, sync::OutboxState expected) override;
		/// One UPDATE conditional on (id, expected, item.claimedBy), then the
		/// recipients' rows upserted, in one transaction. MySQL and MariaDB
		/// count changed rows, not matched ones: a transition that changes
		/// nothing (expected == item.state with the same values) returns
		/// false there; the state machine never makes one. Throws
		/// DatabaseUnavailable, StatementError.

	using TransitionHook = std::function<void(const sync::OutboxItem& item, sync::OutboxState expected)>;

	void afterTransition(TransitionHook hook);
		/// Runs hook inside each transition's transaction once the row has
		/// moved (not when it was taken over), so what it writes commits or
		/// rolls back with the move. An exception from it undoes the move.

	sync::OutboxItem load(std::int64_t id);
		/// The row as claimDue returns it, whoever holds it. Throws
		/// Poco::NotFoundException for an unknown id, and as claimDue.

private:
	bool claim(std::int64_t id, const std::string& state, const std::string& previousOwner, const std::string& worker,
		Poco::Timestamp now, Poco::Timestamp staleBefore);

	mapping::OdbcConnection& _db;
	mapping::OwnTablesSql _sql;
	TransitionHook _afterTransition;
};

} } // namespace mailbridge::service

#endif
