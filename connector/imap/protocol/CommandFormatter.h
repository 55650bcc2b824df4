//
// CommandFormatter.h
//
// Builds one IMAP command line: tag, name, and arguments each written in the
// cheapest safe form (atom, quoted string or literal). Synchronizing literals
// split the command into segments: the session sends a segment, waits for the
// server's "+" continuation, then sends the next. A masked copy of the text
// is kept for the protocol trace, so passwords and tokens never reach a log.
//

#ifndef MB_Imap_CommandFormatter_INCLUDED
#define MB_Imap_CommandFormatter_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

enum class LiteralMode
{
	Synchronizing, ///< plain RFC 3501: every literal waits for "+"
	Plus,          ///< LITERAL+ (RFC 7888): {N+} for any size
	Minus          ///< LITERAL- (RFC 7888): {N+} only up to 4096 bytes
};

class CommandFormatter
{
public:
	CommandFormatter(const std::string& tag, const std::string& name, LiteralMode mode = LiteralMode::Synchronizing);
		/// Starts "tag name". Both must be atoms (the caller's constants).

	CommandFormatter& atom(const std::string& value);
		/// Appends value as is (numbers, UID sets, flags, parenthesised lists
		/// the caller has built from atoms).

	CommandFormatter& raw(const std::string& value);
		/// Appends value as is, without a separating space (closing
		/// parentheses after a literal, search criteria the caller wrote).

	CommandFormatter& criteria(const std::string& text);
		/// Appends search criteria as the caller wrote them ("SUBJECT \"x\"
		/// SINCE 1-Jan-2024"), except that a quoted string or atom holding
		/// 8-bit bytes is sent as a literal (the caller adds CHARSET UTF-8).

	static bool hasEightBit(const std::string& text);

	CommandFormatter& astring(const std::string& value);
		/// Appends value as an atom, a quoted string or a literal, whichever
		/// is the first that can carry it.

	CommandFormatter& secret(const std::string& value);
		/// Like astring(), but shown as "***" in trace().

	CommandFormatter& literal(const std::string& value);
		/// Appends value as a literal whatever its content (APPEND's message).

	std::vector<std::string> segments() const;
		/// The bytes to send. All but the last end with a synchronizing
		/// literal's "{N}\r\n"; the last ends with "\r\n".

	std::string trace() const;
		/// The command as one line for a log: secrets masked, literals shown
		/// as "{N}" plus their size only.

private:
	void appendLiteral(const std::string& value, bool hidden);

	LiteralMode _mode;
	std::vector<std::string> _segments;
	std::string _trace;
};

} } // namespace mailbridge::imap

#endif
