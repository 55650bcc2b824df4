//
// SelectedMailbox.h
//
// What the server has told us about the selected mailbox, from the SELECT
// reply and from unsolicited EXISTS/EXPUNGE/FETCH/VANISHED that may arrive
// during any command. The session feeds every untagged response here instead
// of attributing it to whichever command happens to be running.
//

#ifndef MB_Imap_SelectedMailbox_INCLUDED
#define MB_Imap_SelectedMailbox_INCLUDED

#include "connector/imap/protocol/Response.h"
#include "connector/imap/protocol/UidSet.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

class SelectedMailbox
{
public:
	void reset(const std::string& name);
		/// Forgets everything; called when a SELECT/EXAMINE is sent.

	bool apply(const Response& response);
		/// Updates the state from one response; returns true when it changed
		/// the mailbox's contents (a wake-up for IDLE): EXISTS, EXPUNGE,
		/// VANISHED or FETCH.

	const std::string& name() const { return _name; }
	std::uint32_t exists() const { return _exists; }
	std::uint32_t uidValidity() const { return _uidValidity; }
	std::uint32_t uidNext() const { return _uidNext; }
	std::uint64_t highestModSeq() const { return _highestModSeq; }
	bool noModSeq() const { return _noModSeq; }

	bool uidValidityChanged() const { return _uidValidityChanged; }
		/// UIDVALIDITY differed from an earlier value in this selection.
	bool uidNextWentBack() const { return _uidNextWentBack; }
		/// The server reported a UIDNEXT lower than one it reported before;
		/// a broken server, and a cursor beyond it must not be trusted.

	const UidSet& vanished() const { return _vanished; }
		/// UIDs reported by VANISHED since the last takeChanges().
	const std::vector<std::uint32_t>& expungedSeqs() const { return _expungedSeqs; }
		/// Sequence numbers of EXPUNGE responses, in order received.
	const std::map<std::uint32_t, std::vector<std::string>>& flagChanges() const { return _flagChanges; }
		/// UID -> flags from unsolicited FETCH with UID and FLAGS.

	void takeChanges();
		/// Clears vanished, expunged and flag changes once the caller has used them.

private:
	std::string _name;
	std::uint32_t _exists = 0;
	std::uint32_t _uidValidity = 0;
	std::uint32_t _uidNext = 0;
	std::uint64_t _highestModSeq = 0;
	bool _noModSeq = false;
	bool _uidValidityChanged = false;
	bool _uidNextWentBack = false;
	UidSet _vanished;
	std::vector<std::uint32_t> _expungedSeqs;
	std::map<std::uint32_t, std::vector<std::string>> _flagChanges;
};

} } // namespace mailbridge::imap

#endif
