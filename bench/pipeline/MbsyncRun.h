//
// MbsyncRun.h
//
// The reference: isync's mbsync pulling one IMAP folder into a fresh
// maildir, over STARTTLS as our worker connects, timed from start to exit.
//

#ifndef MB_Bench_MbsyncRun_INCLUDED
#define MB_Bench_MbsyncRun_INCLUDED

#include "bench/common/RawFetch.h"

#include <string>

namespace mailbridge {
namespace bench {

struct MbsyncSettings
{
	std::string host;
	unsigned short port = 143;  ///< STARTTLS
	std::string caFile;
	std::string user;
	std::string password;
	std::string folder;
	std::string workDir;        ///< the rc file, the maildir and the log go here
	bool fsync = false;
};

Figure runMbsync(const MbsyncSettings& settings, std::string& detail);
	/// Runs `mbsync -c RC -a`; the figure counts the files that arrived.
	/// `detail` gets the version and the exit status, or why it could not run.
	/// Throws nothing: a missing mbsync gives an empty figure.

} } // namespace mailbridge::bench

#endif
