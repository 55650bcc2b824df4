//
// Errors.h
//
// Failures typed by what the caller should do next (isync's FAIL_TEMP /
// DRV_MSG_BAD / DRV_BOX_BAD / FAIL_FINAL). Every module derives its own
// exceptions from exactly one of these four, so the sync engine and the
// service can decide what to do without knowing where the failure came from.
//

#ifndef MB_Common_Errors_INCLUDED
#define MB_Common_Errors_INCLUDED

#include <Poco/Exception.h>
#include <exception>
#include <string>

namespace mailbridge {

POCO_DECLARE_EXCEPTION(, TransientError, Poco::Exception)
	/// Network trouble, SMTP 4xx, SQLSTATE class 08, a server restarting.
	/// Retry the same work later, with backoff.

POCO_DECLARE_EXCEPTION(, MessageError, Poco::Exception)
	/// Something is wrong with one message (or one outbound row).
	/// Record it and go on; never block a folder behind it.

POCO_DECLARE_EXCEPTION(, MailboxError, Poco::Exception)
	/// Authentication refused, folder gone, account disabled.
	/// Stop this mailbox, mark its status row, keep the others running,
	/// and never retry in a hot loop.

POCO_DECLARE_EXCEPTION(, ConfigError, Poco::Exception)
	/// Configuration or mapping is wrong. Refuse to start; the message names
	/// the file and line.

enum class FailureKind
{
	Transient,
	Message,
	Mailbox,
	Final
};

FailureKind classify(const std::exception& exc);
	/// Returns what to do next for any exception. Exceptions outside the four
	/// families above (a bug, std::bad_alloc, a stray Poco exception) count as
	/// Transient: retrying later with backoff is the safe default that loses
	/// nothing, and the log says what happened.

const char* toString(FailureKind kind);

std::string describe(const std::exception& exc);
	/// What a person reads about a failure: Poco's displayText() (the
	/// exception's name, message and nested detail), else what(); a
	/// password in a connection string (PWD=, PASSWORD=) is masked.

} // namespace mailbridge

#endif
