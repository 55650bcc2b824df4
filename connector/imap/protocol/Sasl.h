//
// Sasl.h
//
// The client's SASL messages for IMAP AUTHENTICATE: PLAIN (RFC 4616),
// XOAUTH2 (Google's and Microsoft's bearer-token form) and OAUTHBEARER
// (RFC 7628), and the base64 IMAP carries them in. Pure functions.
//

#ifndef MB_Imap_Sasl_INCLUDED
#define MB_Imap_Sasl_INCLUDED

#include <string>

namespace mailbridge {
namespace imap {

std::string base64Encode(const std::string& bytes);
	/// Base64 without line breaks.

std::string base64Decode(const std::string& text);
	/// Throws ImapProtocolError on text that is not base64.

std::string saslPlain(const std::string& user, const std::string& password, const std::string& authzid = "");
	/// "authzid NUL user NUL password", base64.

std::string saslXOAuth2(const std::string& user, const std::string& token);
	/// "user=U ^A auth=Bearer T ^A ^A", base64.

std::string saslOAuthBearer(const std::string& user, const std::string& host, unsigned short port, const std::string& token);
	/// The RFC 7628 initial client response: GS2 header "n,a=U," then
	/// host, port and "auth=Bearer T", ^A-separated, base64. ',' and '='
	/// in the user name are escaped as =2C and =3D (RFC 5801).

const char* saslOAuthBearerAbort();
	/// The dummy reply ("AQ==", one ^A) a client sends to the server's error
	/// challenge so that the server can end the exchange (RFC 7628 3.2.3).

} } // namespace mailbridge::imap

#endif
