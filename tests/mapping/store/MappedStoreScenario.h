//
// MappedStoreScenario.h
//
// The mapping-driven store against every database: a sample legacy ATS
// schema, people looked up, activities written with each key generation the
// database supports, rows read back. Subclasses supply the DDL and the
// connection string only.
//

#ifndef MB_Test_MappedStoreScenario_INCLUDED
#define MB_Test_MappedStoreScenario_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/store/OdbcConnection.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <string>
#include <vector>

class MappedStoreScenario: public CppUnit::TestFixture
{
public:
	void setUp() override;
	void tearDown() override;

	void testLookup();
	void testLookupChunked();
	void testSeveralMatches();
	void testCounterKeys();
	void testIdentityKeys();
	void testGuidAndNoKey();
	void testSequenceKeys();
	void testValues();
	void testHostileValues();
	void testDocuments();
	void testDocumentFiles();
	void testFailureRollsBack();
	void testBatchCounterKeys();
	void testBatchHostileValues();
	void testBatchIdentityKeys();
	void testBatchFailureNamesMessage();
	void testOutboundQueue();
	void testOutboundQuery();

protected:
	virtual std::string connectionString() const = 0;
	virtual std::vector<std::string> ddl() const = 0;
		/// Creates ats_cand, ats_contact, ats_users, ats_counters, ats_actions,
		/// ats_notes (identity id), ats_guid_notes, ats_plain_notes, ats_docs
		/// (identity id, blob content) and, where there are sequences,
		/// ats_seq_notes with the sequence ats_note_seq.
	virtual bool hasSequences() const = 0;

	mailbridge::mapping::OdbcConnection& db();
	std::vector<std::vector<std::string>> rows(const std::string& select);

private:
	std::unique_ptr<mailbridge::mapping::OdbcConnection> _db;
};

#define MB_MAPPED_STORE_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testLookup); \
	CPPUNIT_TEST(testLookupChunked); \
	CPPUNIT_TEST(testSeveralMatches); \
	CPPUNIT_TEST(testCounterKeys); \
	CPPUNIT_TEST(testIdentityKeys); \
	CPPUNIT_TEST(testGuidAndNoKey); \
	CPPUNIT_TEST(testSequenceKeys); \
	CPPUNIT_TEST(testValues); \
	CPPUNIT_TEST(testHostileValues); \
	CPPUNIT_TEST(testDocuments); \
	CPPUNIT_TEST(testDocumentFiles); \
	CPPUNIT_TEST(testFailureRollsBack); \
	CPPUNIT_TEST(testBatchCounterKeys); \
	CPPUNIT_TEST(testBatchHostileValues); \
	CPPUNIT_TEST(testBatchIdentityKeys); \
	CPPUNIT_TEST(testBatchFailureNamesMessage); \
	CPPUNIT_TEST(testOutboundQueue); \
	CPPUNIT_TEST(testOutboundQuery); \
	CPPUNIT_TEST_SUITE_END()

#endif
