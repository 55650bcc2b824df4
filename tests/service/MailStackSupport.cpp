#include "tests/service/MailStackSupport.h"
#include "tests/common/TestEnv.h"

#include <chrono>
#include <thread>

namespace mailbridge {
namespace test {

std::unique_ptr<imap::ImapSession> stackLogin(const std::string& userKey, const std::string& passKey)
{
	const TestEnv& env = TestEnv::instance();
	imap::ImapSessionOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_IMAP_PORT"));
	o.caFile = env.get("MB_CA_FILE");
	auto session = std::make_unique<imap::ImapSession>(o);
	session->connect();
	session->login(env.get(userKey), env.get(passKey));
	return session;
}

std::uint64_t countCopies(imap::ImapSession& session, const std::string& folder, const std::string& messageId)
{
	session.select(folder, true);
	imap::UidSet found;
	session.command("UID SEARCH HEADER Message-ID \"" + messageId + "\"", [&found](const imap::Response& r) {
		if (r.kind == "SEARCH") found = r.uids;
	});
	return found.count();
}

std::uint64_t countDelivered(const std::string& userKey, const std::string& passKey, const std::string& messageId)
{
	auto session = stackLogin(userKey, passKey);
	std::uint64_t n = 0;
	for (int i = 0; i < 150 && n == 0; ++i)
	{
		n = countCopies(*session, "INBOX", messageId);
		if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
	}
	std::this_thread::sleep_for(std::chrono::milliseconds(1500));
	n = countCopies(*session, "INBOX", messageId);
	session->logout();
	return n;
}

smtp::SmtpSenderOptions aliceSubmission()
{
	const TestEnv& env = TestEnv::instance();
	smtp::SmtpSenderOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_SUBMISSION_PORT"));
	o.caFile = env.get("MB_CA_FILE");
	o.user = env.get("MB_USER1");
	o.secret = env.get("MB_PASS1");
	o.ehloName = "mailbridge.example.test";
	return o;
}

} } // namespace mailbridge::test
