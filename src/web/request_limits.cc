#include "web/request_limits.h"

namespace chancery::web {

int classify_oversized_head(std::string_view received, const RequestLimits& limits) {
  std::size_t line_end = received.find("\r\n");
  if (line_end == std::string_view::npos) line_end = received.find('\n');
  std::string_view request_line = received.substr(0, line_end);
  // "GET " + target + " HTTP/1.1": allow for the method and version around the target.
  constexpr std::size_t kMethodAndVersion = 32;
  if (line_end == std::string_view::npos ||
      request_line.size() > limits.max_target_bytes + kMethodAndVersion) {
    return 414;
  }
  std::size_t first_space = request_line.find(' ');
  std::size_t last_space = request_line.rfind(' ');
  if (first_space != std::string_view::npos && last_space > first_space &&
      last_space - first_space - 1 > limits.max_target_bytes) {
    return 414;
  }
  return 431;
}

int check_request_head(std::string_view target, std::size_t header_bytes,
                       std::optional<std::uint64_t> content_length, const RequestLimits& limits) {
  if (target.size() > limits.max_target_bytes) return 414;
  if (header_bytes > limits.max_header_bytes) return 431;
  if (content_length && *content_length > limits.max_body_bytes) return 413;
  return 0;
}

bool is_allowed_method(std::string_view method) { return method == "GET" || method == "HEAD"; }

}  // namespace chancery::web
