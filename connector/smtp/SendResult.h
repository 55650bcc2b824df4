//
// SendResult.h
//
// What the server said about one message: each recipient's RCPT reply and
// the reply to the end of DATA. The outbox records it per recipient.
//

#ifndef MB_Smtp_SendResult_INCLUDED
#define MB_Smtp_SendResult_INCLUDED

#include <cstddef>
#include <string>
#include <vector>

namespace mailbridge {
namespace smtp {

struct RecipientOutcome
{
	enum Status
	{
		Accepted,           ///< 2xx to RCPT TO
		RefusedPermanently, ///< 5xx: do not try this address again
		RefusedTemporarily  ///< 4xx: this address may be tried again later
	};

	std::string address;
	Status status = Accepted;
	int code = 0;
	std::string reply;      ///< the server's reply line(s), as SmtpReply::text()
};

struct SendResult
{
	std::vector<RecipientOutcome> recipients;
	int dataCode = 0;       ///< reply code after the end of DATA; 0 when DATA was not reached
	std::string dataReply;  ///< that reply's text ("250 2.0.0 a4bc5004 Message accepted ...")

	std::size_t count(RecipientOutcome::Status status) const
	{
		std::size_t n = 0;
		for (const auto& r: recipients) if (r.status == status) ++n;
		return n;
	}

	bool allAccepted() const { return count(RecipientOutcome::Accepted) == recipients.size(); }
};

const char* toString(RecipientOutcome::Status status);

} } // namespace mailbridge::smtp

#endif
