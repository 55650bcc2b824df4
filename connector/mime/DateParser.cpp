//
// DateParser.cpp
//
// Tokens are read in any order: a month name, numbers (day, year), a time
// "h:m[:s]", and a zone ("+hhmm" or a name). This also covers asctime
// ("Tue Jan  3 10:00:00 2005") and day/month swaps written by broken software.
//

#include "connector/mime/DateParser.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace mailbridge {
namespace mime {

namespace {

struct Zone
{
	const char* name;
	int minutes;
};

const Zone ZONES[] = {
	{"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
	{"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
	// Not in RFC 5322, but seen in Date headers without a numeric zone.
	{"cet", 60}, {"cest", 120}, {"met", 60}, {"mest", 120}, {"eet", 120}, {"eest", 180}, {"wet", 0},
	{"west", 60}, {"bst", 60}, {"jst", 540}, {"kst", 540}, {"hkt", 480}, {"akst", -540}, {"akdt", -480},
	{"hst", -600}, {"ast", -240}, {"adt", -180}, {"nzst", 720}, {"nzdt", 780}, {"aest", 600}, {"aedt", 660},
};

const char* MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

bool isDigit(char c)
{
	return c >= '0' && c <= '9';
}

bool isAlpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::int64_t daysFromCivil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = static_cast<unsigned>(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int daysInMonth(int y, int m)
{
	static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return DAYS[m - 1];
}

} // namespace

bool DateParser::parse(std::string_view t, Poco::Timestamp& when, int& zoneOffsetMinutes)
{
	int day = -1, month = -1, year = -1, hour = -1, minute = -1, second = 0;
	int zone = 0;
	bool numericZone = false, namedZone = false;
	int numbers[4];
	int numberDigits[4];
	int numberCount = 0;

	std::size_t i = 0;
	const std::size_t n = t.size();
	while (i < n)
	{
		char c = t[i];
		if (c == '(')
		{
			int depth = 0;
			while (i < n)
			{
				if (t[i] == '(') ++depth;
				else if (t[i] == ')' && --depth == 0) break;
				++i;
			}
			++i;
			continue;
		}
		if ((c == '+' || c == '-') && i + 1 < n && isDigit(t[i + 1]) && hour >= 0 && !numericZone)
		{
			std::size_t j = i + 1;
			int v = 0, digits = 0;
			while (j < n && isDigit(t[j]) && digits < 4)
			{
				v = v * 10 + (t[j] - '0');
				++j;
				++digits;
			}
			int minutes;
			if (digits == 4) minutes = (v / 100) * 60 + v % 100;
			else if (digits <= 2 && j < n && t[j] == ':' && j + 2 < n + 0 && isDigit(t[j + 1]) && isDigit(t[j + 2]))
			{
				minutes = v * 60 + (t[j + 1] - '0') * 10 + (t[j + 2] - '0');
				j += 3;
			}
			else if (digits <= 2) minutes = v * 60;
			else minutes = -1;
			if (minutes >= 0 && minutes < 24 * 60)
			{
				zone = c == '-' ? -minutes : minutes;
				numericZone = true;
			}
			i = j;
			continue;
		}
		if (isDigit(c))
		{
			std::size_t j = i;
			int v = 0, digits = 0;
			while (j < n && isDigit(t[j]))
			{
				if (digits < 9) v = v * 10 + (t[j] - '0');
				++j;
				++digits;
			}
			if (j < n && t[j] == ':' && hour < 0 && digits <= 2)
			{
				// Time of day: h:m or h:m:s (also h.m.s from some software).
				hour = v;
				std::size_t k = j + 1;
				int mm = 0, md = 0;
				while (k < n && isDigit(t[k]) && md < 2) { mm = mm * 10 + (t[k] - '0'); ++k; ++md; }
				if (md == 0) return false;
				minute = mm;
				if (k < n && t[k] == ':')
				{
					int ss = 0, sd = 0;
					++k;
					while (k < n && isDigit(t[k]) && sd < 2) { ss = ss * 10 + (t[k] - '0'); ++k; ++sd; }
					second = ss;
					if (k < n && t[k] == '.') { ++k; while (k < n && isDigit(t[k])) ++k; }
				}
				i = k;
				continue;
			}
			if (digits == 4 && j < n && t[j] == '-' && year < 0 && month < 0)
			{
				// ISO 8601 "2005-01-03[T ]..."
				std::size_t k = j + 1;
				int mo = 0, md = 0, dd = 0, dd2 = 0;
				while (k < n && isDigit(t[k]) && md < 2) { mo = mo * 10 + (t[k] - '0'); ++k; ++md; }
				if (md == 0 || k >= n || t[k] != '-') return false;
				++k;
				while (k < n && isDigit(t[k]) && dd2 < 2) { dd = dd * 10 + (t[k] - '0'); ++k; ++dd2; }
				if (dd2 == 0) return false;
				year = v;
				month = mo;
				day = dd;
				if (k < n && (t[k] == 'T' || t[k] == 't')) ++k;
				i = k;
				continue;
			}
			if (numberCount < 4)
			{
				numbers[numberCount] = v;
				numberDigits[numberCount] = digits;
				++numberCount;
			}
			i = j;
			continue;
		}
		if (isAlpha(c))
		{
			std::size_t j = i;
			std::string word;
			while (j < n && isAlpha(t[j]))
			{
				if (word.size() < 16) word.push_back(static_cast<char>(t[j] | 0x20));
				++j;
			}
			bool done = false;
			if (month < 0 && word.size() >= 3)
			{
				for (int m = 0; m < 12; ++m)
				{
					if (word.compare(0, 3, MONTHS[m]) == 0)
					{
						month = m + 1;
						done = true;
						break;
					}
				}
			}
			if (!done && !numericZone && !namedZone && hour >= 0)
			{
				for (const Zone& z: ZONES)
				{
					if (word == z.name)
					{
						zone = z.minutes;
						namedZone = true;
						done = true;
						break;
					}
				}
				if (!done && word.size() == 1 && word[0] != 'j') namedZone = true;  // military: no information
			}
			if (word == "pm" && hour >= 0 && hour < 12) hour += 12;
			else if (word == "am" && hour == 12) hour = 0;
			i = j;
			continue;
		}
		++i;
	}

	// Numbers left over: day and year.
	for (int k = 0; k < numberCount; ++k)
	{
		int v = numbers[k];
		if (day < 0 && numberDigits[k] <= 2 && v >= 1 && v <= 31) day = v;
		else if (year < 0) year = v;
		else if (month < 0 && day >= 1 && day <= 12 && v <= 31)
		{
			// "1/2/2005"-like without a month name: not worth guessing.
			return false;
		}
	}
	if (day < 0 || month < 0 || year < 0 || hour < 0) return false;
	if (year < 50 && year >= 0 && year < 100) year += 2000;
	else if (year < 1000) year += 1900;
	if (year < 1900 || year > 9999) return false;
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
	if (hour > 23 || minute > 59 || second > 60) return false;
	if (second == 60) second = 59;

	std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
	std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(zone) * 60;
	when = Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(seconds) * 1000000);
	zoneOffsetMinutes = zone;
	return true;
}

} } // namespace mailbridge::mime
