#include "formats/tei_volume.h"

#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "formats/tei_document.h"
#include "formats/tei_index.h"
#include "model/date.h"

namespace chancery::tei {
namespace {

// Divisions that become sub-collections when they hold documents, with the
// prefix of the id given to those without an xml:id ("ch3").
std::optional<std::string_view> grouping_prefix(std::string_view type) {
  if (type == "chapter") return "ch";
  if (type == "compilation") return "comp";
  if (type == "section") return "sec";
  if (type == "subchapter") return "subch";
  return std::nullopt;
}

std::string_view trim_separator(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == ',' || s.front() == ';' || s.front() == ':')) {
    s.remove_prefix(1);
  }
  return s;
}

// Text of `node` without notes; `cut` is set to the length of the text up to the
// end of `target`.
void collect_until(const pugi::xml_node& node, const pugi::xml_node& target, const Names& names,
                   NormalisedText& out, std::size_t& cut) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out.append(c.value());
    } else if (c.type() == pugi::node_element) {
      std::string_view n = names.local(c);
      if (n == "note") continue;
      if (n == "lb") out.boundary();
      collect_until(c, target, names, out, cut);
      if (c == target) cut = out.size();
    }
  }
}

void all_with_id(const pugi::xml_node& node, std::string_view name, const Names& names,
                 std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (names.local(c) == name && !std::string_view(c.attribute("xml:id").value()).empty()) {
      out.push_back(c);
    } else {
      all_with_id(c, name, names, out);
    }
  }
}

// "(Teng Hsiao-p’ing)" -> "Teng Hsiao-p’ing".
std::string strip_parentheses(std::string name) {
  if (name.size() >= 2 && name.front() == '(' && name.back() == ')') return name.substr(1, name.size() - 2);
  return name;
}

// A list entry "<persName xml:id="p_AS1">Adams, Sherman</persName>, Assistant
// to ...": the entry's elements with ids (usually one; "<term>ARA</term> or
// <term>ARA/LA</term>, ..." names two), their names and the text after them.
struct ListEntry {
  std::vector<pugi::xml_node> elements;
  std::vector<std::string> names;
  std::string description;
};

std::optional<ListEntry> list_entry(const pugi::xml_node& item, std::string_view name,
                                    const Names& names) {
  ListEntry entry;
  all_with_id(item, name, names, entry.elements);
  if (entry.elements.empty()) return std::nullopt;
  NormalisedText text;
  std::size_t cut = 0;
  collect_until(item, entry.elements.back(), names, text, cut);
  for (const pugi::xml_node& element : entry.elements) {
    entry.names.push_back(strip_parentheses(node_text(element, names, true)));
  }
  entry.description = std::string(trim_separator(std::string_view(text.str()).substr(cut)));
  return entry;
}

// Sort keys for coverage: an unknown month or day sorts first as a start and
// last as an end.
std::tuple<int, int, int> start_key(const Date& d) { return {d.year, d.month, d.day}; }
std::tuple<int, int, int> end_key(const Date& d) {
  return {d.year, d.month == 0 ? 13 : d.month, d.day == 0 ? 32 : d.day};
}

class VolumeReader {
 public:
  VolumeReader(const pugi::xml_node& tei, const Names& names, ImportUnit& unit)
      : tei_(tei), names_(names), unit_(unit) {}

  void read(const std::string& fallback_id) {
    volume_.names = names_;
    volume_.id = tei_.attribute("xml:id").value();
    pugi::xml_node header = child(tei_, "teiHeader");
    if (volume_.id.empty()) volume_.id = frus_idno(header);
    if (volume_.id.empty()) volume_.id = fallback_id;

    Collection volume;  // top level: no parent, position 0
    volume.id = volume_.id;
    read_title_statement(child(child(header, "fileDesc"), "titleStmt"), volume);
    if (volume.title.empty()) volume.title = volume_.id;
    volume_.title = volume.title;
    volume_index_ = unit_.collections.size();
    unit_.collections.push_back(std::move(volume));
    child_counts_.resize(unit_.collections.size());

    about_.id = volume_.id;
    const std::size_t first_record = unit_.records.size();
    walk(tei_);
    if (index_div_) printed_index(first_record);
    if (!about_.texts.empty() || !about_.index.empty()) unit_.abouts.push_back(std::move(about_));

    Collection& stored = unit_.collections[volume_index_];
    if (documents_ == 0) {
      unit_.warnings.push_back(unit_.path + ": volume " + volume_.id +
                               " has no div[@type=\"document\"]; imported as an empty collection");
    }
    if (earliest_) {
      stored.coverage.from = *earliest_;
      stored.coverage.to = *latest_;
      stored.coverage.as_written = subseries_;
    } else if (auto parsed = parse_date(subseries_)) {
      stored.coverage = *parsed;
    }
  }

 private:
  pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) const {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (names_.is(c, name)) return c;
    }
    return {};
  }

  std::string frus_idno(const pugi::xml_node& header) const {
    pugi::xml_node publication = child(child(header, "fileDesc"), "publicationStmt");
    for (pugi::xml_node c = publication.first_child(); c; c = c.next_sibling()) {
      if (names_.is(c, "idno") && std::string_view(c.attribute("type").value()) == "frus") {
        return node_text(c, names_);
      }
    }
    return {};
  }

  void read_title_statement(const pugi::xml_node& title_stmt, Collection& volume) {
    std::string complete, volume_title;
    for (pugi::xml_node c = title_stmt.first_child(); c; c = c.next_sibling()) {
      std::string_view type = c.attribute("type").value();
      if (names_.is(c, "title")) {
        std::string text = node_text(c, names_, true);
        if (type == "complete") complete = text;
        if (type == "volume") volume_title = text;
        if (type == "series") volume.series = text;
        if (type == "subseries" || type == "sub-series") subseries_ = text;
        if (type.empty() && volume_title.empty()) volume_title = text;
      } else if (names_.is(c, "editor") && std::string_view(c.attribute("role").value()) == "primary") {
        volume.editors.push_back(node_text(c, names_, true));
      }
    }
    volume.title = !complete.empty() ? complete : volume_title;
  }

  void walk(const pugi::xml_node& node) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = names_.local(c);
      if (name == "div") {
        std::string_view type = c.attribute("type").value();
        std::string_view id = c.attribute("xml:id").value();
        if (type == "document") {
          document(c);
        } else if (in_front_ && front_text(c)) {
          front_section(c);
        } else if (id == "persons") {
          persons(c);
        } else if (id == "terms") {
          terms(c);
        } else if (id == "index" && !index_div_) {
          index_div_ = c;   // read when every document is: its numbers lead to them
        } else if (auto prefix = grouping_prefix(type)) {
          int ordinal = ++ordinals_[std::string(*prefix)];
          frames_.push_back(Frame{c, std::string(*prefix) + std::to_string(ordinal), -1});
          walk(c);
          frames_.pop_back();
        } else {
          walk(c);
        }
      } else if (name == "front") {
        in_front_ = true;
        walk(c);
        in_front_ = false;
      } else if (name == "text" || name == "body" || name == "back" || name == "group") {
        walk(c);
      }
    }
  }

  bool holds_documents(const pugi::xml_node& div) const {
    return static_cast<bool>(div.find_node([](const pugi::xml_node& n) {
      return std::string_view(n.attribute("type").value()) == "document";
    }));
  }

  bool front_text(const pugi::xml_node& div) const {
    const std::string_view id = div.attribute("xml:id").value();
    return names_.is(div, "div") && std::string_view(div.attribute("type").value()) == "section" && id != "toc" &&
           id != "persons" && id != "terms" && !holds_documents(div);
  }

  // A section of the front matter (preface, sources, an introduction): read
  // as a document's text is, kept as the volume's own. Divisions inside it
  // are not part of its text (FRUS 1958-60 v08 nests its contents and its
  // sources in the preface): sections among them are texts of their own,
  // after it; the contents are left out.
  void front_section(const pugi::xml_node& div) {
    pugi::xml_document copy;
    pugi::xml_node own = copy.append_copy(div);
    std::vector<pugi::xml_node> nested;
    for (pugi::xml_node c = own.first_child(); c; c = c.next_sibling()) {
      if (names_.is(c, "div")) nested.push_back(c);
    }
    for (const pugi::xml_node& c : nested) own.remove_child(c);
    add_front_text(own);
    for (pugi::xml_node c = div.first_child(); c; c = c.next_sibling()) {
      if (front_text(c)) front_section(c);
    }
  }

  void add_front_text(const pugi::xml_node& div) {
    Record read = read_document(div, volume_, {volume_.id});
    CollectionText text;
    text.id = div.attribute("xml:id").value();
    text.title = read.title;
    text.body = std::move(read.body);
    text.notes = std::move(read.notes);
    if (text.body.empty() && text.notes.empty()) return;
    if (text.id.empty()) text.id = "front" + std::to_string(about_.texts.size() + 1);
    if (text.title.empty()) text.title = text.id;
    about_.texts.push_back(std::move(text));
  }

  // The chapters around the document become collections when their first
  // document is met, so divisions without documents yield none.
  std::size_t open_collections() {
    std::size_t parent = volume_index_;
    for (Frame& frame : frames_) {
      if (frame.collection < 0) {
        Collection c;
        std::string id = frame.div.attribute("xml:id").value();
        c.id = volume_.id + "/" + (id.empty() ? frame.fallback_id : id);
        c.parent = unit_.collections[parent].id;
        c.position = ++child_counts_[parent];
        if (pugi::xml_node head = child(frame.div, "head")) c.title = node_text(head, names_, true);
        frame.collection = static_cast<int>(unit_.collections.size());
        unit_.collections.push_back(std::move(c));
        child_counts_.resize(unit_.collections.size());
      }
      parent = static_cast<std::size_t>(frame.collection);
    }
    return parent;
  }

  void document(const pugi::xml_node& div) {
    ++documents_;
    std::size_t holder = open_collections();
    std::vector<std::string> chain{volume_.id};
    for (const Frame& frame : frames_) chain.push_back(unit_.collections[frame.collection].id);

    Record record = read_document(div, volume_, std::move(chain));
    if (holder != volume_index_) unit_.collections[holder].record_ids.push_back(record.id);
    unit_.collections[volume_index_].record_ids.push_back(record.id);
    if (record.date.known()) {
      if (!earliest_ || start_key(record.date.from) < start_key(*earliest_)) earliest_ = record.date.from;
      const Date& last = record.date.to.known() ? record.date.to : record.date.from;
      if (!latest_ || end_key(last) > end_key(*latest_)) latest_ = last;
    }
    unit_.records.push_back(std::move(record));
  }

  template <typename Visit>
  void each_item(const pugi::xml_node& node, Visit visit) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (names_.local(c) == "item") {
        visit(c);
      } else {
        each_item(c, visit);
      }
    }
  }

  void persons(const pugi::xml_node& div) {
    // Cross-references ("Meir, Golda, see Myerson"): the entry's index in
    // unit_.persons, the list id it points to ("" when the reference is
    // text only) and the words after "see".
    struct SeeAlso {
      std::size_t person;
      std::string target;
      std::string text;
    };
    std::vector<SeeAlso> see;
    const std::size_t first = unit_.persons.size();
    each_item(div, [this, &see](const pugi::xml_node& item) {
      auto entry = list_entry(item, "persName", names_);
      if (!entry) return;
      if (entry->elements.size() == 1 && is_see_reference(entry->description)) {
        see.push_back({unit_.persons.size(), reference_target(item), trim_reference(entry->description.substr(4))});
      }
      for (std::size_t i = 0; i < entry->elements.size(); ++i) {
        Person person;
        person.id = volume_.id + "/" + entry->elements[i].attribute("xml:id").value();
        person.name = entry->names[i];
        person.description = entry->description;
        for (std::size_t k = 0; k < entry->names.size(); ++k) {
          if (k != i) person.variants.push_back(entry->names[k]);
        }
        person.source = volume_.id;
        if (i > 0) person.same_as = volume_.id + "/" + entry->elements[0].attribute("xml:id").value();
        unit_.persons.push_back(std::move(person));
      }
    });
    // A cross-reference names the person of the entry it points to, when
    // that entry has the words it gives ("Myerson" of "Myerson, Goldie
    // (Meir, Golda)"; not a stray pointer to someone else), or, given as
    // text only, the entry listed by exactly those words.
    if (see.empty()) return;
    std::unordered_map<std::string_view, std::size_t> by_id, by_name;  // first entries only
    for (std::size_t k = first; k < unit_.persons.size(); ++k) {
      if (!unit_.persons[k].same_as.empty()) continue;
      by_id.try_emplace(unit_.persons[k].id, k);
      by_name.try_emplace(unit_.persons[k].name, k);
    }
    for (const SeeAlso& s : see) {
      std::optional<std::size_t> to;
      if (!s.target.empty()) {
        auto it = by_id.find(volume_.id + "/" + s.target);
        if (it != by_id.end() && has_first_word_of(unit_.persons[it->second].name, s.text)) to = it->second;
      } else if (auto it = by_name.find(s.text); it != by_name.end()) {
        to = it->second;
      }
      if (to && *to != s.person) unit_.persons[s.person].same_as = unit_.persons[*to].id;
    }
  }

  static bool is_see_reference(std::string_view description) {
    return description.size() > 4 && (description.starts_with("see ") || description.starts_with("See "));
  }

  // The list id a cross-reference's persName points to: "p_MG3" of
  // corresp="#p_MG3"; "" for none.
  static std::string reference_target(const pugi::xml_node& item) {
    const pugi::xml_node pointer = item.find_node([](const pugi::xml_node& n) {
      const std::string_view corresp = n.attribute("corresp").value();
      return n.type() == pugi::node_element && corresp.size() > 1 && corresp.front() == '#' &&
             n.attribute("xml:id").empty();
    });
    return pointer ? std::string(std::string_view(pointer.attribute("corresp").value()).substr(1)) : std::string();
  }

  static std::string trim_reference(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '.' || text.back() == ',' || text.back() == ';' ||
                             text.back() == '\n' || text.back() == '\t')) {
      text.remove_suffix(1);
    }
    return std::string(text);
  }

  // Whether the first word of `words` is a word of `name` (ASCII letters
  // compared without case).
  static bool has_first_word_of(std::string_view name, std::string_view words) {
    auto word_at = [](std::string_view s, std::size_t& i) {
      while (i < s.size() && !is_word_char(s[i])) ++i;
      const std::size_t begin = i;
      while (i < s.size() && is_word_char(s[i])) ++i;
      return s.substr(begin, i - begin);
    };
    std::size_t at = 0;
    const std::string_view wanted = word_at(words, at);
    if (wanted.empty()) return false;
    for (std::size_t i = 0; i < name.size();) {
      const std::string_view w = word_at(name, i);
      if (w.size() == wanted.size() &&
          std::equal(w.begin(), w.end(), wanted.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        return true;
      }
    }
    return false;
  }

  static bool is_word_char(char c) {
    return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)) || c == '\'';
  }

  // The printed index, its pages and document numbers resolved to the
  // volume's documents (those read from `first_record` on).
  void printed_index(std::size_t first_record) {
    VolumePages pages;
    pages.read(tei_, names_, volume_.id);
    std::vector<std::string> ids;
    for (std::size_t i = first_record; i < unit_.records.size(); ++i) ids.push_back(unit_.records[i].id);
    PrintedIndex index = read_printed_index(index_div_, names_, volume_.id, pages, ids);
    about_.index = std::move(index.entries);
    about_.index_size = about_.index.size();
    if (!about_.index.empty()) about_.index_note = std::move(index.note);
    for (std::string& w : index.warnings) unit_.warnings.push_back(unit_.path + ": " + w);
  }

  void terms(const pugi::xml_node& div) {
    each_item(div, [this](const pugi::xml_node& item) {
      auto entry = list_entry(item, "term", names_);
      if (!entry) return;
      for (std::size_t i = 0; i < entry->elements.size(); ++i) {
        unit_.terms.push_back(Term{volume_.id + "/" + entry->elements[i].attribute("xml:id").value(),
                                   entry->names[i], entry->description});
      }
    });
  }

  struct Frame {
    pugi::xml_node div;
    std::string fallback_id;  // "ch3" for a chapter without xml:id
    int collection;           // index in unit_.collections, -1 until opened
  };

  const pugi::xml_node& tei_;
  const Names& names_;
  ImportUnit& unit_;
  VolumeInfo volume_;
  std::string subseries_;
  std::size_t volume_index_ = 0;
  std::vector<int> child_counts_;  // by index in unit_.collections
  std::vector<Frame> frames_;
  std::map<std::string, int> ordinals_;
  int documents_ = 0;
  bool in_front_ = false;
  CollectionAbout about_;   // the volume's own texts (front matter)
  pugi::xml_node index_div_;   // div[@xml:id="index"], the printed index
  std::optional<Date> earliest_;
  std::optional<Date> latest_;
};

}  // namespace

void read_volume(const pugi::xml_node& tei, const Names& names, const std::string& fallback_id,
                 ImportUnit& unit) {
  VolumeReader(tei, names, unit).read(fallback_id);
}

}  // namespace chancery::tei
