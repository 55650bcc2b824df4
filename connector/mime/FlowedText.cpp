//
// FlowedText.cpp
//

#include "connector/mime/FlowedText.h"

namespace mailbridge {
namespace mime {

std::string FlowedText::unwrap(std::string_view text, bool delSp)
{
	std::string out;
	out.reserve(text.size());
	bool open = false;      // the previous line was flowed: this one continues it
	int openDepth = 0;
	std::size_t p = 0;
	while (p < text.size())
	{
		std::size_t nl = text.find('\n', p);
		std::size_t end = nl == std::string_view::npos ? text.size() : nl;
		std::string_view line = text.substr(p, end - p);
		p = nl == std::string_view::npos ? text.size() : nl + 1;

		int depth = 0;
		while (depth < static_cast<int>(line.size()) && line[depth] == '>') ++depth;
		std::string_view content = line.substr(depth);
		if (!content.empty() && content[0] == ' ') content.remove_prefix(1);  // space-stuffing

		bool signature = content == "-- ";
		bool flowed = !signature && !content.empty() && content.back() == ' ';
		if (open && depth != openDepth)
		{
			out.push_back('\n');  // a quote depth change ends the paragraph
			open = false;
		}
		if (!open && depth > 0)
		{
			out.append(static_cast<std::size_t>(depth), '>');
			out.push_back(' ');
		}
		if (flowed && delSp) content.remove_suffix(1);
		out.append(content.data(), content.size());
		open = flowed;
		openDepth = depth;
		if (!flowed && nl != std::string_view::npos) out.push_back('\n');
	}
	return out;
}

} } // namespace mailbridge::mime
