// libFuzzer target: the MIME parser must turn any bytes into a Message
// without throwing or reading outside the input, and every attachment it
// reports must stream from the same bytes.

#include "connector/mime/AddressParser.h"
#include "connector/mime/DateParser.h"
#include "connector/mime/EncodedWords.h"
#include "connector/mime/HtmlToText.h"
#include "connector/mime/MessageParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <streambuf>
#include <ostream>

namespace {

class NullBuf: public std::streambuf
{
protected:
	std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
	int_type overflow(int_type c) override { return c; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	using namespace mailbridge::mime;
	// A copy of exactly size bytes, so that reads past the end are caught.
	char* bytes = static_cast<char*>(std::malloc(size == 0 ? 1 : size));
	for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(data[i]);

	ParseOptions options;
	options.maxTextBytes = 64 * 1024;
	Message m = parseMessage(bytes, size, options);
	NullBuf nb;
	std::ostream sink(&nb);
	for (const Attachment& a: m.attachments)
	{
		if (a.offset + a.length > size) std::abort();  // must lie inside the input
		streamAttachment(bytes, size, a, sink);
	}

	// The header-level parsers on their own, fed the same bytes.
	std::string_view text(bytes, size < 4096 ? size : 4096);
	AddressParser::parseList(text);
	EncodedWords::decode(text);
	HtmlToText::convert(text);
	Poco::Timestamp ts;
	int zone = 0;
	DateParser::parse(text, ts, zone);
	std::free(bytes);
	return 0;
}
