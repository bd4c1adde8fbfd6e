#include "bench_common.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace chancery::bench {

std::uint64_t for_each_doc(const std::string& path, const std::function<void(Doc&&)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::uint64_t bytes = 0;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    bytes += line.size() + 1;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw std::runtime_error(path + ":" + std::to_string(lineno) + ": not a JSON object");
    Doc d;
    d.id = j.value("id", "");
    d.title = j.value("title", "");
    d.date = j.value("date", "");
    d.year = j.value("year", 0);
    d.text = j.value("text", "");
    fn(std::move(d));
  }
  return bytes;
}

static std::vector<QueryPart> parse_query(const std::string& text) {
  std::vector<QueryPart> parts;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (i < text.size()) {
    if (is_space(text[i])) { ++i; continue; }
    QueryPart part;
    std::string chunk;
    if (text[i] == '"') {
      part.phrase = true;
      auto end = text.find('"', i + 1);
      if (end == std::string::npos) end = text.size();
      chunk = text.substr(i + 1, end - i - 1);
      i = end + 1;
    } else {
      auto end = i;
      while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
      chunk = text.substr(i, end - i);
      i = end;
    }
    std::size_t k = 0;
    while (k < chunk.size()) {
      while (k < chunk.size() && is_space(chunk[k])) ++k;
      auto e = k;
      while (e < chunk.size() && !is_space(chunk[e])) ++e;
      if (e > k) part.words.push_back(chunk.substr(k, e - k));
      k = e;
    }
    if (part.words.empty()) continue;
    if (part.words.size() == 1) part.phrase = false;
    parts.push_back(std::move(part));
  }
  return parts;
}

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Query> queries;
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto last = line.find_last_not_of(" \t\r");
    Query q;
    q.text = line.substr(first, last - first + 1);
    q.parts = parse_query(q.text);
    if (!q.parts.empty()) queries.push_back(std::move(q));
  }
  return queries;
}

LatencyReport run_queries(const std::string& engine, const std::string& mode,
                          const std::vector<Query>& queries, int rounds, const QueryFn& fn) {
  LatencyReport report;
  report.engine = engine;
  report.mode = mode;
  report.queries = static_cast<int>(queries.size());
  report.rounds = rounds;
  auto run_one = [&](const Query& q) -> bool {
    try {
      fn(q);
      return true;
    } catch (const std::exception& e) {
      std::cerr << engine << ": query [" << q.text << "] failed: " << e.what() << "\n";
      return false;
    }
  };
  for (const auto& q : queries) run_one(q);  // warm-up, untimed
  report.samples_ms.reserve(queries.size() * rounds);
  Stopwatch all;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      Stopwatch one;
      bool ok = run_one(q);
      double ms = one.seconds() * 1000.0;
      if (ok) report.samples_ms.push_back(ms);
      else ++report.failed;
    }
  }
  report.total_seconds = all.seconds();
  return report;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
  if (rank < 1) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1];
}

std::string to_json(const LatencyReport& r) {
  auto sorted = r.samples_ms;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (double v : sorted) sum += v;
  nlohmann::json j;
  j["engine"] = r.engine;
  j["mode"] = r.mode;
  j["queries"] = r.queries;
  j["rounds"] = r.rounds;
  j["samples"] = sorted.size();
  j["failed"] = r.failed;
  j["p50_ms"] = percentile(sorted, 50);
  j["p95_ms"] = percentile(sorted, 95);
  j["p99_ms"] = percentile(sorted, 99);
  j["max_ms"] = sorted.empty() ? 0 : sorted.back();
  j["mean_ms"] = sorted.empty() ? 0 : sum / sorted.size();
  j["qps"] = r.total_seconds > 0 ? (r.queries * r.rounds) / r.total_seconds : 0;
  j["matches"] = r.matches;
  j["peak_rss_kb"] = peak_rss_kb();
  return j.dump();
}

std::string to_json(const LoadReport& r) {
  nlohmann::json j;
  j["engine"] = r.engine;
  j["docs"] = r.docs;
  j["bytes"] = r.bytes;
  j["seconds"] = r.seconds;
  j["docs_per_s"] = r.seconds > 0 ? r.docs / r.seconds : 0;
  j["mb_per_s"] = r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0;
  j["peak_rss_kb"] = peak_rss_kb();
  j["server_peak_rss_kb"] = r.server_peak_rss_kb >= 0 ? nlohmann::json(r.server_peak_rss_kb) : nlohmann::json(nullptr);
  j["server_cpu_seconds"] = r.server_cpu_seconds >= 0 ? nlohmann::json(r.server_cpu_seconds) : nlohmann::json(nullptr);
  j["disk_bytes"] = r.disk_bytes >= 0 ? nlohmann::json(r.disk_bytes) : nlohmann::json(nullptr);
  return j.dump();
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

long process_peak_rss_kb(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double process_cpu_seconds(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double utime = -1, stime = -1;
  // Fields after "(comm) " start at field 3 (state); utime is 14, stime 15.
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stod(f);
    if (i == 15) stime = std::stod(f);
  }
  if (utime < 0 || stime < 0) return -1;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string flag_value(int argc, char** argv, const std::string& flag, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == flag) return argv[i + 1];
  }
  return fallback;
}

}  // namespace chancery::bench
