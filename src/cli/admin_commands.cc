// `chancery stats | check | compact | backup DEST | restore SRC`.
#include <iostream>
#include <memory>
#include <string>

#include "archive/replication.h"
#include "cli/cli_support.h"

namespace chancery::cli {

void add_admin_commands(CLI::App& app, GlobalOptions& global) {
  CLI::App* stats = app.add_subcommand("stats", "Count what the archive holds");
  stats->callback([&global] {
    auto archive = open_archive(global, Access::kRead);
    auto s = archive->stats();
    if (!s) exit_with(s.error());
    auto restricted = archive->restricted_targets();   // records and collections closed today
    if (!restricted) exit_with(restricted.error());
    auto withdrawn = archive->withdrawn_records();
    if (!withdrawn) exit_with(withdrawn.error());
    std::cout << "records      " << s->store.records << "\n"
              << "collections  " << s->store.collections << "\n"
              << "persons      " << s->store.persons << "\n"
              << "terms        " << s->store.terms << "\n"
              << "authorities  " << s->store.authorities << "\n"
              << "annotations  " << s->store.annotations << "\n"
              << "restricted   " << restricted->size() << "\n"
              << "withdrawn    " << withdrawn->size() << "\n"
              << "scanned      " << s->store.scans << "\n"       // records with page images
              << "images       " << s->store.blobs << "\n"
              << "image bytes  " << s->store.blob_bytes << "\n"
              << "revisions    " << s->store.revisions << "\n"
              << "last change  " << s->store.last_seq << "\n"
              << "indexed      " << s->indexed << "\n"
              << "store bytes  " << s->store.bytes << "\n"
              << "index bytes  " << s->index_bytes << std::endl;
  });

  CLI::App* check = app.add_subcommand("check", "Verify the store and that store and index agree (exit 1 if not)");
  check->callback([&global] {
    // A writer first replays any store changes the index missed; a replica,
    // which only reads, checks the index as its last pull left it.
    auto replication = read_replication(global.archive_dir);
    if (!replication) exit_with(replication.error());
    auto archive =
        open_archive(global, replication->role == ReplicationRole::kReplica ? Access::kRead : Access::kWrite);
    auto report = archive->check();
    if (!report) exit_with(report.error());
    if (report->ok()) {
      auto s = archive->stats();
      std::cout << "ok";
      if (s) std::cout << ": " << s->store.records << " records, store and index agree";
      std::cout << std::endl;
      return;
    }
    for (const std::string& problem : report->problems) std::cout << "problem: " << problem << "\n";
    std::cout << report->problems.size() << " problems" << std::endl;
    throw CLI::RuntimeError(1);
  });

  CLI::App* compact = app.add_subcommand(
      "compact", "Compact the search index (import does it after 10,000 or more new or changed records)");
  compact->callback([&global] {
    ArchiveOptions options;
    options.dir = global.archive_dir;
    auto report = Archive::compact_index(options);
    if (!report) exit_with(report.error());
    print_compaction(*report);
  });

  auto backup_dest = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand("backup", "Write a consistent copy of the archive to a new folder");
  backup->add_option("dest", *backup_dest, "destination folder (must not exist or be empty)")->required();
  backup->callback([backup_dest, &global] {
    // As a reader, so that the backup never takes the index's write lock from
    // an import running meanwhile: the index is copied from one committed
    // snapshot, the store with SQLite's online backup. An archive whose index
    // does not open read-only (e.g. missing) is opened as a writer, which
    // rebuilds the index first.
    ArchiveOptions options;
    options.dir = global.archive_dir;
    options.read_only = true;
    auto archive = Archive::open(options);
    if (!archive && archive.error().code != ErrorCode::kNotFound) {
      options.read_only = false;
      archive = Archive::open(options);
    }
    if (!archive) exit_with(archive.error());
    if (auto r = (*archive)->backup(*backup_dest); !r) exit_with(r.error());
    std::cout << "backed up " << global.archive_dir << " to " << *backup_dest << std::endl;
  });

  auto restore_src = std::make_shared<std::string>();
  CLI::App* restore = app.add_subcommand("restore", "Recreate the archive (--archive, must be new or empty) from a backup");
  restore->add_option("src", *restore_src, "a folder written by `chancery backup`")->required();
  restore->callback([restore_src, &global] {
    ArchiveOptions options;
    if (auto r = Archive::restore(*restore_src, global.archive_dir, options); !r) exit_with(r.error());
    std::cout << "restored " << *restore_src << " into " << global.archive_dir << std::endl;
  });
}

}  // namespace chancery::cli
