//
// MappingSqlTest.h
//

#ifndef MB_Test_MappingSqlTest_INCLUDED
#define MB_Test_MappingSqlTest_INCLUDED

#include <cppunit/extensions/HelperMacros.h>

class MappingSqlTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MappingSqlTest);
	CPPUNIT_TEST(testGolden);
	CPPUNIT_TEST(testPlaceholdersMatchParams);
	CPPUNIT_TEST(testLookupParams);
	CPPUNIT_TEST(testMarkWrittenByDba);
	CPPUNIT_TEST(testQuotedIdentifiers);
	CPPUNIT_TEST_SUITE_END();

public:
	void testGolden();
	void testPlaceholdersMatchParams();
	void testLookupParams();
	void testMarkWrittenByDba();
	void testQuotedIdentifiers();
};

#endif
