// The record-text layout (see ../shared/guide/record-text.md): reader and writer.
#pragma once

#include <string>
#include <string_view>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

// Limits on accepted input; anything larger is rejected with an error.
struct RecordTextLimits {
  std::size_t max_file_bytes = 64u << 20;   // 64 MiB
  std::size_t max_line_bytes = 1u << 20;    // 1 MiB
};

// Reads one record in the record-text layout. `path` is used in errors and
// warnings only. Fails (kInvalidInput, with file and line) on: no title, a
// labelled section without a value, binary data (NUL or other control bytes),
// invalid UTF-8, lines or files over the limits. Irregular but real input (a
// note the body never references, a gap in note numbering) is accepted with a
// warning in ImportUnit::warnings. The unit holds exactly one record.
Result<ImportUnit> read_record_text(std::string_view bytes, const std::string& path,
                                    const RecordTextLimits& limits = {});

// Writes the canonical layout. For a record read by read_record_text,
// write_record_text(read(x)) equals x up to leading/trailing blank lines, and
// write(read(write(read(x)))) == write(read(x)) always. Records from other
// formats (TEI) are rendered from their typed fields.
// The output has no leading blank lines, one blank line between paragraphs and
// always ends with exactly one '\n' (an input without a final newline reads the
// same, so "equals x" means: after stripping leading and trailing blank lines
// and line ends). When the record came from record-text (source_format
// "record-text") or `record.sections` is not empty, the sections are written
// from `sections` verbatim and the typed fields they feed are not consulted.
std::string write_record_text(const Record& record);

}  // namespace chancery
