#include "archive/listed_persons.h"

#include <algorithm>

#include "model/record_json.h"

namespace chancery {

ListedPersons::ListedPersons(const std::vector<Person>& persons) {
  auto add = [this](std::string_view spelling) {
    ++spellings_;
    for (names::PersonName& reading : names::person_name_readings(spelling)) {
      if (reading.forenames.empty()) continue;
      std::string key = names::family_key(reading);
      if (key.empty()) continue;
      auto& readings = by_family_[key];
      if (std::find(readings.begin(), readings.end(), reading) == readings.end()) readings.push_back(std::move(reading));
    }
  };
  for (const Person& person : persons) {
    if (!person.name.empty()) add(person.name);
    for (const std::string& variant : person.variants) add(variant);
  }
}

std::vector<std::string> ListedPersons::family_name(std::string_view name) const {
  for (const names::PersonName& reading : names::person_name_readings(name)) {
    if (reading.forenames.empty()) continue;
    auto it = by_family_.find(names::family_key(reading));
    if (it == by_family_.end()) continue;
    for (const names::PersonName& listed : it->second) {
      if (names::names_compatible(listed, reading)) return reading.family;
    }
  }
  return {};
}

Result<std::vector<Person>> load_listed_persons(Store& store) {
  std::vector<Person> out;
  auto walked = store.for_each(EntityKind::kPerson, [&](const Revision& revision) {
    // Skipped like `names link` skips it; `chancery check` reports it.
    auto person = person_from_json_text(revision.json);
    if (person && !person->name.empty()) out.push_back(std::move(*person));
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  return out;
}

}  // namespace chancery
