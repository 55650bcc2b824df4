#include "connector/smtp/SmtpConnection.h"
#include "connector/smtp/SmtpErrors.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>

namespace mailbridge {
namespace smtp {

SmtpConnection::SmtpConnection(const Poco::Net::StreamSocket& socket, const std::string& host):
	Poco::Net::SecureSMTPClientSession(socket),
	_host(host)
{
}

SmtpConnection::~SmtpConnection()
{
	abort();
}

void SmtpConnection::setTimeout(Poco::Timespan timeout)
{
	_timeout = timeout;
	socket().setReceiveTimeout(timeout);
	socket().setSendTimeout(timeout);
}

SmtpReply SmtpConnection::readReply()
{
	SmtpReply reply;
	std::string line;
	try
	{
		do
		{
			if (!socket().receiveMessage(line))
			{
				throw SmtpNetworkError("connection closed by " + _host,
					line.empty() ? std::string("no reply") : "after: " + line);
			}
		}
		while (!reply.addLine(line));
	}
	catch (Poco::TimeoutException&)
	{
		throw SmtpNetworkError("no reply from " + _host + " within "
			+ std::to_string(_timeout.totalSeconds()) + " s");
	}
	catch (SmtpNetworkError&)
	{
		throw;
	}
	catch (SmtpProtocolError&)
	{
		throw;
	}
	catch (Poco::IOException& e) // includes "line too long" and SSL read errors
	{
		throw SmtpNetworkError("reading from " + _host, e.displayText());
	}
	catch (Poco::Exception& e)
	{
		throw SmtpNetworkError("reading from " + _host, e.displayText());
	}
	return reply;
}

void SmtpConnection::write(const char* data, std::size_t size)
{
	try
	{
		while (size > 0)
		{
			int n = socket().sendBytes(data, int(size > (1 << 20) ? (1 << 20) : size));
			if (n <= 0) throw SmtpNetworkError("connection closed by " + _host + " while writing");
			data += n;
			size -= std::size_t(n);
		}
	}
	catch (SmtpNetworkError&)
	{
		throw;
	}
	catch (Poco::TimeoutException&)
	{
		throw SmtpNetworkError("writing to " + _host + " stalled for "
			+ std::to_string(_timeout.totalSeconds()) + " s");
	}
	catch (Poco::Exception& e)
	{
		throw SmtpNetworkError("writing to " + _host, e.displayText());
	}
}

SmtpReply SmtpConnection::command(const std::string& line)
{
	std::string bytes = line + "\r\n";
	write(bytes.data(), bytes.size());
	return readReply();
}

void SmtpConnection::upgradeToTls(Poco::Net::Context::Ptr context)
{
	try
	{
		Poco::Net::SecureStreamSocket tls = Poco::Net::SecureStreamSocket::attach(socket(), _host, context);
		tls.completeHandshake();
		socket() = tls; // also empties the read buffer: nothing sent in clear survives
		setTimeout(_timeout);
	}
	catch (Poco::Exception& e)
	{
		throwTlsFailure("STARTTLS to " + _host, e);
	}
}

void SmtpConnection::abort()
{
	if (_closed) return;
	_closed = true;
	try { socket().close(); } catch (...) {}
}

void SmtpConnection::quit()
{
	if (_closed) return;
	try
	{
		setTimeout(Poco::Timespan(5, 0));
		command("QUIT");
	}
	catch (...)
	{
	}
	abort();
}

} } // namespace mailbridge::smtp
