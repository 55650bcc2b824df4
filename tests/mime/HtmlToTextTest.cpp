#include "connector/mime/HtmlToText.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::HtmlToText;

class HtmlToTextTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HtmlToTextTest);
	CPPUNIT_TEST(testBlocksBecomeLines);
	CPPUNIT_TEST(testEntities);
	CPPUNIT_TEST(testScriptStyleAndCommentsDropped);
	CPPUNIT_TEST(testListsAndTables);
	CPPUNIT_TEST(testBrokenMarkup);
	CPPUNIT_TEST(testBlanksCollapseAtEveryOffset);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBlocksBecomeLines()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Hello Anna,\n\nthanks for your CV.\n\nBest,\nTom"),
			HtmlToText::convert("<html><body><p>Hello   Anna,</p><p>thanks for\n your <b>CV</b>.</p><div>Best,<br>Tom</div></body></html>"));
	}

	void testEntities()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("R&D <team> \xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9 \xE2\x82\xAC 5 \xE2\x80\x94 &bogus; x"),
			HtmlToText::convert("R&amp;D &lt;team&gt; &ldquo;quoted&#8221; caf&eacute; &#x20AC;&nbsp;5 &#151; &bogus; x"));
	}

	void testScriptStyleAndCommentsDropped()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("visible text"),
			HtmlToText::convert("<head><title>T</title><style>p {color: red}</style></head><!-- hidden <p>x</p> -->"
				"<script type=\"text/javascript\">if (a < b) alert('</p>');</script>visible <SPAN class=\"a>b\">text</SPAN>"));
	}

	void testListsAndTables()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Skills:\n\n- C++\n- SQL\n\nName Role\nAnna Dev"),
			HtmlToText::convert("Skills:<ul><li>C++</li><li>SQL</li></ul><table><tr><td>Name</td><td>Role</td></tr><tr><td>Anna</td><td>Dev</td></tr></table>"));
	}

	void testBrokenMarkup()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a < b and c"), HtmlToText::convert("a < b and <i>c"));
		CPPUNIT_ASSERT_EQUAL(std::string("text"), HtmlToText::convert("text<script>never closed"));
		CPPUNIT_ASSERT_EQUAL(std::string("x"), HtmlToText::convert("x<img src=\"y.png\""));
		CPPUNIT_ASSERT_EQUAL(std::string(""), HtmlToText::convert(""));
		CPPUNIT_ASSERT_EQUAL(std::string("pre\n  formatted"), HtmlToText::convert("<pre>pre\n  formatted</pre>"));
	}

	void testBlanksCollapseAtEveryOffset()
	{
		// Text is copied many bytes at a time where no blank needs
		// collapsing: put each kind of blank run at every offset.
		const char* blanks[] = {" ", "  ", "\t", "\r\n", " \n ", "\f"};
		for (const char* blank: blanks)
		{
			for (std::size_t at = 1; at < 30; ++at)
			{
				std::string words;
				for (std::size_t k = 0; k < 40; ++k) words += static_cast<char>('a' + k % 26);
				std::string html = words.substr(0, at) + blank + words.substr(at) + " x" + blank + "y\xC3\xA9 z";
				std::string expected = words.substr(0, at) + " " + words.substr(at) + " x y\xC3\xA9 z";
				CPPUNIT_ASSERT_EQUAL(expected, HtmlToText::convert(html));
				CPPUNIT_ASSERT_EQUAL("ab\n" + expected, HtmlToText::convert("ab<br>" + std::string(blank) + html));
			}
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(HtmlToTextTest);
