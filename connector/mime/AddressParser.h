//
// AddressParser.h
//
// Address lists as mail clients write them: quoted or encoded display names
// with commas, groups, route addresses, comments, missing angle brackets,
// and garbage, which is skipped rather than fatal.
//

#ifndef MB_Mime_AddressParser_INCLUDED
#define MB_Mime_AddressParser_INCLUDED

#include "connector/mime/Message.h"
#include <string>
#include <string_view>
#include <vector>

namespace mailbridge {
namespace mime {

class AddressParser
{
public:
	static std::vector<Address> parseList(std::string_view headerValue);
		/// Every mailbox in the list, group members flattened. Never throws.

	static Address parseOne(std::string_view headerValue);
		/// The first mailbox, or an empty Address.

	static std::string normalize(std::string_view addrSpec);
		/// Removes blanks and comments, lowercases the domain (ASCII only, so
		/// a UTF-8 IDN stays as written), keeps the local part's case.
};

} } // namespace mailbridge::mime

#endif
