#include "connector/common/Errors.h"
#include "connector/sync/FolderPlan.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::sync;

namespace {

// A German Exchange-style mailbox: only SPECIAL-USE says which folder is Sent.
std::vector<FolderEntry> german()
{
	return {
		{"INBOX", FolderRole::Inbox, true},
		{"Gesendete Elemente", FolderRole::Sent, true},
		{"Gel\xC3\xB6schte Elemente", FolderRole::Trash, true},
		{"Junk-E-Mail", FolderRole::Junk, true},
		{"Entw\xC3\xBC" "rfe", FolderRole::Drafts, true},
		{"Kunden", FolderRole::Other, true},
		{"Archiv", FolderRole::Other, false},
	};
}

std::string names(const std::vector<PlannedFolder>& plan)
{
	std::string out;
	for (const PlannedFolder& p: plan) out += (out.empty() ? "" : "|") + p.name + ":" + toString(p.role);
	return out;
}

} // namespace

class FolderPlanTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FolderPlanTest);
	CPPUNIT_TEST(testSpecialUseFindsSent);
	CPPUNIT_TEST(testConfiguredNamesWin);
	CPPUNIT_TEST(testAllFoldersSkipsTrashJunkDrafts);
	CPPUNIT_TEST(testMissingConfiguredFolder);
	CPPUNIT_TEST(testNoSentFolder);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSpecialUseFindsSent()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|Gesendete Elemente:sent"), names(planFolders(german(), FolderSelection())));
	}

	void testConfiguredNamesWin()
	{
		FolderSelection s;
		s.sent = "Kunden";
		s.extra = {"Gesendete Elemente"};
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|Kunden:sent|Gesendete Elemente:sent"), names(planFolders(german(), s)));
		s = FolderSelection();
		s.inbox = "inbox"; // INBOX is case-insensitive
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|Gesendete Elemente:sent"), names(planFolders(german(), s)));
	}

	void testAllFoldersSkipsTrashJunkDrafts()
	{
		FolderSelection s;
		s.allFolders = true;
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|Gesendete Elemente:sent|Kunden:other"), names(planFolders(german(), s)));
	}

	void testMissingConfiguredFolder()
	{
		FolderSelection s;
		s.extra = {"Bewerber"};
		CPPUNIT_ASSERT_THROW(planFolders(german(), s), MailboxError);
		s.extra = {"Archiv"};
		CPPUNIT_ASSERT_THROW(planFolders(german(), s), MailboxError);
		try
		{
			s.extra = {"Bewerber"};
			planFolders(german(), s);
		}
		catch (const MailboxError& exc)
		{
			CPPUNIT_ASSERT(exc.displayText().find("Bewerber") != std::string::npos);
		}
	}

	void testNoSentFolder()
	{
		std::vector<FolderEntry> listed = {{"INBOX", FolderRole::Inbox, true}, {"Notes", FolderRole::Other, true}};
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox"), names(planFolders(listed, FolderSelection())));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(FolderPlanTest);
