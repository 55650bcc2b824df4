//
// MaildirWriter.h
//
// Puts messages straight into a Dovecot maildir folder's cur/ as files:
// filling a folder of 50k messages through APPEND or LMTP would take longer
// than the benchmarks themselves. Dovecot assigns UIDs at the next SELECT.
//

#ifndef MB_Bench_MaildirWriter_INCLUDED
#define MB_Bench_MaildirWriter_INCLUDED

#include <ctime>
#include <string>

namespace mailbridge {
namespace bench {

class MaildirWriter
{
public:
	MaildirWriter(const std::string& stackDir, const std::string& user, const std::string& folder);
		/// The folder must exist already (CREATE it over IMAP first).

	void write(const std::string& message, std::time_t received = 0, bool seen = true);
		/// One message file; `received` (when not 0) becomes its mtime, which
		/// Dovecot reports as INTERNALDATE. Throws std::runtime_error when the
		/// file cannot be written.

	const std::string& directory() const { return _dir; }

private:
	std::string _dir;
	std::time_t _stamp;
	unsigned long _serial = 0;
};

} } // namespace mailbridge::bench

#endif
