// Server metrics in the Prometheus text exposition format. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace chancery::web {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets.
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1.0,  2.5,   5.0,  10.0};

  // Counts one answered request of `route` (a route name, "static", "none"...).
  void observe(std::string_view route, int status, double seconds);
  // Requests refused because the worker queue was full.
  void count_rejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }
  // A response sent compressed with `coding` ("gzip", "zstd"): its body's
  // bytes before and after.
  void count_compressed(std::string_view coding, std::size_t before, std::size_t after);
  // Connections dropped for a timeout or a protocol error.
  void count_dropped() { dropped_.fetch_add(1, std::memory_order_relaxed); }
  void set_doc_count(std::int64_t n) { doc_count_.store(n, std::memory_order_relaxed); }
  void set_open_connections(std::int64_t n) { connections_.store(n, std::memory_order_relaxed); }
  // The store's latest change and the latest the index the workers read
  // holds (an index replica's lag, or an import under way), as the workers'
  // refreshes last saw them.
  void set_changes(std::int64_t store, std::int64_t index) {
    store_change_.store(store, std::memory_order_relaxed);
    index_change_.store(index, std::memory_order_relaxed);
  }

  // The metrics as Prometheus text (version 0.0.4).
  std::string render_prometheus() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::uint64_t errors_ = 0;
  std::map<std::string, std::uint64_t, std::less<>> compressed_;   // responses by coding
  std::uint64_t compressed_before_ = 0;
  std::uint64_t compressed_after_ = 0;
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::int64_t> doc_count_{-1};
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::int64_t> store_change_{-1};
  std::atomic<std::int64_t> index_change_{-1};
};

}  // namespace chancery::web
