#include "connector/mime/AddressParser.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::Address;
using mailbridge::mime::AddressParser;

class AddressParserTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(AddressParserTest);
	CPPUNIT_TEST(testQuotedNameWithComma);
	CPPUNIT_TEST(testEncodedNameWithComma);
	CPPUNIT_TEST(testGroups);
	CPPUNIT_TEST(testRouteAndComments);
	CPPUNIT_TEST(testMissingAngleBrackets);
	CPPUNIT_TEST(testNormalization);
	CPPUNIT_TEST(testGarbage);
	CPPUNIT_TEST_SUITE_END();

public:
	void testQuotedNameWithComma()
	{
		std::vector<Address> a = AddressParser::parseList("\"Doe, John\" <John.Doe@Example.COM>, jane@example.org");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), a.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Doe, John"), a[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("John.Doe@example.com"), a[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("john.doe@example.com"), a[0].key());
		CPPUNIT_ASSERT_EQUAL(std::string(""), a[1].name);
		CPPUNIT_ASSERT_EQUAL(std::string("jane@example.org"), a[1].address);
	}

	void testEncodedNameWithComma()
	{
		std::vector<Address> a = AddressParser::parseList(
			"=?utf-8?Q?M=C3=BCller,_J=C3=BCrgen?= <jm@firma.de>, \"=?ISO-8859-1?Q?Ren=E9?= Dupont\" <rd@x.fr>");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), a.size());
		CPPUNIT_ASSERT_EQUAL(std::string("M\xC3\xBCller, J\xC3\xBCrgen"), a[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("Ren\xC3\xA9 Dupont"), a[1].name);
		CPPUNIT_ASSERT_EQUAL(std::string("rd@x.fr"), a[1].address);
	}

	void testGroups()
	{
		std::vector<Address> a = AddressParser::parseList("Recruiting: a@x.com, \"B\" <b@x.com>;, undisclosed-recipients:;, c@y.com");
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), a.size());
		CPPUNIT_ASSERT_EQUAL(std::string("a@x.com"), a[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("B"), a[1].name);
		CPPUNIT_ASSERT_EQUAL(std::string("c@y.com"), a[2].address);
	}

	void testRouteAndComments()
	{
		std::vector<Address> a = AddressParser::parseList("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>, <@relay.a,@relay.b:joe@Where.TEST>");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), a.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Pete"), a[0].name);
		CPPUNIT_ASSERT_EQUAL(std::string("pete@silly.test"), a[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("joe@where.test"), a[1].address);
		Address c = AddressParser::parseOne("bbb@ddd.com (John X. Doe)");
		CPPUNIT_ASSERT_EQUAL(std::string("John X. Doe"), c.name);
		CPPUNIT_ASSERT_EQUAL(std::string("bbb@ddd.com"), c.address);
	}

	void testMissingAngleBrackets()
	{
		Address a = AddressParser::parseOne("John Smith john.smith@example.com");
		CPPUNIT_ASSERT_EQUAL(std::string("John Smith"), a.name);
		CPPUNIT_ASSERT_EQUAL(std::string("john.smith@example.com"), a.address);
		Address b = AddressParser::parseOne("Jane <jane@example.com");
		CPPUNIT_ASSERT_EQUAL(std::string("jane@example.com"), b.address);
		CPPUNIT_ASSERT_EQUAL(std::string("Jane"), b.name);
	}

	void testNormalization()
	{
		Address idn = AddressParser::parseOne("Bj\xC3\xB6rn <Bjorn@M\xC3\xBCLLER.Example>");
		CPPUNIT_ASSERT_EQUAL(std::string("Bjorn@m\xC3\xBCller.example"), idn.address);
		CPPUNIT_ASSERT_EQUAL(std::string("Bj\xC3\xB6rn"), idn.name);
		CPPUNIT_ASSERT_EQUAL(std::string("Jo.Doe@x.org"), AddressParser::normalize("  Jo . Doe @ X.ORG. "));
		Address latin = AddressParser::parseOne("J\xF6rg <j@x.de>");
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xB6rg"), latin.name);
	}

	void testGarbage()
	{
		CPPUNIT_ASSERT(AddressParser::parseList("").empty());
		CPPUNIT_ASSERT(AddressParser::parseList(",,, ;;; <>").empty());
		CPPUNIT_ASSERT(AddressParser::parseList("this is not an address").empty());
		std::vector<Address> a = AddressParser::parseList("\"unterminated <x@y.z>");
		CPPUNIT_ASSERT(a.size() <= 1);
		Address md = AddressParser::parseOne("MAILER-DAEMON");
		CPPUNIT_ASSERT_EQUAL(std::string("MAILER-DAEMON"), md.address);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(AddressParserTest);
