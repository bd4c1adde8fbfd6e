// libFuzzer target: editors' annotations as the store and an export give
// them back (annotation_from_json, then the listing data the archive derives
// from their ids), and the text check every annotation passes. Checks that a
// stored annotation round-trips, and that the text check accepts only valid
// UTF-8 (simdjson's validator is the oracle) without control characters.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "archive/archive_impl.h"
#include "model/annotation.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

// Control characters the check refuses: C0 but tab, newline and carriage
// return; DEL; C1 (U+0080-U+009F, written C2 80 - C2 9F).
bool has_control(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  Annotation note;
  note.target = "record";
  note.type = AnnotationType::kNote;
  note.text = std::string(text);
  if (validate_annotation(note)) {
    require(simdjson::validate_utf8(text.data(), text.size()));
    require(!has_control(text));
  } else if (text.size() <= kMaxAnnotationText && text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    require(!simdjson::validate_utf8(text.data(), text.size()) || has_control(text));
  }

  if (auto stored = annotation_from_json(text)) {
    auto again = annotation_from_json(annotation_to_json(*stored));
    require(again.has_value() && *again == *stored);
    if (auto meta = annotation_meta(*stored)) {
      require(meta->position > 0 && meta->parent == stored->target);
      require(stored->id == stored->target + "#" + std::to_string(meta->position));
    }
    (void)validate_annotation(*stored);
    (void)restriction_in_force(*stored, today_utc_day());
  }
  (void)iso_day(text);
  return 0;
}
