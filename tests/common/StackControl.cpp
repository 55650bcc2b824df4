//
// StackControl.cpp
//

#include "tests/common/StackControl.h"
#include "tests/common/TestEnv.h"

#include <Poco/Exception.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace mailbridge {
namespace test {

void StackControl::pause(const std::string& database)
{
	stack("pause", database);
}

void StackControl::resume(const std::string& database)
{
	stack("resume", database);
}

void StackControl::stack(const std::string& command, const std::string& database)
{
	// The stack the tests read their settings from, whatever this shell says.
	Poco::Process::Env env;
	env["MB_STACK_DIR"] = TestEnv::instance().get("MB_STACK_DIR");
	Poco::Pipe out;
	Poco::ProcessHandle script = Poco::Process::launch(MB_STACK_SCRIPT, {command, database}, "", nullptr, &out, &out, env);
	Poco::PipeInputStream in(out);
	std::string output;
	Poco::StreamCopier::copyToString(in, output);
	const int rc = script.wait();
	if (rc != 0)
		throw Poco::RuntimeException("stack.sh " + command + " " + database + " exited " + std::to_string(rc), output);
}

} } // namespace mailbridge::test
