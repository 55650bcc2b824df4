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

	std::string_view view(std::string_view name) const;
		/// The first field's value, or an empty view; valid while the block
		/// is unchanged. get() without the copy.

	std::vector<const std::string*> findAll(std::string_view name) const;

	const std::vector<Field>& fields() const { return _fields; }
	const std::vector<std::string>& problems() const { return _problems; }

	static bool equalsIgnoreCase(std::string_view a, std::string_view b);
		/// ASCII case-insensitive equality.

private:
	std::vector<Field> _fields;
	std::vector<std::string> _problems;
};

//
// inlines
//
inline bool HeaderBlock::equalsIgnoreCase(std::string_view a, std::string_view b)
{
	// Inline: every header lookup calls this once per field, and most
	// fields already differ in length.
	if (a.size() != b.size()) return false;
	for (std::size_t i = 0; i < a.size(); ++i)
	{
		char x = a[i], y = b[i];
		if (x == y) continue;
		if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
		if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
		if (x != y) return false;
	}
	return true;
}

} } // namespace mailbridge::mime

#endif
