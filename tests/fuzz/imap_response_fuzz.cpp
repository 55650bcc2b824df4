// libFuzzer target: the IMAP response parser must only ever return
// responses or throw ImapProtocolError, however the bytes arrive.

#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <cstddef>
#include <cstdint>

namespace {

class CountingSink: public mailbridge::imap::LiteralSink
{
public:
	void begin(std::uint64_t) override {}
	void write(const char*, std::size_t n) override { bytes += n; }
	void end() override {}
	std::size_t bytes = 0;
};

void run(const std::uint8_t* data, std::size_t size, std::size_t split)
{
	mailbridge::imap::ParserLimits limits;
	limits.maxHeldLiteral = 4096;
	mailbridge::imap::ResponseParser parser(limits);
	CountingSink sink;
	parser.setSinkChooser([&](const std::string&, std::uint64_t n) -> mailbridge::imap::LiteralSink* {
		return n > 100 ? &sink : nullptr;
	});
	try
	{
		const char* bytes = reinterpret_cast<const char*>(data);
		parser.feed(bytes, split);
		mailbridge::imap::Response r;
		while (parser.next(r)) {}
		parser.feed(bytes + split, size - split);
		while (parser.next(r)) {}
	}
	catch (const mailbridge::imap::ImapProtocolError&)
	{
	}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	run(data, size, size);
	if (size > 1) run(data, size, size / 2); // the same bytes, cut in two
	return 0;
}
