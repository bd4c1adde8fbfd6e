// The record-text layout: reader and writer.
//
// Reading goes in three steps: check the bytes (limits, UTF-8, no control
// characters), cut the lines into paragraphs (runs of non-blank lines), then
// interpret the paragraphs: the head (date line and title), the labelled
// sections, the body, and the trailing run of notes.
//
// Writing puts the same paragraphs back in the canonical spacing: no leading
// blank lines, one blank line between paragraphs, and exactly one final '\n'.
// So a canonical file (like the seed, up to its leading blank lines and its
// missing final newline) comes back byte for byte.
//
// The reader is lenient where real files vary, and the writer then emits the
// canonical form (so write(read(x)) differs from x, but write is idempotent):
// a UTF-8 BOM and CR before LF are dropped; whitespace-only lines count as
// blank; the date line and title lines get their "  " line breaks; a section
// value directly under its label gets its blank line; a note marker gets one
// space after it.
#include "formats/record_text.h"

#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "model/citation.h"
#include "model/date.h"

namespace chancery {

namespace {

struct Paragraph {
  std::vector<std::string_view> lines;  // without '\n' (and without a '\r' before it)
  int line = 0;                         // 1-based number of the first line
};

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string hex_byte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    unsigned b = byte(k);
    return k < s.size() && b >= lo && b <= hi;
  };
  unsigned c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

// Checks one line's bytes: valid UTF-8, no control characters but tab.
std::optional<Error> check_line(std::string_view line, const std::string& path, int number) {
  for (std::size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    int column = static_cast<int>(i) + 1;
    if (c == 0) return fail_at(path, number, "NUL byte: binary data is not a record-text file", column).error();
    if ((c < 0x20 && c != '\t') || c == 0x7F)
      return fail_at(path, number, "control character " + hex_byte(c) + ": binary data is not a record-text file",
                     column)
          .error();
    std::size_t n = utf8_sequence_length(line, i);
    if (n == 0) return fail_at(path, number, "invalid UTF-8 (byte " + hex_byte(c) + ")", column).error();
    i += n;
  }
  return std::nullopt;
}

// Splits checked bytes into paragraphs, or fails on the first bad line.
Result<std::vector<Paragraph>> split_paragraphs(std::string_view bytes, const std::string& path,
                                                const RecordTextLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return fail_at(path, 0,
                   "file is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                       std::to_string(limits.max_file_bytes));
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::vector<Paragraph> paragraphs;
  bool in_paragraph = false;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= bytes.size()) {
    ++number;
    const void* nl = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) : bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > limits.max_line_bytes)
      return fail_at(path, number,
                     "line is " + std::to_string(line.size()) + " bytes long; the limit is " +
                         std::to_string(limits.max_line_bytes));
    if (auto error = check_line(line, path, number)) return std::unexpected(*error);
    if (is_blank(line)) {
      in_paragraph = false;
    } else {
      if (!in_paragraph) paragraphs.push_back(Paragraph{{}, number});
      paragraphs.back().lines.push_back(line);
      in_paragraph = true;
    }
    if (!nl) break;
    pos = end + 1;
  }
  return paragraphs;
}

// "**Label:**" alone on a line -> "Label"; nullopt otherwise.
std::optional<std::string> label_of(std::string_view line) {
  line = trim(line);
  if (line.size() < 6 || !line.starts_with("**") || !line.ends_with(":**")) return std::nullopt;
  std::string_view inner = line.substr(2, line.size() - 5);
  if (inner.find("**") != std::string_view::npos || trim(inner).empty()) return std::nullopt;
  return std::string(trim(inner));
}

// "**text**" (after trimming) -> "text"; nullopt when not wholly bold.
std::optional<std::string_view> bold_line(std::string_view line) {
  line = trim(line);
  if (line.size() < 5 || !line.starts_with("**") || !line.ends_with("**")) return std::nullopt;
  return trim(line.substr(2, line.size() - 4));
}

std::string join(const std::vector<std::string_view>& lines, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += sep;
    out += lines[i];
  }
  return out;
}

// A section's text without its Markdown line breaks: lines right-trimmed, joined by '\n'.
std::string plain_text(std::string_view value) {
  std::string out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t nl = value.find('\n', start);
    std::string_view line = rtrim(value.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (!out.empty()) out += '\n';
    out += line;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::vector<std::string> value_lines(std::string_view value) {
  std::vector<std::string> out;
  std::string text = plain_text(value);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view line = trim(std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (!line.empty()) out.emplace_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "record" : out;
}

std::string file_stem(const std::string& path) {
  std::string_view p = path;
  if (auto slash = p.find_last_of('/'); slash != std::string_view::npos) p.remove_prefix(slash + 1);
  if (auto dot = p.find_last_of('.'); dot != std::string_view::npos && dot > 0) p = p.substr(0, dot);
  return std::string(p);
}

std::string last_url_segment(std::string_view url) {
  if (auto cut = url.find_first_of("?#"); cut != std::string_view::npos) url = url.substr(0, cut);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  auto slash = url.find_last_of('/');
  if (slash == std::string_view::npos || url.substr(0, slash).ends_with("/")) return "";
  return std::string(url.substr(slash + 1));
}

// A note marker "(12)" or "[12]" at the start of `s`.
struct Marker {
  char open = '(';
  int number = 0;
  std::size_t length = 0;  // bytes of the marker
};

std::optional<Marker> marker_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || (s[i] != '(' && s[i] != '[')) return std::nullopt;
  char close = s[i] == '(' ? ')' : ']';
  std::size_t j = i + 1;
  int number = 0;
  while (j < s.size() && j - i <= 4 && s[j] >= '0' && s[j] <= '9') number = number * 10 + (s[j++] - '0');
  if (j == i + 1 || j - i > 4 || j >= s.size() || s[j] != close) return std::nullopt;
  return Marker{s[i], number, j - i + 1};
}

// Note references in a body paragraph, in order, excluding a leading marker
// (which numbers the paragraph itself, as in a numbered list).
std::vector<Marker> references_in(const std::string& text) {
  std::vector<Marker> refs;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (auto m = marker_at(text, i)) {
      refs.push_back(*m);
      i += m->length - 1;
    }
  return refs;
}

void add_warning(ImportUnit& unit, const std::string& path, int line, const std::string& what) {
  unit.warnings.push_back(path + ":" + std::to_string(line) + ": " + what);
}

// Fills the typed fields from one labelled section.
void apply_section(Record& r, const Section& s, std::string& record_id) {
  const std::string& label = s.label;
  if (label == "Citation") {
    r.citation = parse_citation(s.value);
  } else if (label == "Record ID") {
    record_id = std::string(trim(plain_text(s.value)));
  } else if (label == "Summary") {
    r.summary = plain_text(s.value);
  } else if (label == "Credits") {
    r.credits = plain_text(s.value);
  } else if (label == "Original Language") {
    r.languages = value_lines(s.value);
  } else if (label == "Contents") {
    r.contents = plain_text(s.value);
  } else if (label == "Author") {
    r.author = plain_text(s.value);
  } else if (label == "Associated Places") {
    for (auto& name : value_lines(s.value)) r.places.push_back(NameRef{std::move(name), ""});
  } else if (label == "Associated People & Organizations") {
    for (auto& name : value_lines(s.value)) r.people.push_back(NameRef{std::move(name), ""});
  } else if (label == "Subjects Discussed") {
    r.subjects = value_lines(s.value);
  } else if (label == "Source") {
    r.source = plain_text(s.value);
  } else if (label == "Original Archive") {
    r.archive = plain_text(s.value);
  } else if (label == "Rights") {
    r.rights = plain_text(s.value);
  } else if (label == "Original Classification") {
    r.classification = plain_text(s.value);
  }
}

// Reads the head paragraph: an optional bold date line, then the bold title.
std::optional<Error> read_head(const std::vector<Paragraph>& paragraphs, const std::string& path, Record& r) {
  if (paragraphs.empty()) return fail_at(path, 1, "empty file: expected a bold title (**Title**)").error();
  const Paragraph& head = paragraphs[0];
  if (label_of(head.lines[0]))
    return fail_at(path, head.line, "no title: expected a bold title (**Title**) before the first labelled section")
        .error();
  std::size_t first = 0;
  if (head.lines.size() >= 2 && bold_line(head.lines[0]) && trim(head.lines[1]).starts_with("**")) {
    std::string written(*bold_line(head.lines[0]));
    r.date = parse_date(written).value_or(DateSpan{});
    r.date.as_written = written;
    first = 1;
  }
  std::string_view opening = trim(head.lines[first]);
  if (!opening.starts_with("**"))
    return fail_at(path, head.line + static_cast<int>(first), "no title: expected a bold title (**Title**)").error();
  std::string_view closing = rtrim(head.lines.back());
  int last_line = head.line + static_cast<int>(head.lines.size()) - 1;
  if (!closing.ends_with("**") || (first + 1 == head.lines.size() && closing.size() < 5))
    return fail_at(path, last_line, "title not closed: expected its last line to end with **").error();
  for (std::size_t i = first; i < head.lines.size(); ++i) {
    std::string_view line = rtrim(head.lines[i]);
    if (i == first) line = trim(line).substr(2);
    if (i + 1 == head.lines.size()) line = line.substr(0, line.size() - 2);
    if (!is_blank(line)) r.title_lines.emplace_back(rtrim(line));  // "**" alone adds no line
  }
  for (const std::string& line : r.title_lines) {
    std::string_view piece = trim(line);
    if (piece.empty()) continue;
    if (!r.title.empty()) r.title += ' ';
    r.title += piece;
  }
  if (r.title.empty()) return fail_at(path, head.line, "no title: the bold title is empty").error();
  // A head whose one line of text is a date holds no title, however its bold
  // is split ("**November 1956\n**" too): the writer would write it as a date.
  if (first == 0 && r.title_lines.size() == 1 && parse_date(r.title))
    return fail_at(path, head.line, "no title: found only a date line; expected the bold title after it").error();
  return std::nullopt;
}

// Splits the paragraphs after the sections into body and trailing notes.
void read_body_and_notes(const std::vector<Paragraph>& paragraphs, std::size_t begin, const std::string& path,
                         Record& r, ImportUnit& unit) {
  std::size_t end = paragraphs.size();
  std::vector<std::string> texts;
  for (std::size_t i = begin; i < end; ++i) texts.push_back(join(paragraphs[i].lines, "\n"));
  auto text_of = [&](std::size_t i) -> const std::string& { return texts[i - begin]; };

  // The longest trailing run of paragraphs that start with markers of one
  // style and strictly increasing numbers.
  std::size_t run = end;
  for (std::size_t i = end; i > begin; --i) {
    auto m = marker_at(text_of(i - 1), 0);
    if (!m) break;
    if (i < end) {
      auto next = marker_at(text_of(i), 0);
      if (m->open != next->open || m->number >= next->number) break;
    }
    run = i - 1;
  }

  // Where each (style, number) is first referenced.
  std::map<std::pair<char, int>, std::size_t> first_reference;
  std::vector<std::vector<Marker>> refs(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    refs[i - begin] = references_in(text_of(i));
    for (const Marker& m : refs[i - begin]) first_reference.try_emplace({m.open, m.number}, i);
  }
  // The notes start at the first candidate the body before it refers to;
  // earlier candidates are body paragraphs (a numbered list, say).
  auto referenced_before = [&](std::size_t i, std::size_t limit) {
    auto m = marker_at(text_of(i), 0);
    auto it = first_reference.find({m->open, m->number});
    return it != first_reference.end() && it->second < limit;
  };
  while (run < end && !referenced_before(run, run)) ++run;

  std::set<std::pair<char, int>> note_keys;
  for (std::size_t i = run; i < end; ++i) {
    auto m = marker_at(text_of(i), 0);
    note_keys.insert({m->open, m->number});
  }
  for (std::size_t i = begin; i < run; ++i) {
    Block block;
    block.text = text_of(i);
    for (const Marker& m : refs[i - begin])
      if (note_keys.count({m.open, m.number})) block.note_refs.push_back(std::to_string(m.number));
    r.body.push_back(std::move(block));
  }
  int previous = 0;
  for (std::size_t i = run; i < end; ++i) {
    const std::string& text = text_of(i);
    auto m = marker_at(text, 0);
    Note note;
    note.marker = text.substr(0, m->length);
    note.number = note.marker.substr(1, m->length - 2);
    note.id = "fn" + note.number;
    std::size_t start = m->length;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n')) ++start;
    note.text = text.substr(start);
    r.notes.push_back(std::move(note));
    int line = paragraphs[i].line;
    if (!referenced_before(i, run))
      add_warning(unit, path, line, "note " + std::to_string(m->number) + " is never referenced in the body");
    if (i == run && m->number != 1)
      add_warning(unit, path, line, "note numbering starts at " + std::to_string(m->number) + ", not 1");
    if (i > run && m->number != previous + 1)
      add_warning(unit, path, line,
                  "gap in note numbering: " + std::to_string(previous) + " is followed by " + std::to_string(m->number));
    previous = m->number;
  }
}

// --- writing ---

const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};

std::string format_date(const Date& d) {
  switch (d.precision) {
    case DatePrecision::kDay:
      return std::string(kMonthNames[d.month - 1]) + " " + std::to_string(d.day) + ", " + std::to_string(d.year);
    case DatePrecision::kMonth:
      return std::string(kMonthNames[d.month - 1]) + " " + std::to_string(d.year);
    case DatePrecision::kYear:
      return std::to_string(d.year);
    case DatePrecision::kUnknown:
      break;
  }
  return "";
}

// The date line: the date as written when it reads back as the same span
// (always so for record-text input), else the span in a form that does.
std::string date_line(const DateSpan& date) {
  if (!date.as_written.empty()) {
    auto reparsed = parse_date(date.as_written);
    bool same = reparsed ? reparsed->from == date.from && reparsed->to == date.to : !date.known();
    if (same || !date.known()) return date.as_written;
  }
  if (!date.known()) return "";
  if (date.to.known() && date.to != date.from) return date.from.iso() + "/" + date.to.iso();
  std::string text = format_date(date.from);
  if (!date.time.empty()) text += "\xE2\x80\x94" + date.time;
  return text;
}

// Text that must stay one paragraph: blank lines dropped.
std::string one_paragraph(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!is_blank(line)) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// A multi-valued section: one value per line, joined by Markdown line breaks.
std::string multi_value(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    std::string line = one_paragraph(v);
    if (line.empty()) continue;
    if (!out.empty()) out += "  \n";
    out += line;
  }
  return out;
}

std::vector<Section> sections_from_fields(const Record& r) {
  std::vector<Section> out;
  auto add = [&out](const char* label, const std::string& value) {
    std::string text = one_paragraph(value);
    if (!trim(text).empty()) out.push_back(Section{label, std::move(text)});
  };
  auto names = [](const std::vector<NameRef>& refs) {
    std::vector<std::string> v;
    for (const NameRef& n : refs) v.push_back(n.name);
    return v;
  };
  bool source_as_citation = r.citation.as_written.empty() && !r.source.empty();
  add("Citation", source_as_citation ? r.source : r.citation.as_written);
  add("Summary", r.summary);
  add("Credits", r.credits);
  add("Original Language", multi_value(r.languages));
  add("Contents", r.contents);
  add("Author", r.author);
  add("Associated Places", multi_value(names(r.places)));
  std::vector<std::string> people = names(r.people);
  for (const std::string& org : names(r.organisations)) people.push_back(org);
  add("Associated People & Organizations", multi_value(people));
  add("Subjects Discussed", multi_value(r.subjects));
  if (!source_as_citation && one_paragraph(r.source) != one_paragraph(r.citation.as_written)) add("Source", r.source);
  add("Original Archive", r.archive);
  add("Rights", r.rights);
  add("Original Classification", r.classification);
  add("Record ID", r.id);
  return out;
}

std::string block_text(const Block& b) {
  switch (b.kind) {
    case BlockKind::kPageBreak:
      return "";
    case BlockKind::kTableRow: {
      std::string row = b.text;
      std::string out;
      for (char c : row) {
        if (c == '\t')
          out += " | ";
        else
          out += c;
      }
      return one_paragraph(out);
    }
    default:
      return one_paragraph(b.text);
  }
}

}  // namespace

Result<ImportUnit> read_record_text(std::string_view bytes, const std::string& path, const RecordTextLimits& limits) {
  auto paragraphs = split_paragraphs(bytes, path, limits);
  if (!paragraphs) return std::unexpected(paragraphs.error());
  const std::vector<Paragraph>& ps = *paragraphs;

  ImportUnit unit;
  unit.path = path;
  Record r;
  r.source_format = "record-text";
  if (auto error = read_head(ps, path, r)) return std::unexpected(*error);

  // Labelled sections: "**Label:**", a blank line, one paragraph of value.
  // (A value directly under its label, without the blank line, is accepted too.)
  std::size_t i = 1;
  std::string record_id;
  while (i < ps.size()) {
    auto label = label_of(ps[i].lines[0]);
    if (!label) break;
    Section section{*label, ""};
    if (ps[i].lines.size() > 1 && label_of(ps[i].lines[1]))
      return fail_at(path, ps[i].line,
                     "section \"" + *label + "\" has no value: expected a blank line and then its text");
    if (ps[i].lines.size() > 1) {
      section.value = join(std::vector<std::string_view>(ps[i].lines.begin() + 1, ps[i].lines.end()), "\n");
      i += 1;
    } else {
      if (i + 1 >= ps.size() || label_of(ps[i + 1].lines[0]))
        return fail_at(path, ps[i].line,
                       "section \"" + *label + "\" has no value: expected a blank line and then its text");
      section.value = join(ps[i + 1].lines, "\n");
      i += 2;
    }
    apply_section(r, section, record_id);
    r.sections.push_back(std::move(section));
  }
  read_body_and_notes(ps, i, path, r, unit);

  if (r.archive.empty()) r.archive = r.citation.archive;
  if (record_id.empty()) record_id = last_url_segment(r.citation.url);
  if (record_id.empty()) record_id = slug(file_stem(path));
  r.id = record_id;
  unit.records.push_back(std::move(r));
  return unit;
}

std::string write_record_text(const Record& r) {
  std::string out;
  std::string date = one_paragraph(date_line(r.date));
  const bool dated = !date.empty() && date.find('\n') == std::string::npos;
  if (dated) out += "**" + date + "**  \n";

  std::vector<std::string> title_lines;
  for (const std::string& line : r.title_lines)
    if (!is_blank(line)) title_lines.push_back(line);
  if (title_lines.empty()) {
    std::string title = one_paragraph(r.title);
    std::size_t start = 0;
    while (start < title.size()) {
      std::size_t nl = title.find('\n', start);
      if (nl == std::string::npos) nl = title.size();
      title_lines.push_back(title.substr(start, nl - start));
      start = nl + 1;
    }
  }
  if (title_lines.empty()) title_lines.push_back(r.id.empty() ? "Untitled" : r.id);
  // Undated, a first title line that is bold once opened ("**Note**" written
  // as "****Note**") before a line starting "**" as written (the last closed:
  // "*" as "***") would read as a date line: the title then opens on a line of
  // its own ("**" alone adds no line).
  const bool opens_alone = !dated && title_lines.size() >= 2 && bold_line("**" + title_lines[0]) &&
                           trim(title_lines[1] + (title_lines.size() == 2 ? "**" : "")).starts_with("**");
  // Undated, a one-line title that reads as a date (read after an empty date
  // line, "**  **") would be taken for the date line of a record with no
  // title: the empty date line is written before it again.
  if (!dated && title_lines.size() == 1 && parse_date(trim(title_lines[0]))) out += "**  **  \n";
  out += opens_alone ? "**  \n" : "**";
  for (std::size_t i = 0; i < title_lines.size(); ++i) {
    if (i) out += "  \n";
    out += title_lines[i];
  }
  // Undated, a one-line title ending with ':' would read as a section label
  // ("**Memorandum:**"): a space before the closing ** keeps it a title (the
  // reader trims it away).
  if (!dated && title_lines.size() == 1 && label_of("**" + title_lines[0] + "**")) out += ' ';
  out += "**\n";

  // A record read from record-text keeps its sections (even none) verbatim;
  // others are rendered from their typed fields.
  bool verbatim = r.source_format == "record-text" || !r.sections.empty();
  const std::vector<Section> sections = verbatim ? r.sections : sections_from_fields(r);
  for (const Section& s : sections) {
    out += "\n**" + s.label + ":**\n\n";
    out += one_paragraph(s.value);
    out += '\n';
  }
  for (const Block& b : r.body) {
    std::string text = block_text(b);
    if (text.empty()) continue;
    out += '\n' + text + '\n';
  }
  for (const Note& n : r.notes) {
    // A TEI source note is already written as the Citation or Source section.
    if (!verbatim && n.type == "source" && !n.text.empty() &&
        (one_paragraph(n.text) == one_paragraph(r.source) ||
         one_paragraph(n.text) == one_paragraph(r.citation.as_written)))
      continue;
    std::string marker = n.marker.empty() ? "(" + n.number + ")" : n.marker;
    std::string text = one_paragraph(n.text);
    out += '\n' + marker;
    if (!text.empty()) out += ' ' + text;
    out += '\n';
  }
  return out;
}

}  // namespace chancery
