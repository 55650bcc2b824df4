//
// ResponseGrammar.h
//
// The grammar of one complete IMAP response: its text (literal markers left
// in place) and the literals that followed each marker, in order.
//

#ifndef MB_Imap_ResponseGrammar_INCLUDED
#define MB_Imap_ResponseGrammar_INCLUDED

#include "connector/imap/protocol/Response.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

class ResponseGrammar
{
public:
	ResponseGrammar(const std::string& text, std::vector<std::string>& literals, const std::vector<bool>& sunk,
		const std::vector<std::uint64_t>& sizes, int maxDepth);

	Response parse();
		/// Throws ImapProtocolError with the text and the offset.

private:
	struct NString
	{
		bool nil = false;
		bool sunk = false;
		std::uint64_t size = 0;
		std::string data;
	};

	[[noreturn]] void fail(const std::string& what) const;
	bool atEnd() const { return _pos >= _text.size(); }
	char peek() const { return atEnd() ? '\0' : _text[_pos]; }
	void expect(char c);
	bool skip(char c);
	void space();
	std::string atom();
	std::string word();  ///< an atom, uppercased
	std::uint64_t number();
	std::uint32_t number32();
	NString nstring();
	std::string astring();
	Item item(int depth);
	std::vector<std::string> wordList();
	std::string rest();

	void statusResponse(Response& r);
	void responseCode(Response& r);
	void fetch(Response& r);
	void list(Response& r);
	void status(Response& r);
	void search(Response& r);
	void esearch(Response& r);
	void vanished(Response& r);

	const std::string& _text;
	std::vector<std::string>& _literals;
	const std::vector<bool>& _sunk;
	const std::vector<std::uint64_t>& _sizes;
	int _maxDepth;
	std::size_t _pos = 0;
	std::size_t _literal = 0;
};

} } // namespace mailbridge::imap

#endif
