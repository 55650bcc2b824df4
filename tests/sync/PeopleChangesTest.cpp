#include "connector/sync/PeopleChanges.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::sync;

class PeopleChangesTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PeopleChangesTest);
	CPPUNIT_TEST(testBaselineThenAdditions);
	CPPUNIT_TEST(testChangedAndReturningAddresses);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBaselineThenAdditions()
	{
		PeopleChanges changes;
		CPPUNIT_ASSERT(!changes.primed());
		CPPUNIT_ASSERT(changes.update({"a@x.test", "b@x.test"}).empty());
		CPPUNIT_ASSERT(changes.primed());
		CPPUNIT_ASSERT(changes.update({"b@x.test", "a@x.test"}).empty());
		std::vector<std::string> added = changes.update({"c@x.test", "a@x.test", "b@x.test", "c@x.test"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), added.size());
		CPPUNIT_ASSERT_EQUAL(std::string("c@x.test"), added[0]);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), changes.size());
	}

	void testChangedAndReturningAddresses()
	{
		PeopleChanges changes;
		changes.update({"a@x.test", "b@x.test"});
		// b changed their email to d: d is new, b is forgotten.
		std::vector<std::string> added = changes.update({"a@x.test", "d@x.test"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), added.size());
		CPPUNIT_ASSERT_EQUAL(std::string("d@x.test"), added[0]);
		// b comes back: visited again (the ledger prevents duplicates).
		added = changes.update({"a@x.test", "d@x.test", "b@x.test"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), added.size());
		CPPUNIT_ASSERT_EQUAL(std::string("b@x.test"), added[0]);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PeopleChangesTest);
