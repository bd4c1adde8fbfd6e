// The entries of the persons lists an import stored (person records such as
// "frus1958-60v10p2/p_NI1" "Nagy, Imre"), for telling at query time whether a
// quoted name is a listed person's before `names link` has made authorities
// of them.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/record.h"
#include "names/person_name.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

class ListedPersons {
 public:
  // Indexes the names and variants of `persons` by family-name key.
  explicit ListedPersons(const std::vector<Person>& persons);

  // The family name of `name` as written there ({"Nagy"} for "Imre Nagy" and
  // for "Nagy Imre"; {"Gheorghiu", "Dej"} for "Gheorghe Gheorghiu-Dej") when
  // some reading of `name` (names::person_name_readings) gives forenames and
  // is compatible (names::names_compatible) with a listed name or variant that
  // gives forenames too; {} otherwise ("Secure Phone Call", "Nagy" alone).
  std::vector<std::string> family_name(std::string_view name) const;

  // Listed names and variants indexed.
  std::size_t spellings() const { return spellings_; }

 private:
  // family_key() -> readings of listed spellings that have forenames.
  std::unordered_map<std::string, std::vector<names::PersonName>> by_family_;
  std::size_t spellings_ = 0;
};

// Every live person record of `store` that has a name (one whose stored JSON
// is unreadable is left out, as `names link` leaves it out). Fails with
// kStorage when the store cannot be read.
Result<std::vector<Person>> load_listed_persons(Store& store);

}  // namespace chancery
