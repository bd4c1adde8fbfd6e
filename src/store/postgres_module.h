// The boundary between the chancery binary and its PostgreSQL module,
// chancery-postgres.so (src/store/postgres/): open_postgres_store()
// (postgres_store.h) loads it on first use, so that only a process that opens
// an archive in PostgreSQL loads libpq and its libraries. Built from the same
// tree by the same compiler as the binary; kPostgresModuleAbi changes with any
// change here or to the Store interface, and the loader refuses a module of
// another version.
#pragma once

#include <cstddef>
#include <memory>

#include "store/postgres_store.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

inline constexpr int kPostgresModuleAbi = 1;

struct PostgresModule {
  int abi = 0;
  std::size_t options_size = 0;   // sizeof(PostgresStoreOptions) where the module was built
  Result<std::unique_ptr<Store>> (*open)(const PostgresStoreOptions& options) = nullptr;
};

// The module's one exported symbol.
inline constexpr const char* kPostgresModuleEntry = "chancery_postgres_module";

}  // namespace chancery
