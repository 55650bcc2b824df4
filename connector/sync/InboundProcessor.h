//
// InboundProcessor.h
//
// The MessageProcessor the daemon uses: hash and parse each message, apply
// the policy, look every address of the batch up in one call, and settle.
//

#ifndef MB_Sync_InboundProcessor_INCLUDED
#define MB_Sync_InboundProcessor_INCLUDED

#include "connector/sync/MessagePolicy.h"
#include "connector/sync/MessageProcessor.h"
#include "connector/sync/ParsedMessage.h"
#include "connector/sync/PeopleDirectory.h"
#include <functional>

namespace mailbridge {
namespace sync {

class InboundProcessor: public MessageProcessor
{
public:
	using Parser = std::function<ParsedMessage(const std::string& raw, const Poco::Timestamp& internalDate)>;
		/// Must not throw on bad input; a throw becomes an Error record.

	InboundProcessor(const MessagePolicy& policy, PeopleDirectory& people, Parser parser);

	void prepare(FetchedMessage& message) const override;
		/// SHA-256 and parse.

	std::vector<MessageRecord> process(const FolderContext& folder, std::vector<FetchedMessage>& batch) override;
		/// Prepares what prepare() has not.

	static std::string sha256(const std::string& bytes);

private:
	const MessagePolicy& _policy;
	PeopleDirectory& _people;
	Parser _parser;
};

} } // namespace mailbridge::sync

#endif
