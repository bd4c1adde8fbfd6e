// `chancery generate --docs N --seed S [--from DIR] DIR`: synthetic
// record-text files for scale runs, following the statistics of a sample
// corpus (archive/synthetic_corpus.h). Needs no archive.
#include <cstdint>
#include <iostream>
#include <limits>
#include <memory>
#include <string>

#include "archive/synthetic_corpus.h"
#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct GenerateArgs {
  std::int64_t docs = 1000;
  std::uint64_t seed = 1;
  std::string from = "../shared/corpus/frus";
  std::size_t sample_files = 1000;
  std::string dir;
};

}  // namespace

void add_generate_command(CLI::App& app, GlobalOptions&) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* generate = app.add_subcommand(
      "generate", "Write synthetic record-text files whose statistics follow a sample corpus (for scale runs)");
  generate->add_option("--docs", args->docs, "number of records")->capture_default_str()->check(CLI::Range(
      std::int64_t{1}, std::int64_t{100'000'000}));
  generate->add_option("--seed", args->seed, "the same seed and sample give the same files")->capture_default_str();
  generate->add_option("--from", args->from, "sample corpus (a folder of importable files)")->capture_default_str();
  generate->add_option("--sample-files", args->sample_files, "read at most this many sample files")
      ->capture_default_str()
      ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  generate->add_option("dir", args->dir, "output folder")->required();
  generate->callback([args] {
    auto stats = corpus_stats_from(args->from, args->sample_files);
    if (!stats) exit_with(stats.error());
    auto written = write_synthetic_corpus(*stats, args->seed, args->docs, args->dir);
    if (!written) exit_with(written.error());
    std::cout << *written << " records written to " << args->dir << " (sample: " << stats->records
              << " records, " << stats->words.items.size() << " distinct words)" << std::endl;
  });
}

}  // namespace chancery::cli
