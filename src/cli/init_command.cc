// `chancery init`: create an empty archive.
#include <iostream>

#include "cli/cli_support.h"

namespace chancery::cli {

void add_init_command(CLI::App& app, GlobalOptions& global) {
  CLI::App* init = app.add_subcommand("init", "Create an empty archive (nothing happens if one exists)");
  init->callback([&global] {
    auto archive = open_archive(global, Access::kCreate);
    std::cout << "archive ready in " << global.archive_dir << std::endl;
  });
}

}  // namespace chancery::cli
