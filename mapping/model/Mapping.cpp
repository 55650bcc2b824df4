//
// Mapping.cpp
//

#include "mapping/model/Mapping.h"

namespace mailbridge {
namespace mapping {

const std::vector<ValueName>& valueNames()
{
	static const std::vector<ValueName> NAMES = {
		{"subject", ValueKind::Subject, true, false, true},
		{"text", ValueKind::Text, true, false},
		{"html", ValueKind::Html, true, false},
		{"from", ValueKind::From, true, false, true},
		{"from-name", ValueKind::FromName, true, false, true},
		{"to", ValueKind::To, true, false},
		{"cc", ValueKind::Cc, true, false},
		{"date", ValueKind::Date, true, false, true},
		{"message-id", ValueKind::MessageId, true, false, true},
		{"direction", ValueKind::Direction, true, false},
		{"kind", ValueKind::MessageKind, true, false},
		{"imap-url", ValueKind::ImapUrl, true, false},
		{"size", ValueKind::Size, true, false},
		{"attachment-count", ValueKind::AttachmentCount, true, false},
		{"mailbox", ValueKind::Mailbox, true, false, true},
		{"folder", ValueKind::Folder, true, false, true},
		{"person-key", ValueKind::PersonKey, true, true},
		{"person-kind", ValueKind::PersonKind, true, true},
		{"person-table", ValueKind::PersonTable, true, true},
		{"person-address", ValueKind::PersonAddress, true, false},
		{"person-owner-key", ValueKind::PersonOwnerKey, true, false},
		{"owner-user-key", ValueKind::OwnerUserKey, true, true, true},
		{"parent-key", ValueKind::ParentKey, true, false},
		{"now", ValueKind::Now, true, true, true},
		{"from-first-name", ValueKind::FromFirstName, false, false, true},
		{"from-last-name", ValueKind::FromLastName, false, false, true},
		{"activity-key", ValueKind::ActivityKey, false, true},
		{"file-name", ValueKind::FileName, false, true},
		{"content-type", ValueKind::ContentType, false, true},
		{"content", ValueKind::Content, false, true},
		{"file-path", ValueKind::FilePath, false, true},
		{"file-size", ValueKind::FileSize, false, true},
	};
	return NAMES;
}

const char* toString(ValueKind kind)
{
	if (kind == ValueKind::Constant) return "constant";
	if (kind == ValueKind::PerDirection) return "in/out";
	for (const auto& v: valueNames()) if (v.kind == kind) return v.name;
	return "?";
}

const char* toString(KeyGeneration generation)
{
	switch (generation)
	{
	case KeyGeneration::Identity: return "identity";
	case KeyGeneration::Sequence: return "sequence";
	case KeyGeneration::Counter:  return "counter";
	case KeyGeneration::Guid:     return "guid";
	case KeyGeneration::None:     return "none";
	}
	return "?";
}

} } // namespace mailbridge::mapping
