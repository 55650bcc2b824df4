//
// SmtpErrors.h
//
// SMTP failures, each in the family that says what to do next. The
// exception's code is the server's reply code when there was one.
//

#ifndef MB_Smtp_SmtpErrors_INCLUDED
#define MB_Smtp_SmtpErrors_INCLUDED

#include "connector/common/Errors.h"

#include <string>

namespace mailbridge {
namespace smtp {

POCO_DECLARE_EXCEPTION(, SmtpNetworkError, mailbridge::TransientError)
	/// Connect, read or write failure, a timeout, or the server closing the
	/// connection. Whether a message was accepted is then unknown when the
	/// failure came after the end of DATA; the caller must look before resending.

POCO_DECLARE_EXCEPTION(, SmtpProtocolError, mailbridge::TransientError)
	/// The server sent something that is not an SMTP reply.

POCO_DECLARE_EXCEPTION(, SmtpTemporaryError, mailbridge::TransientError)
	/// A 4xx reply to the session or the whole message (421, 451, 452 on MAIL...).

POCO_DECLARE_EXCEPTION(, SmtpMessageRefused, mailbridge::MessageError)
	/// A 5xx reply for this message (MAIL FROM, DATA, end of data), every
	/// recipient refused, or a message the server cannot take (size, address).

POCO_DECLARE_EXCEPTION(, SmtpAuthError, mailbridge::MailboxError)
	/// Authentication refused (535 and other 5xx to AUTH), or no mechanism
	/// the options ask for. Never retried in a hot loop.

POCO_DECLARE_EXCEPTION(, SmtpSecurityError, mailbridge::MailboxError)
	/// Certificate refused, STARTTLS not offered, or a password would have
	/// gone out without TLS.

[[noreturn]] void throwTlsFailure(const std::string& what, const Poco::Exception& e);
	/// For a failed TLS handshake: SmtpSecurityError when the certificate was
	/// refused (OpenSSL's "certificate verify failed", Poco's certificate
	/// exceptions), SmtpNetworkError for anything else (the server closing or
	/// resetting the connection, a timeout), which is worth retrying.

} } // namespace mailbridge::smtp

#endif
