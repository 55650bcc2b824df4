//
// MailbridgeApp.h
//
// The mailbridge executable: a Poco ServerApplication (a Unix daemon with
// --daemon, a Windows service with /registerService) whose first argument
// names what to do. Subsystems are set up in initialize(); threads start in
// main(), after Poco has forked into a daemon.
//

#ifndef MB_Service_MailbridgeApp_INCLUDED
#define MB_Service_MailbridgeApp_INCLUDED

#include <Poco/Util/ServerApplication.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace service {

class MailbridgeApp: public Poco::Util::ServerApplication
{
public:
	MailbridgeApp();

	using Command = std::function<int(MailbridgeApp&, const std::vector<std::string>&)>;

	static void registerCommand(const std::string& name, const std::string& usage, Command command);
		/// Commands are registered by the translation units that implement
		/// them, so this class does not depend on every module.

	std::string option(const std::string& name, const std::string& fallback = "") const;
	bool hasOption(const std::string& name) const;
	std::string configPath() const;
		/// --config, else $MAILBRIDGE_CONFIG, else /etc/mailbridge/mailbridge.conf;
		/// absolute against the directory mailbridge was started in.

	std::string shareDir(const std::string& configured = "") const;
		/// Where sql/<dialect>/ lives: --share, else `configured` (the
		/// configuration's share_dir), else $MAILBRIDGE_SHARE, else
		/// ../share/mailbridge from the executable's folder (as `cmake
		/// --install` lays it out, under any prefix), else the share
		/// directory the build was configured to install to.

	bool terminationRequested() const;
	int waitForStop();
		/// Blocks until SIGTERM/SIGINT (or the service control manager).

protected:
	void defineOptions(Poco::Util::OptionSet& options) override;
	void handleOption(const std::string& name, const std::string& value) override;
	int main(const std::vector<std::string>& args) override;

private:
	void usage() const;

	std::string absolute(const std::string& path) const;

	std::map<std::string, std::string> _options;
	bool _help = false;
	std::string _startDir;  ///< the working directory before --daemon moves to /

};

int exitCodeFor(const std::exception& exc);
	/// 78 (EX_CONFIG) for configuration errors, so systemd does not restart
	/// into the same mistake; 75 (EX_TEMPFAIL) for transient ones; 69
	/// (EX_UNAVAILABLE) for a mailbox refused; 65 (EX_DATAERR) for bad input.

} } // namespace mailbridge::service

#endif
