// Helpers shared by the CLI commands: opening the archive and turning errors
// into messages on stderr and exit statuses.
#pragma once

#include <memory>
#include <string>

#include "archive/archive.h"
#include "cli/commands.h"
#include "util/error.h"

namespace chancery::cli {

// kBulkWrite: a writer that rewrites much of the index (`names link`), whose
// changesets a replication primary does not keep (ArchiveOptions::keep_changesets).
enum class Access { kRead, kWrite, kCreate, kBulkWrite };

// Opens the archive named by `global`; on failure prints "chancery: MESSAGE"
// and ends the command with exit status 1 (throws CLI::RuntimeError).
std::unique_ptr<Archive> open_archive(const GlobalOptions& global, Access access);

// Prints "chancery: " + error.describe() to stderr and throws CLI::RuntimeError(status).
[[noreturn]] void exit_with(const Error& error, int status = 1);

// Prints "index compacted: N shards, X MB -> Y MB" to stdout.
void print_compaction(const IndexCompaction& report);

// The signature of an editor's change: "editor:" + `by` (as given when it
// already starts so), else "editor:" + $USER.
std::string editor(const std::string& by);

// Writes `text` to stdout, adding a final newline if it lacks one.
void print_text(const std::string& text);

}  // namespace chancery::cli
