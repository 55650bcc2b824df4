//
// MbsyncRun.cpp
//

#include "bench/pipeline/MbsyncRun.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Timestamp.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

namespace mailbridge {
namespace bench {

namespace {

std::string firstLine(const std::string& command)
{
	std::string out;
	if (FILE* p = ::popen(command.c_str(), "r"))
	{
		char buf[256];
		if (std::fgets(buf, sizeof(buf), p)) out = buf;
		::pclose(p);
	}
	while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
	return out;
}

std::uint64_t countFiles(const std::string& dir, std::uint64_t& bytes)
{
	std::uint64_t n = 0;
	if (!Poco::File(dir).exists()) return 0;
	for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
	{
		if (!it->isFile()) continue;
		++n;
		bytes += it->getSize();
	}
	return n;
}

} // namespace

Figure runMbsync(const MbsyncSettings& s, std::string& detail)
{
	Figure f;
	const std::string version = firstLine("mbsync --version 2>/dev/null");
	if (version.empty())
	{
		detail = "mbsync not found (Debian package isync)";
		return f;
	}
	const std::string maildir = s.workDir + "/maildir/";
	Poco::File(maildir).createDirectories();
	const std::string rc = s.workDir + "/mbsyncrc";
	{
		// isync 1.4 matches only DNS names in the server's certificate, and
		// the stack's names localhost (and IP 127.0.0.1).
		std::ofstream out(rc);
		out << "FSync " << (s.fsync ? "yes" : "no") << "\n\n"
			<< "IMAPAccount bench\nHost " << (s.host == "127.0.0.1" ? std::string("localhost") : s.host) << "\nPort " << s.port << "\nUser " << s.user << "\nPass " << s.password
			<< "\nSSLType STARTTLS\nCertificateFile " << s.caFile << "\n\n"
			<< "IMAPStore far\nAccount bench\n\n"
			<< "MaildirStore near\nPath " << maildir << "\nInbox " << maildir << "INBOX\nSubFolders Verbatim\n\n"
			<< "Channel bench\nFar :far:\nNear :near:\nPatterns \"" << s.folder << "\"\nCreate Near\nSync Pull\nSyncState *\n";
	}
	const std::string log = s.workDir + "/mbsync.log";
	Poco::Timestamp start;
	const int status = std::system(("mbsync -q -c " + rc + " -a > " + log + " 2>&1").c_str());
	f.seconds = double(start.elapsed()) / 1e6;
	std::uint64_t bytes = 0;
	f.messages = countFiles(maildir + s.folder + "/cur", bytes) + countFiles(maildir + s.folder + "/new", bytes);
	f.bytes = bytes;
	const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	detail = version + ", FSync " + (s.fsync ? "yes" : "no") + (code == 0 ? "" : ", exit " + std::to_string(code) + " (see " + log + ")");
	return f;
}

} } // namespace mailbridge::bench
