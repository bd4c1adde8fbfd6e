// Editors' annotations: corrections, notes and access restrictions. A source
// is kept exactly as published; what an editor knows better is written beside
// it, signed and dated, and can be withdrawn (its history stays).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "util/error.h"

namespace chancery {

enum class AnnotationType {
  kCorrection,   // `text` is the correct reading of `quote` (or of `field`)
  kNote,         // `text` is an editor's comment
  kRestriction,  // the target's content is closed to readers until `until`; `text` says why
  kWithdrawal,   // the record is withdrawn from the archive (a tombstone revision); `text` says why
};
// "correction", "note", "restriction", "withdrawal".
std::string_view annotation_type_name(AnnotationType type);
std::optional<AnnotationType> annotation_type_from_name(std::string_view name);

// What an annotation is about: a record, or (restrictions only) a
// collection and every record in it, however deep.
enum class AnnotationTarget { kRecord, kCollection };

// Bounds of the text an editor writes (bytes).
inline constexpr std::size_t kMaxAnnotationText = 20000;
inline constexpr std::size_t kMaxAnnotationQuote = 2000;
inline constexpr std::size_t kMaxAnnotationAuthor = 200;

struct Annotation {
  std::string id;        // "TARGET#N": N counts the target's annotations from 1
  std::string target;    // record or collection id
  AnnotationTarget target_kind = AnnotationTarget::kRecord;
  AnnotationType type = AnnotationType::kNote;
  std::string field;     // the record field a correction or note is about ("" = the record)
  std::string quote;     // the published words it corrects, exactly as in that field ("" = none)
  std::string text;
  std::string comment;   // a correction's explanation ("the volume misprints the surname")
  std::string until;     // restriction: first day it is open again (YYYY-MM-DD); "" = until lifted
  // withdrawal: its tombstone page shows the reason alone, not the record's
  // title, date and citation (a takedown where the description itself must go)
  bool hide_description = false;
  std::string author;    // "editor:NAME"
  std::string created;   // ISO 8601 UTC, set when stored

  bool operator==(const Annotation&) const = default;
};

// Record fields an annotation may name.
bool is_annotatable_field(std::string_view field);
// "title, date, place, ..." for error messages.
std::string annotatable_fields_list();

// Whether `text` is valid UTF-8 without control characters other than tab,
// newline and carriage return (pasted text holds them).
bool is_clean_text(std::string_view text);

// Checks an annotation an editor wrote, before it is stored: a known type and
// field, text present and within bounds, valid UTF-8 without control
// characters other than newline and tab, `until` a real YYYY-MM-DD date and
// only on a restriction, `quote` only on a correction or note. kInvalidInput
// names the problem.
Result<void> validate_annotation(const Annotation& annotation);

// Whether a restriction is in force on `day` (days since 1970-01-01): always
// for one without `until`, else before that day.
bool restriction_in_force(const Annotation& annotation, std::int64_t day);
// Days since 1970-01-01 of a YYYY-MM-DD date; nullopt when malformed or not a
// real date.
std::optional<std::int64_t> iso_day(std::string_view date);
// Today (UTC) in days since 1970-01-01.
std::int64_t today_utc_day();

// The stored JSON (canonical: sorted keys, no whitespace) and back. Reading
// fails with kInvalidInput on a missing id, target or type, or a field of the
// wrong type.
std::string annotation_to_json(const Annotation& annotation);
Result<Annotation> annotation_from_json(std::string_view text);
// The same as a JSON object (the "annotations" array of an export file).
nlohmann::json annotation_json(const Annotation& annotation);
Result<Annotation> annotation_from_json_object(const nlohmann::json& j);

}  // namespace chancery
