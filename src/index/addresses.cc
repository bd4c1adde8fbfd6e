#include "index/addresses.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "index/index_terms.h"

namespace chancery {

namespace t = index_terms;

std::vector<std::string_view> addressed_ids(std::string_view query) {
  std::vector<std::string_view> out;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!query.empty() && space(query.front())) query.remove_prefix(1);
  while (!query.empty() && space(query.back())) query.remove_suffix(1);
  if (query.empty() || std::any_of(query.begin(), query.end(), space)) return out;
  std::string_view path = query;
  bool url = false;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (query.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), query.begin(), [](char a, char b) {
          return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
      path = query.substr(scheme.size());
      const std::size_t host_end = path.find('/');
      if (host_end == std::string_view::npos) return out;
      path.remove_prefix(host_end + 1);
      url = true;
      break;
    }
  }
  if (!url && path.find(':') != std::string_view::npos) return out;   // a field
  path = path.substr(0, std::min(path.find('?'), path.find('#')));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  // A word without a slash only when it is no word of the text: letters and
  // digits ("frus1961-63v05"), not "Nagy" nor "1956".
  const bool letters = std::any_of(path.begin(), path.end(), [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; });
  const bool digits = std::any_of(path.begin(), path.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (path.empty() || (!url && path.find('/') == std::string_view::npos && !(letters && digits))) return out;
  if (path.find_first_of("\"()*") != std::string_view::npos) return out;
  while (!path.empty() && out.size() < kMaxAddressedIds) {
    if (path.size() + t::kIdPrefix.size() <= t::kMaxTermBytes) out.push_back(path);
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

namespace {

// A citation's words: runs of ASCII letters (lower-cased) and runs of digits,
// apart ("1961-63v05" is 1961, 63, v, 05); anything else separates them.
struct CitationToken {
  std::string text;
  bool number = false;
  bool joined = false;   // no separator before it ("v5": 5 is joined)
  bool after_dot = false;   // a full stop among the separators before it ("v. 25")
};

constexpr std::size_t kMaxCitationTokens = 64;
constexpr std::size_t kMaxNumberDigits = 6;

std::vector<CitationToken> citation_tokens(std::string_view text) {
  std::vector<CitationToken> out;
  std::size_t i = 0;
  std::size_t separators = 0;
  bool dot = false;
  while (i < text.size() && out.size() < kMaxCitationTokens) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (!digit && !letter) {
      ++separators;
      dot = dot || c == '.';
      ++i;
      continue;
    }
    CitationToken token;
    token.number = digit;
    token.joined = separators == 0 && !out.empty();
    token.after_dot = dot;
    separators = 0;
    dot = false;
    while (i < text.size()) {
      const char d = text[i];
      const bool same = digit ? (d >= '0' && d <= '9') : ((d | 0x20) >= 'a' && (d | 0x20) <= 'z');
      if (!same) break;
      token.text.push_back(digit ? d : static_cast<char>(d | 0x20));
      ++i;
    }
    out.push_back(std::move(token));
  }
  return out;
}

std::optional<int> number_of(const CitationToken& token) {
  if (!token.number || token.text.size() > kMaxNumberDigits) return std::nullopt;
  int n = 0;
  for (char c : token.text) n = n * 10 + (c - '0');
  return n;
}

// A volume or part number in Roman numerals, I to LX, written canonically.
std::optional<int> roman_of(std::string_view word) {
  static const std::array<std::string, 61> numerals = [] {
    std::array<std::string, 61> out;
    const std::array<std::string_view, 10> ones = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    const std::array<std::string_view, 7> tens = {"", "x", "xx", "xxx", "xl", "l", "lx"};
    for (int n = 1; n <= 60; ++n) out[n] = std::string(tens[n / 10]) + std::string(ones[n % 10]);
    return out;
  }();
  if (word.empty() || word.size() > 7) return std::nullopt;
  for (int n = 1; n <= 60; ++n) {
    if (numerals[n] == word) return n;
  }
  return std::nullopt;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string two_digits(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

}  // namespace

std::vector<std::string> cited_ids(std::string_view query) {
  std::vector<std::string> out;
  if (query.size() > kMaxCitationBytes) return out;
  const std::vector<CitationToken> tokens = citation_tokens(query);
  // The series: "FRUS", or "Foreign Relations (of the United States)".
  std::size_t pos = tokens.size() + 1;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text == "frus") {
      pos = i + 1;
      break;
    }
    if (tokens[i].text == "foreign" && i + 1 < tokens.size() && tokens[i + 1].text == "relations") {
      pos = i + 2;
      break;
    }
  }
  if (pos > tokens.size()) return out;
  // Its years, after a few words at most ("of the United States, Diplomatic Papers").
  std::size_t skipped = 0;
  while (pos < tokens.size() && !tokens[pos].number && skipped < 8) {
    ++pos;
    ++skipped;
  }
  if (pos >= tokens.size()) return out;
  const std::optional<int> first_year = number_of(tokens[pos]);
  if (!first_year || tokens[pos].text.size() != 4 || *first_year < 1861 || *first_year > 2100) return out;
  ++pos;
  std::optional<int> last_year;
  if (pos < tokens.size() && tokens[pos].number) {
    const std::optional<int> n = number_of(tokens[pos]);
    int two_digit_end = n ? (*first_year / 100) * 100 + *n : 0;
    if (n && two_digit_end <= *first_year) two_digit_end += 100;
    if (n && tokens[pos].text.size() == 2 && two_digit_end <= *first_year + 30) {
      // "1961-63"; not "1955, 25" (a volume), which no series' years span.
      last_year = two_digit_end;
      ++pos;
    } else if (n && tokens[pos].text.size() == 4 && *n > *first_year && *n <= *first_year + 30) {
      last_year = *n;
      ++pos;
    }
  }
  // Volume, part and document, in the order written; other words passed over.
  const std::size_t after_years = pos;
  std::optional<int> volume, part, document;
  bool electronic = false;
  auto number_or_roman = [&](std::size_t at) -> std::optional<int> {
    if (at >= tokens.size()) return std::nullopt;
    if (tokens[at].number) return number_of(tokens[at]);
    return roman_of(tokens[at].text);
  };
  while (pos < tokens.size()) {
    const std::string& word = tokens[pos].text;
    if (!volume && is_one_of(word, {"vol", "vols", "volume", "v"})) {
      if (pos + 2 < tokens.size() && tokens[pos + 1].text == "e" && tokens[pos + 2].number) {
        volume = number_of(tokens[pos + 2]);
        electronic = true;
        pos += 3;
        continue;
      }
      // "v" is the word only before a number joined to it or after a full
      // stop ("v5", "v. 25"); alone it is Roman five ("FRUS 1961-63, V, 45").
      const bool keyword = word != "v" || (pos + 1 < tokens.size() && tokens[pos + 1].number &&
                                           (tokens[pos + 1].joined || tokens[pos + 1].after_dot));
      std::optional<int> n = keyword ? number_or_roman(pos + 1) : std::nullopt;
      if (n) {
        volume = n;
        pos += 2;
        continue;
      }
      if (word == "v") {
        volume = 5;
        ++pos;
        continue;
      }
    } else if (!part && volume && is_one_of(word, {"part", "pt", "p"})) {
      if (std::optional<int> n = number_or_roman(pos + 1)) {
        part = n;
        pos += 2;
        continue;
      }
    } else if (!document && volume && is_one_of(word, {"doc", "docs", "document", "d", "no", "number", "nr"})) {
      if (pos + 1 < tokens.size() && tokens[pos + 1].number) {
        document = number_of(tokens[pos + 1]);
        pos += 2;
        continue;
      }
    } else if (tokens[pos].number) {
      // A bare number: the volume right after the years, the document after
      // the volume ("FRUS 1955-57 XXV 138").
      if (!volume && pos == after_years) {
        volume = number_of(tokens[pos]);
      } else if (volume && !document) {
        document = number_of(tokens[pos]);
      }
    } else if (!volume && pos == after_years) {
      if (std::optional<int> n = roman_of(word)) volume = n;
    }
    ++pos;
  }
  if (!volume || *volume < 1 || *volume > 99) return out;
  if (part && (*part < 1 || *part > 9)) return out;
  if (document && (*document < 1 || *document > 99999)) return out;
  std::string base = "frus" + std::to_string(*first_year);
  if (last_year) base += "-" + two_digits(*last_year % 100);
  base += "v";
  if (electronic) base += "e";
  base += two_digits(*volume);
  const std::string tail = document ? "/d" + std::to_string(*document) : std::string();
  if (part) {
    out.push_back(base + "p" + std::to_string(*part) + tail);
    return out;
  }
  out.push_back(base + tail);
  for (int p = 1; p < static_cast<int>(kMaxCitedIds); ++p) out.push_back(base + "p" + std::to_string(p) + tail);
  return out;
}

}  // namespace chancery
