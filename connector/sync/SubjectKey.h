//
// SubjectKey.h
//
// A subject reduced to what stays the same along a conversation, for
// linking a reply by subject when In-Reply-To and References find nothing
// (subject_threading): reply and forward prefixes in the common languages
// and [list tags] stripped, blanks collapsed, case folded. Pure.
//

#ifndef MB_Sync_SubjectKey_INCLUDED
#define MB_Sync_SubjectKey_INCLUDED

#include <string>

namespace mailbridge {
namespace sync {

class SubjectKey
{
public:
	static std::string normalize(const std::string& subject);
		/// "RE: [Jobs] AW: Fwd:  Interview  Thursday" -> "interview thursday".
		/// Prefixes: Re, Fwd, Fw, AW, WG, SV, VS, Antw, TR, RIF, each with an
		/// optional count ("Re[2]:", "Re^2:"), anywhere before the text. Case
		/// folding is ASCII only; other letters are compared as written.

	static bool isReply(const std::string& subject);
		/// Whether the subject carries a reply or forward prefix (before or
		/// after [list tags]): only such a message is linked by subject.
};

} } // namespace mailbridge::sync

#endif
