//
// Rfc2231Params.h
//
// The ";name=value" parameters of Content-Type and Content-Disposition:
// quoted strings, comments, RFC 2231 continuations and charset'lang'value
// encoding, and the RFC 2047 words and raw 8-bit that clients write instead.
//

#ifndef MB_Mime_Rfc2231Params_INCLUDED
#define MB_Mime_Rfc2231Params_INCLUDED

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailbridge {
namespace mime {

class Rfc2231Params
{
public:
	static std::string split(std::string_view headerValue, Rfc2231Params& params);
		/// Parses "value; a=b; c=d" into params and returns "value",
		/// lowercased and trimmed. Never throws.

	void parse(std::string_view text);
		/// Parses a parameter list (the part after the first ';').

	std::string get(std::string_view name) const;
		/// The decoded UTF-8 value of a parameter (name case-insensitive), or "".

	bool has(std::string_view name) const;

	const std::vector<std::pair<std::string, std::string>>& values() const { return _values; }

private:
	std::vector<std::pair<std::string, std::string>> _values;  ///< lowercased name, decoded value
};

} } // namespace mailbridge::mime

#endif
