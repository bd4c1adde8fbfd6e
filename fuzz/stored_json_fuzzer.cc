// libFuzzer target: entities read back from the store's JSON with simdjson
// (record_from_json_text and the others; a collection's texts read back the
// same from their own JSON). Never a crash; a record read is
// read again the same from its canonical JSON, and without the contents of its
// "original" (the span canonical_json reports) as the same record with an
// empty original; and where both parsers accept
// the text and it repeats no key (simdjson reads a repeated key's first
// value, nlohmann its last; the store never repeats one), the tree reader
// (record_from_json) reads the same record or fails with the same error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/record_json.h"

namespace {

// Parses `bytes` with nlohmann, noting whether an object repeats a key.
nlohmann::json parse_tree(std::string_view bytes, bool& repeated) {
  std::vector<std::set<std::string>> keys;
  auto callback = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& value) {
    if (event == nlohmann::json::parse_event_t::object_start) keys.emplace_back();
    if (event == nlohmann::json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == nlohmann::json::parse_event_t::key && !keys.empty() && !keys.back().insert(value.get<std::string>()).second) {
      repeated = true;
    }
    return true;
  };
  return nlohmann::json::parse(bytes, callback, /*allow_exceptions=*/false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)chancery::collection_from_json_text(bytes);
  (void)chancery::person_from_json_text(bytes);
  (void)chancery::term_from_json_text(bytes);
  // A collection's texts read back the same from the JSON they are stored as.
  if (auto about = chancery::about_from_json_text(bytes)) {
    auto again = chancery::about_from_json_text(chancery::to_json(*about).dump());
    if (!again || !(*again == *about)) std::abort();
  }
  auto from_text = chancery::record_from_json_text(bytes);
  if (from_text) {
    chancery::JsonSpan original;
    const std::string canonical = chancery::canonical_json(*from_text, &original);
    auto again = chancery::record_from_json_text(canonical);
    if (!again || !(*again == *from_text)) std::abort();
    // The span the store may keep apart is the contents of "original", and
    // the JSON without them (what a document page reads) is the same record
    // with an empty original.
    if (original.begin < 2 || original.begin > original.end || original.end >= canonical.size()) std::abort();
    if (canonical.compare(original.begin - 2, 2, ":\"") != 0 || canonical[original.end] != '"') std::abort();
    const std::string shown = canonical.substr(0, original.begin) + canonical.substr(original.end);
    auto page = chancery::record_from_json_text(shown);
    chancery::Record expected = *from_text;
    expected.original.clear();
    if (!page || !(*page == expected)) std::abort();
  }
  bool repeated = false;
  nlohmann::json tree = parse_tree(bytes, repeated);
  if (tree.is_discarded() || repeated) return 0;
  if (!from_text && from_text.error().message.find("unreadable JSON") != std::string::npos) {
    return 0;   // numbers nlohmann takes and simdjson refuses (1e400, 2^64)
  }
  auto from_tree = chancery::record_from_json(tree);
  if (from_text.has_value() != from_tree.has_value()) std::abort();
  if (from_text && !(*from_text == *from_tree)) std::abort();
  if (!from_text && from_text.error().message != from_tree.error().message) std::abort();
  return 0;
}
