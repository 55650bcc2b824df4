#include "connector/mime/AddressParser.h"
#include "connector/mime/EncodedWords.h"
#include "connector/mime/HeaderEncoder.h"
#include "connector/mime/Rfc2231Params.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::mime;

class HeaderEncoderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HeaderEncoderTest);
	CPPUNIT_TEST(testUnstructured);
	CPPUNIT_TEST(testLongUtf8SplitsOnCharacters);
	CPPUNIT_TEST(testMailbox);
	CPPUNIT_TEST(testFileNames);
	CPPUNIT_TEST(testFoldAndClean);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUnstructured()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Interview on Tuesday"), HeaderEncoder::unstructured("Interview on Tuesday"));
		std::string e = HeaderEncoder::unstructured("Bewerbung \xE2\x80\x93 R\xC3\xBC" "ckfrage");
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), e.find("=?UTF-8?"));
		CPPUNIT_ASSERT_EQUAL(std::string("Bewerbung \xE2\x80\x93 R\xC3\xBC" "ckfrage"), EncodedWords::decode(e));
		// Mostly ASCII text stays readable: Q is chosen when it is shorter.
		CPPUNIT_ASSERT_EQUAL(std::string("=?UTF-8?Q?Caf=C3=A9_au_lait_with_friends?="), HeaderEncoder::unstructured("Caf\xC3\xA9 au lait with friends"));
		// Text that looks like an encoded word is encoded, so it reads back as written.
		std::string tricky = "about =?utf-8?Q?x?= syntax";
		CPPUNIT_ASSERT_EQUAL(tricky, EncodedWords::decode(HeaderEncoder::unstructured(tricky)));
	}

	void testLongUtf8SplitsOnCharacters()
	{
		std::string s;
		for (int i = 0; i < 40; ++i) s += "\xE6\x97\xA5\xE6\x9C\xAC";  // 日本 x 40
		std::string e = HeaderEncoder::encodedWords(s, false);
		std::size_t start = 0;
		while (start < e.size())
		{
			std::size_t end = e.find(' ', start);
			if (end == std::string::npos) end = e.size();
			CPPUNIT_ASSERT(end - start <= 75);
			start = end + 1;
		}
		CPPUNIT_ASSERT_EQUAL(s, EncodedWords::decode(e));
	}

	void testMailbox()
	{
		Address a{"Doe, John", "john@example.com"};
		CPPUNIT_ASSERT_EQUAL(std::string("\"Doe, John\" <john@example.com>"), HeaderEncoder::mailbox(a));
		Address u{"M\xC3\xBCller, J\xC3\xBCrgen", "jm@example.de"};
		std::string m = HeaderEncoder::mailbox(u);
		Address back = AddressParser::parseOne(m);
		CPPUNIT_ASSERT_EQUAL(u.name, back.name);
		CPPUNIT_ASSERT_EQUAL(u.address, back.address);
		CPPUNIT_ASSERT(m.find(',') == std::string::npos || m.find(',') > m.find("?="));
		CPPUNIT_ASSERT_EQUAL(std::string("x@y.z"), HeaderEncoder::mailbox(Address{"", "x@y.z"}));
		CPPUNIT_ASSERT_EQUAL(std::string("Anna Smith <a@x.org>"), HeaderEncoder::mailbox(Address{"Anna Smith", "a@x.org"}));
	}

	void testFileNames()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("; filename=\"cv.pdf\""), HeaderEncoder::fileNameParams("filename", "cv.pdf"));
		std::string name = "Lebenslauf J\xC3\xB6rg B\xC3\xA4" "cker \xE2\x80\x93 Zeugnisse und Referenzen 2023 (vollst\xC3\xA4ndig).pdf";
		std::string params = HeaderEncoder::fileNameParams("filename", name);
		CPPUNIT_ASSERT(params.find("filename*1*=") != std::string::npos);
		Rfc2231Params p;
		Rfc2231Params::split("attachment" + params, p);
		CPPUNIT_ASSERT_EQUAL(name, p.get("filename"));
	}

	void testFoldAndClean()
	{
		std::string value;
		for (int i = 0; i < 30; ++i) value += "<id" + std::to_string(i) + "@example.com> ";
		std::string h = HeaderEncoder::fold("References", value);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.find("References: <id0@example.com>"));
		std::size_t start = 0;
		int lines = 0;
		while (start < h.size())
		{
			std::size_t end = h.find("\r\n", start);
			CPPUNIT_ASSERT(end != std::string::npos);
			CPPUNIT_ASSERT(end - start <= 78);
			if (lines > 0) CPPUNIT_ASSERT_EQUAL(' ', h[start]);
			start = end + 2;
			++lines;
		}
		CPPUNIT_ASSERT(lines > 5);
		std::string junk(3000, 'x');
		std::string long_ = HeaderEncoder::fold("X-Junk", junk);
		for (std::size_t s = 0, e; s < long_.size(); s = e + 2)
		{
			e = long_.find("\r\n", s);
			CPPUNIT_ASSERT(e - s <= 998);
		}
		CPPUNIT_ASSERT_EQUAL(std::string("a  Bcc: x"), HeaderEncoder::clean("a\r\nBcc: x"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(HeaderEncoderTest);
