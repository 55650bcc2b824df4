//
// OutboxTestRows.h
//
// mb_outbox rows for the live outbox tests: the schema installed when it is
// missing (the stack's databases are shared, so nothing is dropped), a
// mailbox name of its own per test, and rows inserted as the ATS would.
//

#ifndef MB_Tests_OutboxTestRows_INCLUDED
#define MB_Tests_OutboxTestRows_INCLUDED

#include "mapping/store/OdbcConnection.h"
#include <Poco/Timestamp.h>
#include <cstdint>
#include <string>

namespace mailbridge {
namespace test {

struct OutboxRowSpec
{
	std::string to = "Bob <bob@example.test>";
	std::string cc;
	std::string bcc;
	std::string subject = "Interview";
	std::string text = "Dear Bob,\nsee you on Tuesday.\n";
	std::string html;
	std::string parentActivityKey;
	Poco::Timestamp sendAt;
};

class OutboxTestRows
{
public:
	explicit OutboxTestRows(mapping::OdbcConnection& db);
		/// Installs mailbridge's tables unless they are there.

	static std::string uniqueName(const std::string& prefix);
		/// prefix + process, time and a counter: no other run uses it.

	std::int64_t insert(const std::string& mailbox, const OutboxRowSpec& spec);
		/// A queued row, as the ATS inserts it; returns its id.

	void insertMessageActivity(const std::string& messageKey, const std::string& activityKey);

	std::string scalar(const std::string& sql);
		/// The first column of the first row, empty for NULL.

private:
	mapping::OdbcConnection& _db;
};

} } // namespace mailbridge::test

#endif
