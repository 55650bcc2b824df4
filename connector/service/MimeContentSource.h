//
// MimeContentSource.h
//
// Gives the mapping's activity writer what the MIME parser read from a
// message: body text, recipients, the Date header and the decoded
// attachments (decoded from the raw bytes only when the writer asks).
//

#ifndef MB_Service_MimeContentSource_INCLUDED
#define MB_Service_MimeContentSource_INCLUDED

#include "mapping/store/MessageContent.h"

#include <memory>

namespace mailbridge {
namespace service {

class MimeContentSource: public mapping::MessageContentSource
{
public:
	mapping::MessageContent read(const sync::MessageRecord& record) const override;
		/// A header-only record (by policy) gets no body and no attachments.
		/// A record without a parsed message gets an empty content. Throws
		/// MessageError when an attachment lies outside the raw message.
		/// The last message's content is kept: a message for several people
		/// is read once per person, and its attachments are decoded once.

private:
	mapping::MessageContent decode(const sync::MessageRecord& record) const;

	mutable std::shared_ptr<const mime::Message> _lastMessage;  ///< held, so its address is not reused
	mutable bool _lastHeaderOnly = false;
	mutable mapping::MessageContent _last;
};

} } // namespace mailbridge::service

#endif
