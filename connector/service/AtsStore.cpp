#include "connector/service/AtsStore.h"

namespace mailbridge {
namespace service {

AtsResources::AtsResources(const AtsBinding& binding, const std::string& imapHost):
	db(new mapping::OdbcConnection(binding.connectionString())),
	people(binding.people(*db)),
	writer(binding.activities(*db, imapHost)),
	bounces(binding.bounces(*db))
{
}

AtsStore::AtsStore(const AtsBinding& binding, const std::string& imapHost):
	AtsResources(binding, imapHost),
	OdbcSyncStore(*AtsResources::db, *AtsResources::writer, AtsResources::bounces.get())
{
}

} } // namespace mailbridge::service
