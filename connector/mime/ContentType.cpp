//
// ContentType.cpp
//

#include "connector/mime/ContentType.h"

namespace mailbridge {
namespace mime {

ContentType::ContentType(): _type("text"), _subtype("plain")
{
}

bool ContentType::parse(std::string_view headerValue)
{
	Rfc2231Params params;
	std::string value = Rfc2231Params::split(headerValue, params);
	_params = std::move(params);
	std::size_t slash = value.find('/');
	if (slash == std::string::npos || slash == 0 || slash + 1 == value.size())
	{
		// Bare "text" is read as text/plain, anything else as unknown.
		_type = "text";
		_subtype = "plain";
		_readable = value == "text";
		return _readable;
	}
	_type.assign(value, 0, slash);
	_subtype.assign(value, slash + 1, std::string::npos);
	_readable = true;
	return true;
}

bool ContentType::is(std::string_view type, std::string_view subtype) const
{
	return _type == type && (subtype.empty() || _subtype == subtype);
}

void ContentType::setType(std::string type, std::string subtype)
{
	_type = std::move(type);
	_subtype = std::move(subtype);
}

} } // namespace mailbridge::mime
