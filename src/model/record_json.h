// Lossless JSON form of the model: what the store keeps and `export --format json` writes.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

nlohmann::json to_json(const Record& record);
nlohmann::json to_json(const Collection& collection);
nlohmann::json to_json(const Person& person);
nlohmann::json to_json(const Term& term);
nlohmann::json to_json(const CollectionAbout& about);

// Inverse of to_json; fails with kInvalidInput on a missing or mistyped field.
// Only "id" is required; any other absent field is left empty, so hand-written
// or older exports load. A present field of the wrong type is an error.
// record_from_json(to_json(r)) == r for every Record r.
Result<Record> record_from_json(const nlohmann::json& j);
Result<Collection> collection_from_json(const nlohmann::json& j);
Result<Person> person_from_json(const nlohmann::json& j);
Result<Term> term_from_json(const nlohmann::json& j);
Result<CollectionAbout> about_from_json(const nlohmann::json& j);

// The same from JSON text, parsed with simdjson: how entities are read back
// from the store (an nlohmann tree of a 15 KB record took about 150 µs, most
// of a document page; simdjson takes under 10). Text that is not JSON fails
// with kInvalidInput ("record: unreadable JSON (...)"). Where the text repeats
// a key, these read its first value and the tree reader its last; the store
// never repeats one.
Result<Record> record_from_json_text(std::string_view text);
Result<Collection> collection_from_json_text(std::string_view text);
Result<Person> person_from_json_text(std::string_view text);
Result<Term> term_from_json_text(std::string_view text);
Result<CollectionAbout> about_from_json_text(std::string_view text);
// Its texts alone (AboutParts::kTextsOnly, model/record.h): `index` left
// empty, index_size and index_note set.
Result<CollectionAbout> about_texts_from_json_text(std::string_view text);

// The JSON file format of `export --format json` and of JSON import:
//   {"chancery_export": 1, "records": [...], "collections": [...],
//    "persons": [...], "terms": [...], "annotations": [...]}
// Each array holds to_json objects (annotation_json for annotations).
// unit_to_json writes the first four arrays (empty ones too) and
// "annotations" when there are any; ImportUnit::path and ::warnings are not part of the format.
inline constexpr int kChanceryExportVersion = 1;
nlohmann::json unit_to_json(const ImportUnit& unit);

// Inverse of unit_to_json. Fails (kInvalidInput) when the object has no
// integer "chancery_export", an unsupported version, or a malformed entry (the
// message names it: "records[3]: record 117079: field \"title\" is not a string").
// Absent arrays are empty.
Result<ImportUnit> unit_from_json(const nlohmann::json& j);

// Where some bytes lie in a JSON text: [begin, end).
struct JsonSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Canonical serialisation (sorted keys, no whitespace): equal records give equal bytes.
// With `original`, also where the contents of the "original" string lie (the
// bytes between its quotes): what a store may keep apart (EntityMeta::
// detachable_begin).
std::string canonical_json(const Record& record, JsonSpan* original = nullptr);

// Appends `text` as a JSON string, byte for byte what nlohmann's
// dump(-1, ' ', false, replace) writes for it: UTF-8 kept, the quote, the
// backslash and control characters escaped, bad sequences replaced as
// nlohmann replaces them.
void append_json_string(std::string& out, std::string_view text);

}  // namespace chancery
