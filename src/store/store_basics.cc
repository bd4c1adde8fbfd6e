// What both stores share and the PostgreSQL module (postgres_module.h)
// carries a copy of: entity kind names and the revision timestamp.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "store/store.h"

namespace chancery {

std::string_view kind_name(EntityKind kind) {
  switch (kind) {
    case EntityKind::kRecord: return "record";
    case EntityKind::kCollection: return "collection";
    case EntityKind::kPerson: return "person";
    case EntityKind::kTerm: return "term";
    case EntityKind::kAuthority: return "authority";
    case EntityKind::kAnnotation: return "annotation";
    case EntityKind::kScans: return "scans";
    case EntityKind::kAbout: return "about";
  }
  return "unknown";
}

std::optional<EntityKind> kind_from_name(std::string_view name) {
  for (EntityKind kind : {EntityKind::kRecord, EntityKind::kCollection, EntityKind::kPerson,
                          EntityKind::kTerm, EntityKind::kAuthority, EntityKind::kAnnotation,
                          EntityKind::kScans, EntityKind::kAbout}) {
    if (kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string utc_timestamp_now() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis));
  return buffer;
}

}  // namespace chancery
