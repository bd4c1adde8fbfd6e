#include "model/record_diff.h"

#include <algorithm>
#include <map>
#include <utility>

#include <dtl/dtl.hpp>
#include <nlohmann/json.hpp>

namespace chancery {
namespace {

using Tokens = std::vector<std::string_view>;

bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Tokens tokenize(std::string_view text) {
  Tokens out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t j = i + 1;
    if (is_word_byte(c)) {
      while (j < text.size() && is_word_byte(static_cast<unsigned char>(text[j]))) ++j;
    } else if (is_space_byte(c)) {
      while (j < text.size() && is_space_byte(static_cast<unsigned char>(text[j]))) ++j;
    }
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool only_space(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return is_space_byte(static_cast<unsigned char>(c)); });
}

void append_span(std::vector<DiffSpan>& spans, DiffOp op, std::string_view text) {
  if (text.empty()) return;
  if (!spans.empty() && spans.back().op == op) {
    spans.back().text += text;
  } else {
    spans.push_back(DiffSpan{op, std::string(text)});
  }
}

// The shortest edit script of two token (or block) sequences, as (op, index)
// pairs: the index is into `a` for kEqual and kDelete, into `b` for kInsert.
// Between their common start and end, sequences that would take more than
// `max_work` are written as all of `a`'s deleted and all of `b`'s inserted.
std::vector<std::pair<DiffOp, std::size_t>> edit_script(const Tokens& a, const Tokens& b, std::size_t max_work) {
  std::vector<std::pair<DiffOp, std::size_t>> out;
  std::size_t start = 0;
  while (start < a.size() && start < b.size() && a[start] == b[start]) ++start;
  std::size_t end_a = a.size(), end_b = b.size();
  while (end_a > start && end_b > start && a[end_a - 1] == b[end_b - 1]) {
    --end_a;
    --end_b;
  }
  for (std::size_t i = 0; i < start; ++i) out.emplace_back(DiffOp::kEqual, i);
  const std::size_t m = end_a - start, n = end_b - start;
  const std::size_t shorter = std::min(m, n);
  const bool within_budget = shorter == 0 || (m + n <= max_work / shorter);
  if (shorter == 0 || !within_budget) {
    for (std::size_t i = start; i < end_a; ++i) out.emplace_back(DiffOp::kDelete, i);
    for (std::size_t j = start; j < end_b; ++j) out.emplace_back(DiffOp::kInsert, j);
  } else {
    Tokens middle_a(a.begin() + static_cast<std::ptrdiff_t>(start), a.begin() + static_cast<std::ptrdiff_t>(end_a));
    Tokens middle_b(b.begin() + static_cast<std::ptrdiff_t>(start), b.begin() + static_cast<std::ptrdiff_t>(end_b));
    dtl::Diff<std::string_view, Tokens> diff(middle_a, middle_b);
    diff.compose();
    for (const auto& [element, info] : diff.getSes().getSequence()) {
      (void)element;
      // dtl numbers elements from 1 in each sequence.
      switch (info.type) {
        case dtl::SES_COMMON:
          out.emplace_back(DiffOp::kEqual, start + static_cast<std::size_t>(info.beforeIdx - 1));
          break;
        case dtl::SES_DELETE:
          out.emplace_back(DiffOp::kDelete, start + static_cast<std::size_t>(info.beforeIdx - 1));
          break;
        case dtl::SES_ADD:
          out.emplace_back(DiffOp::kInsert, start + static_cast<std::size_t>(info.afterIdx - 1));
          break;
      }
    }
  }
  for (std::size_t i = end_a; i < a.size(); ++i) out.emplace_back(DiffOp::kEqual, i);
  return out;
}

// Folds white space left alone between two changes into them, and writes each
// run of changes as its deletion then its insertion.
std::vector<DiffSpan> tidy(const std::vector<DiffSpan>& raw) {
  std::vector<DiffSpan> out;
  std::string deleted, inserted;
  bool in_change = false;
  auto close_change = [&] {
    append_span(out, DiffOp::kDelete, deleted);
    append_span(out, DiffOp::kInsert, inserted);
    deleted.clear();
    inserted.clear();
    in_change = false;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const DiffSpan& span = raw[i];
    if (span.op == DiffOp::kDelete) {
      deleted += span.text;
      in_change = true;
    } else if (span.op == DiffOp::kInsert) {
      inserted += span.text;
      in_change = true;
    } else if (in_change && only_space(span.text) && i + 1 < raw.size()) {
      deleted += span.text;   // raw[i + 1] is a change: adjacent spans differ in op
      inserted += span.text;
    } else {
      if (in_change) close_change();
      append_span(out, DiffOp::kEqual, span.text);
    }
  }
  if (in_change) close_change();
  return out;
}

// --- fields --------------------------------------------------------------

struct FieldText {
  std::string key;     // field + occurrence: what pairs the two versions' fields
  std::string field;
  std::string label;
  std::string text;
};

std::string joined(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

std::string joined_names(const std::vector<NameRef>& names) {
  std::string out;
  for (const NameRef& n : names) {
    if (!out.empty()) out += '\n';
    out += n.name;
  }
  return out;
}

// The typed field a record-text section is parsed into, or "section".
std::string section_field(std::string_view label) {
  static const std::map<std::string_view, std::string_view> kFields = {
      {"Citation", "citation"},
      {"Summary", "summary"},
      {"Credits", "credits"},
      {"Original Language", "languages"},
      {"Contents", "contents"},
      {"Author", "author"},
      {"Associated People & Organizations", "people"},
      {"Associated Places", "places"},
      {"Subjects Discussed", "subjects"},
      {"Original Archive", "archive"},
      {"Rights", "rights"},
      {"Source", "source"},
  };
  auto it = kFields.find(label);
  return it == kFields.end() ? std::string("section") : std::string(it->second);
}

std::vector<FieldText> scalar_fields(const Record& r) {
  std::vector<FieldText> out;
  std::map<std::string, int> seen;
  auto add = [&](std::string field, std::string label, std::string text) {
    if (text.empty()) return;
    std::string key = field + '\x1f' + label;
    const int n = ++seen[key];
    if (n > 1) key += '\x1f' + std::to_string(n);
    out.push_back(FieldText{std::move(key), std::move(field), std::move(label), std::move(text)});
  };
  add("title", "Title", r.title);
  add("date", "Date", r.date.as_written.empty() ? r.date.from.iso() : r.date.as_written);
  add("place", "Place", r.place);
  if (!r.sections.empty()) {
    for (const Section& s : r.sections) add(section_field(s.label), s.label, s.value);
  } else {
    add("citation", "Citation", r.citation.as_written);
    add("summary", "Summary", r.summary);
    add("credits", "Credits", r.credits);
    add("languages", "Original language", joined(r.languages, ", "));
    add("contents", "Contents", r.contents);
    add("author", "Author", r.author);
    add("sender", "From", r.sender);
    add("recipient", "To", r.recipient);
    add("type", "Type", r.record_type);
    add("classification", "Classification", r.classification);
    add("people", "People and organisations", joined_names(r.people));
    add("organisations", "Organisations", joined_names(r.organisations));
    add("places", "Places", joined_names(r.places));
    add("subjects", "Subjects", joined(r.subjects, "\n"));
    add("archive", "Archive", r.archive);
    add("source", "Source", r.source);
    add("rights", "Rights", r.rights);
  }
  return out;
}

// Tail fields, after the body and notes.
std::vector<FieldText> closing_fields(const Record& r) {
  std::vector<FieldText> out;
  std::string links;
  for (const Link& link : r.links) {
    if (!links.empty()) links += '\n';
    links += link.text.empty() ? link.target : link.text + " (" + link.target + ")";
  }
  if (!links.empty()) out.push_back(FieldText{"links", "links", "Cross-references", std::move(links)});
  std::string collections = joined(r.collections, "\n");
  if (!collections.empty()) out.push_back(FieldText{"collections", "collections", "Collections", std::move(collections)});
  return out;
}

std::string_view block_kind_label(BlockKind kind) {
  switch (kind) {
    case BlockKind::kParagraph: return "paragraph";
    case BlockKind::kHeading: return "heading";
    case BlockKind::kListItem: return "list item";
    case BlockKind::kQuote: return "quotation";
    case BlockKind::kTableRow: return "table row";
    case BlockKind::kSignature: return "signature";
    case BlockKind::kPageBreak: return "page break";
    case BlockKind::kDateline: return "dateline";
  }
  return "block";
}

// A sequence element (a body block or a note): what it is compared by, the
// text a reader sees and its label.
struct Item {
  std::string identity;
  std::string text;
  std::string label;
};

std::vector<Item> body_items(const Record& r) {
  std::vector<Item> out;
  out.reserve(r.body.size());
  int n = 0;
  for (const Block& b : r.body) {
    ++n;
    std::string text = b.kind == BlockKind::kPageBreak ? "[Page " + b.attr + "]" : b.text;
    std::string identity(block_kind_label(b.kind));
    identity += '\x1f';
    identity += b.attr;
    identity += '\x1f';
    identity += b.text;
    out.push_back(Item{std::move(identity), std::move(text),
                       "Document, " + std::string(block_kind_label(b.kind)) + " " + std::to_string(n)});
  }
  return out;
}

std::vector<Item> note_items(const Record& r) {
  std::vector<Item> out;
  out.reserve(r.notes.size());
  for (const Note& note : r.notes) {
    std::string text = note.marker.empty() ? note.text : note.marker + " " + note.text;
    std::string label = "Note " + (note.number.empty() ? note.marker : note.number);
    out.push_back(Item{text, text, std::move(label)});
  }
  return out;
}

FieldChange change_of(std::string field, std::string label, std::string_view older, std::string_view newer,
                      const DiffLimits& limits) {
  FieldChange c;
  c.field = std::move(field);
  c.label = std::move(label);
  if (older.empty()) {
    c.kind = FieldChange::Kind::kAdded;
    c.spans.push_back(DiffSpan{DiffOp::kInsert, std::string(newer)});
  } else if (newer.empty()) {
    c.kind = FieldChange::Kind::kRemoved;
    c.spans.push_back(DiffSpan{DiffOp::kDelete, std::string(older)});
  } else {
    c.spans = diff_text(older, newer, limits);
  }
  return c;
}

void compare_sequences(const std::string& field, const std::vector<Item>& older, const std::vector<Item>& newer,
                       const DiffLimits& limits, std::vector<FieldChange>& out) {
  Tokens a, b;
  a.reserve(older.size());
  b.reserve(newer.size());
  for (const Item& i : older) a.push_back(i.identity);
  for (const Item& i : newer) b.push_back(i.identity);
  const auto script = edit_script(a, b, limits.max_block_work);
  std::vector<std::size_t> deleted, inserted;
  auto flush = [&] {
    const std::size_t paired = std::min(deleted.size(), inserted.size());
    for (std::size_t k = 0; k < paired; ++k) {
      out.push_back(change_of(field, newer[inserted[k]].label, older[deleted[k]].text, newer[inserted[k]].text, limits));
      if (older[deleted[k]].text == newer[inserted[k]].text) {   // same words, other kind or page
        out.back().spans = {DiffSpan{DiffOp::kDelete, older[deleted[k]].label + ": " + older[deleted[k]].text},
                            DiffSpan{DiffOp::kInsert, newer[inserted[k]].label + ": " + newer[inserted[k]].text}};
      }
    }
    for (std::size_t k = paired; k < deleted.size(); ++k) {
      out.push_back(change_of(field, older[deleted[k]].label, older[deleted[k]].text, "", limits));
      out.back().kind = FieldChange::Kind::kRemoved;
    }
    for (std::size_t k = paired; k < inserted.size(); ++k) {
      out.push_back(change_of(field, newer[inserted[k]].label, "", newer[inserted[k]].text, limits));
      out.back().kind = FieldChange::Kind::kAdded;
    }
    deleted.clear();
    inserted.clear();
  };
  for (const auto& [op, index] : script) {
    if (op == DiffOp::kEqual) {
      flush();
    } else if (op == DiffOp::kDelete) {
      deleted.push_back(index);
    } else {
      inserted.push_back(index);
    }
  }
  flush();
}

// Fields of both versions in reading order: the newer's order, with fields
// only the older has placed after the field that preceded them there.
void compare_fields(const std::vector<FieldText>& older, const std::vector<FieldText>& newer, const DiffLimits& limits,
                    std::vector<FieldChange>& out) {
  std::map<std::string_view, const FieldText*> old_by_key, new_by_key;
  for (const FieldText& f : older) old_by_key.emplace(f.key, &f);
  for (const FieldText& f : newer) new_by_key.emplace(f.key, &f);
  std::vector<std::pair<const FieldText*, const FieldText*>> order;   // (older, newer)
  for (const FieldText& f : newer) {
    auto it = old_by_key.find(f.key);
    order.emplace_back(it == old_by_key.end() ? nullptr : it->second, &f);
  }
  const FieldText* previous = nullptr;
  for (const FieldText& f : older) {
    if (!new_by_key.contains(f.key)) {
      auto at = order.begin();
      if (previous) {
        at = std::find_if(order.begin(), order.end(), [&](const auto& p) { return p.first == previous; });
        if (at != order.end()) ++at;
      }
      order.insert(at, {&f, nullptr});
    }
    previous = &f;
  }
  for (const auto& [o, n] : order) {
    if (o && n && o->text == n->text) continue;
    const FieldText& named = n ? *n : *o;
    out.push_back(change_of(named.field, named.label, o ? std::string_view(o->text) : std::string_view(),
                            n ? std::string_view(n->text) : std::string_view(), limits));
  }
}

void add_name(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

std::string_view diff_op_name(DiffOp op) {
  switch (op) {
    case DiffOp::kEqual: return "equal";
    case DiffOp::kDelete: return "delete";
    case DiffOp::kInsert: return "insert";
  }
  return "equal";
}

std::string_view field_change_kind_name(FieldChange::Kind kind) {
  switch (kind) {
    case FieldChange::Kind::kChanged: return "changed";
    case FieldChange::Kind::kAdded: return "added";
    case FieldChange::Kind::kRemoved: return "removed";
  }
  return "changed";
}

std::vector<DiffSpan> diff_text(std::string_view older, std::string_view newer, const DiffLimits& limits) {
  const Tokens a = tokenize(older), b = tokenize(newer);
  std::vector<DiffSpan> raw;
  for (const auto& [op, index] : edit_script(a, b, limits.max_work)) {
    append_span(raw, op, op == DiffOp::kInsert ? b[index] : a[index]);
  }
  return tidy(raw);
}

std::vector<FieldChange> compare_records(const Record& older, const Record& newer, const DiffLimits& limits) {
  std::vector<FieldChange> out;
  compare_fields(scalar_fields(older), scalar_fields(newer), limits, out);
  compare_sequences("body", body_items(older), body_items(newer), limits, out);
  compare_sequences("notes", note_items(older), note_items(newer), limits, out);
  compare_fields(closing_fields(older), closing_fields(newer), limits, out);
  return out;
}

std::vector<std::string> changed_fields(const Record& older, const Record& newer) {
  std::vector<std::string> names;
  auto fields = [&](const std::vector<FieldText>& a, const std::vector<FieldText>& b) {
    std::map<std::string_view, const FieldText*> by_key;
    for (const FieldText& f : a) by_key.emplace(f.key, &f);
    for (const FieldText& f : b) {
      auto it = by_key.find(f.key);
      if (it == by_key.end() || it->second->text != f.text) add_name(names, f.field);
      if (it != by_key.end()) by_key.erase(it);
    }
    for (const auto& [key, f] : by_key) add_name(names, f->field);
  };
  fields(scalar_fields(older), scalar_fields(newer));
  if (older.body != newer.body) add_name(names, "body");
  if (older.notes != newer.notes) add_name(names, "notes");
  fields(closing_fields(older), closing_fields(newer));
  return names;
}

nlohmann::json field_changes_json(const std::vector<FieldChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const FieldChange& c : changes) {
    nlohmann::json spans = nlohmann::json::array();
    for (const DiffSpan& s : c.spans) spans.push_back({{"op", diff_op_name(s.op)}, {"text", s.text}});
    list.push_back({{"field", c.field},
                    {"label", c.label},
                    {"kind", field_change_kind_name(c.kind)},
                    {"spans", std::move(spans)}});
  }
  return list;
}

std::string field_changes_text(const std::vector<FieldChange>& changes) {
  std::string out;
  for (const FieldChange& c : changes) {
    out += "== " + c.label + " (" + std::string(field_change_kind_name(c.kind)) + ")\n";
    for (const DiffSpan& s : c.spans) {
      if (s.op == DiffOp::kDelete) {
        out += "[-" + s.text + "-]";
      } else if (s.op == DiffOp::kInsert) {
        out += "{+" + s.text + "+}";
      } else {
        out += s.text;
      }
    }
    out += "\n\n";
  }
  return out;
}

}  // namespace chancery
