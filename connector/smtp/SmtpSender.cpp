#include "connector/smtp/SmtpSender.h"
#include "connector/smtp/DotStuffer.h"
#include "connector/smtp/SmtpConnection.h"
#include "connector/smtp/SmtpErrors.h"
#include "connector/smtp/SmtpRecipientsRefused.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <sstream>

namespace mailbridge {
namespace smtp {

namespace {

Poco::Logger& logger()
{
	return Poco::Logger::get("mailbridge.smtp");
}

std::string base64(const std::string& bytes)
{
	std::ostringstream out;
	Poco::Base64Encoder encoder(out);
	encoder.rdbuf()->setLineLength(0); // one line: SMTP AUTH has no folding
	encoder << bytes;
	encoder.close();
	return out.str();
}

bool hasNonAscii(const std::string& s)
{
	for (char c: s) if (static_cast<unsigned char>(c) >= 0x80) return true;
	return false;
}

void checkAddress(const std::string& address, bool mayBeEmpty)
{
	if (address.empty() && !mayBeEmpty) throw SmtpMessageRefused("empty recipient address");
	for (char c: address)
	{
		unsigned char u = static_cast<unsigned char>(c);
		if (u < 0x21 || u == 0x7f || c == '<' || c == '>')
			throw SmtpMessageRefused("address unusable in an SMTP envelope", address);
	}
}

} // namespace

SmtpSender::SmtpSender(const SmtpSenderOptions& options):
	_options(options)
{
}

SmtpSender::~SmtpSender()
{
	quit();
}

bool SmtpSender::hasExtension(const std::string& keyword) const
{
	return _extensions.count(keyword) != 0;
}

static Poco::Net::Context::Ptr clientContext(const SmtpSenderOptions& options)
{
	if (options.allowInsecure)
	{
		logger().warning("certificate of " + options.host + " is not verified (allowInsecure)");
	}
	return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", options.caFile,
		options.allowInsecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED,
		9, options.caFile.empty());
}

void SmtpSender::connect()
{
	if (_connection) return;
	_extensions.clear();
	_authMechanisms.clear();
	_sizeLimit = 0;
	_secure = false;
	_messagesOnSession = 0;
	Poco::Net::Context::Ptr context;
	if (_options.security != SmtpSenderOptions::Plain) context = clientContext(_options);
	Poco::Net::StreamSocket socket;
	try
	{
		Poco::Net::SocketAddress address(_options.host, _options.port);
		if (_options.security == SmtpSenderOptions::ImplicitTls)
		{
			Poco::Net::SecureStreamSocket tls(context);
			tls.setPeerHostName(_options.host);
			tls.connect(address, _options.connectTimeout);
			tls.setReceiveTimeout(_options.commandTimeout);
			tls.setSendTimeout(_options.commandTimeout);
			tls.completeHandshake();
			socket = tls;
			_secure = true;
		}
		else
		{
			socket.connect(address, _options.connectTimeout);
		}
	}
	catch (Poco::Net::SSLException& e)
	{
		throwTlsFailure("TLS to " + _options.host, e);
	}
	catch (Poco::Exception& e)
	{
		throw SmtpNetworkError("connect to " + _options.host + ":" + std::to_string(_options.port), e.displayText());
	}
	_connection = std::make_unique<SmtpConnection>(socket, _options.host);
	try
	{
		_connection->setTimeout(_options.commandTimeout);
		greet();
		ehlo();
		if (_options.security == SmtpSenderOptions::StartTls)
		{
			if (!hasExtension("STARTTLS")) throw SmtpSecurityError("server does not offer STARTTLS", _options.host);
			SmtpReply r = command("STARTTLS");
			if (r.transient()) fail("STARTTLS", r, false);
			if (!r.positive()) throw SmtpSecurityError("STARTTLS refused", r.text(), r.code());
			_connection->upgradeToTls(context);
			_secure = true;
			ehlo(); // what was said in clear must not be trusted
		}
		if (_options.auth != SmtpSenderOptions::NoAuth) authenticate();
	}
	catch (...)
	{
		_connection.reset();
		_secure = false;
		throw;
	}
}

void SmtpSender::greet()
{
	SmtpReply banner = _connection->readReply();
	if (!banner.positive()) fail("server refused the session", banner, false);
}

void SmtpSender::ehlo()
{
	std::string name = _options.ehloName.empty() ? Poco::Environment::nodeName() : _options.ehloName;
	_extensions.clear();
	_authMechanisms.clear();
	_sizeLimit = 0;
	SmtpReply r = command("EHLO " + name);
	if (r.permanent()) r = command("HELO " + name); // no extensions then
	else if (r.positive())
	{
		for (std::size_t i = 1; i < r.lines().size(); ++i)
		{
			std::vector<std::string> words;
			std::istringstream in(r.lines()[i]);
			for (std::string w; in >> w;) words.push_back(Poco::toUpper(w));
			if (words.empty()) continue;
			std::string keyword = words[0];
			if (keyword.compare(0, 5, "AUTH=") == 0) // old servers: "AUTH=PLAIN LOGIN"
			{
				words[0] = keyword.substr(5);
				keyword = "AUTH";
				words.insert(words.begin(), keyword);
			}
			_extensions.insert(keyword);
			if (keyword == "AUTH") _authMechanisms.insert(words.begin() + 1, words.end());
			if (keyword == "SIZE" && words.size() > 1)
			{
				Poco::UInt64 limit = 0;
				if (Poco::NumberParser::tryParseUnsigned64(words[1], limit)) _sizeLimit = std::size_t(limit);
			}
		}
	}
	if (!r.positive()) fail("EHLO", r, false);
}

void SmtpSender::authenticate()
{
	if (!_secure)
	{
		if (!_options.allowInsecure) throw SmtpSecurityError("refusing to send a password without TLS", _options.host);
		logger().warning("sending credentials without TLS to " + _options.host + " (allowInsecure)");
	}
	const char* mechanism = _options.auth == SmtpSenderOptions::AuthPlain ? "PLAIN"
		: _options.auth == SmtpSenderOptions::AuthLogin ? "LOGIN" : "XOAUTH2";
	if (_authMechanisms.count(mechanism) == 0)
	{
		std::string offered;
		for (const auto& m: _authMechanisms) offered += (offered.empty() ? "" : " ") + m;
		throw SmtpAuthError(std::string("server does not offer AUTH ") + mechanism,
			offered.empty() ? std::string("no AUTH offered") : "offered: " + offered);
	}
	SmtpReply r;
	if (_options.auth == SmtpSenderOptions::AuthPlain)
	{
		// RFC 4616: authzid NUL authcid NUL passwd, with an empty authzid.
		std::string response = base64(std::string(1, '\0') + _options.user + '\0' + _options.secret);
		r = command("AUTH PLAIN " + response);
		if (r.code() == 334) r = command(response);
	}
	else if (_options.auth == SmtpSenderOptions::AuthLogin)
	{
		r = command("AUTH LOGIN");
		if (r.code() == 334) r = command(base64(_options.user));
		if (r.code() == 334) r = command(base64(_options.secret));
	}
	else
	{
		r = command("AUTH XOAUTH2 " + base64("user=" + _options.user + "\001auth=Bearer " + _options.secret + "\001\001"));
		// On failure the server sends 334 with a JSON error; an empty line gets the final reply.
		if (r.code() == 334) r = command("");
	}
	if (r.positive()) return;
	if (r.transient()) fail(std::string("AUTH ") + mechanism, r, false);
	throw SmtpAuthError(std::string("AUTH ") + mechanism + " refused for " + _options.user, r.text(), r.code());
}

SmtpReply SmtpSender::command(const std::string& line)
{
	return _connection->command(line);
}

void SmtpSender::fail(const std::string& what, const SmtpReply& reply, bool forMessage)
{
	if (reply.permanent() && forMessage) throw SmtpMessageRefused(what, reply.text(), reply.code());
	// 4xx, and 5xx to a session command (EHLO, banner): retry later.
	throw SmtpTemporaryError(what, reply.text(), reply.code());
}

void SmtpSender::reset()
{
	if (!_connection) return;
	try
	{
		if (command("RSET").positive()) return;
	}
	catch (...)
	{
	}
	_connection.reset();
	_secure = false;
}

SendResult SmtpSender::send(const std::string& from, const std::vector<std::string>& recipients, const std::string& message)
{
	if (recipients.empty()) throw SmtpMessageRefused("message without recipients");
	checkAddress(from, true);
	for (const auto& r: recipients) checkAddress(r, false);
	connect();

	bool utf8 = hasNonAscii(from);
	for (const auto& r: recipients) utf8 = utf8 || hasNonAscii(r);
	if (utf8 && !hasExtension("SMTPUTF8"))
		throw SmtpMessageRefused("non-ASCII address and the server does not offer SMTPUTF8");
	if (_sizeLimit != 0 && message.size() > _sizeLimit)
		throw SmtpMessageRefused("message of " + std::to_string(message.size()) + " bytes is over the server's limit",
			std::to_string(_sizeLimit), 552);
	std::string params;
	if (hasExtension("SIZE")) params += " SIZE=" + std::to_string(message.size());
	if (hasExtension("8BITMIME") && hasNonAscii(message)) params += " BODY=8BITMIME";
	if (utf8) params += " SMTPUTF8";

	SendResult result;
	try
	{
		const std::string mailFrom = "MAIL FROM:<" + from + ">" + params;
		SmtpReply r = command(mailFrom);
		if (r.transient() && r.code() != 421 && _messagesOnSession > 0)
		{
			logger().information("new session after " + std::to_string(_messagesOnSession) + " messages: " + r.text());
			quit();
			connect();
			r = command(mailFrom);
		}
		if (!r.positive()) fail("MAIL FROM:<" + from + ">", r, true);
		const RecipientOutcome* lastRefused = nullptr;
		for (const auto& address: recipients)
		{
			r = command("RCPT TO:<" + address + ">");
			if (r.code() == 421) fail("RCPT TO:<" + address + ">", r, true); // the server is closing
			RecipientOutcome outcome;
			outcome.address = address;
			outcome.code = r.code();
			outcome.reply = r.text();
			outcome.status = r.positive() ? RecipientOutcome::Accepted
				: r.permanent() ? RecipientOutcome::RefusedPermanently : RecipientOutcome::RefusedTemporarily;
			if (!r.positive()) logger().information("recipient <" + address + "> refused: " + outcome.reply);
			result.recipients.push_back(outcome);
			if (!r.positive()) lastRefused = &result.recipients.back();
		}
		if (result.count(RecipientOutcome::Accepted) == 0)
		{
			std::string all;
			for (const auto& o: result.recipients) all += (all.empty() ? "" : "; ") + ("<" + o.address + "> " + o.reply);
			int code = lastRefused ? lastRefused->code : 0;
			if (result.count(RecipientOutcome::RefusedTemporarily) != 0)
				throw SmtpTemporaryError("no recipient accepted", all, code);
			throw SmtpRecipientsRefused(all, code, result);
		}
		r = command("DATA");
		if (!r.intermediate()) fail("DATA", r, true);
		_connection->setTimeout(_options.dataTimeout);
		DotStuffer stuffer;
		std::string chunk;
		const std::size_t step = 64 * 1024;
		for (std::size_t at = 0; at < message.size(); at += step)
		{
			chunk.clear();
			stuffer.feed(message.data() + at, std::min(step, message.size() - at), chunk);
			_connection->write(chunk.data(), chunk.size());
		}
		chunk.clear();
		stuffer.finish(chunk);
		_connection->write(chunk.data(), chunk.size());
		r = _connection->readReply();
		++_messagesOnSession;
		_connection->setTimeout(_options.commandTimeout);
		result.dataCode = r.code();
		result.dataReply = r.text();
		if (!r.positive()) fail("end of DATA", r, true);
	}
	catch (SmtpMessageRefused&)
	{
		reset();
		throw;
	}
	catch (...)
	{
		_connection.reset();
		_secure = false;
		throw;
	}
	return result;
}

void SmtpSender::quit()
{
	if (!_connection) return;
	_connection->quit();
	_connection.reset();
	_secure = false;
}

} } // namespace mailbridge::smtp
