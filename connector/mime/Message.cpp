//
// Message.cpp
//

#include "connector/mime/Message.h"

namespace mailbridge {
namespace mime {

std::string Address::key() const
{
	std::string k(address);
	for (char& c: k)
	{
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
	}
	return k;
}

} } // namespace mailbridge::mime
