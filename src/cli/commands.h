// Command registration: each command group lives in its own file and adds its
// subcommands to the CLI11 app. main.cc wires them together.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace chancery::cli {

// Shared options every command sees. `archive_dir` is resolved after parsing:
// --archive, else $CHANCERY_ARCHIVE, else "var/archive".
struct GlobalOptions {
  std::string archive_dir;
};

// The archive commands (each group in its own *_command.cc):
// `init`; `import PATH...`; `search QUERY`; `show ID`, `history ID`;
// `export DIR --format F`; `stats`, `check`, `backup DEST`, `restore SRC`.
void add_init_command(CLI::App& app, GlobalOptions& global);
void add_import_command(CLI::App& app, GlobalOptions& global);
void add_search_command(CLI::App& app, GlobalOptions& global);
void add_show_commands(CLI::App& app, GlobalOptions& global);
void add_export_command(CLI::App& app, GlobalOptions& global);
void add_admin_commands(CLI::App& app, GlobalOptions& global);
// `names show|search|add-variant|merge|split|import-pocom|link` (names_command.cc).
void add_names_command(CLI::App& app, GlobalOptions& global);

// `annotate`, `annotations`, `withdraw`, `restrict`, `unrestrict`: editors'
// corrections, notes and access restrictions (annotate_command.cc).
void add_annotate_commands(CLI::App& app, GlobalOptions& global);

// `scans add|list|remove`: page images of records (scans_command.cc).
void add_scans_command(CLI::App& app, GlobalOptions& global);

// `replication enable|disable|serve|pull|status`: index replicas
// (replication_command.cc, src/archive/replication.h).
void add_replication_command(CLI::App& app, GlobalOptions& global);

// `log [--limit N] [--by SOURCE] [--kind K] [--since TIME] [--json]`: the
// archive's changes, newest first (log_command.cc).
void add_log_command(CLI::App& app, GlobalOptions& global);

// `chancery serve [--listen HOST:PORT]`: the reading room (src/web/).
// Like every command, its CLI11 callback runs the command and signals a
// non-zero exit status by throwing CLI::RuntimeError(status).
void add_serve_command(CLI::App& app, GlobalOptions& global);

}  // namespace chancery::cli
