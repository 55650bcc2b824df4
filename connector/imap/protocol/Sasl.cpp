#include "connector/imap/protocol/Sasl.h"

#include "connector/imap/protocol/ImapErrors.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <sstream>

namespace mailbridge {
namespace imap {

std::string base64Encode(const std::string& bytes)
{
	std::ostringstream out;
	Poco::Base64Encoder encoder(out);
	encoder.rdbuf()->setLineLength(0);
	encoder << bytes;
	encoder.close();
	return out.str();
}

std::string base64Decode(const std::string& text)
{
	for (char c: text)
	{
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
		if (!ok) throw ImapProtocolError(protocolErrorText("not base64", text, text.find(c)));
	}
	std::istringstream in(text);
	Poco::Base64Decoder decoder(in);
	std::string out;
	try
	{
		char buf[512];
		while (decoder.read(buf, sizeof buf) || decoder.gcount() > 0)
			out.append(buf, std::size_t(decoder.gcount()));
	}
	catch (Poco::Exception& exc)
	{
		throw ImapProtocolError(protocolErrorText("bad base64: " + exc.displayText(), text, 0));
	}
	return out;
}

std::string saslPlain(const std::string& user, const std::string& password, const std::string& authzid)
{
	return base64Encode(authzid + '\0' + user + '\0' + password);
}

std::string saslXOAuth2(const std::string& user, const std::string& token)
{
	return base64Encode("user=" + user + "\x01" "auth=Bearer " + token + "\x01\x01");
}

std::string saslOAuthBearer(const std::string& user, const std::string& host, unsigned short port, const std::string& token)
{
	std::string saslName;
	for (char c: user)
	{
		if (c == ',') saslName += "=2C";
		else if (c == '=') saslName += "=3D";
		else saslName += c;
	}
	return base64Encode("n,a=" + saslName + ",\x01" "host=" + host + "\x01" "port=" + std::to_string(port)
		+ "\x01" "auth=Bearer " + token + "\x01\x01");
}

const char* saslOAuthBearerAbort()
{
	return "AQ==";
}

} } // namespace mailbridge::imap
