//
// BodyWalker.h
//
// Walks the MIME tree of a message in place (no copy of the raw bytes):
// picks the body text among alternatives, lists attachments with their
// location in the raw message, descends into attached messages and reads
// delivery status parts.
//

#ifndef MB_Mime_BodyWalker_INCLUDED
#define MB_Mime_BodyWalker_INCLUDED

#include "connector/mime/ContentType.h"
#include "connector/mime/HeaderBlock.h"
#include "connector/mime/Message.h"
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace mime {

class BodyWalker
{
public:
	BodyWalker(const char* data, std::size_t size, const ParseOptions& options, Message& out);

	void walk(const HeaderBlock& headers, std::size_t bodyStart, std::size_t end);
		/// Walks the entity whose headers are given and whose body is
		/// data[bodyStart, end). Fills text, html, attachments, failures
		/// and problems of the message. Never throws on bad input.

	bool sawDeliveryStatus() const { return _sawDeliveryStatus; }

	struct Range
	{
		std::size_t begin;
		std::size_t end;
	};

	static bool splitMultipart(const char* data, std::size_t begin, std::size_t end,
		const std::string& boundary, std::vector<Range>& parts, bool& closed);
		/// The body parts of a multipart body in data[begin, end). Returns
		/// false when no delimiter line is found; closed tells whether the
		/// close delimiter was.

	static std::string guessBoundary(const char* data, std::size_t begin, std::size_t end);
		/// For a multipart header that lost its boundary parameter: the
		/// boundary used by the body, if its delimiter lines are clear, else "".

	static std::string safeFileName(const std::string& name);
		/// A name without path separators or control characters.

private:
	struct Context
	{
		int depth = 0;          ///< MIME nesting
		int messageDepth = 0;   ///< attached messages entered
		bool inAlternative = false;
		bool inRelated = false;
		bool inDigest = false;
	};

	void walkEntity(const HeaderBlock& headers, std::size_t bodyStart, std::size_t end, const Context& ctx,
		ContentType* parsed = nullptr);
		/// parsed: the entity's Content-Type already read from headers, taken over.
	void walkPart(std::size_t begin, std::size_t end, const Context& ctx);
	void walkMultipart(const ContentType& type, const std::string& boundary, std::size_t bodyStart,
		std::size_t end, const Context& ctx);
	void walkAlternative(const std::vector<Range>& parts, const Context& ctx);
	void walkRelated(const ContentType& type, const std::vector<Range>& parts, const Context& ctx);
	void addText(const ContentType& type, int encoding, std::size_t bodyStart, std::size_t end);
	void addAttachment(const HeaderBlock& headers, const ContentType& type, std::size_t bodyStart,
		std::size_t end, const Context& ctx, const std::string& fileName, const std::string& disposition);
	void readDeliveryStatus(int encoding, std::size_t bodyStart, std::size_t end);
	void problem(std::string text);

	const char* _data;
	std::size_t _size;
	const ParseOptions& _options;
	Message& _out;
	bool _sawDeliveryStatus = false;
};

} } // namespace mailbridge::mime

#endif
