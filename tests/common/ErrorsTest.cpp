#include "connector/common/Errors.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace mailbridge;

class ErrorsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ErrorsTest);
	CPPUNIT_TEST(testClassify);
	CPPUNIT_TEST(testDerivedKeepsKind);
	CPPUNIT_TEST(testDescribeMasksPasswords);
	CPPUNIT_TEST_SUITE_END();

public:
	void testClassify()
	{
		CPPUNIT_ASSERT(classify(TransientError("x")) == FailureKind::Transient);
		CPPUNIT_ASSERT(classify(MessageError("x")) == FailureKind::Message);
		CPPUNIT_ASSERT(classify(MailboxError("x")) == FailureKind::Mailbox);
		CPPUNIT_ASSERT(classify(ConfigError("x")) == FailureKind::Final);
		// Unknown failures are retried later, never treated as final.
		CPPUNIT_ASSERT(classify(std::runtime_error("x")) == FailureKind::Transient);
		CPPUNIT_ASSERT_EQUAL(std::string("mailbox"), std::string(toString(FailureKind::Mailbox)));
	}

	void testDerivedKeepsKind()
	{
		// A module's own exception, declared as Poco does, keeps its family.
		try
		{
			throw MailboxError("login refused", "NO [AUTHENTICATIONFAILED]");
		}
		catch (const Poco::Exception& exc)
		{
			CPPUNIT_ASSERT(classify(exc) == FailureKind::Mailbox);
			CPPUNIT_ASSERT(exc.displayText().find("AUTHENTICATIONFAILED") != std::string::npos);
		}
	}

	void testDescribeMasksPasswords()
	{
		// As Poco's NotConnectedException reports a dropped ODBC connection.
		const std::string text = describe(TransientError("Not connected to data source",
			"Driver={MariaDB Unicode};Server=db;Uid=mb;PWD={s3cr;et};CHARSET=utf8mb4;Password=plain;"));
		CPPUNIT_ASSERT_MESSAGE(text, text.find("s3cr") == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(text, text.find("plain") == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(text, text.find("PWD=***;CHARSET=utf8mb4;Password=***;") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("Temporary failure: no secret here"), describe(TransientError("no secret here")));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ErrorsTest);
