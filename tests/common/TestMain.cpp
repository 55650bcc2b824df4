// The runner shared by every suite: runs every test registered with
// CPPUNIT_TEST_SUITE_REGISTRATION in this executable, or only the tests
// whose names are given on the command line (e.g. "ParserTest::testLiteral").

#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>

int main(int argc, char** argv)
{
	CppUnit::TestResult controller;
	CppUnit::TestResultCollector collector;
	controller.addListener(&collector);
	CppUnit::BriefTestProgressListener progress;
	controller.addListener(&progress);

	CppUnit::TestRunner runner;
	CppUnit::Test* all = CppUnit::TestFactoryRegistry::getRegistry().makeTest();
	try
	{
		if (argc <= 1)
		{
			runner.addTest(all);
			runner.run(controller);
		}
		else
		{
			runner.addTest(all);
			for (int i = 1; i < argc; ++i) runner.run(controller, argv[i]);
		}
	}
	catch (std::invalid_argument& exc)
	{
		std::cerr << "no such test: " << exc.what() << std::endl;
		return 2;
	}

	CppUnit::CompilerOutputter outputter(&collector, std::cerr);
	outputter.write();
	if (collector.runTests() == 0)
	{
		std::cerr << "no test was run" << std::endl;
		return 1;
	}
	return collector.wasSuccessful() ? 0 : 1;
}
