#include "connector/service/MessageParsing.h"
#include "connector/service/MimeContentSource.h"
#include "connector/mime/Message.h"

#include <Poco/Base64Decoder.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>

using namespace mailbridge;

namespace {

sync::MessageRecord recordOf(const std::string& raw)
{
	sync::ParsedMessage parsed = service::parseMessageForSync(raw, Poco::Timestamp());
	sync::MessageRecord record;
	record.message = parsed.full;
	record.raw = std::make_shared<const std::string>(raw);
	return record;
}

} // namespace

class MimeContentSourceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MimeContentSourceTest);
	CPPUNIT_TEST(testResumeDecoded);
	CPPUNIT_TEST(testHeaderOnlyHasNoBody);
	CPPUNIT_TEST(testNoParsedMessage);
	CPPUNIT_TEST_SUITE_END();

public:
	void testResumeDecoded()
	{
		Poco::FileInputStream in(MB_DEMO_MAIL "/02-reply-with-resume.eml");
		std::string raw;
		Poco::StreamCopier::copyToString(in, raw);
		mapping::MessageContent c = service::MimeContentSource().read(recordOf(raw));
		CPPUNIT_ASSERT(c.text.find("My résumé is attached.") != std::string::npos);
		CPPUNIT_ASSERT(c.hasDate);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.to.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Alice Recruiter <alice@example.test>"), c.to[0]);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Carol_Candidate_CV.pdf"), c.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), c.attachments[0].contentType);
		std::istringstream b64("JVBERi0xLjQKJSBkZW1vIHJlc3VtZQoxIDAgb2JqIDw8IC9UeXBlIC9DYXRhbG9nID4+IGVuZG9i"
			"agp0cmFpbGVyIDw8IC9Sb290IDEgMCBSID4+CiUlRU9GCg==");
		Poco::Base64Decoder decoder(b64);
		std::string expected;
		Poco::StreamCopier::copyToString(decoder, expected);
		CPPUNIT_ASSERT(expected == c.attachments[0].data);
	}

	void testHeaderOnlyHasNoBody()
	{
		Poco::FileInputStream in(MB_DEMO_MAIL "/02-reply-with-resume.eml");
		std::string raw;
		Poco::StreamCopier::copyToString(in, raw);
		sync::MessageRecord record = recordOf(raw);
		record.headerOnly = true;
		mapping::MessageContent c = service::MimeContentSource().read(record);
		CPPUNIT_ASSERT(c.text.empty());
		CPPUNIT_ASSERT(c.attachments.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.to.size());
	}

	void testNoParsedMessage()
	{
		mapping::MessageContent c = service::MimeContentSource().read(sync::MessageRecord());
		CPPUNIT_ASSERT(c.text.empty() && c.to.empty() && !c.hasDate);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MimeContentSourceTest);
