//
// SqlScriptTest.h
//

#ifndef MB_Test_SqlScriptTest_INCLUDED
#define MB_Test_SqlScriptTest_INCLUDED

#include <cppunit/extensions/HelperMacros.h>

class SqlScriptTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SqlScriptTest);
	CPPUNIT_TEST(testSplit);
	CPPUNIT_TEST(testInstallFiles);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSplit();
	void testInstallFiles();
};

#endif
