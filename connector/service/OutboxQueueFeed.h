//
// OutboxQueueFeed.h
//
// The DBA's own outbound queue (the mapping's <outbound>) as the outbox's
// source: each due row of the DBA's table or query is copied once into
// mb_outbox, keyed by its key in queue_key, and from there the outbox state
// machine sends, files and logs it exactly once as any other row. The
// DBA's marks run inside the transitions that match them (sending, sent
// with the Message-ID, failed with the reason), in the same transaction.
//

#ifndef MB_Service_OutboxQueueFeed_INCLUDED
#define MB_Service_OutboxQueueFeed_INCLUDED

#include "connector/service/ServiceConfig.h"
#include "connector/sync/OutboxItem.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/MappedOutboundQueue.h"

#include <Poco/Timestamp.h>
#include <set>
#include <string>

namespace mailbridge {
namespace service {

class UserSenders;

class OutboxQueueFeed
	/// One per worker thread, on the connection of its outbox store.
{
public:
	OutboxQueueFeed(mapping::OdbcConnection& db, const mapping::Mapping& mapping, const MailboxConfig& mailbox,
		UserSenders& senders);
		/// Throws Poco::NotFoundException when the mapping has no <outbound>.

	std::size_t takeDue(Poco::Timestamp now);
		/// Reads the next BATCH rows of the queue (the first ones again once
		/// a window came back short) and copies those that are this mailbox's (from-user is
		/// its address or a user whose address it is) and due (send-at
		/// empty or reached) into mb_outbox as queued rows, each in its own
		/// transaction with its attachments, unless their key was copied
		/// before. Returns how many were copied now. A row whose send-at is
		/// not a date is marked failed. Throws DatabaseUnavailable,
		/// StatementError (the DBA's query).

	void marked(const sync::OutboxItem& item, sync::OutboxState expected);
		/// OdbcOutboxStore's transition hook: for a row copied from the
		/// queue, runs the DBA's mark that matches the move (sending; sent
		/// on logged, or on retry once some recipient took it; failed), in
		/// the transition's transaction. Throws TransientError for a mark
		/// the database refused (the move is undone and tried again when the
		/// claim runs out), DatabaseUnavailable.

	static const std::size_t BATCH = 100;
		///< rows read from the DBA's queue per poll; the window moves on while it is full

	static const std::size_t MAX_REASON = 200;
		///< bytes of a failure's reason given to the failed mark, at most

private:
	bool mine(const mapping::QueuedMessage& row);
	bool copy(const mapping::QueuedMessage& row, Poco::Timestamp sendAt, Poco::Timestamp now);

	mapping::OdbcConnection& _db;
	const mapping::Mapping& _mapping;
	MailboxConfig _mailbox;
	UserSenders& _senders;
	mapping::MappedOutboundQueue _queue;
	mapping::OwnTablesSql _sql;
	bool _hasFromUser = false;
	std::size_t _offset = 0;         ///< where the next poll's window of the queue starts
	std::set<std::string> _copied;   ///< keys known to be in mb_outbox: not looked up again
	std::set<std::string> _warned;   ///< keys whose sender is no configured mailbox
};

} } // namespace mailbridge::service

#endif
