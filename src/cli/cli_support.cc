#include "cli/cli_support.h"

#include <chrono>
#include <cstdlib>
#include <memory>
#include <iostream>

namespace chancery::cli {

std::unique_ptr<Archive> open_archive(const GlobalOptions& global, Access access) {
  ArchiveOptions options;
  options.dir = global.archive_dir;
  options.read_only = access == Access::kRead;
  options.create = access == Access::kCreate;
  options.keep_changesets = access != Access::kBulkWrite;
  options.on_index_build = [](std::int64_t changes) {
    std::cerr << "chancery: building the search index from the store's " << changes
              << " changes (the index was of an older layout, or a first load stopped before it was synced)"
              << std::endl;
  };
  // Where the build stands, every ten seconds or so (a million records take
  // half an hour).
  auto said = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  options.on_index_build_progress = [said](std::int64_t reached, std::int64_t last) {
    const auto now = std::chrono::steady_clock::now();
    if (reached < last && now - *said < std::chrono::seconds(10)) return;
    *said = now;
    std::cerr << "chancery: search index built to change " << reached << " of " << last << " ("
              << (last > 0 ? reached * 100 / last : 100) << "%)" << std::endl;
  };
  auto archive = Archive::open(options);
  if (!archive) exit_with(archive.error());
  return std::move(*archive);
}

void exit_with(const Error& error, int status) {
  std::cerr << "chancery: " << error.describe() << std::endl;
  throw CLI::RuntimeError(status);
}

void print_compaction(const IndexCompaction& report) {
  auto mb = [](std::int64_t bytes) { return std::to_string((bytes + 500000) / 1000000); };
  std::cout << "index compacted: " << report.shards << " shards, " << mb(report.bytes_before) << " MB -> "
            << mb(report.bytes_after) << " MB" << std::endl;
}

void print_text(const std::string& text) {
  std::cout << text;
  if (text.empty() || text.back() != '\n') std::cout << '\n';
  std::cout.flush();
}

std::string editor(const std::string& by) {
  if (!by.empty()) return by.rfind("editor:", 0) == 0 ? by : "editor:" + by;
  const char* user = std::getenv("USER");
  return std::string("editor:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

}  // namespace chancery::cli
