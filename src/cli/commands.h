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

// `chancery serve [--listen HOST:PORT]`: the reading room (src/web/). Sets the
// callback that runs the command; the callback's return value is the exit status.
void add_serve_command(CLI::App& app, GlobalOptions& global, std::function<int()>& run);

}  // namespace chancery::cli
