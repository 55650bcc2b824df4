//
// LiteralSink.h
//
// Where the bytes of a literal go. A message body streams into a sink as it
// arrives, so a 40 MB message is never held twice in memory.
//

#ifndef MB_Imap_LiteralSink_INCLUDED
#define MB_Imap_LiteralSink_INCLUDED

#include <cstddef>
#include <cstdint>

namespace mailbridge {
namespace imap {

class LiteralSink
{
public:
	virtual ~LiteralSink() = default;
	virtual void begin(std::uint64_t size) = 0;
	virtual void write(const char* data, std::size_t size) = 0;
	virtual void end() = 0;
};

} } // namespace mailbridge::imap

#endif
