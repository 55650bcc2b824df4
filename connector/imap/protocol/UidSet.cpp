#include "connector/imap/protocol/UidSet.h"

#include "connector/imap/protocol/ImapErrors.h"

#include <algorithm>

namespace mailbridge {
namespace imap {

UidSet::UidSet(const std::vector<std::uint32_t>& uids)
{
	std::vector<std::uint32_t> sorted(uids);
	std::sort(sorted.begin(), sorted.end());
	for (std::uint32_t uid: sorted)
	{
		if (!_ranges.empty() && (uid == _ranges.back().second || uid == _ranges.back().second + 1))
			_ranges.back().second = uid;
		else
			_ranges.emplace_back(uid, uid);
	}
}

void UidSet::add(std::uint32_t uid)
{
	add(uid, uid);
}

void UidSet::add(std::uint32_t first, std::uint32_t last)
{
	if (first > last) std::swap(first, last);
	_ranges.emplace_back(first, last);
	std::sort(_ranges.begin(), _ranges.end());
	std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
	for (auto& r: _ranges)
	{
		if (!merged.empty() && (merged.back().second == STAR || r.first <= merged.back().second + 1))
			merged.back().second = std::max(merged.back().second, r.second);
		else
			merged.push_back(r);
	}
	_ranges.swap(merged);
}

UidSet UidSet::parse(const std::string& text)
{
	UidSet set;
	std::size_t pos = 0;
	auto number = [&]() -> std::uint32_t {
		if (pos < text.size() && text[pos] == '*')
		{
			++pos;
			return STAR;
		}
		std::uint64_t value = 0;
		std::size_t start = pos;
		while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
		{
			value = value * 10 + std::uint64_t(text[pos] - '0');
			if (value > 0xFFFFFFFFull) throw ImapProtocolError(protocolErrorText("UID out of range", text, start));
			++pos;
		}
		if (pos == start || value == 0) throw ImapProtocolError(protocolErrorText("expected a UID", text, start));
		return static_cast<std::uint32_t>(value);
	};
	if (text.empty()) throw ImapProtocolError("empty UID set");
	while (true)
	{
		std::uint32_t first = number();
		std::uint32_t last = first;
		if (pos < text.size() && text[pos] == ':')
		{
			++pos;
			last = number();
		}
		set.add(first, last);
		if (pos == text.size()) break;
		if (text[pos] != ',') throw ImapProtocolError(protocolErrorText("bad UID set", text, pos));
		++pos;
	}
	return set;
}

bool UidSet::contains(std::uint32_t uid) const
{
	for (auto& r: _ranges)
		if (uid >= r.first && uid <= r.second) return true;
	return false;
}

std::uint64_t UidSet::count() const
{
	std::uint64_t n = 0;
	for (auto& r: _ranges) n += std::uint64_t(r.second) - r.first + 1;
	return n;
}

std::vector<std::uint32_t> UidSet::expand(std::uint64_t limit) const
{
	if (count() > limit) throw ImapProtocolError("UID set of " + std::to_string(count()) + " UIDs is larger than " + std::to_string(limit));
	std::vector<std::uint32_t> out;
	out.reserve(static_cast<std::size_t>(count()));
	for (auto& r: _ranges)
		for (std::uint64_t u = r.first; u <= r.second; ++u) out.push_back(static_cast<std::uint32_t>(u));
	return out;
}

std::string UidSet::toString() const
{
	std::string out;
	auto num = [](std::uint32_t v) { return v == STAR ? std::string("*") : std::to_string(v); };
	for (auto& r: _ranges)
	{
		if (!out.empty()) out += ',';
		out += num(r.first);
		if (r.second != r.first) out += ':' + num(r.second);
	}
	return out;
}

} } // namespace mailbridge::imap
