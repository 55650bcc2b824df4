#include "mapping/store/BounceMarker.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"

namespace mailbridge {
namespace mapping {

BounceMarker::BounceMarker(const Mapping& mapping, const Dialect& dialect):
	_mapping(mapping),
	_sql(mapping, dialect)
{
}

bool BounceMarker::mark(OdbcConnection& db, const sync::PersonRef& person)
{
	const BounceAction& action = _mapping.bounce;
	if (!action.present || (!action.people.empty() && action.people != person.table)) return false;
	const PeopleTable* table = _mapping.findPeople(person.table);
	if (!table || person.address.empty()) return false;
	const SqlStatement update = _sql.bounceUpdate(*table);
	ParamBinder p;
	p.text("value", action.value);
	p.text("a1", person.address);
	p.text("p1", "%;" + person.address + ";%");
	try
	{
		p.execute(db.session(), update);
	}
	catch (std::exception& exc)
	{
		OdbcConnection::translate(exc, update.text);
	}
	return true;
}

} } // namespace mailbridge::mapping
