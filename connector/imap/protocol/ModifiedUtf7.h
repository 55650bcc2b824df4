//
// ModifiedUtf7.h
//
// Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3): "Entw&APw-rfe".
//

#ifndef MB_Imap_ModifiedUtf7_INCLUDED
#define MB_Imap_ModifiedUtf7_INCLUDED

#include <string>

namespace mailbridge {
namespace imap {

std::string encodeMailboxName(const std::string& utf8);
	/// UTF-8 to modified UTF-7. Invalid UTF-8 is encoded as U+FFFD.

std::string decodeMailboxName(const std::string& mutf7, bool* valid = nullptr);
	/// Modified UTF-7 to UTF-8. A malformed name (bad base64, unpaired
	/// surrogates, an unterminated shift) is returned as sent, with *valid
	/// set to false, so a hostile server cannot make a folder vanish.

} } // namespace mailbridge::imap

#endif
