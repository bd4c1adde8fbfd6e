#include "formats/tei_text.h"

#include <array>
#include <charconv>
#include <utility>

namespace chancery::tei {
namespace {

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

void collect_text(const pugi::xml_node& node, const Names& names, bool skip_notes,
                  NormalisedText& out) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    switch (child.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        out.append(child.value());
        break;
      case pugi::node_element:
        if (names.local(child) == "lb") out.boundary();
        if (skip_notes && names.local(child) == "note") break;
        collect_text(child, names, skip_notes, out);
        break;
      default:
        break;
    }
  }
}

}  // namespace

void NormalisedText::append(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_xml_space(text[i])) {
      pending_space_ = !out_.empty();
      if (text[i] == '\n') pending_line_break_ = pending_space_;
      ++i;
      continue;
    }
    // The longest run of words separated by single spaces: copied in one go.
    std::size_t end = i + 1;
    while (end < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[end]);
      if (c > ' ' || (c == ' ' && end + 1 < text.size() &&
                      static_cast<unsigned char>(text[end + 1]) > ' ')) {
        ++end;
      } else if (!is_xml_space(text[end])) {
        ++end;
      } else {
        break;
      }
    }
    if (pending_space_) {
      // Indentation inside markup ("(<persName>\n  Lie</persName>)") leaves no
      // space just inside brackets or before a comma.
      char last = out_.back();
      char next = text[i];
      bool tight = pending_line_break_ &&
                   (last == '(' || last == '[' || next == ')' || next == ']' || next == ',');
      if (!tight) out_ += ' ';
      pending_space_ = false;
      pending_line_break_ = false;
    }
    out_.append(text.data() + i, end - i);
    i = end;
  }
}

std::string NormalisedText::take() {
  pending_space_ = false;
  pending_line_break_ = false;
  return std::exchange(out_, {});
}

std::string_view Names::local(const pugi::xml_node& node) const {
  std::string_view name = node.name();
  if (!prefix_.empty() && name.starts_with(prefix_)) name.remove_prefix(prefix_.size());
  return name;
}

std::string node_text(const pugi::xml_node& node, const Names& names, bool skip_notes) {
  NormalisedText out;
  collect_text(node, names, skip_notes, out);
  return out.take();
}

std::string normalise_target(std::string_view target, std::string_view volume) {
  while (!target.empty() && is_xml_space(target.front())) target.remove_prefix(1);
  while (!target.empty() && is_xml_space(target.back())) target.remove_suffix(1);
  if (target.find("://") != std::string_view::npos || target.starts_with("mailto:")) {
    return std::string(target);
  }
  std::size_t hash = target.find('#');
  std::string_view vol = hash == std::string_view::npos ? target : target.substr(0, hash);
  std::string_view frag = hash == std::string_view::npos ? std::string_view() : target.substr(hash + 1);
  if (vol.empty()) vol = volume;
  std::string out(vol);
  if (frag.empty()) return out;
  // A document id ("d12", "d273A") or a note inside it ("d12fn3").
  std::size_t end = 1;
  while (end < frag.size() && frag[end] >= '0' && frag[end] <= '9') ++end;
  bool has_digits = end > 1;
  while (end < frag.size() && frag[end] >= 'A' && frag[end] <= 'Z') ++end;
  std::string_view rest = frag.substr(end);
  if (frag[0] == 'd' && has_digits && (rest.empty() || rest.starts_with("fn"))) {
    out += '/';
    out += frag.substr(0, end);
    if (rest.empty()) return out;
  }
  out += '#';
  out += frag;
  return out;
}

std::optional<IsoDateTime> parse_iso_datetime(std::string_view value) {
  while (!value.empty() && is_xml_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_xml_space(value.back())) value.remove_suffix(1);
  IsoDateTime out;
  std::size_t t = value.find('T');
  std::string_view date = value.substr(0, t);
  if (t != std::string_view::npos) out.time = std::string(value.substr(t + 1));
  // YYYY, YYYY-MM or YYYY-MM-DD (a trailing zone on a date alone is ignored).
  if (date.size() < 4 || !is_digits(date.substr(0, 4))) return std::nullopt;
  out.date.year = to_int(date.substr(0, 4));
  out.date.precision = DatePrecision::kYear;
  if (date.size() >= 7 && date[4] == '-' && is_digits(date.substr(5, 2))) {
    out.date.month = to_int(date.substr(5, 2));
    if (out.date.month < 1 || out.date.month > 12) return std::nullopt;
    out.date.precision = DatePrecision::kMonth;
    if (date.size() >= 10 && date[7] == '-' && is_digits(date.substr(8, 2))) {
      out.date.day = to_int(date.substr(8, 2));
      if (out.date.day < 1 || out.date.day > 31) return std::nullopt;
      out.date.precision = DatePrecision::kDay;
    }
  }
  return out;
}

std::string language_name(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNames{{
      {"en", "English"}, {"fr", "French"},     {"de", "German"},  {"es", "Spanish"},
      {"ru", "Russian"}, {"it", "Italian"},    {"pt", "Portuguese"}, {"zh", "Chinese"},
      {"ja", "Japanese"}, {"la", "Latin"},     {"pl", "Polish"},  {"hu", "Hungarian"},
      {"cs", "Czech"},   {"ar", "Arabic"},
  }};
  std::string_view primary = code.substr(0, code.find('-'));
  for (const auto& [c, name] : kNames) {
    if (primary == c) return std::string(name);
  }
  return std::string(code);
}

}  // namespace chancery::tei
