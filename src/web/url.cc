#include "web/url.h"

#include "util/hex.h"

namespace chancery::web {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return fail(ErrorCode::kInvalidInput, "truncated percent-escape");
      }
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return fail(ErrorCode::kInvalidInput, "bad percent-escape");
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return fail(ErrorCode::kInvalidInput, "NUL byte in URL");
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void append_percent_encoded(std::string& out, std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Runs of characters kept as they are go in whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_unreserved(c) || (keep_slash && c == '/')) continue;
    out.append(text.data() + run, i - run);
    const char escape[3] = {'%', kHex[c >> 4], kHex[c & 15]};
    out.append(escape, 3);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  append_percent_encoded(out, text, keep_slash);
  return out;
}

Result<QueryParams> parse_query_string(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    std::size_t eq = piece.find('=');
    auto name = percent_decode(piece.substr(0, eq), true);
    if (!name) return std::unexpected(name.error());
    std::string value;
    if (eq != std::string_view::npos) {
      auto v = percent_decode(piece.substr(eq + 1), true);
      if (!v) return std::unexpected(v.error());
      value = std::move(*v);
    }
    params.emplace_back(std::move(*name), std::move(value));
  }
  return params;
}

std::string build_query_string(const QueryParams& params) {
  std::string out;
  std::size_t bytes = 0;
  for (const auto& [name, value] : params) bytes += name.size() + value.size() + 2;
  out.reserve(bytes + bytes / 4);
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    append_percent_encoded(out, name);
    out.push_back('=');
    append_percent_encoded(out, value);
  }
  return out;
}

Result<ParsedTarget> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return fail(ErrorCode::kInvalidInput, "request target must start with '/'");
  }
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  ParsedTarget parsed;
  auto path = percent_decode(raw_path, false);
  if (!path) return std::unexpected(path.error());
  parsed.path = std::move(*path);
  if (q != std::string_view::npos) {
    std::string_view raw_query = target.substr(q + 1);
    std::size_t qhash = raw_query.find('#');
    if (qhash != std::string_view::npos) raw_query = raw_query.substr(0, qhash);
    auto query = parse_query_string(raw_query);
    if (!query) return std::unexpected(query.error());
    parsed.query = std::move(*query);
  }
  return parsed;
}

std::optional<std::string> safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return std::nullopt;
  std::string_view rest = path;
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    for (char c : segment) {
      if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return std::string(path);
}

}  // namespace chancery::web
