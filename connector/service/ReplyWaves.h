//
// ReplyWaves.h
//
// Orders a batch's new activities so that a message's activity is written
// before the replies to it: wave 0 holds those whose parent is not in the
// batch, wave n those whose parent is in wave n-1. Each wave can then go in
// as multi-row INSERTs with every parent key already known, instead of an
// UPDATE per reply afterwards. Pure.
//

#ifndef MB_Service_ReplyWaves_INCLUDED
#define MB_Service_ReplyWaves_INCLUDED

#include <cstddef>
#include <vector>

namespace mailbridge {
namespace service {

class ReplyWaves
{
public:
	std::size_t add();
		/// A new slot (an activity to write), numbered from 0.

	void dependsOn(std::size_t child, std::size_t parent);
		/// child's parent is the activity of slot parent. One parent per
		/// child; a later call replaces the earlier.

	std::vector<std::vector<std::size_t>> waves();
		/// The slots by wave, each wave in slot order. A link that would
		/// close a loop (References that point at each other) is cut: that
		/// child goes in as if its parent were not in the batch.

	bool cut(std::size_t child) const;
		/// Whether waves() cut this child's link.

	static constexpr std::size_t NONE = static_cast<std::size_t>(-1);

private:
	std::vector<std::size_t> _parent;  // NONE when not in the batch
	std::vector<bool> _cut;
};

} } // namespace mailbridge::service

#endif
