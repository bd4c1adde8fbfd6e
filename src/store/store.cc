#include "store/store.h"

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace chancery {

Result<std::unique_ptr<Store>> open_store(const std::string& location, bool read_only) {
  if (is_postgres_location(location)) {
    PostgresStoreOptions options = postgres_options_for(location);
    options.read_only = read_only;
    return open_postgres_store(options);
  }
  return open_sqlite_store(std::filesystem::path(location), read_only);
}

}  // namespace chancery
