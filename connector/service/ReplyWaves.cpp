//
// ReplyWaves.cpp
//

#include "connector/service/ReplyWaves.h"

namespace mailbridge {
namespace service {

constexpr std::size_t ReplyWaves::NONE;

std::size_t ReplyWaves::add()
{
	_parent.push_back(NONE);
	_cut.push_back(false);
	return _parent.size() - 1;
}

void ReplyWaves::dependsOn(std::size_t child, std::size_t parent)
{
	_parent.at(child) = parent;
	_cut.at(child) = false;
}

bool ReplyWaves::cut(std::size_t child) const
{
	return _cut.at(child);
}

std::vector<std::vector<std::size_t>> ReplyWaves::waves()
{
	const std::size_t n = _parent.size();
	const std::size_t UNKNOWN = NONE, ON_PATH = NONE - 1;
	std::vector<std::size_t> wave(n, UNKNOWN);
	std::vector<std::size_t> path;
	for (std::size_t start = 0; start < n; ++start)
	{
		// Walk up to an ancestor whose wave is known (or the top, or a loop),
		// then number the path back down. Iterative: a thread can be long.
		std::size_t at = start;
		while (wave[at] == UNKNOWN)
		{
			wave[at] = ON_PATH;
			path.push_back(at);
			const std::size_t up = _parent[at];
			if (up == NONE || up >= n) break;
			if (wave[up] == ON_PATH)
			{
				_cut[at] = true;  // the link back into the path closes the loop
				break;
			}
			at = up;
		}
		while (!path.empty())
		{
			const std::size_t slot = path.back();
			path.pop_back();
			const std::size_t up = _parent[slot];
			wave[slot] = (up == NONE || up >= n || _cut[slot]) ? 0 : wave[up] + 1;
		}
	}
	std::vector<std::vector<std::size_t>> out;
	for (std::size_t slot = 0; slot < n; ++slot)
	{
		if (out.size() <= wave[slot]) out.resize(wave[slot] + 1);
		out[wave[slot]].push_back(slot);
	}
	return out;
}

} } // namespace mailbridge::service
