//
// SmtpConnection.h
//
// Poco's SecureSMTPClientSession with the reply reading done here. Poco's
// own reader (DialogSocket::receiveStatusMessage) loops for ever when the
// connection ends inside a multi-line reply, and reports a dropped
// connection as status 0; this one throws SmtpNetworkError instead.
//

#ifndef MB_Smtp_SmtpConnection_INCLUDED
#define MB_Smtp_SmtpConnection_INCLUDED

#include "connector/smtp/SmtpReply.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Timespan.h>
#include <string>

namespace mailbridge {
namespace smtp {

class SmtpConnection: public Poco::Net::SecureSMTPClientSession
{
public:
	SmtpConnection(const Poco::Net::StreamSocket& socket, const std::string& host);
		/// Takes a connected socket (plain, or TLS for implicit TLS).

	~SmtpConnection() override;

	void setTimeout(Poco::Timespan timeout);
		/// For every read and write from now on.

	SmtpReply readReply();
		/// Reads one complete reply. Throws SmtpNetworkError (timeout, closed,
		/// I/O) or SmtpProtocolError.

	SmtpReply command(const std::string& line);
		/// Sends line + CRLF, then reads the reply.

	void write(const char* data, std::size_t size);
		/// Writes raw bytes (the DATA stream). Throws SmtpNetworkError.

	void upgradeToTls(Poco::Net::Context::Ptr context);
		/// After the 220 to STARTTLS: the TLS handshake, verifying the
		/// certificate for the host given at construction. Bytes the server
		/// sent before the handshake are dropped. Throws SmtpSecurityError.

	void abort();
		/// Closes the socket without QUIT, after a failure.

	void quit();
		/// QUIT, then closes; never throws.

private:
	std::string _host;
	Poco::Timespan _timeout;
	bool _closed = false;
};

} } // namespace mailbridge::smtp

#endif
