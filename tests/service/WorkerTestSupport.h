//
// WorkerTestSupport.h
//
// What the worker and pool tests share: a MailboxClient handing out
// connections to one FakeMailbox, a SyncStore forwarding to a FakeStore that
// outlives every connection, and a thread-safe StatusSink that records.
//

#ifndef MB_Tests_WorkerTestSupport_INCLUDED
#define MB_Tests_WorkerTestSupport_INCLUDED

#include "connector/service/MailboxWorker.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"

#include <Poco/Mutex.h>
#include <Poco/Thread.h>

#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace test {

// Hands out connections to one shared FakeMailbox.
class Handle: public sync::MailboxClient
{
public:
	explicit Handle(FakeMailbox& m): _m(m) {}
	std::vector<sync::FolderEntry> folders() override { return _m.folders(); }
	sync::FolderSnapshot open(const std::string& f, std::uint32_t v, std::uint64_t s) override { return _m.open(f, v, s); }
	std::vector<std::uint32_t> search(std::uint32_t a, std::uint32_t b, const Poco::Timestamp* t) override { return _m.search(a, b, t); }
	std::vector<std::uint32_t> searchDates(const Poco::Timestamp& a, const Poco::Timestamp& b) override { return _m.searchDates(a, b); }
	std::vector<std::uint32_t> searchAddresses(const std::vector<std::string>& a, const Poco::Timestamp& t) override { return _m.searchAddresses(a, t); }
	void fetch(const std::vector<std::uint32_t>& u, const std::function<void(sync::FetchedMessage&)>& f) override { _m.fetch(u, f); }
	void fetchIdentities(const std::vector<std::uint32_t>& u, const std::function<void(const sync::MessageIdentity&)>& f) override { _m.fetchIdentities(u, f); }
	bool waitForChange(Poco::Timespan t) override { Poco::Thread::sleep(static_cast<long>(t.totalMilliseconds())); return false; }

private:
	FakeMailbox& _m;
};

// Forwards to one FakeStore that outlives every "connection".
class StoreHandle: public sync::SyncStore
{
public:
	explicit StoreHandle(FakeStore& s): _s(s) {}
	sync::FolderCursor loadCursor(const sync::FolderKey& k) override { return _s.loadCursor(k); }
	void commit(const sync::FolderKey& k, std::uint32_t v, const std::vector<sync::MessageRecord>& r, const sync::FolderCursor& c) override { _s.commit(k, v, r, c); }
	void commitRecords(const sync::FolderKey& k, std::uint32_t v, const std::vector<sync::MessageRecord>& r) override { _s.commitRecords(k, v, r); }
	void saveCursor(const sync::FolderKey& k, const sync::FolderCursor& c) override { _s.saveCursor(k, c); }
	std::vector<sync::MessageIdentity> ledger(const sync::FolderKey& k, std::uint32_t v) override { return _s.ledger(k, v); }
	void rekey(const sync::FolderKey& k, std::uint32_t a, std::uint32_t b, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& p, const sync::FolderCursor& c) override { _s.rekey(k, a, b, p, c); }
	void markExpunged(const sync::FolderKey& k, std::uint32_t v, const std::vector<std::uint32_t>& u, const sync::FolderCursor& c) override { _s.markExpunged(k, v, u, c); }

private:
	FakeStore& _s;
};

class Recorder: public service::StatusSink
{
public:
	void report(const std::string& name, const service::MailboxState& state) override
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		_names.push_back(name);
		_states.push_back(state);
	}
	std::vector<service::MailboxState> states()
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		return _states;
	}
	std::vector<service::MailboxState> states(const std::string& name)
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		std::vector<service::MailboxState> out;
		for (std::size_t i = 0; i < _states.size(); ++i)
			if (_names[i] == name) out.push_back(_states[i]);
		return out;
	}

private:
	Poco::FastMutex _mutex;
	std::vector<std::string> _names;
	std::vector<service::MailboxState> _states;
};

} } // namespace mailbridge::test

#endif
