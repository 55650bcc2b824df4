//
// DialectTest.cpp
//

#include "DialectTest.h"
#include "mapping/sql/Dialect.h"
#include "connector/common/Errors.h"
#include <Poco/Exception.h>

using mailbridge::mapping::Dialect;

CPPUNIT_TEST_SUITE_REGISTRATION(DialectTest);

void DialectTest::testDetection()
{
	// What the Debian drivers report for SQL_DBMS_NAME / SQL_DBMS_VER.
	CPPUNIT_ASSERT(Dialect::fromDbmsName("PostgreSQL", "15.05.0000").vendor() == Dialect::PostgreSQL);
	Dialect maria = Dialect::fromDbmsName("MariaDB", "10.11.6-MariaDB-0+deb12u1");
	CPPUNIT_ASSERT(maria.vendor() == Dialect::MySQL);
	CPPUNIT_ASSERT(maria.isMariaDB());
	CPPUNIT_ASSERT(Dialect::fromDbmsName("MySQL", "10.11.6-MariaDB").isMariaDB());
	CPPUNIT_ASSERT(!Dialect::fromDbmsName("MySQL", "8.0.36").isMariaDB());
	CPPUNIT_ASSERT(Dialect::fromDbmsName("SQLite", "3.40.1").vendor() == Dialect::SQLite);
	CPPUNIT_ASSERT(Dialect::fromDbmsName("Microsoft SQL Server", "15.00.2000").vendor() == Dialect::SQLServer);
	CPPUNIT_ASSERT(Dialect::fromDbmsName("Oracle", "19.00.0000").vendor() == Dialect::Oracle);
	CPPUNIT_ASSERT_THROW(Dialect::fromDbmsName("Informix", "12"), mailbridge::ConfigError);
	CPPUNIT_ASSERT_EQUAL(std::string("mysql"), Dialect::fromName("mariadb").name());
	CPPUNIT_ASSERT_THROW(Dialect::fromName("db2"), mailbridge::ConfigError);
}

void DialectTest::testQuoting()
{
	CPPUNIT_ASSERT_EQUAL(std::string("\"a\"\"b\""), Dialect(Dialect::PostgreSQL).quote("a\"b"));
	CPPUNIT_ASSERT_EQUAL(std::string("`a``b`"), Dialect(Dialect::MySQL).quote("a`b"));
	CPPUNIT_ASSERT_EQUAL(std::string("[a]]b]"), Dialect(Dialect::SQLServer).quote("a]b"));
	CPPUNIT_ASSERT_EQUAL(std::string("\"x'; DROP TABLE t; --\""), Dialect(Dialect::Oracle).quote("x'; DROP TABLE t; --"));
	CPPUNIT_ASSERT_EQUAL(std::string("[dbo].[Candidates]"), Dialect(Dialect::SQLServer).quoteQualified("dbo.Candidates"));
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::SQLite).quote(""), mailbridge::ConfigError);
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::SQLite).quote(std::string("a\0b", 3)), mailbridge::ConfigError);
}

void DialectTest::testKeyReadback()
{
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?) RETURNING \"id\""),
		Dialect(Dialect::PostgreSQL).insert("t", {"a", "b"}, "id").text);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO [t] ([a]) OUTPUT INSERTED.[id] VALUES (?)"),
		Dialect(Dialect::SQLServer).insert("t", {"a"}, "id").text);
	CPPUNIT_ASSERT(Dialect(Dialect::SQLite, 3, 34).keyReadback() == Dialect::FollowUpQuery);
	CPPUNIT_ASSERT(Dialect(Dialect::SQLite, 3, 40).keyReadback() == Dialect::FollowUpQuery);  // the ODBC driver drops RETURNING rows
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO \"t\" (\"a\") VALUES (?)"),
		Dialect(Dialect::SQLite, 3, 34).insert("t", {"a"}, "id").text);
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT last_insert_rowid()"), Dialect(Dialect::SQLite, 3, 34).lastInsertIdQuery());
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT LAST_INSERT_ID()"), Dialect(Dialect::MySQL).lastInsertIdQuery());
	CPPUNIT_ASSERT(Dialect(Dialect::Oracle).keyReadback() == Dialect::SequenceFirst);
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::PostgreSQL).lastInsertIdQuery(), mailbridge::ConfigError);
}

void DialectTest::testSequences()
{
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT nextval('\"s\"\"q\"')"), Dialect(Dialect::PostgreSQL).selectSequenceNextValue("s\"q"));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT nextval('\"it''s\"')"), Dialect(Dialect::PostgreSQL).selectSequenceNextValue("it's"));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT \"S\".NEXTVAL FROM DUAL"), Dialect(Dialect::Oracle).selectSequenceNextValue("S"));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT NEXT VALUE FOR [s]"), Dialect(Dialect::SQLServer).selectSequenceNextValue("s"));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT NEXT VALUE FOR `s`"), Dialect(Dialect::MySQL, 10, 6, true).selectSequenceNextValue("s"));
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::MySQL, 8, 0).sequenceNextValue("s"), mailbridge::ConfigError);
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::SQLite).sequenceNextValue("s"), mailbridge::ConfigError);
}

void DialectTest::testInsertIfAbsentParams()
{
	auto pg = Dialect(Dialect::PostgreSQL).insertIfAbsent("t", {"k", "v"}, {"k"});
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), pg.params.size());
	auto ss = Dialect(Dialect::SQLServer).insertIfAbsent("t", {"k", "v"}, {"k"});
	// The key is bound a second time for WHERE NOT EXISTS.
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), ss.params.size());
	CPPUNIT_ASSERT_EQUAL(std::string("k"), ss.params[2]);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT OR IGNORE INTO \"t\" (\"k\", \"v\") VALUES (?, ?)"),
		Dialect(Dialect::SQLite, 3, 20).insertIfAbsent("t", {"k", "v"}, {"k"}).text);
	CPPUNIT_ASSERT(Dialect(Dialect::MySQL).insertIfAbsent("t", {"k", "v"}, {"k"}).text.find("ON DUPLICATE KEY UPDATE `k` = `k`") != std::string::npos);
}

void DialectTest::testUpsert()
{
	auto pg = Dialect(Dialect::PostgreSQL).upsert("t", {"k", "v"}, {"k"});
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO \"t\" (\"k\", \"v\") VALUES (?, ?) ON CONFLICT (\"k\") DO UPDATE SET \"v\" = excluded.\"v\""), pg.text);
	auto ora = Dialect(Dialect::Oracle).upsert("t", {"k", "v"}, {"k"});
	CPPUNIT_ASSERT(ora.text.find("MERGE INTO \"t\" t USING (SELECT ? \"k\", ? \"v\" FROM DUAL) s") == 0);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), ora.params.size());
}

void DialectTest::testPaginate()
{
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT 1 LIMIT 5 OFFSET 10"), Dialect(Dialect::PostgreSQL).paginate("SELECT 1", 5, 10));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT a FROM t ORDER BY (SELECT NULL) OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY"),
		Dialect(Dialect::SQLServer).paginate("SELECT a FROM t", 5));
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT a FROM t FETCH FIRST 5 ROWS ONLY"), Dialect(Dialect::Oracle, 19, 0).paginate("SELECT a FROM t", 5));
	CPPUNIT_ASSERT(Dialect(Dialect::Oracle, 11, 2).paginate("SELECT a FROM t", 5, 5).find("ROWNUM <= 10") != std::string::npos);
}

void DialectTest::testSkipLocked()
{
	CPPUNIT_ASSERT(!Dialect(Dialect::MySQL, 10, 5, true).supportsSkipLocked());
	CPPUNIT_ASSERT(Dialect(Dialect::MySQL, 10, 6, true).supportsSkipLocked());
	CPPUNIT_ASSERT(Dialect(Dialect::MySQL, 8, 0).supportsSkipLocked());
	CPPUNIT_ASSERT(!Dialect(Dialect::SQLite).supportsSkipLocked());
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::SQLite).lockingSelect("id", "t", "1=1", "", 1), mailbridge::ConfigError);
	CPPUNIT_ASSERT(Dialect(Dialect::SQLServer).lockingSelect("id", "t", "1=1", "", 3).find("TOP (3) id FROM [t] WITH (UPDLOCK, READPAST, ROWLOCK)") != std::string::npos);
}

void DialectTest::testConcat()
{
	CPPUNIT_ASSERT_EQUAL(std::string("';' || c || ';'"), Dialect(Dialect::SQLite).concat({"';'", "c", "';'"}));
	CPPUNIT_ASSERT_EQUAL(std::string("CONCAT(';', c, ';')"), Dialect(Dialect::MySQL).concat({"';'", "c", "';'"}));
}

void DialectTest::testInsertRows()
{
	Dialect pg(Dialect::PostgreSQL);
	mailbridge::mapping::SqlStatement s = pg.insertRows("t", {"a", "b"}, 3);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?), (?, ?), (?, ?)"), s.text);
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), s.params.size());
	CPPUNIT_ASSERT_EQUAL(std::string("a"), s.params[4]);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT ALL INTO \"t\" (\"a\") VALUES (?) INTO \"t\" (\"a\") VALUES (?) SELECT 1 FROM DUAL"),
		Dialect(Dialect::Oracle).insertRows("t", {"a"}, 2).text);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO \"t\" (\"id\", \"a\") OVERRIDING SYSTEM VALUE VALUES (?, ?), (?, ?)"),
		pg.insertRows("t", {"id", "a"}, 2, true).text);
	CPPUNIT_ASSERT(pg.drawsIdentityValues());
	CPPUNIT_ASSERT(!Dialect(Dialect::MySQL).drawsIdentityValues());
	CPPUNIT_ASSERT_THROW(Dialect(Dialect::SQLServer).identityValuesDraw(), mailbridge::ConfigError);
	// Past the dialect's parameter limit, or no rows: refused.
	Dialect sqlite(Dialect::SQLite);
	CPPUNIT_ASSERT_NO_THROW(sqlite.insertRows("t", {"a", "b", "c"}, 333));
	CPPUNIT_ASSERT_THROW(sqlite.insertRows("t", {"a", "b", "c"}, 334), Poco::InvalidArgumentException);
	CPPUNIT_ASSERT_THROW(pg.insertRows("t", {"a"}, 0), Poco::InvalidArgumentException);
}

void DialectTest::testSavepoints()
{
	Dialect pg(Dialect::PostgreSQL), ms(Dialect::SQLServer), ora(Dialect::Oracle), my(Dialect::MySQL);
	CPPUNIT_ASSERT_EQUAL(std::string("SAVEPOINT \"mb_rows\""), pg.savepoint("mb_rows"));
	CPPUNIT_ASSERT_EQUAL(std::string("ROLLBACK TO SAVEPOINT `mb_rows`"), my.rollbackToSavepoint("mb_rows"));
	CPPUNIT_ASSERT_EQUAL(std::string("RELEASE SAVEPOINT \"mb_rows\""), pg.releaseSavepoint("mb_rows"));
	CPPUNIT_ASSERT_EQUAL(std::string("SAVE TRANSACTION [mb_rows]"), ms.savepoint("mb_rows"));
	CPPUNIT_ASSERT_EQUAL(std::string("ROLLBACK TRANSACTION [mb_rows]"), ms.rollbackToSavepoint("mb_rows"));
	CPPUNIT_ASSERT(ms.releaseSavepoint("mb_rows").empty());
	CPPUNIT_ASSERT(ora.releaseSavepoint("mb_rows").empty());
	// SQLite takes its write lock at BEGIN; the others start through ODBC.
	CPPUNIT_ASSERT_EQUAL(std::string("BEGIN IMMEDIATE"), Dialect(Dialect::SQLite).beginTransaction());
	CPPUNIT_ASSERT(pg.beginTransaction().empty() && ms.beginTransaction().empty() && my.beginTransaction().empty());
}
