// SubjectKey as a table: subject as sent -> the key replies share.

#include "connector/sync/SubjectKey.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::sync::SubjectKey;

class SubjectKeyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SubjectKeyTest);
	CPPUNIT_TEST(testTable);
	CPPUNIT_TEST(testIsReply);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTable()
	{
		const char* rows[][2] = {
			{"Interview Thursday", "interview thursday"},
			{"Re: Interview Thursday", "interview thursday"},
			{"RE: [Jobs] AW: Fwd:  Interview \t Thursday ", "interview thursday"},
			{"SV: Interview Thursday", "interview thursday"},
			{"Re[2]: Interview Thursday", "interview thursday"},
			{"Re^3 : Interview Thursday", "interview thursday"},
			{"WG: TR: Antw: interview thursday", "interview thursday"},
			{"Re\xef\xbc\x9a Interview", "interview"},
			{"[ext] Re: Offer", "offer"},
			// Words that only start like a prefix stay.
			{"Regarding the offer", "regarding the offer"},
			{"Reply needed: Re: offer", "reply needed: re: offer"},
			{"Fwd", "fwd"},
			{"Re:", ""},
			{"", ""},
			{"[unclosed tag", "[unclosed tag"},
			{"Müller: Re", "müller: re"},
		};
		for (const auto& row: rows)
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row[0], std::string(row[1]), SubjectKey::normalize(row[0]));
	}

	void testIsReply()
	{
		for (const char* yes: {"Re: Interview", "RE:Interview", "[Jobs] AW: Termin", "Fwd: CV", "Re[2]: x", "  sv : x", "Re:"})
			CPPUNIT_ASSERT_MESSAGE(yes, SubjectKey::isReply(yes));
		for (const char* no: {"Interview", "Regarding the offer", "Reply needed: Re: offer", "[Jobs] Termin", "", "Fwd"})
			CPPUNIT_ASSERT_MESSAGE(no, !SubjectKey::isReply(no));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SubjectKeyTest);
