#include "connector/service/AtsStore.h"

namespace mailbridge {
namespace service {

AtsResources::AtsResources(const AtsBinding& binding):
	db(new mapping::OdbcConnection(binding.connectionString())),
	people(binding.people(*db)),
	writer(binding.activities(*db))
{
}

AtsStore::AtsStore(const AtsBinding& binding):
	AtsResources(binding),
	OdbcSyncStore(*AtsResources::db, *AtsResources::writer)
{
}

} } // namespace mailbridge::service
