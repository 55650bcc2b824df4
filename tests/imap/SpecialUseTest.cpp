// Finding Sent/Trash/All Mail by attribute, whatever the names.

#include "connector/imap/SpecialUse.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;

class SpecialUseTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SpecialUseTest);
	CPPUNIT_TEST(testLocalisedGmailNames);
	CPPUNIT_TEST_SUITE_END();

public:
	void testLocalisedGmailNames()
	{
		// Gmail in German: names differ, attributes do not.
		std::string text =
			"* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n"
			"* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"\r\n"
			"* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/Alle Nachrichten\"\r\n"
			"* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Gesendet\"\r\n"
			"* LIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Papierkorb\"\r\n"
			"* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Old\"\r\n"
			"* LIST (\\Noselect \\Junk) \"/\" \"Gone\"\r\n"
			"* LIST (\\HasNoChildren) \"/\" \"Entw&APw-rfe\"\r\n"
			"A1 OK LIST done\r\n";
		ResponseParser parser;
		parser.feed(text.data(), text.size());
		std::vector<ListEntry> entries;
		Response r;
		while (parser.next(r))
		{
			if (r.kind == "LIST") entries.push_back(r.list);
			r = Response();
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(8), entries.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Entw\xC3\xBCrfe"), entries[7].name);
		std::map<SpecialUse, ListEntry> found = findSpecialUse(entries);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), found.size());
		CPPUNIT_ASSERT_EQUAL(std::string("[Gmail]/Gesendet"), found[SpecialUse::Sent].name);
		CPPUNIT_ASSERT_EQUAL(std::string("[Gmail]/Papierkorb"), found[SpecialUse::Trash].name);
		CPPUNIT_ASSERT_EQUAL(std::string("[Gmail]/Alle Nachrichten"), found[SpecialUse::All].name);
		CPPUNIT_ASSERT(found.count(SpecialUse::Junk) == 0);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SpecialUseTest);
