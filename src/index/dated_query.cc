#include "index/dated_query.h"

#include <vector>

#include "index/plain_query.h"
#include "model/date.h"

namespace chancery {

namespace {

constexpr std::size_t kMaxTokens = 24;
constexpr std::size_t kMaxDateWords = 5;

bool has_letter(std::string_view text) {
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

bool has_digit(std::string_view text) {
  for (char c : text) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// The range of a date written in words or as ISO, as date: takes it;
// nullopt when `written` is no date of a month or a day, or says no date.
std::optional<std::string> range_of(std::string_view written) {
  if (!has_digit(written)) return std::nullopt;
  std::optional<DateSpan> span;
  if (!has_letter(written)) {
    // "1962-10-27", "1962-10", "1956-11..1957": a bare year is a word.
    if (written.find_first_of("-.") == std::string_view::npos) return std::nullopt;
    span = parse_query_date_range(written);
  } else {
    span = parse_date(written);
    if (span && (span->approximate || !span->time.empty())) return std::nullopt;
  }
  if (!span || !span->from.known()) return std::nullopt;
  const Date to = span->to.known() ? span->to : span->from;
  // A month or a day, or a range that says more than a year.
  if (span->from.precision == DatePrecision::kYear && to.precision == DatePrecision::kYear &&
      span->from.year == to.year) {
    return std::nullopt;
  }
  std::string range = span->from.iso();
  if (to != span->from) range += ".." + to.iso();
  return range;
}

bool is_approximation(const PlainToken& token) {
  if (token.quoted) return false;
  std::string word;
  for (char c : token.text) word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return word == "ca." || word == "ca" || word == "c." || word == "circa";
}

}  // namespace

std::optional<DatedReading> read_as_dated(std::string_view query) {
  if (query.size() > kMaxDatedQueryBytes) return std::nullopt;
  std::optional<std::vector<PlainToken>> tokens = plain_query_tokens(query, kMaxTokens);
  if (!tokens || tokens->empty()) return std::nullopt;
  const std::size_t n = tokens->size();
  // The first date written, in its longest form.
  for (std::size_t begin = 0; begin < n; ++begin) {
    if ((*tokens)[begin].quoted) continue;
    std::size_t best_end = begin;
    std::string best_written;
    std::string best_range;
    std::string written;
    for (std::size_t end = begin; end < n && end - begin < kMaxDateWords; ++end) {
      if ((*tokens)[end].quoted) break;
      if (end > begin) written += ' ';
      written += (*tokens)[end].text;
      // A comma or full stop after a date is the sentence's ("October 1962,").
      std::string_view trimmed = written;
      while (!trimmed.empty() && (trimmed.back() == ',' || trimmed.back() == ';' || trimmed.back() == '.')) {
        trimmed.remove_suffix(1);
      }
      if (std::optional<std::string> range = range_of(trimmed)) {
        best_end = end + 1;
        best_written = std::string(trimmed);
        best_range = std::move(*range);
      }
    }
    if (best_end == begin) continue;
    // "ca. October 1962" says no date.
    if (begin > 0 && is_approximation((*tokens)[begin - 1])) return std::nullopt;
    DatedReading reading;
    reading.written = std::move(best_written);
    reading.range = std::move(best_range);
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= begin && i < best_end) continue;
      const PlainToken& token = (*tokens)[i];
      if (!reading.query.empty()) reading.query += ' ';
      reading.query += token.quoted ? "\"" + token.text + "\"" : token.text;
    }
    if (!reading.query.empty()) reading.query += ' ';
    reading.query += "date:" + reading.range;
    return reading;
  }
  return std::nullopt;
}

std::string dated_label(const DatedReading& reading) { return "Documents dated " + reading.written; }

}  // namespace chancery
