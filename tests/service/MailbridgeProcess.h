//
// MailbridgeProcess.h
//
// The mailbridge executable run as an operator runs it, for the suites
// built with MB_MAILBRIDGE_EXE: a command to its end, or the daemon until
// SIGTERM; and a wait for a condition the process brings about.
//

#ifndef MB_Tests_MailbridgeProcess_INCLUDED
#define MB_Tests_MailbridgeProcess_INCLUDED

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <string>
#include <vector>

namespace mailbridge {
namespace test {

inline int runMailbridge(const std::vector<std::string>& args, std::string& output, const std::string& directory = "")
	/// Runs the command to its end; output gets stdout and stderr.
{
	Poco::Pipe out;
	Poco::ProcessHandle handle = Poco::Process::launch(MB_MAILBRIDGE_EXE, args, directory, nullptr, &out, &out,
		Poco::Process::Env());
	Poco::PipeInputStream in(out);
	output.clear();
	Poco::StreamCopier::copyToString(in, output);
	return handle.wait();
}

class RunningMailbridge
	/// `mailbridge run ...` started in the background, stopped as systemd
	/// stops it.
{
public:
	explicit RunningMailbridge(const std::vector<std::string>& args):
		_handle(Poco::Process::launch(MB_MAILBRIDGE_EXE, args, nullptr, &_out, &_out))
	{
	}

	int stop(std::string& output)
		/// SIGTERM, then everything it wrote and its exit code.
	{
		Poco::Process::requestTermination(_handle.id());
		Poco::PipeInputStream in(_out);
		output.clear();
		Poco::StreamCopier::copyToString(in, output);
		return _handle.wait();
	}

private:
	Poco::Pipe _out;
	Poco::ProcessHandle _handle;
};

template <class Condition>
bool waitFor(Condition done, int seconds)
	/// Asks done() every 200 ms until it holds or the time is up.
{
	const Poco::Timestamp start;
	while (!start.isElapsed(Poco::Timespan(seconds, 0).totalMicroseconds()))
	{
		if (done()) return true;
		Poco::Thread::sleep(200);
	}
	return done();
}

} } // namespace mailbridge::test

#endif
