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
	CPPUNIT_TEST(testAllFoldersWithoutSpecialUse);
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

	void testAllFoldersWithoutSpecialUse()
	{
		// No folder is marked: the common names, in any case and under a
		// namespace prefix, are left out; everything else is synced.
		struct Case { std::vector<std::string> names; std::string planned; };
		const std::vector<Case> cases = {
			{{"INBOX", "Trash", "Junk", "Spam", "Deleted Items", "Drafts", "Kunden"}, "INBOX:inbox|Kunden:other"},
			{{"INBOX", "INBOX.Trash", "INBOX.spam", "INBOX.DRAFTS", "INBOX.Deleted Messages", "INBOX.Clients"},
				"INBOX:inbox|INBOX.Clients:other"},
			{{"INBOX", "[Gmail]/All Mail", "[Gmail]/Bin", "Junk E-mail", "trash", "Projects/Trash talk"},
				"INBOX:inbox|Projects/Trash talk:other"},
		};
		FolderSelection s;
		s.allFolders = true;
		for (const Case& c: cases)
		{
			std::vector<FolderEntry> listed;
			for (const std::string& name: c.names)
				listed.push_back({name, name == "INBOX" ? FolderRole::Inbox : FolderRole::Other, true});
			CPPUNIT_ASSERT_EQUAL(c.planned, names(planFolders(listed, s)));
		}
		// With SPECIAL-USE the marks count, and the names still do: a "Spam"
		// folder a filter rule fills is spam, marked or not.
		std::vector<FolderEntry> marked = german();
		marked.push_back({"Spam", FolderRole::Other, true});
		marked.push_back({"Everything", FolderRole::All, true});
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|Gesendete Elemente:sent|Kunden:other"), names(planFolders(marked, s)));
		// A folder named by the configuration is synced whatever its name.
		FolderSelection named;
		named.extra = {"INBOX.Trash"};
		std::vector<FolderEntry> plain = {{"INBOX", FolderRole::Inbox, true}, {"INBOX.Trash", FolderRole::Other, true}};
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX:inbox|INBOX.Trash:other"), names(planFolders(plain, named)));
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
