//
// HeaderBlock.h
//
// The header section of a message or body part: split into fields and
// unfolded, tolerant of bare LF, obsolete "Name : value" syntax, an mbox
// "From " line, and a missing blank line before the body.
//

#ifndef MB_Mime_HeaderBlock_INCLUDED
#define MB_Mime_HeaderBlock_INCLUDED

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailbridge {
namespace mime {

class HeaderBlock
{
public:
	struct Field
	{
		std::string name;   ///< as written, without surrounding blanks
		std::string value;  ///< unfolded raw bytes, trimmed
	};

	std::size_t parse(const char* data, std::size_t size);
		/// Reads fields from the start of data and returns the offset where
		/// the body begins (after the blank line, or at the first line that
		/// cannot be a header). Never throws.

	const std::string* find(std::string_view name) const;
		/// The first field of that name (case-insensitive), or null.

	std::string get(std::string_view name) const;
		/// The first field's value, or "".

	std::vector<const std::string*> findAll(std::string_view name) const;

	const std::vector<Field>& fields() const { return _fields; }
	const std::vector<std::string>& problems() const { return _problems; }

	static bool equalsIgnoreCase(std::string_view a, std::string_view b);

private:
	std::vector<Field> _fields;
	std::vector<std::string> _problems;
};

} } // namespace mailbridge::mime

#endif
