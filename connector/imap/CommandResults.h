//
// CommandResults.h
//
// The typed arguments and results of ImapSession's commands: what a SELECT
// with CONDSTORE/QRESYNC found, STATUS values, APPENDUID and COPYUID.
//

#ifndef MB_Imap_CommandResults_INCLUDED
#define MB_Imap_CommandResults_INCLUDED

#include "connector/imap/protocol/Response.h"
#include "connector/imap/protocol/UidSet.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

struct NamespaceInfo
{
	bool hasPersonal = false;   ///< the server named a personal namespace
	std::string personalPrefix; ///< "" on Dovecot, "INBOX." on Courier-style servers
	char delimiter = 0;         ///< 0 when the server sent NIL
};

struct StatusResult
{
	std::uint32_t messages = 0;
	std::uint32_t uidNext = 0;
	std::uint32_t uidValidity = 0;
	std::uint32_t unseen = 0;
	std::uint64_t highestModSeq = 0;  ///< 0 when not asked for, or the mailbox has none
	std::map<std::string, std::uint64_t> values;  ///< everything the server sent, by item name
};

struct SelectOptions
{
	bool readOnly = false;      ///< EXAMINE
	bool condstore = false;     ///< ask for HIGHESTMODSEQ (sent only when CONDSTORE is offered)
	std::uint32_t uidValidity = 0; ///< QRESYNC: the UIDVALIDITY the caller's state is for
	std::uint64_t modSeq = 0;      ///< QRESYNC: the caller's HIGHESTMODSEQ (both non-zero to ask)
	UidSet knownUids;              ///< QRESYNC: the UIDs the caller holds (empty: all)
	std::uint32_t knownUidNext = 0;///< the caller's last UIDNEXT, to notice one going back
};

struct SelectResult
{
	std::uint32_t uidValidity = 0;
	std::uint32_t uidNext = 0;
	std::uint32_t exists = 0;
	std::uint64_t highestModSeq = 0;
	bool noModSeq = false;         ///< NOMODSEQ, or no HIGHESTMODSEQ at all (no CONDSTORE)
	bool readOnly = false;         ///< the server answered [READ-ONLY]
	bool qresync = false;          ///< the QRESYNC parameter was sent
	bool uidValidityChanged = false; ///< differs from SelectOptions::uidValidity (when given)
	bool uidNextWentBack = false;  ///< UIDNEXT below knownUidNext or below what this session saw before
	UidSet vanished;               ///< VANISHED (EARLIER) in the QRESYNC reply
	std::vector<FetchData> changed;///< FETCH (UID FLAGS MODSEQ) in the QRESYNC reply
	std::vector<std::string> flags;
	std::vector<std::string> permanentFlags;
};

struct FetchModifiers
{
	std::uint64_t changedSince = 0; ///< CHANGEDSINCE (sent only with CONDSTORE)
	bool vanished = false;          ///< VANISHED (sent only once QRESYNC is enabled, with changedSince)
};

struct FetchResult
{
	bool expungeIssued = false;  ///< the server answered [EXPUNGEISSUED]: some asked-for messages are gone
	bool changedSinceSent = false;
	UidSet vanished;             ///< VANISHED (EARLIER) in the reply
};

struct AppendResult
{
	std::uint32_t uidValidity = 0; ///< 0 without UIDPLUS
	std::uint32_t uid = 0;         ///< the new message's UID; 0 without UIDPLUS
};

struct CopyResult
{
	std::uint32_t uidValidity = 0; ///< of the destination; 0 without UIDPLUS
	UidSet source;
	UidSet target;                 ///< in the same order as source
};

} } // namespace mailbridge::imap

#endif
