#include "store/store.h"

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

}  // namespace chancery
