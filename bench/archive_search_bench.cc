// Chancery's own search, timed the way the peers are (bench_common): opens an
// archive read-only and runs the query file through Archive::search, top 10
// with facets and snippets. A reference for `chancery benchmark search`, whose
// --json output follows the same contract (bench/README.md); run-all uses the
// CLI command, not this program.
//
//   archive_search_bench ARCHIVE_DIR QUERIES [--rounds N]
#include <iostream>
#include <stdexcept>
#include <string>

#include "archive/archive.h"
#include "bench_common.h"

namespace bench = chancery::bench;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: archive_search_bench ARCHIVE_DIR QUERIES [--rounds N]\n";
    return 2;
  }
  try {
    chancery::ArchiveOptions options;
    options.dir = argv[1];
    options.read_only = true;
    auto archive = chancery::Archive::open(options);
    if (!archive) throw std::runtime_error(archive.error().describe());
    auto queries = bench::read_queries(argv[2]);
    int rounds = std::stoi(bench::flag_value(argc, argv, "--rounds", "5"));
    std::int64_t last_total = 0;
    auto run = [&](const bench::Query& q) {
      chancery::SearchRequest request;
      request.query = q.text;
      request.limit = 10;
      auto results = (*archive)->search(request);
      if (!results) throw std::runtime_error(results.error().describe());
      last_total = results->total;
      return static_cast<int>(results->hits.size());
    };
    auto report = bench::run_queries("chancery", "full", queries, rounds, run);
    for (const auto& q : queries) {
      try {
        run(q);
        report.matches.push_back(last_total);
      } catch (const std::exception&) {
        report.matches.push_back(-1);
      }
    }
    std::cout << bench::to_json(report) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "archive_search_bench: " << e.what() << "\n";
    return 1;
  }
}
