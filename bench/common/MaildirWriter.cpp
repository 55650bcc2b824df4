//
// MaildirWriter.cpp
//

#include "bench/common/MaildirWriter.h"

#include <fstream>
#include <stdexcept>
#include <sys/time.h>
#include <unistd.h>

namespace mailbridge {
namespace bench {

MaildirWriter::MaildirWriter(const std::string& stackDir, const std::string& user, const std::string& folder):
	_dir(stackDir + "/mail/" + user + "/Maildir/." + folder + "/cur/"),
	_stamp(std::time(nullptr))
{
}

void MaildirWriter::write(const std::string& message, std::time_t received, bool seen)
{
	// Maildir names only need to be unique: time, a serial and the pid.
	const std::string name = _dir + std::to_string(_stamp) + ".M" + std::to_string(_serial) + "P" +
		std::to_string(::getpid()) + ".bench:2," + (seen ? "S" : "");
	++_serial;
	{
		std::ofstream f(name, std::ios::binary);
		f.write(message.data(), static_cast<std::streamsize>(message.size()));
		if (!f) throw std::runtime_error("cannot write " + name);
	}
	if (received)
	{
		struct timeval times[2] = {{received, 0}, {received, 0}};
		::utimes(name.c_str(), times);
	}
}

} } // namespace mailbridge::bench
