#include "web/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace chancery::web {

void Metrics::observe(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++latency_count_;
  latency_sum_ += seconds;
  if (status >= 500) ++errors_;
}

void Metrics::count_compressed(std::string_view coding, std::size_t before, std::size_t after) {
  std::lock_guard lock(mutex_);
  auto found = compressed_.find(coding);
  if (found == compressed_.end()) found = compressed_.emplace(std::string(coding), 0).first;
  ++found->second;
  compressed_before_ += before;
  compressed_after_ += after;
}

std::string Metrics::render_prometheus() const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP chancery_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE chancery_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += fmt::format("chancery_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, count);
  }
  out += "# HELP chancery_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE chancery_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    out += fmt::format("chancery_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                       bucket_counts_[i]);
  }
  out += fmt::format("chancery_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", latency_count_);
  out += fmt::format("chancery_http_request_duration_seconds_sum {}\n", latency_sum_);
  out += fmt::format("chancery_http_request_duration_seconds_count {}\n", latency_count_);
  out += "# HELP chancery_http_errors_total Responses with a 5xx status.\n";
  out += "# TYPE chancery_http_errors_total counter\n";
  out += fmt::format("chancery_http_errors_total {}\n", errors_);
  out += "# HELP chancery_http_rejected_total Requests refused with 503 because the worker queue was full.\n";
  out += "# TYPE chancery_http_rejected_total counter\n";
  out += fmt::format("chancery_http_rejected_total {}\n", rejected_.load());
  out += "# HELP chancery_http_dropped_connections_total Connections closed for a timeout or protocol error.\n";
  out += "# TYPE chancery_http_dropped_connections_total counter\n";
  out += fmt::format("chancery_http_dropped_connections_total {}\n", dropped_.load());
  out += "# HELP chancery_http_compressed_responses_total Responses sent compressed, by content coding.\n";
  out += "# TYPE chancery_http_compressed_responses_total counter\n";
  for (std::string_view coding : {"gzip", "zstd"}) {
    auto found = compressed_.find(coding);
    out += fmt::format("chancery_http_compressed_responses_total{{coding=\"{}\"}} {}\n", coding,
                       found == compressed_.end() ? 0 : found->second);
  }
  out += "# HELP chancery_http_compressed_body_bytes_total Bodies of the responses sent compressed: their bytes "
         "before compression (stage=\"before\") and as sent (stage=\"sent\").\n";
  out += "# TYPE chancery_http_compressed_body_bytes_total counter\n";
  out += fmt::format("chancery_http_compressed_body_bytes_total{{stage=\"before\"}} {}\n", compressed_before_);
  out += fmt::format("chancery_http_compressed_body_bytes_total{{stage=\"sent\"}} {}\n", compressed_after_);
  out += "# HELP chancery_http_open_connections Connections currently open.\n";
  out += "# TYPE chancery_http_open_connections gauge\n";
  out += fmt::format("chancery_http_open_connections {}\n", connections_.load());
  std::int64_t docs = doc_count_.load();
  if (docs >= 0) {
    out += "# HELP chancery_index_documents Documents in the search index.\n";
    out += "# TYPE chancery_index_documents gauge\n";
    out += fmt::format("chancery_index_documents {}\n", docs);
  }
  const std::int64_t store = store_change_.load();
  const std::int64_t index = index_change_.load();
  if (store >= 0 && index >= 0) {
    out += "# HELP chancery_store_last_change The store's latest change (its change log's sequence number).\n";
    out += "# TYPE chancery_store_last_change gauge\n";
    out += fmt::format("chancery_store_last_change {}\n", store);
    out += "# HELP chancery_index_last_change The latest store change the search index holds.\n";
    out += "# TYPE chancery_index_last_change gauge\n";
    out += fmt::format("chancery_index_last_change {}\n", index);
    out += "# HELP chancery_index_behind_changes Store changes the search index does not hold yet (an index "
           "replica's lag, an import under way).\n";
    out += "# TYPE chancery_index_behind_changes gauge\n";
    out += fmt::format("chancery_index_behind_changes {}\n", std::max<std::int64_t>(0, store - index));
  }
  return out;
}

}  // namespace chancery::web
