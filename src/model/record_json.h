// Lossless JSON form of the model: what the store keeps and `export --format json` writes.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

nlohmann::json to_json(const Record& record);
nlohmann::json to_json(const Collection& collection);
nlohmann::json to_json(const Person& person);
nlohmann::json to_json(const Term& term);

// Inverse of to_json; fails with kInvalidInput on a missing or mistyped field.
// record_from_json(to_json(r)) == r for every Record r.
Result<Record> record_from_json(const nlohmann::json& j);
Result<Collection> collection_from_json(const nlohmann::json& j);
Result<Person> person_from_json(const nlohmann::json& j);
Result<Term> term_from_json(const nlohmann::json& j);

// Canonical serialisation (sorted keys, no whitespace): equal records give equal bytes.
std::string canonical_json(const Record& record);

}  // namespace chancery
