//
// Response.h
//
// One complete, typed IMAP server response (RFC 3501/9051 and the
// extensions mailbridge uses), as the ResponseParser produces it.
//

#ifndef MB_Imap_Response_INCLUDED
#define MB_Imap_Response_INCLUDED

#include "connector/imap/protocol/UidSet.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

struct Item
	/// A generic value of the IMAP grammar, kept for what has no typed field
	/// (BODYSTRUCTURE, ENVELOPE, unknown data).
{
	enum Kind { Atom, String, Nil, List };
	Kind kind = Atom;
	std::string text;            ///< atom or string contents
	std::vector<Item> children;  ///< list members

	bool isNil() const { return kind == Nil; }
	const Item* at(std::size_t i) const { return i < children.size() ? &children[i] : nullptr; }
};

struct ResponseCode
	/// The [CODE args] of a status response.
{
	std::string name;              ///< uppercased, e.g. "UIDVALIDITY"; empty when none
	std::string text;              ///< the raw arguments
	std::uint32_t number = 0;      ///< UIDVALIDITY, UIDNEXT, APPENDUID/COPYUID validity
	std::uint64_t modseq = 0;      ///< HIGHESTMODSEQ
	UidSet uids;                   ///< APPENDUID uids, COPYUID source
	UidSet targetUids;             ///< COPYUID destination
	std::vector<std::string> list; ///< CAPABILITY, PERMANENTFLAGS
};

struct ListEntry
{
	std::vector<std::string> attributes;  ///< as sent, e.g. "\\Sent", "\\HasNoChildren"
	char delimiter = 0;                   ///< 0 for NIL
	std::string name;                     ///< decoded to UTF-8 (modified UTF-7 or UTF8=ACCEPT)
	std::string rawName;                  ///< as the server sent it, for commands

	bool has(const std::string& attribute) const;
		/// Case-insensitive attribute test.
};

struct StatusEntry
{
	std::string mailbox;
	std::map<std::string, std::uint64_t> values;  ///< MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ
};

struct BodySection
{
	std::string section;       ///< "" for BODY[], "HEADER.FIELDS (MESSAGE-ID)" ...
	std::uint32_t origin = 0;  ///< the <origin> of a partial fetch
	bool nil = false;          ///< BODY[] NIL
	bool sunk = false;         ///< the bytes went to the literal sink
	std::uint64_t size = 0;
	std::string data;          ///< the bytes, unless sunk
};

struct FetchData
{
	std::uint32_t seq = 0;
	std::uint32_t uid = 0;
	bool hasFlags = false;
	std::vector<std::string> flags;
	std::string internalDate;   ///< as sent: "17-Jul-1996 02:44:25 -0700"
	std::uint64_t size = 0;     ///< RFC822.SIZE
	std::uint64_t modseq = 0;
	std::vector<BodySection> sections;
	std::shared_ptr<Item> bodyStructure;
	std::shared_ptr<Item> envelope;
	std::uint64_t gmMsgId = 0;
	std::uint64_t gmThrId = 0;
	std::vector<std::string> gmLabels;

	const BodySection* section(const std::string& name) const;
};

struct Response
{
	enum Type { Tagged, Untagged, Continuation };
	Type type = Untagged;
	std::string tag;         ///< for Tagged
	std::string status;      ///< OK, NO, BAD, BYE, PREAUTH; empty for data
	ResponseCode code;
	std::string text;        ///< human-readable text after the code
	std::string kind;        ///< data kind: CAPABILITY, LIST, LSUB, STATUS, EXISTS, RECENT, EXPUNGE, FETCH,
	                         ///< SEARCH, ESEARCH, VANISHED, ENABLED, FLAGS, NAMESPACE, ID, or the unknown atom
	std::uint32_t number = 0;   ///< n EXISTS / EXPUNGE / FETCH
	std::vector<std::string> words;  ///< CAPABILITY, ENABLED, FLAGS
	UidSet uids;             ///< SEARCH, ESEARCH ALL, VANISHED
	std::uint64_t modseq = 0;///< SEARCH/ESEARCH MODSEQ
	bool earlier = false;    ///< VANISHED (EARLIER)
	std::map<std::string, std::string> esearch;  ///< MIN, MAX, COUNT ...
	std::string esearchTag;
	ListEntry list;
	StatusEntry statusData;
	FetchData fetch;
	std::vector<Item> items; ///< what followed an unknown kind
	std::string line;        ///< the response with literals elided, for logs and errors

	bool isStatus() const { return !status.empty(); }
	bool ok() const { return status == "OK"; }
};

} } // namespace mailbridge::imap

#endif
