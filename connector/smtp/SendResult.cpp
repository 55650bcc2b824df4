#include "connector/smtp/SendResult.h"

namespace mailbridge {
namespace smtp {

const char* toString(RecipientOutcome::Status status)
{
	switch (status)
	{
	case RecipientOutcome::Accepted: return "accepted";
	case RecipientOutcome::RefusedPermanently: return "refused";
	case RecipientOutcome::RefusedTemporarily: return "deferred";
	}
	return "unknown";
}

} } // namespace mailbridge::smtp
