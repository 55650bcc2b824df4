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

namespace mailbridge {
namespace service {

class MimeContentSource: public mapping::MessageContentSource
{
public:
	mapping::MessageContent read(const sync::MessageRecord& record) const override;
		/// A header-only record (by policy) gets no body and no attachments.
		/// A record without a parsed message gets an empty content. Throws
		/// MessageError when an attachment lies outside the raw message.
};

} } // namespace mailbridge::service

#endif
