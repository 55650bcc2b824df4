//
// FlowedText.h
//
// text/plain; format=flowed (RFC 3676), as Thunderbird and Apple Mail send
// it: soft-wrapped lines joined back into paragraphs, so that the text
// stored for a recruiter reads as it was written.
//

#ifndef MB_Mime_FlowedText_INCLUDED
#define MB_Mime_FlowedText_INCLUDED

#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class FlowedText
{
public:
	static std::string unwrap(std::string_view text, bool delSp);
		/// LF-separated flowed text in, fixed text out: a line ending in a
		/// blank continues on the next line of the same quote depth; the
		/// space-stuffing blank is removed; with delSp (DelSp=yes) the
		/// trailing blank of a flowed line is removed too. "-- " stays a
		/// signature separator.
};

} } // namespace mailbridge::mime

#endif
