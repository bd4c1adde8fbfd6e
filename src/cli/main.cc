// chancery: the command line. Each command group registers itself
// (commands.h); this file only wires them to the global options.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "index/block_cache.h"

namespace chancery::cli {
// `benchmark search QUERY_FILE` (benchmark_command.cc) and `generate --docs N
// DIR` (generate_command.cc).
void add_benchmark_command(CLI::App& app, GlobalOptions& global);
void add_generate_command(CLI::App& app, GlobalOptions& global);
}  // namespace chancery::cli

int main(int argc, char** argv) {
  using namespace chancery::cli;
  CLI::App app{"Chancery: a digital archive of historical primary sources"};
  app.require_subcommand(1);

  GlobalOptions global;
  const char* from_env = std::getenv("CHANCERY_ARCHIVE");
  global.archive_dir = (from_env != nullptr && *from_env != '\0') ? from_env : "var/archive";
  app.add_option("--archive", global.archive_dir, "archive folder (default: $CHANCERY_ARCHIVE, else var/archive)");
  // The index's blocks kept in memory (src/index/block_cache.h); set before
  // any command opens the index.
  chancery::block_cache::set_capacity(std::size_t{64} << 20);
  app.add_option_function<int>(
         "--index-cache-mb",
         [](int mb) { chancery::block_cache::set_capacity(static_cast<std::size_t>(mb) << 20); },
         "index blocks kept in memory, in MiB (default 64; 0: none)")
      ->check(CLI::Range(0, 1 << 20));

  add_init_command(app, global);
  add_import_command(app, global);
  add_search_command(app, global);
  add_show_commands(app, global);
  add_export_command(app, global);
  add_admin_commands(app, global);
  add_log_command(app, global);
  add_names_command(app, global);
  add_annotate_commands(app, global);
  add_scans_command(app, global);
  add_serve_command(app, global);
  add_replication_command(app, global);
  add_benchmark_command(app, global);
  add_generate_command(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return app.exit(e);   // a command's own exit status
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; a usage error (unknown option, a value
    // that fails its check, a missing argument) exits 2, as for the
    // commands' own usage errors, rather than CLI11's 105, 106, ...
    const int status = app.exit(e);
    return status == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "chancery: internal error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
