#include "store/store.h"

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace chancery {

std::string_view kind_name(EntityKind kind) {
  switch (kind) {
    case EntityKind::kRecord: return "record";
    case EntityKind::kCollection: return "collection";
    case EntityKind::kPerson: return "person";
    case EntityKind::kTerm: return "term";
    case EntityKind::kAuthority: return "authority";
  }
  return "unknown";
}

std::optional<EntityKind> kind_from_name(std::string_view name) {
  for (EntityKind kind : {EntityKind::kRecord, EntityKind::kCollection, EntityKind::kPerson,
                          EntityKind::kTerm, EntityKind::kAuthority}) {
    if (kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, bool read_only) {
  if (is_postgres_location(location)) {
    PostgresStoreOptions options = postgres_options_for(location);
    options.read_only = read_only;
    return open_postgres_store(options);
  }
  return open_sqlite_store(std::filesystem::path(location), read_only);
}

}  // namespace chancery
