//
// Credentials.h
//
// What ImapSession::login needs: the user, a password or an OAuth access
// token the caller obtained, and the SASL mechanism to use.
//

#ifndef MB_Imap_Credentials_INCLUDED
#define MB_Imap_Credentials_INCLUDED

#include <string>

namespace mailbridge {
namespace imap {

struct Credentials
{
	enum Mechanism
	{
		Auto,        ///< AUTHENTICATE PLAIN when AUTH=PLAIN is offered, else LOGIN
		Login,       ///< the LOGIN command
		Plain,       ///< AUTHENTICATE PLAIN (RFC 4616), with SASL-IR when offered
		XOAuth2,     ///< AUTHENTICATE XOAUTH2 with a bearer token (Gmail, Microsoft 365)
		OAuthBearer  ///< AUTHENTICATE OAUTHBEARER (RFC 7628)
	};

	Mechanism mechanism = Auto;
	std::string user;
	std::string secret;   ///< the password, or the access token for XOAuth2/OAuthBearer
	std::string authzid;  ///< PLAIN only: the identity to act as; usually empty
};

} } // namespace mailbridge::imap

#endif
