#include "formats/tei_index.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

namespace chancery::tei {

// ---- pages ------------------------------------------------------------------

void VolumePages::page(const pugi::xml_node& pb) {
  const std::size_t ordinal = pages_++;
  std::string_view n = pb.attribute("n").value();
  std::string_view id = pb.attribute("xml:id").value();
  if (!n.empty()) by_number_.try_emplace(std::string(n), ordinal);
  if (!id.empty()) by_id_.try_emplace(std::string(id), ordinal);
}

void VolumePages::walk(const pugi::xml_node& node, const Names& names, const std::string& volume,
                       Printed* open) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = names.local(c);
    if (local == "pb") {
      page(c);
      if (open) open->last = pages_ - 1;
      continue;
    }
    if (local == "div" && std::string_view(c.attribute("type").value()) == "document" && !open) {
      std::string xml_id = c.attribute("xml:id").value();
      if (xml_id.empty()) xml_id = "d" + std::string(c.attribute("n").value());
      // The document starts on the page in print when it begins; a pb as its
      // first child (before any text) is the page it starts on.
      Printed printed{volume + "/" + xml_id, pages_ == 0 ? 0 : pages_ - 1, pages_ == 0 ? 0 : pages_ - 1};
      bool starts_with_page = false;
      for (pugi::xml_node first = c.first_child(); first; first = first.next_sibling()) {
        if (first.type() == pugi::node_pcdata) {
          std::string_view v = first.value();
          if (v.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
          break;
        }
        if (first.type() != pugi::node_element) continue;
        starts_with_page = names.local(first) == "pb";
        break;
      }
      if (starts_with_page) printed.first = printed.last = pages_;
      walk(c, names, volume, &printed);
      if (printed.last < printed.first) printed.last = printed.first;
      documents_.push_back(std::move(printed));
      continue;
    }
    walk(c, names, volume, open);
  }
}

void VolumePages::read(const pugi::xml_node& text, const Names& names, const std::string& volume) {
  walk(text, names, volume, nullptr);
}

std::size_t VolumePages::ordinal_of(std::string_view page, bool& found) const {
  found = true;
  if (auto it = by_id_.find(page); it != by_id_.end()) return it->second;
  if (auto it = by_number_.find(page); it != by_number_.end()) return it->second;
  found = false;
  return 0;
}

std::vector<std::string> VolumePages::documents_on(std::string_view first, std::string_view last,
                                                   std::size_t limit) const {
  std::vector<std::string> out;
  bool found_first = false, found_last = false;
  std::size_t from = ordinal_of(first, found_first);
  std::size_t to = ordinal_of(last, found_last);
  if (!found_first || !found_last) return out;
  if (to < from) std::swap(from, to);
  // Documents are in printed order: the first that ends on or after `from`.
  auto it = std::partition_point(documents_.begin(), documents_.end(),
                                 [from](const Printed& p) { return p.last < from; });
  for (; it != documents_.end() && it->first <= to && out.size() < limit; ++it) out.push_back(it->id);
  return out;
}

// ---- entries ----------------------------------------------------------------

namespace {

struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  std::string target;   // ref/@target without '#', or persName/@corresp
  bool person = false;
};

// One item's own line: its text without sub-lists, notes and page breaks,
// with where its refs and persNames are.
struct Line {
  NormalisedText text;
  std::vector<Span> spans;
  std::vector<pugi::xml_node> lists;
};

void flatten(const pugi::xml_node& node, const Names& names, Line& line) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      line.text.append(c.value());
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    std::string_view local = names.local(c);
    if (local == "list") {
      line.lists.push_back(c);
      continue;
    }
    if (local == "note" || local == "pb") continue;
    if (local == "lb") line.text.boundary();
    const bool ref = local == "ref";
    const bool person = local == "persName";
    const std::size_t before = line.text.size();
    flatten(c, names, line);
    if (!ref && !person) continue;
    std::size_t start = before;
    const std::string& s = line.text.str();
    if (start < s.size() && s[start] == ' ') ++start;
    if (start >= s.size()) continue;
    std::string_view target = c.attribute(ref ? "target" : "corresp").value();
    if (target.starts_with('#')) target.remove_prefix(1);
    line.spans.push_back(Span{start, s.size(), std::string(target), person});
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_roman(std::string_view s) {
  return !s.empty() && s.size() <= 8 && std::all_of(s.begin(), s.end(), [](char c) {
    return c == 'i' || c == 'v' || c == 'x' || c == 'l' || c == 'c';
  });
}

// A page or document number as printed without a link: "652", "63n",
// "288nn", "xii". Returns the number alone.
std::optional<std::string_view> bare_number(std::string_view token) {
  std::size_t digits = 0;
  while (digits < token.size() && is_digit(token[digits])) ++digits;
  if (digits > 0 && digits <= 5) {
    std::string_view rest = token.substr(digits);
    if (rest.empty() || rest == "n" || rest == "nn" || rest == "n." || rest == "ff." || rest == "f.") {
      return token.substr(0, digits);
    }
    return std::nullopt;
  }
  if (is_roman(token)) return token;
  return std::nullopt;
}

// How far a locator printed up to `end` reaches with what follows it: a note
// mark ("n", "nn"), "ff." or "passim".
std::size_t extend_suffix(const std::string& s, std::size_t end) {
  for (std::string_view suffix : {"nn", "n", "ff.", "f."}) {
    if (s.compare(end, suffix.size(), suffix) == 0) {
      const std::size_t after = end + suffix.size();
      if (after == s.size() || !std::isalpha(static_cast<unsigned char>(s[after]))) {
        end = after;
        break;
      }
    }
  }
  if (s.compare(end, 7, " passim") == 0) end += 7;
  return end;
}

// Where "see" or "see also" (with an opening bracket) begins before `at`,
// or npos when the text before `at` is no such cue; `also` tells which.
std::size_t cue_before(const std::string& s, std::size_t at, bool& also) {
  std::size_t i = at;
  auto skip_spaces = [&] {
    while (i > 0 && s[i - 1] == ' ') --i;
  };
  auto word_before = [&](std::string_view word) {
    if (i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(s[i - word.size() + k])) != word[k]) return false;
    }
    const std::size_t start = i - word.size();
    if (start > 0 && std::isalpha(static_cast<unsigned char>(s[start - 1]))) return false;
    i = start;
    return true;
  };
  skip_spaces();
  also = false;
  if (word_before("also")) {
    also = true;
    skip_spaces();
  }
  if (!word_before("see")) return std::string::npos;
  if (i > 0 && s[i - 1] == '(') --i;
  return i;
}

// The heading without what ends it before its pages: ", " ": " "; " " - ",
// a dash, and a full stop after a word of four letters or more ("Soekarno.",
// not "Jr." or "U.S.").
std::string_view trim_heading(std::string_view s) {
  while (!s.empty()) {
    if (s.ends_with("\xe2\x80\x93") || s.ends_with("\xe2\x80\x94")) {
      s.remove_suffix(3);
    } else if (s.back() == ' ' || s.back() == ',' || s.back() == ':' || s.back() == ';' || s.back() == '-') {
      s.remove_suffix(1);
    } else if (s.back() == '.') {
      std::size_t letters = 0;
      while (letters + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[s.size() - 2 - letters]))) ++letters;
      if (letters < 4) break;
      s.remove_suffix(1);
    } else {
      break;
    }
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

class IndexReader {
 public:
  IndexReader(const Names& names, const std::string& volume, const VolumePages& pages,
              const std::vector<std::string>& record_ids, PrintedIndex& out)
      : names_(names), volume_(volume), pages_(pages), out_(out) {
    for (const std::string& id : record_ids) records_.insert(id);
    by_document_number_ = false;
  }

  void read(const pugi::xml_node& div) {
    // "References are to document numbers": the headnote, and how to read
    // the numbers printed without a link.
    for (pugi::xml_node c = div.first_child(); c; c = c.next_sibling()) {
      if (names_.is(c, "p")) {
        std::string note = node_text(c, names_, true);
        if (!note.empty() && out_.note.empty()) out_.note = note;
      }
    }
    std::string lowered = out_.note;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    by_document_number_ = lowered.find("document number") != std::string::npos;
    lists(div, out_.entries, 0);
  }

 private:
  // The items of every list under `node` (not inside an item) as entries.
  void lists(const pugi::xml_node& node, std::vector<IndexEntry>& into, std::size_t depth) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view local = names_.local(c);
      if (local == "item") {
        item(c, into, depth);
      } else if (local != "note" && local != "head") {
        lists(c, into, depth);
      }
    }
  }

  void item(const pugi::xml_node& node, std::vector<IndexEntry>& into, std::size_t depth) {
    if (count_ >= kMaxIndexEntries) {
      if (!truncated_) {
        out_.warnings.push_back("volume " + volume_ + ": the printed index has more than " +
                                std::to_string(kMaxIndexEntries) + " entries; the rest are left out");
        truncated_ = true;
      }
      return;
    }
    Line line;
    flatten(node, names_, line);
    IndexEntry entry = read_line(line);
    if (entry.text.empty()) {
      // An item that only holds a list (FRUS 1977-80 v01 wraps the letters so):
      // its entries are this level's.
      for (const pugi::xml_node& list : line.lists) lists(list, into, depth);
      return;
    }
    ++count_;
    // Sub-entries deeper than the bound are kept, one level up.
    std::vector<IndexEntry>& children = depth + 1 < kMaxIndexDepth ? entry.entries : into;
    if (depth + 1 < kMaxIndexDepth) {
      for (const pugi::xml_node& list : line.lists) lists(list, children, depth + 1);
      into.push_back(std::move(entry));
    } else {
      into.push_back(std::move(entry));
      for (const pugi::xml_node& list : line.lists) lists(list, into, depth);
    }
  }

  std::optional<std::string> page_of(std::string_view target) const {
    // "#pg_14" within the volume; "frus1955-57v26#pg_3" is another volume's.
    if (target.find('#') != std::string_view::npos || target.find('/') != std::string_view::npos) return std::nullopt;
    if (target.starts_with("pg_")) return std::string(target);
    return std::nullopt;
  }

  std::optional<std::string> document_of(std::string_view target) const {
    if (target.find('#') != std::string_view::npos || target.find('/') != std::string_view::npos) return std::nullopt;
    std::string id = volume_ + "/" + std::string(target);
    if (records_.count(id)) return id;
    return std::nullopt;
  }

  // The documents a number printed without a link stands for.
  std::vector<std::string> bare_records(std::string_view first, std::string_view last) const {
    if (by_document_number_) {
      std::vector<std::string> out;
      if (first.empty() || !is_digit(first[0])) return out;
      const int from = std::stoi(std::string(first));
      const int to = last.empty() || !is_digit(last[0]) ? from : std::stoi(std::string(last));
      for (int n = std::min(from, to); n <= std::max(from, to) && out.size() < kMaxLocatorRecords; ++n) {
        if (auto id = document_of("d" + std::to_string(n))) out.push_back(*id);
      }
      return out;
    }
    return pages_.documents_on(first, last, kMaxLocatorRecords);
  }

  IndexEntry read_line(Line& line) {
    IndexEntry entry;
    entry.text = line.text.take();
    const std::string& s = entry.text;
    if (s.empty()) return entry;

    // Linked locators: refs to pages or documents, two joined by a dash a range.
    struct Found {
      std::size_t start, end;
      std::vector<std::string> records;
    };
    std::vector<Found> found;
    std::vector<const Span*> others;
    for (std::size_t k = 0; k < line.spans.size(); ++k) {
      const Span& span = line.spans[k];
      if (span.person) {
        if (entry.person.empty() && span.start <= 1 && !span.target.empty()) entry.person = volume_ + "/" + span.target;
        continue;
      }
      auto page = page_of(span.target);
      auto document = page ? std::nullopt : document_of(span.target);
      if (!page && !document) {
        others.push_back(&span);
        continue;
      }
      Found f{span.start, span.end, {}};
      if (document) {
        f.records.push_back(*document);
      } else {
        std::string last = *page;
        // "629-630", "138–140": the next ref after a dash ends the range.
        if (k + 1 < line.spans.size() && !line.spans[k + 1].person) {
          const Span& next = line.spans[k + 1];
          std::string_view between = std::string_view(s).substr(span.end, next.start - span.end);
          if ((between == "-" || between == "\xe2\x80\x93" || between == "\xe2\x80\x94") && page_of(next.target)) {
            last = *page_of(next.target);
            f.end = next.end;
            ++k;
          }
        }
        f.records = pages_.documents_on(*page, last, kMaxLocatorRecords);
      }
      f.end = extend_suffix(s, f.end);
      found.push_back(std::move(f));
    }

    // Cross-references: the other refs, after "see" or "see also".
    std::size_t heading_end = s.size();
    for (const Span* span : others) {
      bool also = false;
      std::size_t cue = cue_before(s, span->start, also);
      if (cue == std::string::npos) continue;
      entry.references.push_back(IndexReference{span->start, span->end, also});
      heading_end = std::min(heading_end, cue);
    }
    if (entry.references.empty()) plain_reference(entry, heading_end);
    if (!found.empty()) heading_end = std::min(heading_end, found.front().start);

    // Numbers printed without a link ("652n", "63n", "258") after the heading
    // or between linked ones: after ", " or a dash, up to the next comma.
    bare_locators(s, found, entry);

    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.start < b.start; });
    for (Found& f : found) {
      if (f.start < heading_end) heading_end = f.start;
      entry.locators.push_back(IndexLocator{f.start, f.end, std::move(f.records)});
    }
    // A locator cannot overlap the one before (a bare number inside a range).
    std::vector<IndexLocator> kept;
    for (IndexLocator& l : entry.locators) {
      if (!kept.empty() && l.start < kept.back().end) continue;
      kept.push_back(std::move(l));
    }
    entry.locators = std::move(kept);
    std::sort(entry.references.begin(), entry.references.end(),
              [](const IndexReference& a, const IndexReference& b) { return a.start < b.start; });
    entry.heading = std::string(trim_heading(std::string_view(s).substr(0, heading_end)));
    return entry;
  }

  // Where a reference printed without a link ends: at the next full stop or
  // closing bracket from `start`, a dot after a lone capital being an
  // abbreviation's ("U.N.", "U.S."), not a full stop, and a bracket the
  // reference opened its own ("Strategic Arms Limitation (SALT)"); else at
  // the end.
  static std::size_t reference_end(const std::string& s, std::size_t start) {
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    std::size_t open = 0;
    for (std::size_t at = s.find_first_of(".()", start); at != std::string::npos; at = s.find_first_of(".()", at + 1)) {
      if (s[at] == '(') {
        ++open;
        continue;
      }
      if (s[at] == ')' && open > 0) {
        --open;
        continue;
      }
      const bool abbreviation = s[at] == '.' && at > start && upper(s[at - 1]) && (at - 1 == start || !letter(s[at - 2]));
      if (!abbreviation) return at;
    }
    return s.size();
  }

  // "Soekarno. see Sukarno." without a link: the words after the cue, up to
  // the next full stop or bracket (reference_end()).
  void plain_reference(IndexEntry& entry, std::size_t& heading_end) {
    const std::string& s = entry.text;
    for (std::size_t i = 0; i + 4 < s.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(s[i])) != 's' || s.compare(i + 1, 2, "ee") != 0) continue;
      if (i > 0 && std::isalpha(static_cast<unsigned char>(s[i - 1]))) continue;
      if (s[i + 3] != ' ') continue;
      const bool after_stop = i >= 2 && (s.compare(i - 2, 2, ". ") == 0) ;
      const bool after_bracket = i >= 1 && s[i - 1] == '(';
      if (!after_stop && !after_bracket) continue;
      std::size_t start = i + 4;
      bool also = false;
      if (s.compare(start, 5, "also ") == 0) {
        also = true;
        start += 5;
      }
      std::size_t end = reference_end(s, start);
      while (end > start && (s[end - 1] == ' ' || s[end - 1] == ',' || s[end - 1] == ';')) --end;
      if (s.compare(start, end - start, "etc") != 0 && end >= start + 5 && s.compare(end - 5, 5, ", etc") == 0) end -= 5;
      if (end <= start) continue;
      entry.references.push_back(IndexReference{start, end, also});
      heading_end = std::min(heading_end, after_bracket ? i - 1 : i);
      return;
    }
  }

  template <typename Found>
  void bare_locators(const std::string& s, std::vector<Found>& found, const IndexEntry& entry) {
    auto covered = [&](std::size_t at) {
      for (const Found& f : found)
        if (at >= f.start && at < f.end) return true;
      for (const IndexReference& r : entry.references)
        if (at >= r.start && at < r.end) return true;
      return false;
    };
    const std::size_t first_linked = found.empty() ? s.size() : found.front().start;
    std::size_t i = 0;
    while (i < s.size()) {
      const std::size_t comma = s.find(", ", i);
      if (comma == std::string::npos) break;
      std::size_t start = comma + 2;
      i = start;
      if (covered(start)) continue;
      std::size_t end = s.find(',', start);
      if (end == std::string::npos) end = s.size();
      std::string_view token = std::string_view(s).substr(start, end - start);
      while (!token.empty() && (token.back() == ' ' || token.back() == '.' || token.back() == ';')) {
        if (token.back() == '.' && (token.ends_with("n.") || token.ends_with("ff."))) break;
        token.remove_suffix(1);
      }
      // "630–632", "7–116 passim"
      std::string_view printed = token;
      if (printed.ends_with(" passim")) printed.remove_suffix(7);
      std::string_view first = printed, last;
      for (std::string_view dash : {"\xe2\x80\x93", "-"}) {
        if (std::size_t d = printed.find(dash); d != std::string_view::npos) {
          first = printed.substr(0, d);
          last = printed.substr(d + dash.size());
          break;
        }
      }
      auto a = bare_number(first);
      auto b = last.empty() ? a : bare_number(last);
      if (!a || !b) continue;
      std::vector<std::string> records = bare_records(*a, *b);
      // Before any linked locator a number counts only when it leads
      // somewhere ("Geneva Conference, 1954" is a heading) or follows one
      // that counts ("Allen, Harry, 2, 7").
      const bool follows_locator = std::any_of(found.begin(), found.end(), [&](const Found& f) {
        return f.end + 2 == start || (f.end + 1 == start && s[f.end] == ' ');
      });
      if (start < first_linked && records.empty() && !follows_locator) continue;
      found.push_back(Found{start, start + token.size(), std::move(records)});
    }
  }

  const Names& names_;
  const std::string& volume_;
  const VolumePages& pages_;
  PrintedIndex& out_;
  std::unordered_set<std::string> records_;
  bool by_document_number_ = false;
  std::size_t count_ = 0;
  bool truncated_ = false;
};

}  // namespace

PrintedIndex read_printed_index(const pugi::xml_node& div, const Names& names, const std::string& volume,
                                const VolumePages& pages, const std::vector<std::string>& record_ids) {
  PrintedIndex out;
  IndexReader(names, volume, pages, record_ids, out).read(div);
  return out;
}

}  // namespace chancery::tei
