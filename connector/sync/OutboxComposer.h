//
// OutboxComposer.h
//
// Builds an outbox item's message through the MIME module.
//

#ifndef MB_Sync_OutboxComposer_INCLUDED
#define MB_Sync_OutboxComposer_INCLUDED

#include "connector/sync/OutboxItem.h"

#include <string>

namespace mailbridge {
namespace sync {

class OutboxComposer
{
public:
	virtual ~OutboxComposer() = default;

	virtual std::string compose(const OutboxItem& item) = 0;
		/// The raw message, with item.messageId as Message-ID and no Bcc
		/// header (so the same bytes are sent and filed). Must give the same
		/// bytes for the same item (Date from send_at, boundaries from the
		/// Message-ID): after a restart the copy is composed again. Throws
		/// MessageError when the row cannot become a message.
};

} } // namespace mailbridge::sync

#endif
