//
// MessageGenerator.h
//
// Realistic mail for a recruiter's mailbox, reproducible from a seed: about
// 5 KB per message, From/To/Cc among a set of candidates (the ATS's people)
// and others (unknown senders, colleagues, newsletters), unique Message-IDs,
// replies carrying In-Reply-To and References, some HTML, some
// quoted-printable, some encoded words.
//

#ifndef MB_Bench_MessageGenerator_INCLUDED
#define MB_Bench_MessageGenerator_INCLUDED

#include <cstdint>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace mailbridge {
namespace bench {

struct Candidate
{
	std::string firstName;
	std::string lastName;
	std::string email;
	std::string email2;  ///< empty for most
};

struct GeneratedMessage
{
	std::string raw;        ///< CRLF line ends
	std::string messageId;  ///< without angle brackets
	std::time_t date = 0;
};

class MessageGenerator
{
public:
	MessageGenerator(const std::string& mailbox, const std::string& tag, std::size_t candidates, unsigned seed);
		/// `tag` goes into every Message-ID, so runs never share one.

	const std::vector<Candidate>& candidates() const { return _candidates; }

	GeneratedMessage next(std::time_t date);
		/// One message of the backfill mix: mostly mail with a candidate
		/// (in and out), the rest unknown senders, colleagues, newsletters
		/// and auto-replies.

	GeneratedMessage fromCandidate(std::size_t index, std::time_t date);
		/// A plain message from candidate `index` to the mailbox.

private:
	std::string address(const Candidate& c);
	std::string body(std::size_t bytes);
	std::string messageId(const std::string& domain);
	std::string headers(const std::string& from, const std::string& to, const std::string& cc, const std::string& subject,
		const std::string& id, std::time_t date, const std::string& inReplyTo);
	std::string textPart(std::size_t bytes, bool quotedPrintable);
	std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(_random); }
	bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(_random) < p; }

	std::string _mailbox;
	std::string _tag;
	std::mt19937 _random;
	std::vector<Candidate> _candidates;
	std::vector<std::string> _lastIdOf;  ///< per candidate: the last message of the conversation
	std::vector<std::string> _lastSubjectOf;
	std::uint64_t _serial = 0;
};

} } // namespace mailbridge::bench

#endif
