// Lossless JSON of the model. Every field is written; on reading, `id` is
// required and every other field is optional (absent = empty), but a field
// that is present must have the right type.
#include "model/record_json.h"

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace chancery {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<DatePrecision, std::string_view>, 4> kPrecisions = {{
    {DatePrecision::kUnknown, "unknown"},
    {DatePrecision::kYear, "year"},
    {DatePrecision::kMonth, "month"},
    {DatePrecision::kDay, "day"},
}};

constexpr std::array<std::pair<BlockKind, std::string_view>, 8> kBlockKinds = {{
    {BlockKind::kParagraph, "paragraph"},
    {BlockKind::kHeading, "heading"},
    {BlockKind::kListItem, "list_item"},
    {BlockKind::kQuote, "quote"},
    {BlockKind::kTableRow, "table_row"},
    {BlockKind::kSignature, "signature"},
    {BlockKind::kPageBreak, "page_break"},
    {BlockKind::kDateline, "dateline"},
}};

template <typename E, std::size_t N>
std::string enum_name(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return std::string(name);
  return std::string(table[0].second);
}

json date_json(const Date& d) {
  return json{{"year", d.year}, {"month", d.month}, {"day", d.day}, {"precision", enum_name(kPrecisions, d.precision)}};
}

json span_json(const DateSpan& s) {
  return json{{"from", date_json(s.from)},
              {"to", date_json(s.to)},
              {"approximate", s.approximate},
              {"time", s.time},
              {"as_written", s.as_written}};
}

json names_json(const std::vector<NameRef>& names) {
  json a = json::array();
  for (const NameRef& n : names) a.push_back(json{{"name", n.name}, {"id", n.id}});
  return a;
}

// A JSON value as Fields reads it, from either parser: nlohmann's tree (JSON
// import, the API) or simdjson's (records read back from the store, where the
// tree cost most of a document page).
class TreeNode {
 public:
  explicit TreeNode(const json& j) : j_(&j) {}
  bool is_object() const { return j_->is_object(); }
  bool is_array() const { return j_->is_array(); }
  bool is_string() const { return j_->is_string(); }
  bool is_bool() const { return j_->is_boolean(); }
  bool is_integer() const { return j_->is_number_integer(); }
  std::optional<TreeNode> find(const char* key) const {
    auto it = j_->find(key);
    if (it == j_->end()) return std::nullopt;
    return TreeNode(*it);
  }
  std::string string() const { return j_->get<std::string>(); }
  bool boolean() const { return j_->get<bool>(); }
  int integer() const { return j_->get<int>(); }
  std::size_t size() const { return j_->size(); }
  template <typename F>
  void each(F&& f) const {
    for (const json& e : *j_) f(TreeNode(e));
  }

 private:
  const json* j_;
};

class SimdNode {
 public:
  explicit SimdNode(simdjson::dom::element e) : e_(e) {}
  bool is_object() const { return e_.is_object(); }
  bool is_array() const { return e_.is_array(); }
  bool is_string() const { return e_.is_string(); }
  bool is_bool() const { return e_.is_bool(); }
  bool is_integer() const { return e_.is_int64() || e_.is_uint64(); }
  std::optional<SimdNode> find(const char* key) const {
    simdjson::dom::object object;
    simdjson::dom::element value;
    if (e_.get_object().get(object) != simdjson::SUCCESS || object.at_key(key).get(value) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return SimdNode(value);
  }
  std::string string() const {
    std::string_view s;
    if (e_.get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
  }
  bool boolean() const {
    bool b = false;
    if (e_.get_bool().get(b) != simdjson::SUCCESS) return false;
    return b;
  }
  int integer() const {
    std::int64_t i = 0;
    if (e_.get_int64().get(i) == simdjson::SUCCESS) return static_cast<int>(i);
    std::uint64_t u = 0;
    if (e_.get_uint64().get(u) != simdjson::SUCCESS) return 0;
    return static_cast<int>(u);
  }
  std::size_t size() const {
    simdjson::dom::array array;
    return e_.get_array().get(array) == simdjson::SUCCESS ? array.size() : 0;
  }
  template <typename F>
  void each(F&& f) const {
    simdjson::dom::array array;
    if (e_.get_array().get(array) != simdjson::SUCCESS) return;
    for (simdjson::dom::element e : array) f(SimdNode(e));
  }

 private:
  simdjson::dom::element e_;
};

// Reads the fields of one JSON object, remembering the first problem.
// `where` names the object in errors ("record 117079", "records[3]").
template <typename Node>
class Fields {
 public:
  Fields(const Node& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) fail_with("is not an object");
  }

  bool ok() const { return !error_; }
  std::unexpected<Error> error() const { return std::unexpected(*error_); }

  // Fails when the field is absent.
  void require(const char* key) {
    if (ok() && !j_.find(key)) fail_with(std::string("has no \"") + key + "\"");
  }

  void get(const char* key, std::string& out) {
    if (auto v = find(key, &Node::is_string, "a string")) out = v->string();
  }
  void get(const char* key, bool& out) {
    if (auto v = find(key, &Node::is_bool, "a boolean")) out = v->boolean();
  }
  void get(const char* key, int& out) {
    if (auto v = find(key, &Node::is_integer, "an integer")) out = v->integer();
  }
  void get(const char* key, std::vector<std::string>& out) {
    auto v = find(key, &Node::is_array, "an array of strings");
    if (!v) return;
    out.clear();
    bool strings = true;
    v->each([&](const Node& e) {
      if (!strings) return;
      if (!e.is_string()) {
        strings = false;
        return;
      }
      out.push_back(e.string());
    });
    if (!strings) mistyped(key, "an array of strings");
  }
  void get(const char* key, DatePrecision& out) { get_enum(key, kPrecisions, out); }
  void get(const char* key, BlockKind& out) { get_enum(key, kBlockKinds, out); }
  void get(const char* key, std::vector<std::pair<std::string, std::string>>& out) {
    auto v = find(key, &Node::is_array, "an array of [key, value] pairs");
    if (!v) return;
    out.clear();
    bool pairs = true;
    v->each([&](const Node& e) {
      if (!pairs) return;
      std::vector<std::string> pair;
      if (e.is_array() && e.size() == 2) {
        e.each([&](const Node& part) {
          if (part.is_string()) pair.push_back(part.string());
        });
      }
      if (pair.size() != 2) {
        pairs = false;
        return;
      }
      out.emplace_back(std::move(pair[0]), std::move(pair[1]));
    });
    if (!pairs) mistyped(key, "an array of [key, value] pairs");
  }
  void get(const char* key, Date& out) {
    auto v = find(key, &Node::is_object, "an object");
    if (!v) return;
    Fields f(*v, where_ + "." + key);
    f.get("year", out.year);
    f.get("month", out.month);
    f.get("day", out.day);
    f.get("precision", out.precision);
    absorb(f);
  }
  void get(const char* key, DateSpan& out) {
    auto v = find(key, &Node::is_object, "an object");
    if (!v) return;
    Fields f(*v, where_ + "." + key);
    f.get("from", out.from);
    f.get("to", out.to);
    f.get("approximate", out.approximate);
    f.get("time", out.time);
    f.get("as_written", out.as_written);
    absorb(f);
  }
  // How many elements the array at `key` has (absent: 0).
  std::size_t array_size(const char* key) {
    auto v = find(key, &Node::is_array, "an array");
    return v ? v->size() : 0;
  }
  // The object at `key` (absent: nullopt), read by the caller.
  std::optional<Fields> object(const char* key) {
    auto v = lookup(key);
    if (!v) return std::nullopt;
    return Fields(*v, where_ + "." + key);
  }

  // Arrays of objects, each read by `read_one(Fields&, T&)`.
  template <typename T, typename F>
  void get_objects(const char* key, std::vector<T>& out, F read_one) {
    auto v = find(key, &Node::is_array, "an array");
    if (!v) return;
    out.clear();
    std::size_t i = 0;
    v->each([&](const Node& e) {
      if (!ok()) return;
      Fields f(e, where_ + "." + key + "[" + std::to_string(i++) + "]");
      T item;
      if (f.ok()) read_one(f, item);
      absorb(f);
      out.push_back(std::move(item));
    });
  }

  void absorb(const Fields& inner) {
    if (!error_ && inner.error_) error_ = inner.error_;
  }
  void fail_with(std::string what) {
    if (!error_) error_ = Error{ErrorCode::kInvalidInput, where_ + ": " + what, {}, 0, 0};
  }

 private:
  std::optional<Node> lookup(const char* key) {
    if (!ok()) return std::nullopt;
    return j_.find(key);
  }
  std::optional<Node> find(const char* key, bool (Node::*is_type)() const, const char* expected) {
    auto v = lookup(key);
    if (v && !((*v).*is_type)()) {
      mistyped(key, expected);
      return std::nullopt;
    }
    return v;
  }
  template <typename E, std::size_t N>
  void get_enum(const char* key, const std::array<std::pair<E, std::string_view>, N>& table, E& out) {
    auto v = find(key, &Node::is_string, "a string");
    if (!v) return;
    std::string name = v->string();
    for (const auto& [value, n] : table)
      if (n == name) {
        out = value;
        return;
      }
    fail_with(std::string("has an unknown \"") + key + "\": \"" + name + "\"");
  }
  void mistyped(const char* key, const char* expected) {
    fail_with(std::string("field \"") + key + "\" is not " + expected);
  }

  Node j_;
  std::string where_;
  std::optional<Error> error_;
};

constexpr auto read_block = [](auto& b, Block& block) {
  b.get("kind", block.kind);
  b.get("text", block.text);
  b.get("attr", block.attr);
  b.get("note_refs", block.note_refs);
};

constexpr auto read_note = [](auto& n, Note& note) {
  n.get("number", note.number);
  n.get("id", note.id);
  n.get("marker", note.marker);
  n.get("text", note.text);
  n.get("type", note.type);
};

template <typename F>
void read_record(F& f, Record& r) {
  f.require("id");
  f.get("id", r.id);
  f.get("source_format", r.source_format);
  f.get("number", r.number);
  f.get("title", r.title);
  f.get("title_lines", r.title_lines);
  f.get("date", r.date);
  f.get("place", r.place);
  f.get("summary", r.summary);
  f.get("credits", r.credits);
  f.get("languages", r.languages);
  f.get("contents", r.contents);
  f.get_objects("body", r.body, read_block);
  f.get_objects("notes", r.notes, read_note);
  f.get_objects("links", r.links, [](auto& l, Link& link) {
    l.get("from", link.from);
    l.get("target", link.target);
    l.get("text", link.text);
  });
  auto read_name = [](auto& n, NameRef& name) {
    n.get("name", name.name);
    n.get("id", name.id);
  };
  f.get_objects("people", r.people, read_name);
  f.get_objects("places", r.places, read_name);
  f.get_objects("organisations", r.organisations, read_name);
  f.get("subjects", r.subjects);
  f.get("author", r.author);
  f.get("sender", r.sender);
  f.get("recipient", r.recipient);
  f.get("sender_id", r.sender_id);
  f.get("recipient_id", r.recipient_id);
  f.get("source", r.source);
  f.get("archive", r.archive);
  f.get("rights", r.rights);
  f.get("record_type", r.record_type);
  f.get("classification", r.classification);
  f.get("collections", r.collections);
  f.get_objects("sections", r.sections, [](auto& s, Section& section) {
    s.get("label", section.label);
    s.get("value", section.value);
  });
  f.get("original", r.original);
}

template <typename F>
void read_citation(F& c, Citation& citation) {
  c.get("as_written", citation.as_written);
  c.get("title", citation.title);
  c.get("date", citation.date);
  c.get("publisher", citation.publisher);
  c.get("archive", citation.archive);
  c.get("reference", citation.reference);
  c.get("reference_parts", citation.reference_parts);
  c.get("compiler", citation.compiler);
  c.get("translator", citation.translator);
  c.get("translated_for", citation.translated_for);
  c.get("url", citation.url);
}

template <typename F>
void read_collection(F& f, Collection& c) {
  f.require("id");
  f.get("id", c.id);
  f.get("parent", c.parent);
  f.get("position", c.position);
  f.get("title", c.title);
  f.get("series", c.series);
  f.get("editors", c.editors);
  f.get("coverage", c.coverage);
  f.get("record_ids", c.record_ids);
}

template <typename F>
void read_person(F& f, Person& p) {
  f.require("id");
  f.get("id", p.id);
  f.get("name", p.name);
  f.get("description", p.description);
  f.get("variants", p.variants);
  f.get("source", p.source);
  f.get("same_as", p.same_as);
}

template <typename F>
void read_term(F& f, Term& t) {
  f.require("id");
  f.get("id", t.id);
  f.get("term", t.term);
  f.get("expansion", t.expansion);
}

// Sub-entries of a printed index nest at most this deep in JSON.
constexpr std::size_t kMaxIndexJsonDepth = 16;

// Reads the span [start, end) of an index entry's text that a locator or a
// reference covers into `out` (start, end): in the text, and after the span
// before it (`after`, moved to its end).
template <typename F, typename T>
void read_span(F& f, const char* what, std::size_t text_size, std::size_t& after, T& out) {
  int start = 0, end = 0;
  f.get("start", start);
  f.get("end", end);
  if (!f.ok()) return;
  if (start < 0 || end < start || static_cast<std::size_t>(end) > text_size ||
      static_cast<std::size_t>(start) < after) {
    f.fail_with(std::string(what) + " [" + std::to_string(start) + ", " + std::to_string(end) +
                ") is not a span of the entry's text after the one before it");
    return;
  }
  out.start = static_cast<std::size_t>(start);
  out.end = static_cast<std::size_t>(end);
  after = out.end;
}

template <typename F>
void read_index_entry(F& f, IndexEntry& e, std::size_t depth) {
  f.get("text", e.text);
  f.get("heading", e.heading);
  f.get("person", e.person);
  std::size_t after = 0;
  f.get_objects("locators", e.locators, [&](auto& l, IndexLocator& locator) {
    l.get("records", locator.records);
    read_span(l, "locator", e.text.size(), after, locator);
  });
  after = 0;
  f.get_objects("references", e.references, [&](auto& r, IndexReference& reference) {
    r.get("also", reference.also);
    read_span(r, "reference", e.text.size(), after, reference);
  });
  if (!f.ok()) return;
  if (depth >= kMaxIndexJsonDepth) {
    if (f.object("entries")) f.fail_with("index entries nest deeper than " + std::to_string(kMaxIndexJsonDepth));
    return;
  }
  f.get_objects("entries", e.entries, [depth](auto& sub, IndexEntry& entry) { read_index_entry(sub, entry, depth + 1); });
}

template <typename F>
void read_about(F& f, CollectionAbout& a, AboutParts parts = AboutParts::kAll) {
  f.require("id");
  f.get("id", a.id);
  f.get_objects("texts", a.texts, [](auto& t, CollectionText& text) {
    t.get("id", text.id);
    t.get("title", text.title);
    t.get_objects("body", text.body, read_block);
    t.get_objects("notes", text.notes, read_note);
  });
  if (parts == AboutParts::kAll) {
    f.get_objects("index", a.index, [](auto& e, IndexEntry& entry) { read_index_entry(e, entry, 1); });
    a.index_size = a.index.size();
  } else {
    a.index_size = f.array_size("index");
  }
  f.get("index_note", a.index_note);
}

template <typename Node>
std::string describe_position(const Node& j, const char* what) {
  if (j.is_object()) {
    if (auto id = j.find("id"); id && id->is_string()) return std::string(what) + " " + id->string();
  }
  return what;
}

// An entity read from the JSON value `j` by `read(Fields&, T&)`.
template <typename T, typename Node, typename Read>
Result<T> read_entity(const Node& j, const char* what, Read read) {
  T out;
  Fields<Node> f(j, describe_position(j, what));
  if (f.ok()) read(f, out);
  if (!f.ok()) return f.error();
  return out;
}

template <typename Node>
Result<Record> read_record_json(const Node& j) {
  return read_entity<Record>(j, "record", [](auto& f, Record& r) {
    read_record(f, r);
    if (!f.ok()) return;
    if (auto citation = f.object("citation")) {
      if (citation->ok()) read_citation(*citation, r.citation);
      f.absorb(*citation);
    }
  });
}

template <typename Node>
Result<Collection> read_collection_json(const Node& j) {
  return read_entity<Collection>(j, "collection", [](auto& f, Collection& c) { read_collection(f, c); });
}

template <typename Node>
Result<Person> read_person_json(const Node& j) {
  return read_entity<Person>(j, "person", [](auto& f, Person& p) { read_person(f, p); });
}

template <typename Node>
Result<Term> read_term_json(const Node& j) {
  return read_entity<Term>(j, "term", [](auto& f, Term& t) { read_term(f, t); });
}

template <typename Node>
Result<CollectionAbout> read_about_json(const Node& j, AboutParts parts = AboutParts::kAll) {
  return read_entity<CollectionAbout>(j, "about", [parts](auto& f, CollectionAbout& a) { read_about(f, a, parts); });
}

// Parses `text` with simdjson and reads it with `read(SimdNode)`. One parser
// per thread, kept: it reuses its buffers (sized by the largest text so far).
template <typename Read>
auto read_text(std::string_view text, const char* what, Read read) -> decltype(read(std::declval<SimdNode>())) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto error = parser.parse(text.data(), text.size()).get(root); error != simdjson::SUCCESS) {
    return fail(ErrorCode::kInvalidInput, std::string(what) + ": unreadable JSON (" + simdjson::error_message(error) + ")");
  }
  return read(SimdNode(root));
}

json blocks_json(const std::vector<Block>& blocks) {
  json out = json::array();
  for (const Block& b : blocks)
    out.push_back(
        json{{"kind", enum_name(kBlockKinds, b.kind)}, {"text", b.text}, {"attr", b.attr}, {"note_refs", b.note_refs}});
  return out;
}

json notes_json(const std::vector<Note>& notes) {
  json out = json::array();
  for (const Note& n : notes)
    out.push_back(json{{"number", n.number}, {"id", n.id}, {"marker", n.marker}, {"text", n.text}, {"type", n.type}});
  return out;
}

}  // namespace

json to_json(const Record& r) {
  json body = blocks_json(r.body);
  json notes = notes_json(r.notes);
  json links = json::array();
  for (const Link& l : r.links) links.push_back(json{{"from", l.from}, {"target", l.target}, {"text", l.text}});
  json sections = json::array();
  for (const Section& s : r.sections) sections.push_back(json{{"label", s.label}, {"value", s.value}});
  json parts = json::array();
  for (const auto& [k, v] : r.citation.reference_parts) parts.push_back(json::array({k, v}));
  const Citation& c = r.citation;
  json citation{{"as_written", c.as_written}, {"title", c.title},
                {"date", c.date},             {"publisher", c.publisher},
                {"archive", c.archive},       {"reference", c.reference},
                {"reference_parts", parts},   {"compiler", c.compiler},
                {"translator", c.translator}, {"translated_for", c.translated_for},
                {"url", c.url}};
  json out{{"id", r.id},
              {"source_format", r.source_format},
              {"number", r.number},
              {"title", r.title},
              {"title_lines", r.title_lines},
              {"date", span_json(r.date)},
              {"place", r.place},
              {"citation", citation},
              {"summary", r.summary},
              {"credits", r.credits},
              {"languages", r.languages},
              {"contents", r.contents},
              {"body", body},
              {"notes", notes},
              {"links", links},
              {"people", names_json(r.people)},
              {"places", names_json(r.places)},
              {"organisations", names_json(r.organisations)},
              {"subjects", r.subjects},
              {"author", r.author},
              {"sender", r.sender},
              {"recipient", r.recipient},
              {"source", r.source},
              {"archive", r.archive},
              {"rights", r.rights},
              {"record_type", r.record_type},
              {"classification", r.classification},
              {"collections", r.collections},
              {"sections", sections},
              {"original", r.original}};
  // Absent when empty: a record's JSON reads as before they were added.
  if (!r.sender_id.empty()) out["sender_id"] = r.sender_id;
  if (!r.recipient_id.empty()) out["recipient_id"] = r.recipient_id;
  return out;
}

json to_json(const Collection& c) {
  return json{{"id", c.id},           {"parent", c.parent},   {"position", c.position},
              {"title", c.title},     {"series", c.series},   {"editors", c.editors},
              {"coverage", span_json(c.coverage)}, {"record_ids", c.record_ids}};
}

json to_json(const Person& p) {
  json out{{"id", p.id}, {"name", p.name}, {"description", p.description}, {"variants", p.variants}, {"source", p.source}};
  if (!p.same_as.empty()) out["same_as"] = p.same_as;   // absent otherwise: earlier revisions read the same
  return out;
}

json to_json(const Term& t) { return json{{"id", t.id}, {"term", t.term}, {"expansion", t.expansion}}; }

static json index_json(const std::vector<IndexEntry>& entries) {
  json out = json::array();
  for (const IndexEntry& e : entries) {
    json locators = json::array();
    for (const IndexLocator& l : e.locators) {
      locators.push_back(json{{"start", l.start}, {"end", l.end}, {"records", l.records}});
    }
    json entry{{"text", e.text}, {"heading", e.heading}, {"locators", std::move(locators)}};
    if (!e.person.empty()) entry["person"] = e.person;
    if (!e.references.empty()) {
      json references = json::array();
      for (const IndexReference& r : e.references) {
        references.push_back(json{{"start", r.start}, {"end", r.end}, {"also", r.also}});
      }
      entry["references"] = std::move(references);
    }
    if (!e.entries.empty()) entry["entries"] = index_json(e.entries);
    out.push_back(std::move(entry));
  }
  return out;
}

json to_json(const CollectionAbout& a) {
  json texts = json::array();
  for (const CollectionText& t : a.texts) {
    texts.push_back(json{{"id", t.id}, {"title", t.title}, {"body", blocks_json(t.body)}, {"notes", notes_json(t.notes)}});
  }
  json out{{"id", a.id}, {"texts", texts}};
  // Absent without an index: the abouts of volumes without one read and
  // store as before.
  if (!a.index.empty()) out["index"] = index_json(a.index);
  if (!a.index_note.empty()) out["index_note"] = a.index_note;
  return out;
}

Result<Record> record_from_json(const json& j) { return read_record_json(TreeNode(j)); }
Result<Collection> collection_from_json(const json& j) { return read_collection_json(TreeNode(j)); }
Result<Person> person_from_json(const json& j) { return read_person_json(TreeNode(j)); }
Result<Term> term_from_json(const json& j) { return read_term_json(TreeNode(j)); }
Result<CollectionAbout> about_from_json(const json& j) { return read_about_json(TreeNode(j)); }

Result<Record> record_from_json_text(std::string_view text) {
  return read_text(text, "record", [](const SimdNode& j) { return read_record_json(j); });
}
Result<Collection> collection_from_json_text(std::string_view text) {
  return read_text(text, "collection", [](const SimdNode& j) { return read_collection_json(j); });
}
Result<Person> person_from_json_text(std::string_view text) {
  return read_text(text, "person", [](const SimdNode& j) { return read_person_json(j); });
}
Result<Term> term_from_json_text(std::string_view text) {
  return read_text(text, "term", [](const SimdNode& j) { return read_term_json(j); });
}
Result<CollectionAbout> about_from_json_text(std::string_view text) {
  return read_text(text, "about", [](const SimdNode& j) { return read_about_json(j); });
}
Result<CollectionAbout> about_texts_from_json_text(std::string_view text) {
  return read_text(text, "about", [](const SimdNode& j) { return read_about_json(j, AboutParts::kTextsOnly); });
}

namespace {

// Writes the canonical JSON of a record directly, byte for byte what
// `to_json(record).dump(-1, ' ', false, replace)` gives (keys in byte order,
// as nlohmann's std::map objects keep them) without building the tree: the
// import writes one per record, and the tree cost more than the rest of the
// store write. Strings that are not valid UTF-8 go through nlohmann, so its
// replacement of bad sequences stays the reference.
class CanonicalWriter {
 public:
  explicit CanonicalWriter(std::string& out) : out_(out) {}

  void string(std::string_view s) {
    const std::size_t start = out_.size();
    out_ += '"';
    std::size_t plain = 0;   // start of the run of bytes copied as they are
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
      if (n - i >= 8 && !needs_look(s.data() + i)) {
        i += 8;
        continue;
      }
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        const std::size_t len = utf8_sequence(s, i);
        if (len == 0) {
          // Not well-formed UTF-8: nlohmann's replacement, as before.
          out_.resize(start);
          out_ += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
          return;
        }
        i += len;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xf];
        }
      }
      ++i;
    }
    out_.append(s.data() + plain, n - plain);
    out_ += '"';
  }
  void number(int n) { out_ += std::to_string(n); }
  void boolean(bool b) { out_ += b ? "true" : "false"; }
  void strings(const std::vector<std::string>& v) {
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += ',';
      string(v[i]);
    }
    out_ += ']';
  }
  // `"key":`, preceded by a comma unless it opens the object.
  void key(std::string_view k, bool first = false) {
    if (!first) out_ += ',';
    out_ += '"';
    out_ += k;
    out_ += "\":";
  }
  template <typename T, typename F>
  void array(const std::vector<T>& items, F write_one) {
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out_ += ',';
      write_one(items[i]);
    }
    out_ += ']';
  }
  void open() { out_ += '{'; }
  void close() { out_ += '}'; }

  void date(const Date& d) {
    open();
    key("day", true), number(d.day);
    key("month"), number(d.month);
    key("precision"), string(enum_name(kPrecisions, d.precision));
    key("year"), number(d.year);
    close();
  }
  void span(const DateSpan& s) {
    open();
    key("approximate", true), boolean(s.approximate);
    key("as_written"), string(s.as_written);
    key("from"), date(s.from);
    key("time"), string(s.time);
    key("to"), date(s.to);
    close();
  }
  void names(const std::vector<NameRef>& names) {
    array(names, [&](const NameRef& n) {
      open();
      key("id", true), string(n.id);
      key("name"), string(n.name);
      close();
    });
  }

 private:
  // True when one of the 8 bytes at `p` needs a closer look: not ASCII, a
  // control character, '"' or '\\' (may also say so for a byte that does not).
  static bool needs_look(const char* p) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHighs = 0x8080808080808080ull;
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    auto has_zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
    return ((w & kHighs) | below_space | has_zero_byte(w ^ (kOnes * '"')) | has_zero_byte(w ^ (kOnes * '\\'))) != 0;
  }

  // The length of the well-formed UTF-8 sequence starting at s[i] (a byte
  // >= 0x80), or 0 (overlong forms, surrogates and values past U+10FFFF are
  // not well-formed).
  static std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const std::size_t n = s.size();
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xbf;   // range of the second byte
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c == 0xe0) len = 3, lo = 0xa0;
    else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) len = 3;
    else if (c == 0xed) len = 3, hi = 0x9f;
    else if (c == 0xf0) len = 4, lo = 0x90;
    else if (c >= 0xf1 && c <= 0xf3) len = 4;
    else if (c == 0xf4) len = 4, hi = 0x8f;
    else return 0;
    if (n - i < len) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < 0x80 || b > 0xbf) return 0;
    }
    return len;
  }

  std::string& out_;
};

}  // namespace

void append_json_string(std::string& out, std::string_view text) { CanonicalWriter(out).string(text); }

std::string canonical_json(const Record& r, JsonSpan* original) {
  std::string out;
  std::size_t guess = 1024 + r.title.size() + r.summary.size() + r.source.size();
  for (const Block& b : r.body) guess += b.text.size() + 64;
  for (const Note& n : r.notes) guess += n.text.size() + 96;
  out.reserve(guess);
  CanonicalWriter w(out);
  const Citation& c = r.citation;
  w.open();
  w.key("archive", true), w.string(r.archive);
  w.key("author"), w.string(r.author);
  w.key("body"), w.array(r.body, [&](const Block& b) {
    w.open();
    w.key("attr", true), w.string(b.attr);
    w.key("kind"), w.string(enum_name(kBlockKinds, b.kind));
    w.key("note_refs"), w.strings(b.note_refs);
    w.key("text"), w.string(b.text);
    w.close();
  });
  w.key("citation"), w.open();
  w.key("archive", true), w.string(c.archive);
  w.key("as_written"), w.string(c.as_written);
  w.key("compiler"), w.string(c.compiler);
  w.key("date"), w.string(c.date);
  w.key("publisher"), w.string(c.publisher);
  w.key("reference"), w.string(c.reference);
  w.key("reference_parts"), w.array(c.reference_parts, [&](const std::pair<std::string, std::string>& kv) {
    out += '[';
    w.string(kv.first);
    out += ',';
    w.string(kv.second);
    out += ']';
  });
  w.key("title"), w.string(c.title);
  w.key("translated_for"), w.string(c.translated_for);
  w.key("translator"), w.string(c.translator);
  w.key("url"), w.string(c.url);
  w.close();
  w.key("classification"), w.string(r.classification);
  w.key("collections"), w.strings(r.collections);
  w.key("contents"), w.string(r.contents);
  w.key("credits"), w.string(r.credits);
  w.key("date"), w.span(r.date);
  w.key("id"), w.string(r.id);
  w.key("languages"), w.strings(r.languages);
  w.key("links"), w.array(r.links, [&](const Link& l) {
    w.open();
    w.key("from", true), w.string(l.from);
    w.key("target"), w.string(l.target);
    w.key("text"), w.string(l.text);
    w.close();
  });
  w.key("notes"), w.array(r.notes, [&](const Note& n) {
    w.open();
    w.key("id", true), w.string(n.id);
    w.key("marker"), w.string(n.marker);
    w.key("number"), w.string(n.number);
    w.key("text"), w.string(n.text);
    w.key("type"), w.string(n.type);
    w.close();
  });
  w.key("number"), w.string(r.number);
  w.key("organisations"), w.names(r.organisations);
  w.key("original");
  const std::size_t original_at = out.size();
  w.string(r.original);
  if (original != nullptr) *original = JsonSpan{original_at + 1, out.size() - 1};   // within the quotes
  w.key("people"), w.names(r.people);
  w.key("place"), w.string(r.place);
  w.key("places"), w.names(r.places);
  w.key("recipient"), w.string(r.recipient);
  if (!r.recipient_id.empty()) w.key("recipient_id"), w.string(r.recipient_id);
  w.key("record_type"), w.string(r.record_type);
  w.key("rights"), w.string(r.rights);
  w.key("sections"), w.array(r.sections, [&](const Section& s) {
    w.open();
    w.key("label", true), w.string(s.label);
    w.key("value"), w.string(s.value);
    w.close();
  });
  w.key("sender"), w.string(r.sender);
  if (!r.sender_id.empty()) w.key("sender_id"), w.string(r.sender_id);
  w.key("source"), w.string(r.source);
  w.key("source_format"), w.string(r.source_format);
  w.key("subjects"), w.strings(r.subjects);
  w.key("summary"), w.string(r.summary);
  w.key("title"), w.string(r.title);
  w.key("title_lines"), w.strings(r.title_lines);
  w.close();
  return out;
}

json unit_to_json(const ImportUnit& unit) {
  json records = json::array();
  for (const Record& r : unit.records) records.push_back(to_json(r));
  json collections = json::array();
  for (const Collection& c : unit.collections) collections.push_back(to_json(c));
  json persons = json::array();
  for (const Person& p : unit.persons) persons.push_back(to_json(p));
  json terms = json::array();
  for (const Term& t : unit.terms) terms.push_back(to_json(t));
  json out{{"chancery_export", kChanceryExportVersion},
           {"records", records},
           {"collections", collections},
           {"persons", persons},
           {"terms", terms}};
  // Collections' texts, annotations and scans only where there are any, so
  // exports without them stay as they were.
  if (!unit.abouts.empty()) {
    json abouts = json::array();
    for (const CollectionAbout& a : unit.abouts) abouts.push_back(to_json(a));
    out["about"] = std::move(abouts);
  }
  if (!unit.annotations.empty()) {
    json annotations = json::array();
    for (const Annotation& a : unit.annotations) annotations.push_back(annotation_json(a));
    out["annotations"] = std::move(annotations);
  }
  if (!unit.scans.empty()) {
    json scans = json::array();
    for (const ScanSet& s : unit.scans) scans.push_back(scan_set_json(s));
    out["scans"] = std::move(scans);
  }
  return out;
}

Result<ImportUnit> unit_from_json(const json& j) {
  if (!j.is_object()) return fail(ErrorCode::kInvalidInput, "a Chancery export must be a JSON object");
  auto version = j.find("chancery_export");
  if (version == j.end() || !version->is_number_integer())
    return fail(ErrorCode::kInvalidInput, "not a Chancery export: no integer \"chancery_export\" field");
  if (version->get<long long>() != kChanceryExportVersion)
    return fail(ErrorCode::kInvalidInput,
                "unsupported chancery_export version " + std::to_string(version->get<long long>()) +
                    " (this build reads version " + std::to_string(kChanceryExportVersion) + ")");
  ImportUnit unit;
  auto read_array = [&j](const char* key, auto& out, auto from_json) -> std::optional<Error> {
    auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (!it->is_array()) return Error{ErrorCode::kInvalidInput, std::string("\"") + key + "\" is not an array", {}, 0, 0};
    for (std::size_t i = 0; i < it->size(); ++i) {
      auto item = from_json((*it)[i]);
      if (!item) {
        Error e = item.error();
        e.message = std::string(key) + "[" + std::to_string(i) + "]: " + e.message;
        return e;
      }
      out.push_back(std::move(*item));
    }
    return std::nullopt;
  };
  if (auto e = read_array("records", unit.records, record_from_json)) return std::unexpected(*e);
  if (auto e = read_array("collections", unit.collections, collection_from_json)) return std::unexpected(*e);
  if (auto e = read_array("persons", unit.persons, person_from_json)) return std::unexpected(*e);
  if (auto e = read_array("terms", unit.terms, term_from_json)) return std::unexpected(*e);
  if (auto e = read_array("about", unit.abouts, about_from_json)) return std::unexpected(*e);
  if (auto e = read_array("annotations", unit.annotations, annotation_from_json_object)) return std::unexpected(*e);
  if (auto e = read_array("scans", unit.scans, scan_set_from_json_object)) return std::unexpected(*e);
  return unit;
}

}  // namespace chancery
