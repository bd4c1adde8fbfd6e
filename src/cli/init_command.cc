// `chancery init [--store URI [--replica-of HOST:PORT]]`: create an empty
// archive, or an index replica of a primary's.
#include <iostream>
#include <memory>
#include <string>

#include "archive/replication.h"
#include "cli/cli_support.h"

namespace chancery::cli {

void add_init_command(CLI::App& app, GlobalOptions& global) {
  auto store = std::make_shared<std::string>();
  auto replica_of = std::make_shared<std::string>();
  CLI::App* init = app.add_subcommand("init", "Create an empty archive (nothing happens if one exists)");
  init->add_option("--store", *store,
                   "keep the records in PostgreSQL (postgresql://...[?schema=NAME]); the archive folder "
                   "remembers it and keeps the search index");
  init->add_option("--replica-of", *replica_of,
                   "make an index replica of the primary serving at HOST:PORT (`chancery replication serve`); "
                   "--store names the primary's store")
      ->needs("--store");
  init->callback([&global, store, replica_of] {
    if (!replica_of->empty()) {
      if (auto r = create_replica(global.archive_dir, *store, *replica_of); !r) exit_with(r.error());
      std::cout << "replica ready in " << global.archive_dir << " (records in " << *store << "; index from "
                << *replica_of << ": run `chancery replication pull`)" << std::endl;
      return;
    }
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
