//
// OwnTablesSqlTest.h
//

#ifndef MB_Test_OwnTablesSqlTest_INCLUDED
#define MB_Test_OwnTablesSqlTest_INCLUDED

#include <cppunit/extensions/HelperMacros.h>

class OwnTablesSqlTest: public CppUnit::TestFixture
	/// Compares every statement kind in every dialect with
	/// golden/<dialect>/<kind>.sql. MB_UPDATE_GOLDEN=1 rewrites the files.
{
	CPPUNIT_TEST_SUITE(OwnTablesSqlTest);
	CPPUNIT_TEST(testGolden);
	CPPUNIT_TEST(testPlaceholdersMatchParams);
	CPPUNIT_TEST(testTablesMatchInstallScripts);
	CPPUNIT_TEST_SUITE_END();

public:
	void testGolden();
	void testPlaceholdersMatchParams();
	void testTablesMatchInstallScripts();
};

#endif
