// Citation parsing. A Wilson-Center-style citation reads
//   "Title", DATE, PUBLISHER, ARCHIVE, REFERENCE, compiled by NAME. Translated for ORG by NAME.
//   <URL>
// We peel off the URL, the quoted title and the trailing sentences, then walk
// the comma-separated fields: the longest prefix that is a date, the publisher,
// the holding archive (a field that is not itself a reference component) and
// the archival reference (everything left).
#include "model/citation.h"

#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "model/date.h"

namespace chancery {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive find.
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j) match = lower(haystack[i + j]) == lower(needle[j]);
    if (match) return i;
  }
  return std::string_view::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = s.find(',', start);
    std::string_view field = trim(s.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                  : comma - start));
    if (!field.empty()) out.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// A personal name at the start of `s`, up to the first '.' or ',' that does
// not end an initial ("V. N. Malin. Translated..." -> "V. N. Malin").
std::string take_name(std::string_view s) {
  s = trim(s);
  std::size_t word_start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') {
      word_start = i + 1;
    } else if (c == ',' || c == ';') {
      return std::string(trim(s.substr(0, i)));
    } else if (c == '.') {
      bool initial = i - word_start == 1 && std::isupper(static_cast<unsigned char>(s[word_start]));
      if (!initial) return std::string(trim(s.substr(0, i)));
    }
  }
  return std::string(s);
}

// The component keyword at the start of a reference field, or "" if none.
// `rest` receives the value after the keyword.
std::string component_key(std::string_view field, std::string_view& rest) {
  struct Keyword {
    std::string_view word;
    std::string_view key;
  };
  // Longer words first so that "Ll." is not taken for "L.".
  static constexpr std::array<Keyword, 30> kKeywords = {{
      {"fond", "fond"},       {"f.", "fond"},         {"opis'", "opis"},      {"opis", "opis"},
      {"op.", "opis"},        {"delo", "delo"},       {"d.", "delo"},         {"listy", "listy"},
      {"list", "list"},       {"ll.", "listy"},       {"li.", "listy"},       {"l.", "list"},
      {"perechen", "perechen"}, {"per.", "perechen"}, {"dokument", "dokument"}, {"dok.", "dokument"},
      {"box", "box"},         {"folder", "folder"},   {"file", "file"},       {"reel", "reel"},
      {"volume", "volume"},   {"vol.", "volume"},     {"pages", "pages"},     {"page", "pages"},
      {"pp.", "pages"},       {"p.", "pages"},        {"sheets", "listy"},    {"folio", "folio"},
      {"fol.", "folio"},      {"item", "item"},
  }};
  for (const Keyword& k : kKeywords) {
    if (ifind(field, k.word) != 0) continue;
    std::string_view after = field.substr(k.word.size());
    // The keyword must stand alone: followed by a space (or a digit after a dot).
    if (!after.empty() && after.front() != ' ' && !(k.word.back() == '.' && is_digit(after.front()))) continue;
    after = trim(after);
    if (after.empty()) continue;
    rest = after;
    std::string key(k.key);
    // "L. 67-69" is several sheets although written with the singular keyword.
    if (key == "list" && after.find('-') != std::string_view::npos) key = "listy";
    return key;
  }
  return "";
}

bool is_page_range(std::string_view s) {
  if (s.empty() || !is_digit(s.front())) return false;
  for (char c : s)
    if (!is_digit(c) && c != '-' && c != ' ' && c != 'r' && c != 'v') return false;
  return true;
}

// A German Bundesarchiv signature "B 136/59748": record group and file.
bool split_signature(std::string_view s, std::string& group, std::string& file) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  std::string_view g = trim(s.substr(0, slash));
  std::string_view f = trim(s.substr(slash + 1));
  if (g.empty() || f.empty() || !std::isupper(static_cast<unsigned char>(g.front()))) return false;
  if (!is_digit(g.back())) return false;
  for (char c : f)
    if (!is_digit(c)) return false;
  group = std::string(g);
  file = std::string(f);
  return true;
}

bool is_known_archive_abbreviation(std::string_view s) {
  return s == "BArch" || s == "PA AA" || s == "SAPMO-BArch" || s == "BStU";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_archival_reference(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> parts;
  bool recognised = false;
  std::vector<std::string_view> fields = split_commas(trim(text));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string_view field = fields[i];
    if (!field.empty() && field.back() == '.' && i + 1 == fields.size()) field = trim(field.substr(0, field.size() - 1));
    std::string_view value;
    std::string key = component_key(field, value);
    std::string group, file;
    // In a Russian reference "p." is the papka (folder), not a page.
    bool russian = !parts.empty() && (parts.front().first == "fond" || parts.front().first == "opis");
    if (key == "pages" && russian && (field.starts_with("p.") || field.starts_with("P."))) key = "papka";
    if (!key.empty()) {
      parts.emplace_back(key, std::string(value));
      recognised = true;
    } else if (i == 0 && is_known_archive_abbreviation(field)) {
      parts.emplace_back("archive", std::string(field));
    } else if (split_signature(field, group, file)) {
      parts.emplace_back("bestand", group);
      parts.emplace_back("file", file);
      recognised = true;
    } else if (recognised && is_page_range(field)) {
      parts.emplace_back("pages", std::string(field));
    } else {
      parts.emplace_back("other", std::string(field));
    }
  }
  if (!recognised) parts.clear();
  return parts;
}

Citation parse_citation(std::string_view text) {
  Citation c;
  c.as_written = std::string(text);

  // The URL: "<https://...>" or a bare "https://..." at the end.
  std::string body(text);
  if (std::size_t lt = body.find("<http"); lt != std::string::npos) {
    std::size_t gt = body.find('>', lt);
    if (gt != std::string::npos) {
      c.url = body.substr(lt + 1, gt - lt - 1);
      body.erase(lt, gt - lt + 1);
    }
  } else if (std::size_t h = body.find("http"); h != std::string::npos &&
                                               (body.compare(h, 7, "http://") == 0 || body.compare(h, 8, "https://") == 0)) {
    std::size_t end = h;
    while (end < body.size() && !std::isspace(static_cast<unsigned char>(body[end]))) ++end;
    c.url = body.substr(h, end - h);
    body.erase(h, end - h);
  }
  for (char& ch : body)
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  std::string_view rest = trim(body);

  // The quoted title.
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\"", "\","},
                             {"\xE2\x80\x9C", "\xE2\x80\x9D,"},
                             {"\xE2\x80\x9C", ",\xE2\x80\x9D"},
                             {"\"", ",\""}}) {
    if (!rest.starts_with(open)) continue;
    std::size_t end = rest.find(close, open.size());
    if (end == std::string_view::npos) continue;
    c.title = std::string(trim(rest.substr(open.size(), end - open.size())));
    rest = trim(rest.substr(end + close.size()));
    break;
  }

  // Trailing sentences: "compiled by NAME", "Translated for ORG by NAME", "Translated by NAME".
  std::size_t main_end = rest.size();
  if (std::size_t p = ifind(rest, "compiled by "); p != std::string_view::npos) {
    c.compiler = take_name(rest.substr(p + 12));
    main_end = std::min(main_end, p);
  }
  if (std::size_t p = ifind(rest, "translated for "); p != std::string_view::npos) {
    std::string_view after = rest.substr(p + 15);
    std::size_t by = ifind(after, " by ");
    if (by != std::string_view::npos) {
      c.translated_for = std::string(trim(after.substr(0, by)));
      c.translator = take_name(after.substr(by + 4));
    }
    main_end = std::min(main_end, p);
  } else if (std::size_t q = ifind(rest, "translated by "); q != std::string_view::npos) {
    c.translator = take_name(rest.substr(q + 14));
    main_end = std::min(main_end, q);
  }
  for (std::string_view sentence : {". Obtained", ". Included", ". Originally", ". Published", ". Contributed"}) {
    if (std::size_t p = rest.find(sentence); p != std::string_view::npos) main_end = std::min(main_end, p);
  }
  std::string_view main = trim(rest.substr(0, main_end));
  while (!main.empty() && (main.back() == ',' || main.back() == '.' || main.back() == ' ')) main.remove_suffix(1);

  std::vector<std::string_view> fields = split_commas(main);
  std::size_t i = 0;
  // The date: the longest run of up to three fields that parses ("November 3", "1956").
  for (std::size_t n = std::min<std::size_t>(3, fields.size()); n > 0; --n) {
    std::string_view joined(fields[0].data(), static_cast<std::size_t>(fields[n - 1].data() + fields[n - 1].size() - fields[0].data()));
    if (parse_date(joined)) {
      c.date = std::string(joined);
      i = n;
      break;
    }
  }
  if (i < fields.size() && !c.date.empty()) c.publisher = std::string(fields[i++]);
  if (i < fields.size()) {
    std::string_view value;
    std::string group, file;
    bool is_component = !component_key(fields[i], value).empty() || split_signature(fields[i], group, file);
    if (!is_component) c.archive = std::string(fields[i++]);
  }
  if (i < fields.size()) {
    const char* start = fields[i].data();
    const char* end = fields.back().data() + fields.back().size();
    c.reference = std::string(start, static_cast<std::size_t>(end - start));
    c.reference_parts = parse_archival_reference(c.reference);
  }
  return c;
}

}  // namespace chancery
