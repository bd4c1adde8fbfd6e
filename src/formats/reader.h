// Reads any supported input file, detecting its format.
#pragma once

#include <filesystem>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

// Reads `path` and parses it as TEI (XML), the lossless JSON export, or record-text,
// judged by content (and extension). Errors name the file and, where known, the line.
Result<ImportUnit> read_input_file(const std::filesystem::path& path);

// True for files the importer should consider when walking a folder
// (.txt, .md, .xml, .json; hidden files and folders skipped, and so are a
// folder's README, LICENSE and CHANGELOG files, which document a collection).
bool is_importable_path(const std::filesystem::path& path);

}  // namespace chancery
