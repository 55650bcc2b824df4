//
// DialectTest.h
//

#ifndef MB_Test_DialectTest_INCLUDED
#define MB_Test_DialectTest_INCLUDED

#include <cppunit/extensions/HelperMacros.h>

class DialectTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DialectTest);
	CPPUNIT_TEST(testDetection);
	CPPUNIT_TEST(testQuoting);
	CPPUNIT_TEST(testKeyReadback);
	CPPUNIT_TEST(testSequences);
	CPPUNIT_TEST(testInsertIfAbsentParams);
	CPPUNIT_TEST(testUpsert);
	CPPUNIT_TEST(testPaginate);
	CPPUNIT_TEST(testSkipLocked);
	CPPUNIT_TEST(testConcat);
	CPPUNIT_TEST(testInsertRows);
	CPPUNIT_TEST(testSavepoints);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDetection();
	void testQuoting();
	void testKeyReadback();
	void testSequences();
	void testInsertIfAbsentParams();
	void testUpsert();
	void testPaginate();
	void testSkipLocked();
	void testConcat();
	void testInsertRows();
	void testSavepoints();
};

#endif
