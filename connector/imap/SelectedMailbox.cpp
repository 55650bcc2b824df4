#include "connector/imap/SelectedMailbox.h"

namespace mailbridge {
namespace imap {

void SelectedMailbox::reset(const std::string& name)
{
	*this = SelectedMailbox();
	_name = name;
}

bool SelectedMailbox::apply(const Response& response)
{
	if (response.type == Response::Continuation) return false;
	const ResponseCode& code = response.code;
	if (code.name == "UIDVALIDITY")
	{
		if (_uidValidity != 0 && code.number != _uidValidity) _uidValidityChanged = true;
		_uidValidity = code.number;
	}
	else if (code.name == "UIDNEXT")
	{
		if (code.number < _uidNext) _uidNextWentBack = true;
		_uidNext = code.number;
	}
	else if (code.name == "HIGHESTMODSEQ")
	{
		_highestModSeq = code.modseq;
	}
	else if (code.name == "NOMODSEQ")
	{
		_noModSeq = true;
	}
	if (response.type != Response::Untagged || response.isStatus()) return false;

	if (response.kind == "EXISTS")
	{
		_exists = response.number;
		return true;
	}
	if (response.kind == "EXPUNGE")
	{
		if (_exists > 0) --_exists;
		_expungedSeqs.push_back(response.number);
		return true;
	}
	if (response.kind == "VANISHED")
	{
		// VANISHED (EARLIER) answers a QRESYNC/CHANGEDSINCE request and does
		// not change the message count; a plain VANISHED does.
		for (const auto& range: response.uids.ranges())
		{
			_vanished.add(range.first, range.second);
			if (!response.earlier)
			{
				std::uint64_t n = std::uint64_t(range.second) - range.first + 1;
				_exists = n >= _exists ? 0 : _exists - std::uint32_t(n);
			}
		}
		return true;
	}
	if (response.kind == "FETCH")
	{
		const FetchData& f = response.fetch;
		if (f.uid != 0 && f.hasFlags) _flagChanges[f.uid] = f.flags;
		if (f.modseq > _highestModSeq) _highestModSeq = f.modseq;
		return true;
	}
	return false;
}

void SelectedMailbox::takeChanges()
{
	_vanished = UidSet();
	_expungedSeqs.clear();
	_flagChanges.clear();
}

} } // namespace mailbridge::imap
