// Shared pieces of the peer benchmark programs (bench/*_bench.cc): the
// extracted-document file every peer loads, the query file every peer runs,
// and the timing/percentile/JSON report they all print, so that the figures
// in bench/RESULTS.md are computed the same way for every engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace chancery::bench {

// One document as extract_text writes it (one JSON object per line).
struct Doc {
  std::string id;     // "frus1955-57v25/d159"
  std::string title;
  std::string date;   // ISO "1956-11-03", "" when unknown
  int year = 0;       // 0 when unknown
  std::string text;   // body and notes, paragraphs separated by '\n'
};

// Calls `fn` for every document of a JSONL file written by extract_text.
// Returns the number of bytes read. Throws std::runtime_error on a bad line.
std::uint64_t for_each_doc(const std::string& path, const std::function<void(Doc&&)>& fn);

// A query of bench/queries.txt: words and "quoted phrases", all required.
struct QueryPart {
  bool phrase = false;
  std::vector<std::string> words;  // lower-case not applied: as written
};
struct Query {
  std::string text;                // the line as written
  std::vector<QueryPart> parts;
};

// Reads the query file: one query a line; blank lines and '#' comments skipped.
std::vector<Query> read_queries(const std::string& path);

// What a peer does for one query: run it, fetch the top 10 (and, in full
// mode, snippets and a year facet). Returns the number of hits fetched.
using QueryFn = std::function<int(const Query&)>;

struct LatencyReport {
  std::string engine;
  std::string mode;
  int queries = 0;
  int rounds = 0;
  int failed = 0;
  std::vector<double> samples_ms;  // one per query per timed round
  double total_seconds = 0;        // wall time of the timed rounds
  std::vector<std::int64_t> matches;  // per query, from count_fn (untimed)
};

// Runs one untimed warm-up round, then `rounds` timed rounds of every query.
// Exceptions thrown by `fn` count as failures (the message goes to stderr).
LatencyReport run_queries(const std::string& engine, const std::string& mode,
                          const std::vector<Query>& queries, int rounds, const QueryFn& fn);

// {"engine":..,"mode":..,"p50_ms":..,"p95_ms":..,"p99_ms":..,"qps":..,...}
std::string to_json(const LatencyReport& report);

// Nearest-rank percentile of `sorted` (ascending), p in [0,100].
double percentile(const std::vector<double>& sorted, double p);

// Peak resident set size of this process in KiB (getrusage).
long peak_rss_kb();
// VmHWM of another process in KiB from /proc/PID/status; -1 if unreadable.
long process_peak_rss_kb(long pid);
// User + system CPU seconds of a process from /proc/PID/stat; -1 if unreadable.
double process_cpu_seconds(long pid);

// What a loader prints when it is done: {"engine":..,"docs":..,"bytes":..,
// "seconds":..,"peak_rss_kb":..,"server_peak_rss_kb":..,"disk_bytes":..}.
// Negative server_peak_rss_kb / disk_bytes are printed as null (not measured here).
struct LoadReport {
  std::string engine;
  std::int64_t docs = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
  long server_peak_rss_kb = -1;
  double server_cpu_seconds = -1;  // CPU time of the server process that did the work
  long long disk_bytes = -1;
};
std::string to_json(const LoadReport& report);

// Common command-line handling: `PROG load ...` / `PROG query ... [--rounds N]
// [--mode plain|full]`. Returns the value after `flag`, or `fallback`.
std::string flag_value(int argc, char** argv, const std::string& flag, const std::string& fallback);

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace chancery::bench
