#include "connector/mime/ContentType.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::ContentType;

class ContentTypeTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ContentTypeTest);
	CPPUNIT_TEST(testContentType);
	CPPUNIT_TEST(testCommentsAndCase);
	CPPUNIT_TEST_SUITE_END();

public:
	void testContentType()
	{
		ContentType t;
		CPPUNIT_ASSERT(t.parse("Multipart/Alternative;\r\n\tboundary=\"----=_NextPart_000_0001\"; charset=x"));
		CPPUNIT_ASSERT(t.isMultipart());
		CPPUNIT_ASSERT_EQUAL(std::string("alternative"), t.subtype());
		CPPUNIT_ASSERT_EQUAL(std::string("----=_NextPart_000_0001"), t.boundary());
		ContentType broken;
		CPPUNIT_ASSERT(!broken.parse("garbage"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), broken.mimeType());
		ContentType bare;
		CPPUNIT_ASSERT(bare.parse("text"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), bare.mimeType());
		ContentType latin;
		latin.parse("text/plain; charset=\"iso-8859-1\"; format=flowed");
		CPPUNIT_ASSERT_EQUAL(std::string("iso-8859-1"), latin.charset());
	}

	void testCommentsAndCase()
	{
		ContentType t;
		CPPUNIT_ASSERT(t.parse("(comment) TEXT/HTML (more); CharSet=\"UTF-8\" (the charset)"));
		CPPUNIT_ASSERT(t.is("text", "html"));
		CPPUNIT_ASSERT_EQUAL(std::string("UTF-8"), t.charset());
		ContentType empty;
		CPPUNIT_ASSERT(!empty.parse(""));
		CPPUNIT_ASSERT(empty.is("text", "plain"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ContentTypeTest);
