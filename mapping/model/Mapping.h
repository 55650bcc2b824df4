//
// Mapping.h
//
// The validated mapping file: how the ATS's own tables are read and written.
// Plain data, filled by MappingValidator; every part keeps the line of the
// element it came from, so later checks against the database can point at it.
//

#ifndef MB_Mapping_Mapping_INCLUDED
#define MB_Mapping_Mapping_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

struct SourcePos
	/// Where an element starts in the mapping file.
{
	int line = 0;
	int column = 0;
};

struct ConnectionSpec
{
	SourcePos pos;
	std::string dsn;               ///< an ODBC data source name, or
	std::string connectionString;  ///< a full SQLDriverConnect string
	std::string user;
	std::string passwordEnv;       ///< the environment variable holding the password
	std::string passwordFile;      ///< a file holding the password (first line)
	std::string password;          ///< inline, only with allow-inline-password="yes"
	std::string dialect;           ///< "" = detect from the driver, else a Dialect::fromName() name
};

struct EmailColumn
{
	SourcePos pos;
	std::string column;
	std::string separator;  ///< "" = one address per value; else ";" or "," between addresses
};


enum class ValueKind
	/// What a column's value is made of.
{
	Constant,
	Subject, Text, Html, From, FromName, To, Cc, Date, MessageId, Direction,
	MessageKind, ImapUrl, Size, AttachmentCount, Mailbox, Folder,
	PersonKey, PersonKind, PersonTable, PersonAddress, PersonOwnerKey,
	OwnerUserKey, ParentKey, Now,
	// a person created for an unknown sender only
	FromFirstName, FromLastName,
	// documents only
	ActivityKey, FileName, ContentType, Content, FilePath, FileSize,
	PerDirection  ///< inValue for inbound mail, outValue for outbound; a kind's own value first
};

struct ValueExpression
{
	SourcePos pos;
	std::string column;             ///< the target column
	ValueKind kind = ValueKind::Constant;
	std::string constant;           ///< for Constant
	bool isNull = false;            ///< constant NULL
	std::string inValue, outValue;  ///< for PerDirection
	/// For PerDirection, optional: the value for mail of that kind, whatever
	/// its direction (bulk = log and auto_reply = log give them their own
	/// activity type; a bounce's activity likewise). Unset: in/out.
	bool hasBulkValue = false, hasAutoReplyValue = false, hasBounceValue = false;
	std::string bulkValue, autoReplyValue, bounceValue;
	std::string dateFormat;         ///< Poco DateTimeFormatter format; "" = bind a timestamp
	std::string timeZone;           ///< "utc" (default), "local", or a fixed offset "+hh:mm"
	std::size_t maxWidth = 0;       ///< 0 = no limit; counted in characters
	std::string truncationMarker;   ///< appended when a value is cut (counts in maxWidth)
	std::string codePage;           ///< "" = UTF-8; else latin1 / windows-1252
};

enum class KeyGeneration
{
	Identity,  ///< the database makes the key; read back per dialect
	Sequence,  ///< a named sequence's next value
	Counter,   ///< a row in a counters table, UPDATE next = next + 1 then read back
	Guid,      ///< mailbridge makes a UUID
	None       ///< no generated key (a column value or nothing identifies the row)
};

struct KeySpec
{
	SourcePos pos;
	std::string column;
	KeyGeneration generation = KeyGeneration::Identity;
	std::string sequence;
	std::string countersTable;
	std::string countersNameColumn;
	std::string countersName;        ///< the counters row for this table
	std::string countersValueColumn;
	std::string prefix;              ///< for CHAR keys: prefix + zero-padded number
	std::size_t width = 0;           ///< zero padding of the number, 0 = none
};

struct PersonCreate
	/// How a person row is made for an unknown sender (unknown_sender =
	/// create): the key's generation and the columns' values, as for an
	/// activity. Its key column is the people table's key.
{
	SourcePos pos;
	bool present = false;
	KeySpec key;
	std::vector<ValueExpression> columns;
};

struct PeopleTable
{
	SourcePos pos;
	std::string name;                  ///< the name activities and bounces refer to (defaults to table)
	std::string table;                 ///< possibly schema-qualified
	std::string kind;                  ///< the label activity values can use (e.g. "C")
	std::vector<std::string> keyColumns;
	std::vector<EmailColumn> emails;
	std::string displayNameColumn;
	std::string displayNameExpression; ///< SQL written by the DBA, used instead of a column
	std::string filter;                ///< SQL condition written by the DBA
	std::string ownerColumn;
	std::string doNotLogColumn;
	std::vector<std::string> doNotLogValues;  ///< values (as text) meaning "do not log"
	bool newestOnly = false;           ///< several rows with one address: keep the newest only
	std::string newestColumn;          ///< what "newest" is ordered by; defaults to the first key column
	bool ownerFirst = false;           ///< several rows with one address: keep the mailbox owner's (several="owner"); none of them: all
	PersonCreate create;               ///< <create>: how a new person is inserted
};

struct ActivitiesTable
{
	SourcePos pos;
	std::string table;
	KeySpec key;
	std::vector<ValueExpression> columns;
	std::string atsTimeZone;  ///< the default for time-zone="ats": "local" or "+hh:mm"
};

struct DocumentsTable
{
	SourcePos pos;
	bool present = false;
	std::string table;
	std::string storage;                  ///< "blob" or "file"
	std::string folder;                   ///< for file storage: files are written under it
	std::vector<std::string> contentTypes;  ///< empty = any; "application/pdf", "image/*"
	std::size_t maxSize = 0;              ///< 0 = no limit
	KeySpec key;
	std::vector<ValueExpression> columns;
};

struct UsersTable
{
	SourcePos pos;
	bool present = false;
	std::string table;
	std::string keyColumn;
	std::string addressColumn;
	std::string separator;
	std::string filter;
	std::string displayNameColumn;  ///< the recruiter's name for From; "" = none
};

struct OutboundMark
	/// How a queue row is marked: a generated UPDATE (column = value, plus
	/// the Message-ID or reason columns), or a statement the DBA wrote with
	/// :id, :message_id and :reason placeholders.
{
	SourcePos pos;
	std::string state;          ///< "sending", "sent" or "failed"
	std::string column;
	std::string value;
	std::string messageIdColumn;
	std::string reasonColumn;
	std::string sql;
};

struct OutboundField
{
	SourcePos pos;
	std::string name;    ///< to, cc, bcc, subject, text, html, from-user, person, send-at, attachments
	std::string column;  ///< in the queue table or the query's result
};

struct OutboundQueue
{
	SourcePos pos;
	bool present = false;
	std::string table;   ///< either a table ...
	std::string query;   ///< ... or a SELECT the DBA wrote
	std::string keyColumn;
	std::string filter;
	std::vector<OutboundField> fields;
	std::vector<OutboundMark> marks;
};

struct DeletedActivities
	/// How an activity deleted (or flagged for deletion) in the ATS is told
	/// apart: its row has column = value, or matches filter, or (with
	/// rowGone) is no longer there.
{
	SourcePos pos;
	bool present = false;
	std::string column;
	std::string value;
	std::string filter;   ///< SQL condition written by the DBA, on the activities table
	bool rowGone = false;
};

struct BounceAction
{
	SourcePos pos;
	bool present = false;
	std::string people;  ///< a people table name; "" = every people table
	std::string column;
	std::string value;
};

struct Mapping
{
	std::string file;
	ConnectionSpec connection;
	std::vector<PeopleTable> people;
	ActivitiesTable activities;
	DocumentsTable documents;
	UsersTable users;
	OutboundQueue outbound;
	BounceAction bounce;
	DeletedActivities deleted;

	const PeopleTable* findPeople(const std::string& name) const
	{
		for (const auto& p: people) if (p.name == name) return &p;
		return nullptr;
	}

	const PeopleTable* createTable() const
		/// The people table new people are created in, or null.
	{
		for (const auto& p: people) if (p.create.present) return &p;
		return nullptr;
	}
};

struct ValueName
	/// A value="..." name and where it may be used.
{
	const char* name;
	ValueKind kind;
	bool activities;
	bool documents;
	bool create = false;  ///< in a <people> table's <create>
};

const std::vector<ValueName>& valueNames();
	/// Every value="..." name, in the order the documentation lists them.

const char* toString(ValueKind kind);
	/// The name used in the mapping file's value="..." attribute.

const char* toString(KeyGeneration generation);

} } // namespace mailbridge::mapping

#endif
