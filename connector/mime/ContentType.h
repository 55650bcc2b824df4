//
// ContentType.h
//
// A Content-Type header read leniently: a missing or broken value is
// text/plain (RFC 2045 5.2), a multipart without boundary is not multipart.
//

#ifndef MB_Mime_ContentType_INCLUDED
#define MB_Mime_ContentType_INCLUDED

#include "connector/mime/Rfc2231Params.h"
#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class ContentType
{
public:
	ContentType();
		/// text/plain.

	bool parse(std::string_view headerValue);
		/// Reads the header. Returns false (and keeps text/plain) when the
		/// value is not "type/subtype"; never throws.

	bool readable() const { return _readable; }
		/// What the last parse() returned (true before any).

	const std::string& type() const { return _type; }
	const std::string& subtype() const { return _subtype; }
	std::string mimeType() const { return _type + "/" + _subtype; }
	bool is(std::string_view type, std::string_view subtype) const;
	bool isMultipart() const { return _type == "multipart"; }
	std::string charset() const { return _params.get("charset"); }
	std::string boundary() const { return _params.get("boundary"); }
	const Rfc2231Params& params() const { return _params; }

	void setType(std::string type, std::string subtype);

private:
	std::string _type;
	std::string _subtype;
	Rfc2231Params _params;
	bool _readable = true;
};

} } // namespace mailbridge::mime

#endif
