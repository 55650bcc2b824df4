#include "connector/sync/OutboxItem.h"

namespace mailbridge {
namespace sync {

namespace {

const OutboxState AllStates[] = {
	OutboxState::Queued, OutboxState::Claimed, OutboxState::Sending, OutboxState::Accepted,
	OutboxState::Filed, OutboxState::Logged, OutboxState::Failed, OutboxState::Retry
};

} // namespace

const char* toString(OutboxState state)
{
	switch (state)
	{
	case OutboxState::Queued: return "queued";
	case OutboxState::Claimed: return "claimed";
	case OutboxState::Sending: return "sending";
	case OutboxState::Accepted: return "accepted";
	case OutboxState::Filed: return "filed";
	case OutboxState::Logged: return "logged";
	case OutboxState::Failed: return "failed";
	case OutboxState::Retry: return "retry";
	}
	return "unknown";
}

bool parseOutboxState(const std::string& text, OutboxState& state)
{
	for (OutboxState s: AllStates)
	{
		if (text == toString(s))
		{
			state = s;
			return true;
		}
	}
	return false;
}

bool isFinal(OutboxState state)
{
	return state == OutboxState::Logged || state == OutboxState::Failed;
}

const char* toString(OutboxRecipient::State state)
{
	switch (state)
	{
	case OutboxRecipient::Pending: return "pending";
	case OutboxRecipient::Accepted: return "accepted";
	case OutboxRecipient::Refused: return "refused";
	case OutboxRecipient::Deferred: return "deferred";
	}
	return "unknown";
}

} } // namespace mailbridge::sync
