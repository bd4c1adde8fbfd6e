// Authority records: one person, organisation or place, under every name the
// sources give it. Stored in the archive as EntityKind::kAuthority entities
// (revisioned like everything else), JSON as below.
//
// An authority is built from source entries (a FRUS persons-list entry, a
// POCOM person, a record's people field, a footnote) and keeps where each of
// its variant spellings came from. Merging keeps both ids resolvable: the
// absorbed record becomes a redirect (`merged_into`) and its content is kept
// inside the survivor, so splitting restores it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/error.h"

namespace chancery {

// One spelling and where it is recorded.
struct AuthorityVariant {
  std::string name;     // "Chruschtschow", "A. A. Epishev", "Malnasanu"
  // "frus1955-57v25" (persons list), "pocom", "import:117079" (people field),
  // "footnote:117079#fn3", "text:117079" (spelling seen in a linked mention),
  // "editor:NAME"
  std::string source;
  std::string origin;   // the authority id it came with, when merged in; "" otherwise
  bool operator==(const AuthorityVariant&) const = default;
};

struct AuthorityRole {
  std::string title;    // "Ambassador to the Soviet Union", "First Secretary of ..."
  std::string from;     // ISO date or year; "" unknown
  std::string to;
  std::string source;
  bool operator==(const AuthorityRole&) const = default;
};

struct Authority {
  std::string id;                  // "person/khrushchev-nikita-sergeyevich"
  std::string kind = "person";     // "person", "organisation", "place"
  std::string name;                // preferred: "Khrushchev, Nikita Sergeyevich"
  std::vector<AuthorityVariant> variants;
  int birth_year = 0;              // 0 unknown
  int death_year = 0;
  std::string identification;      // "First Secretary of the Central Committee ..."
  std::vector<AuthorityRole> roles;
  // Source entries and external ids: "frus1955-57v25/p_KNS1", "pocom/bohlen-charles-eustis".
  std::vector<std::string> external_ids;
  // Redirect: this id was merged into `merged_into`; nothing else is meaningful.
  std::string merged_into;
  // Authorities merged into this one, as they were (for split).
  std::vector<nlohmann::json> absorbed;
  bool operator==(const Authority&) const = default;

  // Every spelling: the preferred name, then the variants.
  std::vector<std::string> spellings() const;
  // True if `spelling` (compared folded, case and diacritics ignored) is recorded.
  bool has_spelling(std::string_view spelling) const;
  // Adds `name` as a variant unless that spelling is already recorded; true if added.
  bool add_variant(std::string name, std::string source, std::string origin = {});
  // Adds an external id unless present.
  void add_external_id(const std::string& id);
};

nlohmann::json to_json(const Authority& authority);
// Fails with kInvalidInput when `j` is not an authority object.
Result<Authority> authority_from_json(const nlohmann::json& j);

// A readable, stable id for a new authority: "person/" + the folded name's
// letters and digits joined by '-': "Khrushchev, Nikita S." -> "person/khrushchev-nikita-s".
std::string authority_slug(std::string_view kind, std::string_view name);

}  // namespace chancery
