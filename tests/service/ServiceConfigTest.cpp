#include "connector/common/Errors.h"
#include "connector/service/ServiceConfig.h"
#include "connector/service/UserMailboxes.h"

#include <Poco/Environment.h>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::service;

namespace {

const char* GOOD =
	"# mailbridge.conf\n"
	"[service]\n"
	"mapping = mapping.xml\n"
	"log_file = /var/log/mailbridge.log\n"
	"window_days = 30\n"
	"\n"
	"[policy]\n"
	"internal_domains = Example.TEST, example.org\n"
	"bulk = log\n"
	"unknown_sender = stage\n"
	"\n"
	"[defaults]\n"
	"host = imap.example.test\n"
	"tls = starttls\n"
	"password_env = MB_TEST_SECRET\n"
	"\n"
	"[mailbox alice]\n"
	"address = Alice@Example.test\n"
	"aliases = a.smith@example.test; recruiting@example.test\n"
	"sent = Gesendete Elemente\n"
	"folders = Kunden, Bewerber\n"
	"\n"
	"[mailbox bob]\n"
	"address = bob@example.test\n"
	"tls = implicit\n"
	"password_file = secrets/bob\n";

std::string errorOf(const std::string& text)
{
	try
	{
		ServiceConfig::parse(text, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
	}
	catch (const ConfigError& exc)
	{
		return exc.message();
	}
	return "no error";
}

} // namespace

class ServiceConfigTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ServiceConfigTest);
	CPPUNIT_TEST(testGood);
	CPPUNIT_TEST(testErrorsNameFileAndLine);
	CPPUNIT_TEST(testSecrets);
	CPPUNIT_TEST(testDeletesAndNames);
	CPPUNIT_TEST(testMailboxesFromUsers);
	CPPUNIT_TEST(testIdleSent);
	CPPUNIT_TEST(testIdleMinutes);
	CPPUNIT_TEST_SUITE_END();

public:
	void testGood()
	{
		ServiceConfig c = ServiceConfig::parse(GOOD, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/mailbridge/mapping.xml"), c.mappingFile);
		CPPUNIT_ASSERT_EQUAL(30, c.windowDays);
		CPPUNIT_ASSERT(c.policy.bulk == sync::FilterPolicy::Log);
		CPPUNIT_ASSERT(c.policy.unknownSender == sync::UnknownSenderPolicy::Stage);
		CPPUNIT_ASSERT_EQUAL(std::string("example.test"), c.policy.internalDomains.at(0));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.mailboxes.size());
		const MailboxConfig& alice = c.mailboxes[0];
		CPPUNIT_ASSERT_EQUAL(std::string("alice@example.test"), alice.address);
		CPPUNIT_ASSERT_EQUAL(std::string("alice@example.test"), alice.user);
		CPPUNIT_ASSERT_EQUAL(143, alice.port); // starttls from [defaults]
		CPPUNIT_ASSERT_EQUAL(std::string("imap.example.test"), alice.smtpHost);
		CPPUNIT_ASSERT_EQUAL(std::string("Gesendete Elemente"), alice.folders.sent);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), alice.folders.extra.size());
		CPPUNIT_ASSERT_EQUAL(std::string("recruiting@example.test"), alice.aliases.at(1));
		CPPUNIT_ASSERT_EQUAL(std::string("MB_TEST_SECRET"), alice.secret.env);
		const MailboxConfig* bob = c.mailbox("bob");
		CPPUNIT_ASSERT(bob);
		CPPUNIT_ASSERT_EQUAL(993, bob->port);
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/mailbridge/secrets/bob"), bob->secret.file);
		CPPUNIT_ASSERT(c.mailbox("BOB@example.test") == bob);
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(300), Poco::Timespan::TimeDiff(c.retryMax.totalSeconds())); // the default
		ServiceConfig quick = ServiceConfig::parse("[service]\nretry_max_seconds = 2\n" + std::string(GOOD).substr(std::string(GOOD).find("[service]") + 10),
			"/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(2), Poco::Timespan::TimeDiff(quick.retryMax.totalSeconds()));
		CPPUNIT_ASSERT(!c.policy.subjectThreading);
		CPPUNIT_ASSERT_EQUAL(30, c.policy.subjectThreadingDays);  // the defaults
		std::string text = GOOD;
		text.replace(text.find("[policy]\n"), 9, "[policy]\nsubject_threading = yes\nsubject_threading_days = 14\n");
		ServiceConfig threaded = ServiceConfig::parse(text, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT(threaded.policy.subjectThreading);
		CPPUNIT_ASSERT_EQUAL(14, threaded.policy.subjectThreadingDays);
	}

	void testErrorsNameFileAndLine()
	{
		const std::string f = "/etc/mailbridge/mailbridge.conf:";
		struct Case { std::string text; std::string expected; };
		const std::vector<Case> cases = {
			{"[service]\nmaping = m.xml\n", f + "2: unknown setting 'maping' in [service]; valid here: batch_size, idle_minutes"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\npassword_env = X\nport = 99999\n",
				f + "7: 'port' must be a whole number from 1 to 65535, not '99999'"},
			{"[service]\nretry_max_seconds = 0\n", f + "2: 'retry_max_seconds' must be a whole number from 1 to 3600, not '0'"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\npassword = secret\n",
				f + "6: an inline password needs allow_inline_password = yes"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\npassword_env = X\n", f + "3: [mailbox a] needs host"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\n", f + "3: [mailbox a] needs password_env or password_file"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\npassword_env = X\ntls = maybe\n",
				f + "7: 'tls' must be one of implicit, none, starttls, not 'maybe'"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\npassword_env = X\ntls = none\n",
				f + "3: [mailbox a] uses tls = none, which sends the password in clear"},
			{"[servce]\n", f + "1: unknown section [servce]; valid sections: [service], [policy], [defaults], [mailbox NAME]"},
			{"[service]\nmapping\n", f + "2: expected 'key = value'"},
			{"[service]\nmapping = a\nmapping = b\n", f + "3: 'mapping' is already set at line 2"},
			{"[service]\nmapping = m.xml\n", "no [mailbox NAME] section"},
			{"[policy]\nbulk = keep\n", f + "2: 'bulk' must be one of log, skip, not 'keep'"},
			{"[policy]\nsubject_threading_days = 0\n", f + "2: 'subject_threading_days' must be a whole number from 1 to 3650, not '0'"},
			{"[service]\nmapping = m.xml\n[mailbox a]\naddress = a@x\nhost = h\npassword_env = X\n[mailbox b]\naddress = A@x\nhost = h\npassword_env = Y\n",
				f + "7: the address a@x is already configured in " + f + "3"},
		};
		for (const Case& c: cases)
		{
			std::string error = errorOf(c.text);
			CPPUNIT_ASSERT_MESSAGE("got: " + error + "\nwanted: " + c.expected, error.find(c.expected) != std::string::npos);
		}
	}

	void testDeletesAndNames()
	{
		ServiceConfig c = ServiceConfig::parse(GOOD, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT(c.mailboxes[0].deleteOnServer == DeleteOnServer::No);
		CPPUNIT_ASSERT_EQUAL(15 * 60, c.mailboxes[0].ledgerCheck.totalSeconds());
		CPPUNIT_ASSERT(c.mailboxes[0].displayName.empty());
		// [policy] may come after the mailboxes: it still applies to each.
		c = ServiceConfig::parse("[service]\nmapping = m.xml\nledger_check_minutes = 0\n[mailbox a]\naddress = a@x\nhost = h\n"
			"password_env = X\ndisplay_name = Anna Smith\n[policy]\ndelete_on_server = trash\n", "/etc/m.conf", "/etc");
		CPPUNIT_ASSERT(c.mailboxes[0].deleteOnServer == DeleteOnServer::Trash);
		CPPUNIT_ASSERT(c.defaults.deleteOnServer == DeleteOnServer::Trash);
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(0), c.mailboxes[0].ledgerCheck.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(std::string("Anna Smith"), c.mailboxes[0].displayName);
		const std::string error = errorOf("[policy]\ndelete_on_server = yes\n");
		CPPUNIT_ASSERT_MESSAGE(error, error.find("2: 'delete_on_server' must be one of expunge, no, trash, not 'yes'") != std::string::npos);
	}

	void testSecrets()
	{
		ServiceConfig c = ServiceConfig::parse(GOOD, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		Poco::Environment::set("MB_TEST_SECRET", "");
		CPPUNIT_ASSERT_THROW(c.mailboxes[0].secret.resolve(), MailboxError);
		Poco::Environment::set("MB_TEST_SECRET", "s3cret");
		CPPUNIT_ASSERT_EQUAL(std::string("s3cret"), c.mailboxes[0].secret.resolve());
		try
		{
			c.mailboxes[1].secret.resolve();
			CPPUNIT_FAIL("a missing secret file must throw");
		}
		catch (const MailboxError& exc)
		{
			CPPUNIT_ASSERT(exc.message().find("/etc/mailbridge/secrets/bob") != std::string::npos);
			CPPUNIT_ASSERT(exc.message().find("mailbridge.conf:26") != std::string::npos);
		}
	}

	void testMailboxesFromUsers()
	{
		const std::string text =
			"[service]\nmapping = m.xml\nmailboxes_from_users = yes\n"
			"[defaults]\nhost = imap.example.test\ntls = starttls\nuser = {address}*mbmaster\n"
			"password_file = secrets/{address}\n"
			"[mailbox alice]\naddress = alice@example.test\naliases = recruiting@example.test\n"
			"password_env = MB_PW_{address}\n";
		ServiceConfig c = ServiceConfig::parse(text, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		// A configured mailbox gets its own address put in as well.
		CPPUNIT_ASSERT_EQUAL(std::string("MB_PW_ALICE_EXAMPLE_TEST"), c.mailboxes[0].secret.env);
		CPPUNIT_ASSERT_EQUAL(std::string("alice@example.test*mbmaster"), c.mailboxes[0].user);

		std::vector<MailboxConfig> all = UserMailboxes::merge(c,
			{"Bob@Example.test ", "alice@example.test", "recruiting@example.test", "bob@example.test", "not-an-address", "carol@example.net"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), all.size());
		// The section wins over the users table's row for the same address.
		CPPUNIT_ASSERT_EQUAL(std::string("alice"), all[0].name);
		const MailboxConfig& bob = all[1];
		CPPUNIT_ASSERT_EQUAL(std::string("bob@example.test"), bob.address);
		CPPUNIT_ASSERT_EQUAL(std::string("bob@example.test"), bob.name);
		CPPUNIT_ASSERT_EQUAL(std::string("imap.example.test"), bob.host);
		CPPUNIT_ASSERT_EQUAL(143, bob.port);
		CPPUNIT_ASSERT_EQUAL(std::string("imap.example.test"), bob.smtpHost);
		CPPUNIT_ASSERT_EQUAL(std::string("bob@example.test*mbmaster"), bob.user);
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/mailbridge/secrets/bob@example.test"), bob.secret.file);
		CPPUNIT_ASSERT_EQUAL(std::string("carol@example.net"), all[2].address);
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/mailbridge/secrets/carol@example.net"), all[2].secret.file);

		// Without a [mailbox] section at all, [defaults] must say where the secret is.
		CPPUNIT_ASSERT(errorOf("[service]\nmapping = m.xml\nmailboxes_from_users = yes\n[defaults]\nhost = h\n")
			.find("mailboxes_from_users = yes needs password_env or password_file in [defaults]") != std::string::npos);
		CPPUNIT_ASSERT(errorOf("[service]\nmapping = m.xml\nmailboxes_from_users = yes\n[defaults]\npassword_env = X\n")
			.find("needs host in [defaults]") != std::string::npos);
		ServiceConfig only = ServiceConfig::parse("[service]\nmapping = m.xml\nmailboxes_from_users = yes\n"
			"[defaults]\nhost = h\npassword_env = MB_PW_{address}\n", "/etc/m.conf", "/etc");
		CPPUNIT_ASSERT(only.mailboxes.empty());
		CPPUNIT_ASSERT_EQUAL(std::string("MB_PW_DAN_O_BRIEN_EXAMPLE_ORG"),
			UserMailboxes::fromDefaults(only, "dan.o'brien@example.org").secret.env);
	}

	void testIdleSent()
	{
		ServiceConfig off = ServiceConfig::parse(GOOD, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT(!off.mailboxes[0].idleSent);
		CPPUNIT_ASSERT(!off.mailboxes[1].idleSent);

		// Set in [defaults], turned off again for one mailbox.
		const std::string base = "[service]\nmapping = m.xml\n[defaults]\nhost = h\npassword_env = X\nidle_sent = yes\n"
			"[mailbox a]\naddress = a@example.test\n[mailbox b]\naddress = b@example.test\nidle_sent = no\n";
		ServiceConfig on = ServiceConfig::parse(base, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT(on.mailboxes[0].idleSent);
		CPPUNIT_ASSERT(!on.mailboxes[1].idleSent);

		const std::string error = errorOf("[service]\nmapping = m.xml\n[defaults]\nhost = h\npassword_env = X\n"
			"[mailbox a]\naddress = a@example.test\nidle_sent = often\n");
		CPPUNIT_ASSERT_MESSAGE(error, error.find("mailbridge.conf:8: 'idle_sent' must be yes or no, not 'often'") != std::string::npos);
	}

	void testIdleMinutes()
	{
		// IDLE is re-issued before 29 minutes: 1 to 28 are taken, 29 and up refused.
		ServiceConfig standard = ServiceConfig::parse(GOOD, "/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
		CPPUNIT_ASSERT_EQUAL(28, standard.idleRestart.totalMinutes());
		const std::string rest = std::string(GOOD).substr(std::string(GOOD).find("[service]") + 10);
		for (int minutes: {1, 28})
		{
			ServiceConfig c = ServiceConfig::parse("[service]\nidle_minutes = " + std::to_string(minutes) + "\n" + rest,
				"/etc/mailbridge/mailbridge.conf", "/etc/mailbridge");
			CPPUNIT_ASSERT_EQUAL(minutes, c.idleRestart.totalMinutes());
		}
		for (const std::string value: {"29", "30", "0", "soon"})
		{
			const std::string error = errorOf("[service]\nmapping = m.xml\nidle_minutes = " + value + "\n");
			const std::string wanted = "/etc/mailbridge/mailbridge.conf:3: 'idle_minutes' must be a whole number from 1 to 28, not '" +
				value + "' (a held IDLE must be renewed before 29 minutes";
			CPPUNIT_ASSERT_MESSAGE("got: " + error + "\nwanted: " + wanted, error.find(wanted) != std::string::npos);
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ServiceConfigTest);
