//
// ResponseParser.h
//
// The IMAP response parser: fed bytes in whatever pieces the network gives,
// it yields complete typed responses. It never reads a socket. Framing (lines
// and literals) is done here; the grammar of one complete response is
// ResponseGrammar's. Literals go to a LiteralSink the caller chooses at the
// moment the literal starts, or are kept in memory up to a bound.
//

#ifndef MB_Imap_ResponseParser_INCLUDED
#define MB_Imap_ResponseParser_INCLUDED

#include "connector/imap/protocol/LiteralSink.h"
#include "connector/imap/protocol/Response.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

struct ParserLimits
{
	std::size_t maxText = 1 << 20;              ///< a response's text outside literals
	std::uint64_t maxLiteral = 512ull << 20;    ///< any one literal
	std::uint64_t maxHeldLiteral = 1 << 20;     ///< a literal kept in memory (no sink took it)
	int maxDepth = 64;                          ///< list nesting
};

class ResponseParser
{
public:
	using SinkChooser = std::function<LiteralSink*(const std::string& textSoFar, std::uint64_t size)>;
		/// Called when a literal starts, with the response's text up to it
		/// (e.g. "* 12 FETCH (UID 40 BODY[] {5000}"). Return a sink to stream
		/// it, or null to keep it in memory (bounded by maxHeldLiteral).

	explicit ResponseParser(const ParserLimits& limits = ParserLimits());

	void setSinkChooser(SinkChooser chooser);

	void feed(const char* data, std::size_t size);
		/// Consumes every byte. Throws ImapProtocolError (with the response's
		/// text and the offset) on input that breaks the grammar or a bound;
		/// the parser cannot be used after that: reconnect.

	bool next(Response& response);
		/// Pops the oldest complete response; false when none is complete yet.

	bool idle() const;
		/// No partial response is buffered.

	std::uint64_t literalRemaining() const { return _remaining; }

private:
	void lineEnded();
	void finishResponse();

	ParserLimits _limits;
	SinkChooser _chooser;
	std::string _text;
	std::vector<std::string> _literals;
	std::vector<bool> _sunk;
	std::vector<std::uint64_t> _sizes;
	bool _inLiteral = false;
	std::uint64_t _remaining = 0;
	LiteralSink* _sink = nullptr;
	std::deque<Response> _ready;
	std::uint64_t _offset = 0;  ///< bytes consumed of the current response
	std::size_t _lineStart = 0; ///< where the text after the last literal begins
};

} } // namespace mailbridge::imap

#endif
