// `chancery init [--store URI]`: create an empty archive.
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli_support.h"

namespace chancery::cli {

void add_init_command(CLI::App& app, GlobalOptions& global) {
  auto store = std::make_shared<std::string>();
  CLI::App* init = app.add_subcommand("init", "Create an empty archive (nothing happens if one exists)");
  init->add_option("--store", *store,
                   "keep the records in PostgreSQL (postgresql://...[?schema=NAME]); the archive folder "
                   "remembers it and keeps the search index");
  init->callback([&global, store] {
    ArchiveOptions options;
    options.dir = global.archive_dir;
    options.create = true;
    options.store = *store;
    auto archive = Archive::open(options);
    if (!archive) exit_with(archive.error());
    std::cout << "archive ready in " << global.archive_dir;
    if (!store->empty()) std::cout << " (records in " << *store << ")";
    std::cout << std::endl;
  });
}

}  // namespace chancery::cli
