// Date parsing. The strategy: strip approximation markers ("ca.", "[1956?]"),
// try the fixed-shape forms (ISO, "3/XI/56", "03.11.1956"), then tokenise the
// free forms ("November 1-4, 1956", "1st April, 1949") into numbers, month
// names and dashes and match the token sequence. A trailing "—noon" that is not
// a date is kept as the time of day.
#include "model/date.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

namespace chancery {

namespace {

constexpr std::string_view kEnDash = "\xE2\x80\x93";
constexpr std::string_view kEmDash = "\xE2\x80\x94";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[m - 1];
}

// Builds a Date from parts (0 = absent); nullopt when the parts are impossible.
std::optional<Date> make_date(int y, int m, int d) {
  if (y < 1 || y > 9999) return std::nullopt;
  if (m == 0) {
    if (d != 0) return std::nullopt;
    return Date{y, 0, 0, DatePrecision::kYear};
  }
  if (m < 1 || m > 12) return std::nullopt;
  if (d == 0) return Date{y, m, 0, DatePrecision::kMonth};
  if (d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{y, m, d, DatePrecision::kDay};
}

// True when `from` begins after the last day `to` covers: not a valid range.
bool inverted(const Date& from, const Date& to) {
  DateSpan span;
  span.from = from;
  span.to = to;
  return span.first_day() > span.last_day();
}

int month_from_word(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    std::string_view name = kNames[static_cast<std::size_t>(i)];
    if (iequals(w, name)) return i + 1;
    // Abbreviations: "Nov", "Sept", "Sep"; at least three letters.
    if (w.size() <= 4 && w.size() < name.size() && iequals(w, name.substr(0, w.size()))) return i + 1;
  }
  return 0;
}

bool is_weekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::string_view d : kDays)
    if (iequals(w, d) || (w.size() == 3 && iequals(w, d.substr(0, 3)))) return true;
  return false;
}

int roman_month(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kRoman = {"I",    "II", "III", "IV", "V",  "VI",
                                                              "VII", "VIII", "IX", "X",  "XI", "XII"};
  for (int i = 0; i < 12; ++i)
    if (iequals(s, kRoman[static_cast<std::size_t>(i)])) return i + 1;
  return 0;
}

int expand_year(std::string_view digits) {
  int v = to_int(digits);
  return digits.size() == 2 ? 1900 + v : v;
}

// "1956", "1956-11", "1956-11-03", optionally followed by "T23:00:00" and a zone.
std::optional<DateSpan> parse_iso(std::string_view s) {
  std::string_view date = s;
  std::string_view time;
  if (auto t = s.find('T'); t != std::string_view::npos) {
    date = s.substr(0, t);
    time = s.substr(t + 1);
    if (time.size() < 5 || !is_digit(time[0]) || !is_digit(time[1]) || time[2] != ':') return std::nullopt;
    for (char c : time)
      if (!is_digit(c) && c != ':' && c != '.' && c != '+' && c != '-' && c != 'Z') return std::nullopt;
  }
  int y = 0, m = 0, d = 0;
  if (date.size() == 4 && all_digits(date)) {
    y = to_int(date);
  } else if (date.size() == 7 && date[4] == '-' && all_digits(date.substr(0, 4)) && all_digits(date.substr(5))) {
    y = to_int(date.substr(0, 4));
    m = to_int(date.substr(5, 2));
  } else if (date.size() == 10 && date[4] == '-' && date[7] == '-' && all_digits(date.substr(0, 4)) &&
             all_digits(date.substr(5, 2)) && all_digits(date.substr(8, 2))) {
    y = to_int(date.substr(0, 4));
    m = to_int(date.substr(5, 2));
    d = to_int(date.substr(8, 2));
  } else {
    return std::nullopt;
  }
  if (!time.empty() && d == 0) return std::nullopt;
  auto parsed = make_date(y, m, d);
  if (!parsed) return std::nullopt;
  DateSpan span;
  span.from = span.to = *parsed;
  span.time = std::string(time);
  return span;
}

// "3/XI/56", "3.XI.1956", "03.11.1956": day, month (Roman, or digits with '.'), year.
std::optional<Date> parse_day_month_year_numeric(std::string_view s) {
  char sep = 0;
  for (char c : s)
    if (c == '/' || c == '.') {
      sep = c;
      break;
    }
  if (sep == 0) return std::nullopt;
  std::array<std::string_view, 3> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    std::size_t end = i < 2 ? s.find(sep, start) : s.size();
    if (end == std::string_view::npos) return std::nullopt;
    parts[i] = trim(s.substr(start, end - start));
    start = end + 1;
  }
  const auto& [day, month, year] = parts;
  if (!all_digits(day) || day.size() > 2) return std::nullopt;
  if (!all_digits(year) || (year.size() != 2 && year.size() != 4)) return std::nullopt;
  int m = roman_month(month);
  if (m == 0 && sep == '.' && all_digits(month) && month.size() <= 2) m = to_int(month);
  if (m == 0) return std::nullopt;
  return make_date(expand_year(year), m, to_int(day));
}

enum class TokenKind { kNumber, kMonth, kDash };

struct Token {
  TokenKind kind;
  int value = 0;
  int digits = 0;
  bool ordinal = false;
};

std::optional<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '.') {
      ++i;
    } else if (c == '-') {
      tokens.push_back({TokenKind::kDash});
      ++i;
    } else if (s.substr(i).starts_with(kEnDash) || s.substr(i).starts_with(kEmDash)) {
      tokens.push_back({TokenKind::kDash});
      i += 3;
    } else if (is_digit(c)) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j - i > 4) return std::nullopt;
      Token t{TokenKind::kNumber, to_int(s.substr(i, j - i)), static_cast<int>(j - i)};
      std::size_t k = j;
      while (k < s.size() && is_alpha(s[k])) ++k;
      std::string_view suffix = s.substr(j, k - j);
      if (!suffix.empty()) {
        if (!iequals(suffix, "st") && !iequals(suffix, "nd") && !iequals(suffix, "rd") && !iequals(suffix, "th"))
          return std::nullopt;
        t.ordinal = true;
      }
      tokens.push_back(t);
      i = k;
    } else if (is_alpha(c)) {
      std::size_t j = i;
      while (j < s.size() && is_alpha(s[j])) ++j;
      std::string_view word = s.substr(i, j - i);
      if (int m = month_from_word(word)) {
        tokens.push_back({TokenKind::kMonth, m});
      } else if (iequals(word, "to") || iequals(word, "until") || iequals(word, "and")) {
        tokens.push_back({TokenKind::kDash});
      } else if (!is_weekday(word) && !iequals(word, "of")) {
        return std::nullopt;
      }
      i = j;
    } else {
      return std::nullopt;
    }
  }
  return tokens;
}

struct Parts {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Matches one side of a date: year, month and day in one of the orders
// archives use, any of them possibly absent (filled from the other side of a range).
std::optional<Parts> match_parts(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  std::string shape;
  Parts parts;
  for (std::size_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kMonth) {
      if (parts.month) return std::nullopt;
      parts.month = t.value;
      shape += 'M';
    } else if (t.kind == TokenKind::kNumber) {
      bool is_day = t.ordinal || (t.digits <= 2 && t.value >= 1 && t.value <= 31);
      if (is_day) {
        if (parts.day) return std::nullopt;
        parts.day = t.value;
        shape += 'D';
      } else if (t.digits >= 3) {
        if (parts.year) return std::nullopt;
        parts.year = t.value;
        shape += 'Y';
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  static constexpr std::array<std::string_view, 11> kShapes = {"Y", "MY", "MDY", "DMY", "YMD", "DY",
                                                               "YM", "MD", "DM",  "M",   "D"};
  for (std::string_view ok : kShapes)
    if (shape == ok) return parts;
  return std::nullopt;
}

std::optional<DateSpan> parse_tokens(const std::vector<Token>& tokens) {
  std::vector<std::size_t> dashes;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i].kind == TokenKind::kDash) dashes.push_back(i);
  if (tokens.empty() || dashes.size() > 1) return std::nullopt;
  DateSpan span;
  if (dashes.empty()) {
    auto p = match_parts(tokens, 0, tokens.size());
    if (!p || p->year == 0) return std::nullopt;
    auto d = make_date(p->year, p->month, p->day);
    if (!d) return std::nullopt;
    span.from = span.to = *d;
    return span;
  }
  std::size_t dash = dashes[0];
  // "1956-57": a two-digit second year.
  if (dash == 1 && tokens.size() == 3 && tokens[0].kind == TokenKind::kNumber && tokens[0].digits == 4 &&
      tokens[2].kind == TokenKind::kNumber && tokens[2].digits == 2 && !tokens[2].ordinal) {
    int y1 = tokens[0].value;
    int y2 = y1 / 100 * 100 + tokens[2].value;
    if (y2 <= y1) return std::nullopt;
    span.from = Date{y1, 0, 0, DatePrecision::kYear};
    span.to = Date{y2, 0, 0, DatePrecision::kYear};
    return span;
  }
  auto left = match_parts(tokens, 0, dash);
  auto right = match_parts(tokens, dash + 1, tokens.size());
  if (!left || !right) return std::nullopt;
  if (!left->year) left->year = right->year;
  if (!right->year) right->year = left->year;
  if (left->day && !left->month) left->month = right->month;
  if (right->day && !right->month) right->month = left->month;
  auto from = make_date(left->year, left->month, left->day);
  auto to = make_date(right->year, right->month, right->day);
  if (!from || !to || inverted(*from, *to)) return std::nullopt;
  span.from = *from;
  span.to = *to;
  return span;
}

std::optional<DateSpan> parse_plain(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (auto iso = parse_iso(s)) return iso;
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    // ISO interval "1956-11-01/1956-11-30".
    auto a = parse_iso(trim(s.substr(0, slash)));
    auto b = parse_iso(trim(s.substr(slash + 1)));
    if (a && b && a->time.empty() && b->time.empty() && !inverted(a->from, b->from)) {
      a->to = b->from;
      return a;
    }
  }
  if (auto numeric = parse_day_month_year_numeric(s)) {
    DateSpan span;
    span.from = span.to = *numeric;
    return span;
  }
  if (auto tokens = tokenize(s)) return parse_tokens(*tokens);
  return std::nullopt;
}

// A time of day as archives append it to a date: "6:34 p.m.", "2 p.m", "noon",
// "midnight", "1200Z", "23:00", "9:30-11 a.m.".
bool looks_like_time(std::string_view t) {
  t = trim(t);
  if (istarts_with(t, "noon") || istarts_with(t, "midnight")) return true;
  if (t.empty() || !is_digit(t[0])) return false;
  std::size_t i = 0;
  bool colon = false;
  while (i < t.size()) {
    if (is_digit(t[i]) || t[i] == ' ' || t[i] == '-') {
      ++i;
    } else if (t[i] == ':') {
      colon = true;
      ++i;
    } else if (t.substr(i).starts_with(kEnDash)) {
      i += kEnDash.size();
    } else {
      break;
    }
  }
  std::string_view rest = t.substr(i);
  if (rest.empty()) return colon;
  if (rest.front() == 'Z') return true;
  char c = lower(rest.front());
  if (c != 'a' && c != 'p') return false;
  rest.remove_prefix(1);
  while (!rest.empty() && (rest.front() == '.' || rest.front() == ' ')) rest.remove_prefix(1);
  return !rest.empty() && lower(rest.front()) == 'm';
}

// "January 21, 1961, 6:34 p.m.", "November 3, 1956—noon", "May 2, 1956 noon":
// a date, a separator, then a time of day (kept as written).
std::optional<DateSpan> parse_date_then_time(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t skip = 0;
    if (s[i] == ',' || s[i] == ' ') skip = 1;
    else if (s.substr(i).starts_with(kEmDash)) skip = kEmDash.size();
    if (skip == 0) continue;
    std::string_view time = trim(s.substr(i + skip));
    if (time.empty() || !looks_like_time(time)) continue;
    auto span = parse_plain(s.substr(0, i));
    if (!span || !span->time.empty()) continue;
    while (!time.empty() && time.back() == ',') time.remove_suffix(1);
    span->time = std::string(trim(time));
    return span;
  }
  return std::nullopt;
}

// Removes an approximation marker, reporting whether there was one.
std::string_view strip_approximation(std::string_view s, bool& approximate) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = trim(s.substr(1, s.size() - 2));
  if (!s.empty() && s.back() == '?') {
    approximate = true;
    s = trim(s.substr(0, s.size() - 1));
  }
  static constexpr std::array<std::string_view, 7> kPrefixes = {"circa ", "ca. ", "ca ",    "c. ",
                                                                "approx. ", "about ", "around "};
  for (std::string_view p : kPrefixes) {
    if (istarts_with(s, p)) {
      approximate = true;
      s = trim(s.substr(p.size()));
      break;
    }
  }
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = trim(s.substr(1, s.size() - 2));
  return s;
}

// A decade as historians write it: "1960s" (also "1960's").
std::optional<DateSpan> parse_decade(std::string_view s) {
  if (s.size() == 6 && s.ends_with("'s")) s = s.substr(0, 4);
  else if (s.size() == 5 && (s.back() == 's' || s.back() == 'S')) s = s.substr(0, 4);
  else return std::nullopt;
  if (s.find_first_not_of("0123456789") != std::string_view::npos || s.back() != '0') return std::nullopt;
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10;
  if (year < 1) return std::nullopt;
  DateSpan span;
  span.from = Date{year, 0, 0, DatePrecision::kYear};
  span.to = Date{year + 9, 0, 0, DatePrecision::kYear};
  return span;
}

// One side of a query's date range, or the whole of it: ISO ("1956-11-03"),
// a decade ("1960s"), or a date as archives write it ("November 3, 1956",
// "November 1956", "1956-1957"), without its time of day.
std::optional<DateSpan> parse_query_span(std::string_view s) {
  s = trim(s);
  if (auto iso = parse_iso(s)) {
    if (!iso->time.empty()) return std::nullopt;
    return iso;
  }
  if (auto decade = parse_decade(s)) return decade;
  auto written = parse_date(s);
  if (!written || !written->time.empty() || written->approximate || !written->known()) return std::nullopt;
  return written;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  using namespace std::chrono;
  sys_days days{std::chrono::year{year} / month / day};
  return days.time_since_epoch().count();
}

std::optional<DateSpan> parse_date(std::string_view text) {
  std::string_view written = trim(text);
  if (written.empty()) return std::nullopt;
  bool approximate = false;
  std::string_view s = strip_approximation(written, approximate);
  std::optional<DateSpan> span = parse_plain(s);
  if (!span) span = parse_date_then_time(s);
  if (!span) {
    // "November 3, 1956—evening": a date, an em dash, then any time of day.
    std::size_t dash = s.find(kEmDash);
    if (dash == std::string_view::npos) return std::nullopt;
    span = parse_plain(s.substr(0, dash));
    std::string_view time = trim(s.substr(dash + kEmDash.size()));
    if (!span || time.empty() || !span->time.empty()) return std::nullopt;
    span->time = std::string(time);
  }
  span->approximate = approximate;
  span->as_written = std::string(written);
  return span;
}

std::optional<DateSpan> parse_query_date_range(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  DateSpan span;
  span.as_written = std::string(s);
  std::size_t dots = s.find("..");
  if (dots == std::string_view::npos) {
    auto whole = parse_query_span(s);
    if (!whole || inverted(whole->from, whole->to.known() ? whole->to : whole->from)) return std::nullopt;
    span.from = whole->from;
    span.to = whole->to.known() ? whole->to : whole->from;
    return span;
  }
  std::string_view a = trim(s.substr(0, dots));
  std::string_view b = trim(s.substr(dots + 2));
  if ((a.empty() && b.empty()) || b.starts_with('.')) return std::nullopt;   // "..", "1956...1957"
  // Open ends are the extremes of the representable years, so that
  // first_day()/last_day() compare correctly. A side that is itself a span
  // ("1960s", "November 1-4, 1956") gives its start or its end.
  Date lowest{1, 0, 0, DatePrecision::kYear};
  Date highest{9999, 0, 0, DatePrecision::kYear};
  std::optional<Date> from, to;
  if (a.empty()) {
    from = lowest;
  } else if (auto side = parse_query_span(a)) {
    from = side->from;
  }
  if (b.empty()) {
    to = highest;
  } else if (auto side = parse_query_span(b)) {
    to = side->to.known() ? side->to : side->from;
  }
  if (!from || !to || inverted(*from, *to)) return std::nullopt;
  span.from = *from;
  span.to = *to;
  return span;
}

}  // namespace chancery
