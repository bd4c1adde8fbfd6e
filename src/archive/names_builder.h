// Building authority records from source entries: each entry (a persons-list
// entry, a POCOM person, a people field, a footnote; an organisation or place
// field) either joins the authority it already belongs to, or one whose names
// are compatible and whose dates agree, or starts a new authority.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive/names_authority.h"

namespace chancery {

struct SourceEntry {
  // "person", "organisation" or "place". Persons join by compatible names
  // (names_compatible) and dates; organisations and places only by a same
  // spelling (case, diacritics and punctuation ignored) of the same kind.
  std::string kind = "person";
  std::string external_id;            // "frus1955-57v25/p_KNS1", "pocom/..."; "" for fields and footnotes
  std::string name;                   // as listed: "Khrushchev, Nikita S."
  std::vector<std::string> variants;  // other spellings the source gives
  std::string same_as;                // the external id of the entry this one is another name of (Person::same_as)
  std::string source;                 // variant source: "frus1955-57v25", "pocom", "footnote:117079#fn3"
  std::string identification;         // what the source says the person was
  int birth_year = 0;
  int death_year = 0;
  int from_year = 0;                  // years the source speaks of (a FRUS volume's coverage)
  int to_year = 0;
  std::vector<AuthorityRole> roles;
  bool authoritative = false;         // POCOM: its name becomes the preferred name
  bool only_if_new = false;           // people fields: never add a variant to an existing authority
};

// Whether `spelling`, a person's name as a linked text wrote it ("A. A.
// Epishev", "Anatoli Shcharanskiy"), may become a variant of person `a`: a
// name as running text writes one (two to five words, each capitalised and
// none in capitals throughout as a cable's caption is, no comma, digit,
// possessive or month's name), whose family name has the key of a spelling
// of `a` that no linked text gave, and whose forenames fit that spelling's
// one by one from the first, each beginning with the same letter ("Vera B."
// for "Vira B."; not "Jim" for "Richard Eugene", "Fritz" for "John F.",
// "Herbert" for "Robert" or "C. Robert"), initials alone two or more ("A.
// A. Epishev", not "S. With"). A text spelling that fails this is no name of
// `a` ("GOAL WITH", "Ecuador, Brazil", "Jim Hoagland").
bool text_spelling_fits(const Authority& a, std::string_view spelling);

class AuthorityBuilder {
 public:
  // Starts from the authorities already stored (redirects included).
  explicit AuthorityBuilder(std::vector<Authority> existing);

  // Applies one entry; returns the id of the authority it joined or created.
  std::string add(const SourceEntry& entry);
  // The authority with this id (following merges), or nullptr.
  Authority* find(const std::string& id);

  // Authorities created or changed since construction.
  std::vector<const Authority*> changed() const;
  std::size_t created() const { return created_; }
  std::size_t live() const;

 private:
  std::size_t create(const SourceEntry& entry);
  void apply(std::size_t index, const SourceEntry& entry);
  void index_names(std::size_t index);
  bool dates_agree(const Authority& a, const SourceEntry& e) const;
  std::vector<std::size_t> candidates(const SourceEntry& e) const;

  std::vector<Authority> all_;
  std::vector<Authority> original_;   // as loaded, to tell what changed
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::size_t> by_external_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_family_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_spelling_;  // kind + ' ' + folded spelling
  std::size_t created_ = 0;
};

}  // namespace chancery
