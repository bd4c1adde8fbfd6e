// What changed between two revisions of a record, field by field and word by
// word: what a reader sees on a document's "changes" page and what the API's
// comparison gives. Pure functions over Records; the inputs are untrusted
// (any revision an import wrote), so every comparison is bounded: a pair of
// texts too long to compare word by word within the budget is shown as the
// older text removed and the newer one added, whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/record.h"

namespace chancery {

struct DiffLimits {
  // Work allowed for one word-level comparison: the edit script of texts of m
  // and n tokens (after their common start and end) costs at most about
  // (m + n) * min(m, n) steps, refused beyond this.
  std::size_t max_work = 4'000'000;
  // The same for the block-level comparison of a body or notes list.
  std::size_t max_block_work = 4'000'000;
};

enum class DiffOp { kEqual, kDelete, kInsert };
// "equal", "delete", "insert".
std::string_view diff_op_name(DiffOp op);

// A run of text that both versions share, or that only the older (kDelete) or
// the newer (kInsert) has. Adjacent spans never have the same op.
struct DiffSpan {
  DiffOp op = DiffOp::kEqual;
  std::string text;
  bool operator==(const DiffSpan&) const = default;
};

// Word-level differences between `older` and `newer`. The kEqual and kDelete
// spans, in order, spell `older` exactly; kEqual and kInsert spell `newer`.
// Tokens are runs of letters and digits (any non-ASCII byte counts as a
// letter), runs of white space, and single other characters; white space
// alone between two changes is folded into them, so a changed phrase reads as
// one deletion and one insertion. Texts beyond DiffLimits::max_work give one
// kDelete and one kInsert span between their common start and end.
std::vector<DiffSpan> diff_text(std::string_view older, std::string_view newer, const DiffLimits& limits = {});

// One field (or one block of the body, one note) that differs.
struct FieldChange {
  enum class Kind { kChanged, kAdded, kRemoved };
  std::string field;   // "title", "summary", "body", "notes", "section", ...
  std::string label;   // what a reader calls it: "Title", "Document, paragraph 3", "Note 2"
  Kind kind = Kind::kChanged;
  std::vector<DiffSpan> spans;   // kAdded: one kInsert span; kRemoved: one kDelete span
};
// "changed", "added", "removed".
std::string_view field_change_kind_name(FieldChange::Kind kind);

// Every difference between two revisions of a record, in reading order: the
// title, date and place, the labelled sections as written (record-text) or the
// typed fields (other formats), the body block by block, the notes, the
// cross-references and the collections. Blocks and notes are matched as
// sequences, so an inserted paragraph shows as one addition, not as every
// later paragraph changed.
std::vector<FieldChange> compare_records(const Record& older, const Record& newer, const DiffLimits& limits = {});

// The names of the fields that differ ("title", "body", ...), each once, in
// reading order; no word-level work. For revision lists.
std::vector<std::string> changed_fields(const Record& older, const Record& newer);

// The changes as JSON: [{field, label, kind, spans: [{op, text}]}], the spans
// whole (the API's and `chancery changes --json`'s form).
nlohmann::json field_changes_json(const std::vector<FieldChange>& changes);

// The changes for a terminal, as `git diff --word-diff=plain` writes words:
// a "== label (kind)" line per change, then its text with [-deleted-] and
// {+inserted+} words.
std::string field_changes_text(const std::vector<FieldChange>& changes);

}  // namespace chancery
