// `chancery import PATH...`: import files and folders, one transaction per file.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "archive/replication.h"
#include "cli/cli_support.h"
#include "util/bytes_under.h"

namespace chancery::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> paths;
  bool warnings = false;
  bool no_compact = false;
};

// An import that adds or changes at least this many records leaves the
// index's blocks part full; compacting it then saves about 40% of its size.
constexpr long kCompactAfterRecords = 10000;

// A one-line progress bar redrawn on stderr (only when stderr is a terminal).
class ProgressBar {
 public:
  ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(std::size_t done, std::size_t total, const std::string& path) {
    if (!enabled_ || total == 0) return;
    constexpr std::size_t kWidth = 30;
    std::size_t filled = done * kWidth / total;
    std::string name = std::filesystem::path(path).filename().string();
    if (name.size() > 40) name = name.substr(0, 37) + "...";
    std::cerr << "\r[" << std::string(filled, '=') << std::string(kWidth - filled, ' ') << "] " << done << "/"
              << total << " " << name << "\033[K" << std::flush;
    drawn_ = true;
  }

  void finish() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

// A bulk import into a replication primary: input of more than a quarter of
// the index's bytes. Each of its commits rewrites much of the index (a
// changeset of about 30 MB for a commit of 200 FRUS documents into the
// 22-volume index, of 190 MB), so its changesets would outweigh the index,
// and a replica copies the index whole sooner than it applies them
// (bench/README, "index replicas").
bool is_bulk_import(const GlobalOptions& global, const std::vector<std::filesystem::path>& paths) {
  auto replication = read_replication(global.archive_dir);
  if (!replication || replication->role != ReplicationRole::kPrimary) return false;
  std::uintmax_t input = 0;
  for (const std::filesystem::path& path : paths) input += bytes_under(path);
  const std::uintmax_t index = bytes_under(std::filesystem::path(global.archive_dir) / "index");
  if (input / 4 <= index) return false;
  std::cerr << "replication: a bulk import (" << (input + 500000) / 1000000 << " MB into an index of "
            << (index + 500000) / 1000000
            << " MB) keeps no changesets; replicas copy the index whole at their next pull" << std::endl;
  return true;
}

}  // namespace

void add_import_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* import = app.add_subcommand(
      "import", "Import files and folders (record-text, TEI P5, Chancery JSON); each file is all or nothing");
  import->add_option("paths", args->paths, "files or folders to import")->required();
  import->add_flag("--warnings", args->warnings, "also print the readers' warnings");
  import->add_flag("--no-compact", args->no_compact,
                   "do not compact the index after a big import (see `chancery compact`)");
  import->callback([args, &global] {
    std::vector<std::filesystem::path> paths(args->paths.begin(), args->paths.end());
    ArchiveOptions options;
    options.dir = global.archive_dir;
    options.create = true;
    options.keep_changesets = !is_bulk_import(global, paths);
    auto opened = Archive::open(options);
    if (!opened) exit_with(opened.error());
    std::unique_ptr<Archive> archive = std::move(*opened);
    ProgressBar bar;
    int imported = 0, updated = 0, unchanged = 0, failed = 0;
    long added_records = 0, updated_records = 0, unchanged_records = 0, warnings = 0;
    // Counted as the files go by; only the reports with something to print
    // are kept (a million-file import keeps no per-file state).
    auto problems = archive->import_paths(
        paths,
        [&](const FileImportReport& report, std::size_t done, std::size_t total) {
          switch (report.status) {
            case ImportStatus::kImported: ++imported; break;
            case ImportStatus::kUpdated: ++updated; break;
            case ImportStatus::kUnchanged: ++unchanged; break;
            case ImportStatus::kFailed: ++failed; break;
          }
          added_records += report.records_added;
          updated_records += report.records_updated;
          unchanged_records += report.records_unchanged;
          warnings += static_cast<long>(report.warnings.size());
          bar.update(done, total, report.path);
        },
        KeepReports::kProblems);
    bar.finish();

    for (const FileImportReport& report : problems) {
      if (report.error) std::cerr << "error: " << report.error->describe() << "\n";
      if (args->warnings) {
        for (const std::string& warning : report.warnings) std::cerr << "warning: " << warning << "\n";
      }
    }
    std::cerr << std::flush;
    std::cout << "imported " << imported << ", updated " << updated << ", unchanged " << unchanged << ", failed "
              << failed << "\n"
              << "records: " << added_records << " added, " << updated_records << " updated, " << unchanged_records
              << " unchanged";
    if (warnings > 0 && !args->warnings) std::cout << "; " << warnings << " warnings (see them with --warnings)";
    std::cout << std::endl;
    if (added_records + updated_records >= kCompactAfterRecords && !args->no_compact) {
      archive.reset();   // frees the index's write lock
      ArchiveOptions options;
      options.dir = global.archive_dir;
      auto compacted = Archive::compact_index(options);
      if (compacted) {
        print_compaction(*compacted);
      } else {
        // The import itself succeeded; the index works uncompacted.
        std::cerr << "chancery: the index was not compacted: " << compacted.error().describe() << std::endl;
      }
    }
    if (failed > 0) throw CLI::RuntimeError(1);
  });
}

}  // namespace chancery::cli
