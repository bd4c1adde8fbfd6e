#include "index/plain_query.h"

namespace chancery {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

constexpr std::string_view kQueryLanguage = ":()*";

}  // namespace

std::optional<std::vector<PlainToken>> plain_query_tokens(std::string_view query, std::size_t max_tokens,
                                                          std::string_view trailing) {
  std::vector<PlainToken> tokens;
  std::size_t pos = 0;
  while (pos < query.size()) {
    if (is_space(query[pos])) {
      ++pos;
      continue;
    }
    if (tokens.size() == max_tokens) return std::nullopt;
    PlainToken token;
    if (query[pos] == '"') {
      const std::size_t close = query.find('"', pos + 1);
      if (close == std::string_view::npos) return std::nullopt;
      token.text = std::string(query.substr(pos + 1, close - pos - 1));
      token.quoted = true;
      pos = close + 1;
      if (token.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) return std::nullopt;
      if (token.text.find_first_of(kQueryLanguage) != std::string::npos) return std::nullopt;
    } else {
      std::size_t end = pos;
      while (end < query.size() && !is_space(query[end]) && query[end] != '"') ++end;
      std::string_view run = query.substr(pos, end - pos);
      pos = end;
      while (!run.empty() && trailing.find(run.back()) != std::string_view::npos) run.remove_suffix(1);
      if (run.empty()) continue;
      if (run == "AND" || run == "OR" || run == "NOT" || run.front() == '+' || run.front() == '-') return std::nullopt;
      if (run.find_first_of(kQueryLanguage) != std::string_view::npos) return std::nullopt;
      token.text = std::string(run);
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace chancery
