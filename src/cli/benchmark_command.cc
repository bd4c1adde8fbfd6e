// `chancery benchmark search QUERY_FILE [--rounds N] [--json]`: in-process
// latency of the archive's own search path (query parsing, name variants,
// facets, snippets, top 10), timed per call to Archive::search. The --json
// line follows the contract in bench/README.md, read by bench/run-all.
//
// `chancery benchmark mentions [--rounds N] [--limit N] [--json]`: the names
// layer's part of a document page, finding the known names in a record
// (NameSnapshot::all_mentions), timed per record over the archive's records.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive/names_directory.h"
#include "model/record_json.h"
#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct MentionsArgs {
  int rounds = 3;
  std::size_t limit = 0;  // 0: every record
  bool json = false;
};

struct BenchmarkArgs {
  std::string query_file;
  int rounds = 5;
  bool json = false;
  bool per_query = false;    // also each query's median wall and CPU time
  bool no_facets = false;    // for breakdowns: the same searches without facet counts
  bool no_snippets = false;  // ... or without snippets
  std::string sort = "relevance";   // or the hits by date: "date", "-date"
};

// One query a line; blank lines and '#' comments skipped (as bench_common).
Result<std::vector<std::string>> read_query_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path);
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    queries.push_back(line.substr(start));
  }
  if (queries.empty()) return fail(ErrorCode::kInvalidInput, "no queries in " + path);
  return queries;
}

// Nearest-rank percentile of `sorted` (ascending), p in [0,100].
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// CPU time of the calling thread in milliseconds: on a loaded machine wall
// latencies mostly measure waiting for a core, CPU time the work itself.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

SearchRequest request_for(const std::string& query, const BenchmarkArgs& args) {
  SearchRequest request;
  request.query = query;
  request.limit = 10;
  request.want_facets = !args.no_facets;
  request.want_snippets = !args.no_snippets;
  request.sort = args.sort == "date"    ? SortOrder::kDateAscending
                 : args.sort == "-date" ? SortOrder::kDateDescending
                                        : SortOrder::kRelevance;
  return request;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return percentile(values, 50);
}

void run_search_benchmark(Archive& archive, const BenchmarkArgs& args) {
  auto queries = read_query_file(args.query_file);
  if (!queries) exit_with(queries.error());

  // Untimed warm-up round, which also records the matches per query.
  std::vector<std::int64_t> matches;
  int failed = 0;
  for (const std::string& query : *queries) {
    auto results = archive.search(request_for(query, args));
    if (!results) {
      std::cerr << "chancery: query '" << query << "' failed: " << results.error().describe() << "\n";
      matches.push_back(-1);
      continue;
    }
    matches.push_back(results->total);
  }

  using Clock = std::chrono::steady_clock;
  std::vector<double> samples;
  std::vector<double> cpu_samples;
  std::vector<std::vector<double>> wall_by_query(queries->size());
  std::vector<std::vector<double>> cpu_by_query(queries->size());
  samples.reserve(queries->size() * static_cast<std::size_t>(args.rounds));
  cpu_samples.reserve(samples.capacity());
  const auto started = Clock::now();
  for (int round = 0; round < args.rounds; ++round) {
    for (std::size_t q = 0; q < queries->size(); ++q) {
      const SearchRequest request = request_for((*queries)[q], args);
      const double c0 = thread_cpu_ms();
      const auto t0 = Clock::now();
      auto results = archive.search(request);
      const auto t1 = Clock::now();
      const double c1 = thread_cpu_ms();
      if (!results) {
        ++failed;
        continue;
      }
      samples.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      cpu_samples.push_back(c1 - c0);
      wall_by_query[q].push_back(samples.back());
      cpu_by_query[q].push_back(cpu_samples.back());
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  std::sort(cpu_samples.begin(), cpu_samples.end());
  double sum = 0;
  for (double s : sorted) sum += s;
  const double mean = sorted.empty() ? 0 : sum / static_cast<double>(sorted.size());
  const double qps = seconds > 0 ? static_cast<double>(sorted.size()) / seconds : 0;
  auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };

  if (args.per_query) {
    // Slowest first (by median CPU time): where the tail comes from.
    std::vector<std::size_t> order(queries->size());
    for (std::size_t q = 0; q < order.size(); ++q) order[q] = q;
    std::vector<double> cpu_median(queries->size()), wall_median(queries->size());
    for (std::size_t q = 0; q < order.size(); ++q) {
      cpu_median[q] = median(cpu_by_query[q]);
      wall_median[q] = median(wall_by_query[q]);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cpu_median[a] > cpu_median[b]; });
    std::cerr << "median wall ms\tmedian CPU ms\tmatches\tquery\n";
    for (std::size_t q : order) {
      std::cerr << round3(wall_median[q]) << "\t" << round3(cpu_median[q]) << "\t" << matches[q] << "\t" << (*queries)[q]
                << "\n";
    }
  }
  if (args.json) {
    nlohmann::ordered_json out;
    out["queries"] = queries->size();
    out["rounds"] = args.rounds;
    out["samples"] = sorted.size();
    out["failed"] = failed;
    out["p50_ms"] = round3(percentile(sorted, 50));
    out["p95_ms"] = round3(percentile(sorted, 95));
    out["p99_ms"] = round3(percentile(sorted, 99));
    out["max_ms"] = round3(sorted.empty() ? 0 : sorted.back());
    out["mean_ms"] = round3(mean);
    out["qps"] = std::round(qps * 10.0) / 10.0;
    out["cpu_p50_ms"] = round3(percentile(cpu_samples, 50));
    out["cpu_p95_ms"] = round3(percentile(cpu_samples, 95));
    out["cpu_p99_ms"] = round3(percentile(cpu_samples, 99));
    out["matches"] = matches;
    std::cout << out.dump() << std::endl;
  } else {
    std::cout << queries->size() << " queries x " << args.rounds << " rounds, " << sorted.size() << " samples, "
              << failed << " failed\n"
              << "p50 " << round3(percentile(sorted, 50)) << " ms, p95 " << round3(percentile(sorted, 95))
              << " ms, p99 " << round3(percentile(sorted, 99)) << " ms, max "
              << round3(sorted.empty() ? 0 : sorted.back()) << " ms, mean " << round3(mean) << " ms\n"
              << "CPU time per query: p50 " << round3(percentile(cpu_samples, 50)) << " ms, p95 "
              << round3(percentile(cpu_samples, 95)) << " ms, p99 " << round3(percentile(cpu_samples, 99)) << " ms\n"
              << std::round(qps * 10.0) / 10.0 << " queries/s (one client, top 10 with facets and snippets)"
              << std::endl;
  }
  if (failed > 0) throw CLI::RuntimeError(1);
}

// The archive's current records, in the store's order (at most `limit`, 0 = all).
std::vector<Record> load_records(Archive& archive, std::size_t limit) {
  std::vector<Record> records;
  std::optional<Error> unreadable;
  auto listed = archive.store().for_each(EntityKind::kRecord, [&](const Revision& r) {
    if (r.deleted) return true;
    auto record = record_from_json_text(r.json);
    if (!record) {
      unreadable = record.error();
      return false;
    }
    records.push_back(std::move(*record));
    return limit == 0 || records.size() < limit;
  });
  if (!listed) exit_with(listed.error());
  if (unreadable) exit_with(*unreadable);
  return records;
}

void run_mentions_benchmark(Archive& archive, const MentionsArgs& args) {
  const std::vector<Record> records = load_records(archive, args.limit);
  NameDirectory directory(archive.store());
  const std::shared_ptr<const NameSnapshot> snapshot = directory.snapshot();
  if (records.empty()) exit_with(Error{ErrorCode::kNotFound, "no records in the archive", {}, 0, 0});

  using Clock = std::chrono::steady_clock;
  // The first pass over the records is timed on its own: a thread's first
  // look at a word costs more than its next (the finder's word keys).
  auto pass = [&](std::vector<double>& wall, std::vector<double>& cpu, std::size_t& mentions) {
    for (const Record& record : records) {
      const double c0 = thread_cpu_ms();
      const auto t0 = Clock::now();
      const std::vector<RecordMention> found = snapshot->all_mentions(record);
      const auto t1 = Clock::now();
      const double c1 = thread_cpu_ms();
      wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      cpu.push_back(c1 - c0);
      mentions += found.size();
    }
  };
  std::vector<double> first_wall, first_cpu, wall, cpu;
  std::size_t first_mentions = 0, mentions = 0;
  const auto first_started = Clock::now();
  pass(first_wall, first_cpu, first_mentions);
  const double first_seconds = std::chrono::duration<double>(Clock::now() - first_started).count();
  const auto started = Clock::now();
  for (int round = 0; round < args.rounds; ++round) pass(wall, cpu, mentions);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  for (auto* v : {&first_wall, &first_cpu, &wall, &cpu}) std::sort(v->begin(), v->end());
  auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
  };
  const double rate = seconds > 0 ? static_cast<double>(wall.size()) / seconds : 0;
  const double first_rate = first_seconds > 0 ? static_cast<double>(records.size()) / first_seconds : 0;
  if (args.json) {
    nlohmann::ordered_json out;
    out["records"] = records.size();
    out["authorities"] = snapshot->authorities().size();
    out["mentions"] = first_mentions;
    out["rounds"] = args.rounds;
    out["first_pass_records_per_s"] = std::round(first_rate);
    out["first_pass_cpu_mean_ms"] = round3(mean(first_cpu));
    out["p50_ms"] = round3(percentile(wall, 50));
    out["p95_ms"] = round3(percentile(wall, 95));
    out["p99_ms"] = round3(percentile(wall, 99));
    out["mean_ms"] = round3(mean(wall));
    out["cpu_p50_ms"] = round3(percentile(cpu, 50));
    out["cpu_p99_ms"] = round3(percentile(cpu, 99));
    out["cpu_mean_ms"] = round3(mean(cpu));
    out["records_per_s"] = std::round(rate);
    std::cout << out.dump() << std::endl;
  } else {
    std::cout << records.size() << " records, " << snapshot->authorities().size() << " authorities, "
              << first_mentions << " mentions\n"
              << "first pass: " << std::round(first_rate) << " records/s, CPU mean " << round3(mean(first_cpu))
              << " ms a record\n"
              << args.rounds << " rounds after it: p50 " << round3(percentile(wall, 50)) << " ms, p95 "
              << round3(percentile(wall, 95)) << " ms, p99 " << round3(percentile(wall, 99)) << " ms, mean "
              << round3(mean(wall)) << " ms; CPU mean " << round3(mean(cpu)) << " ms; " << std::round(rate)
              << " records/s (one thread)" << std::endl;
  }
  if (mentions != first_mentions * static_cast<std::size_t>(args.rounds)) {
    exit_with(Error{ErrorCode::kInternal, "the rounds found different mentions from the first pass", {}, 0, 0});
  }
}

}  // namespace

void add_benchmark_command(CLI::App& app, GlobalOptions& global) {
  CLI::App* benchmark = app.add_subcommand("benchmark", "Time the archive's own operations in-process");
  benchmark->require_subcommand(1);
  auto args = std::make_shared<BenchmarkArgs>();
  CLI::App* search = benchmark->add_subcommand(
      "search", "Search latency: each query of QUERY_FILE, top 10 with facets and snippets");
  search->add_option("query_file", args->query_file, "one query a line; blank lines and # comments skipped")
      ->required();
  search->add_option("--rounds", args->rounds, "timed rounds after one untimed warm-up round")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  search->add_flag("--json", args->json, "print one JSON line (p50_ms, p95_ms, p99_ms, qps, matches, ...)");
  search->add_flag("--per-query", args->per_query, "also print each query's median wall and CPU time (stderr), slowest first");
  search->add_flag("--no-facets", args->no_facets, "breakdowns: search without facet counts");
  search->add_flag("--no-snippets", args->no_snippets, "breakdowns: search without snippets");
  search->add_option("--sort", args->sort, "the hits' order: relevance, date (oldest first) or -date (newest first)")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "date", "-date"}));
  search->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    run_search_benchmark(*archive, *args);
  });

  auto mention_args = std::make_shared<MentionsArgs>();
  CLI::App* mentions = benchmark->add_subcommand(
      "mentions", "Names on a document page: the known names found in each record, timed per record");
  mentions->add_option("--rounds", mention_args->rounds, "timed rounds after the first pass")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  mentions->add_option("--limit", mention_args->limit, "only the first N records (0: all)")->capture_default_str();
  mentions->add_flag("--json", mention_args->json, "print one JSON line");
  mentions->callback([mention_args, &global] {
    auto archive = open_archive(global, Access::kRead);
    run_mentions_benchmark(*archive, *mention_args);
  });
}

}  // namespace chancery::cli
