//
// UidSet.h
//
// A set of UIDs as IMAP writes it ("1:5,7,9:*"), kept as sorted, merged
// ranges so that 50,000 UIDs cost a few bytes when they are contiguous.
//

#ifndef MB_Imap_UidSet_INCLUDED
#define MB_Imap_UidSet_INCLUDED

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace imap {

class UidSet
{
public:
	static constexpr std::uint32_t STAR = 0xFFFFFFFFu;
		/// "*": the largest UID in use. Kept as the top of the range.

	UidSet() = default;
	explicit UidSet(const std::vector<std::uint32_t>& uids);

	static UidSet parse(const std::string& text);
		/// Throws ImapProtocolError on anything but nz-number, ':' , ',' and '*'.

	void add(std::uint32_t uid);
	void add(std::uint32_t first, std::uint32_t last);

	bool contains(std::uint32_t uid) const;
	bool empty() const { return _ranges.empty(); }
	std::uint64_t count() const;
		/// Number of UIDs, counting a range to "*" up to STAR.
	std::vector<std::uint32_t> expand(std::uint64_t limit = 10000000) const;
		/// Throws ImapProtocolError when more than `limit` (a hostile "1:4294967295").

	std::string toString() const;
		/// Compressed: "1:3,5,7:*".

	const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges() const { return _ranges; }
	bool operator==(const UidSet& other) const { return _ranges == other._ranges; }

private:
	std::vector<std::pair<std::uint32_t, std::uint32_t>> _ranges;
};

} } // namespace mailbridge::imap

#endif
