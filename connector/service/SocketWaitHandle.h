//
// SocketWaitHandle.h
//
// What an ImapMailboxClient's held IDLE is waited on: its socket, and when it
// must be looked at even if nothing arrives (IDLE is renewed before the
// server's limit). A worker's thread waits on many of these at once.
//

#ifndef MB_Service_SocketWaitHandle_INCLUDED
#define MB_Service_SocketWaitHandle_INCLUDED

#include "connector/sync/MailboxClient.h"

#include <Poco/Net/Socket.h>
#include <Poco/Timestamp.h>

namespace mailbridge {
namespace service {

class SocketWaitHandle: public sync::WaitHandle
{
public:
	SocketWaitHandle(const Poco::Net::Socket& socket, Poco::Timestamp due): _socket(socket), _due(due) {}

	const Poco::Net::Socket& socket() const { return _socket; }
		/// Readable: checkWait(0) has responses to read.
	Poco::Timestamp due() const { return _due; }
		/// checkWait(0) must be called by then, readable or not.

private:
	Poco::Net::Socket _socket;
	Poco::Timestamp _due;
};

} } // namespace mailbridge::service

#endif
