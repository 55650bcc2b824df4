//
// Classifier.h
//
// What kind of mail this is, from its headers: list or bulk mail, an
// automatic reply, a delivery status notification and the recipients
// it reports as failed.
//

#ifndef MB_Mime_Classifier_INCLUDED
#define MB_Mime_Classifier_INCLUDED

#include "connector/mime/HeaderBlock.h"
#include "connector/mime/Message.h"
#include <string_view>
#include <vector>

namespace mailbridge {
namespace mime {

class Classifier
{
public:
	static bool isBulk(const HeaderBlock& headers);
		/// List-Id, List-Unsubscribe, or Precedence bulk/list/junk.

	static bool isAutoReply(const HeaderBlock& headers, std::string_view subject);
		/// Auto-Submitted other than "no", X-Autoreply, X-Autorespond,
		/// Precedence auto_reply, or an out-of-office subject.

	static bool isOutOfOfficeSubject(std::string_view subject);

	static void parseDeliveryStatus(std::string_view body, std::vector<DeliveryFailure>& failures);
		/// Reads a message/delivery-status body (RFC 3464) and appends each
		/// recipient whose Action is failed, or whose Status is 4.x.x/5.x.x
		/// when no Action is given.
};

} } // namespace mailbridge::mime

#endif
