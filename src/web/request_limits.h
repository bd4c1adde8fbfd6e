// Limits on what a client may send, decided before any handler runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chancery::web {

struct RequestLimits {
  std::size_t max_target_bytes = 4096;     // request-target (URL): longer -> 414
  std::size_t max_header_bytes = 8192;     // header fields: more -> 431
  std::uint64_t max_body_bytes = 1u << 20; // body: more -> 413

  // The most the HTTP parser should accept for the whole head, so that the
  // finer checks below can still tell a long URL from long header fields.
  std::size_t parser_head_limit() const { return max_target_bytes + max_header_bytes + 256; }
};

// The status for a head that overflowed parser_head_limit(): 414 when the
// request line alone is longer than the target limit allows, else 431.
// `received` is the raw bytes read so far.
int classify_oversized_head(std::string_view received, const RequestLimits& limits);

// Checks a parsed head. `header_bytes` is the size of the header fields (without
// the request line). Returns 0 when the request may proceed, else 414, 431 or 413.
int check_request_head(std::string_view target, std::size_t header_bytes,
                       std::optional<std::uint64_t> content_length, const RequestLimits& limits);

// Pages and the API are read-only: GET and HEAD are the only methods served.
bool is_allowed_method(std::string_view method);

}  // namespace chancery::web
