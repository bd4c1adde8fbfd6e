// Comparing two revisions in one process, timed for bench/revisions: opens an
// archive read-only and, for every id in IDS_FILE, reads revisions FROM and TO
// from the store (Archive::record_version), compares them (compare_records)
// and writes the changes as `chancery changes --json` does, to a string.
// Prints one JSON line per round: {"round", "documents", "seconds",
// "compare_seconds" (compare_records and the JSON alone), "changes", "bytes"}.
//
//   revision_diff_bench ARCHIVE_DIR IDS_FILE [--rounds N] [--from 1] [--to 2]
#include <chrono>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "bench_common.h"
#include "model/record_diff.h"

namespace bench = chancery::bench;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: revision_diff_bench ARCHIVE_DIR IDS_FILE [--rounds N] [--from 1] [--to 2]\n";
    return 2;
  }
  try {
    chancery::ArchiveOptions options;
    options.dir = argv[1];
    options.read_only = true;
    auto archive = chancery::Archive::open(options);
    if (!archive) throw std::runtime_error(archive.error().describe());
    std::vector<std::string> ids;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) ids.push_back(line);
    }
    const int rounds = std::stoi(bench::flag_value(argc, argv, "--rounds", "3"));
    const int from = std::stoi(bench::flag_value(argc, argv, "--from", "1"));
    const int to = std::stoi(bench::flag_value(argc, argv, "--to", "2"));
    for (int round = 1; round <= rounds; ++round) {
      std::size_t changes = 0, bytes = 0;
      Clock::duration comparing{};
      const auto start = Clock::now();
      for (const std::string& id : ids) {
        auto older = (*archive)->record_version(id, from);
        if (!older) throw std::runtime_error(older.error().describe());
        auto newer = (*archive)->record_version(id, to);
        if (!newer) throw std::runtime_error(newer.error().describe());
        const auto compare_start = Clock::now();
        const auto found = chancery::compare_records(older->record, newer->record);
        const std::string json =
            nlohmann::json{{"id", id}, {"from", from}, {"to", to}, {"changes", chancery::field_changes_json(found)}}.dump(2);
        comparing += Clock::now() - compare_start;
        changes += found.size();
        bytes += json.size();
      }
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      std::cout << nlohmann::json{{"round", round},
                                  {"documents", ids.size()},
                                  {"seconds", seconds},
                                  {"compare_seconds", std::chrono::duration<double>(comparing).count()},
                                  {"changes", changes},
                                  {"bytes", bytes}}
                       .dump()
                << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "revision_diff_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
