// What the binary itself knows of PostgreSQL stores: telling their locations
// apart, and loading the module that opens them (store/postgres_module.h).
#include "store/postgres_store.h"

#include <string_view>

#include "store/postgres_module.h"
#include "util/hex.h"
#include "util/modules.h"

#ifndef CHANCERY_POSTGRES_MODULE_BUILT
#define CHANCERY_POSTGRES_MODULE_BUILT ""
#endif

namespace chancery {
namespace {

std::string uri_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

bool is_postgres_location(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

PostgresStoreOptions postgres_options_for(const std::string& location) {
  PostgresStoreOptions options;
  options.conninfo = location;
  const std::size_t question = location.find('?');
  if (question == std::string::npos) return options;
  std::string kept = location.substr(0, question);
  std::string query;
  std::string_view rest = std::string_view(location).substr(question + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    std::string_view piece = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (piece.starts_with("schema=")) {
      options.schema = uri_decode(piece.substr(7));
    } else if (!piece.empty()) {
      query += (query.empty() ? "" : "&") + std::string(piece);
    }
  }
  options.conninfo = query.empty() ? kept : kept + "?" + query;
  return options;
}

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresStoreOptions& options) {
  static const Result<const PostgresModule*> module = open_module<PostgresModule>(
      ModuleSpec{.file = "chancery-postgres.so",
                 .env_var = "CHANCERY_POSTGRES_MODULE",
                 .built_at = CHANCERY_POSTGRES_MODULE_BUILT,
                 .symbol = kPostgresModuleEntry,
                 .needed_for = "archives in PostgreSQL"},
      [](const PostgresModule& m) {
        return m.abi == kPostgresModuleAbi && m.options_size == sizeof(PostgresStoreOptions);
      });
  if (!module) return std::unexpected(module.error());
  return (*module)->open(options);
}

}  // namespace chancery
