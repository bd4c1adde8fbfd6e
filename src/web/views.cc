#include "images/iiif_image_request.h"
#include "web/iiif_documents.h"
#include "web/views.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "model/date.h"
#include "model/record_json.h"
#include "names/name_key.h"
#include "util/text_fold.h"
#include "web/body_markup.h"
#include "web/citation_styles.h"
#include "web/revision_views.h"
#include "web/responses.h"
#include "web/url.h"

namespace chancery::web {

namespace {

// `field:"value"` as a query ("sender:\"Embassy in the Soviet Union\""), the
// value's own double quotes left out so the phrase stays one.
std::string field_query(std::string_view field, std::string_view value) {
  std::string query = std::string(field) + ":\"";
  for (char c : value) {
    if (c != '"') query.push_back(c);
  }
  return query + "\"";
}

// The search page of field_query(field, value).
std::string field_search_url(std::string_view field, std::string_view value) {
  return "/search?q=" + percent_encode(field_query(field, value));
}

// A label's page: as add_names() worked it out, else now.
std::string label_path(const DocumentSurroundings::AuthorityLabel& label, std::string_view id) {
  return label.path.empty() ? authority_path(label.kind, id) : label.path;
}

}  // namespace
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",
                                                      "May",     "June",     "July",      "August",
                                                      "September", "October", "November", "December"};

std::string format_date(const Date& d) {
  if (!d.known()) return {};
  if (d.precision == DatePrecision::kDay && d.month >= 1 && d.month <= 12) {
    return fmt::format("{} {}, {}", kMonths[d.month - 1], d.day, d.year);
  }
  if (d.precision >= DatePrecision::kMonth && d.month >= 1 && d.month <= 12) {
    return fmt::format("{} {}", kMonths[d.month - 1], d.year);
  }
  return std::to_string(d.year);
}

TemplateData text_list(const std::vector<std::string>& values) {
  TemplateList list;
  list.reserve(values.size());
  for (const auto& v : values) list.push_back(TemplateData(v));
  return list_data(std::move(list));
}

// Names with links: to the authority page when the name has an id or is an
// organisation or place authority's (`around`), else to a search for the name
// in `field` ("person", "place").
TemplateData name_list(const std::vector<NameRef>& names, std::string (*path)(std::string_view), const char* field,
                       const DocumentSurroundings& around) {
  TemplateList list;
  list.reserve(names.size());
  for (const auto& n : names) {
    TemplateData item;
    put(item, "name", n.name.empty() ? n.id : n.name);
    std::string url;
    auto authority = n.id.empty() ? around.field_authorities.find(n.name) : around.field_authorities.end();
    if (!n.id.empty()) {
      url = path(n.id);
    } else if (authority != around.field_authorities.end() && around.authorities.contains(authority->second)) {
      url = label_path(around.authorities.at(authority->second), authority->second);
    } else if (!n.name.empty()) {
      url = field_search_url(field, n.name);
    }
    set_optional(item, "url", url);
    list.push_back(std::move(item));
  }
  return list_data(std::move(list));
}

const char* block_kind_name(BlockKind kind) {
  switch (kind) {
    case BlockKind::kParagraph: return "paragraph";
    case BlockKind::kHeading: return "heading";
    case BlockKind::kListItem: return "list_item";
    case BlockKind::kQuote: return "quote";
    case BlockKind::kTableRow: return "table_row";
    case BlockKind::kSignature: return "signature";
    case BlockKind::kPageBreak: return "page_break";
    case BlockKind::kDateline: return "dateline";
  }
  return "paragraph";
}

using Labels = std::map<std::string, DocumentSurroundings::AuthorityLabel>;

// The mentions in one text of the record ("body", block 3) whose authorities
// are all known, by position, for mark_mentions().
std::vector<TextMention> text_mentions(const DocumentSurroundings& around, std::string_view field, std::size_t block) {
  std::vector<TextMention> out;
  for (const RecordMention& m : around.mentions) {
    if (m.field != field || m.block != block || m.ids.empty()) continue;
    if (!std::all_of(m.ids.begin(), m.ids.end(), [&](const std::string& id) { return around.authorities.contains(id); })) {
      continue;
    }
    out.push_back(TextMention{m.begin, m.end, m.ids, m.certain});
  }
  std::sort(out.begin(), out.end(), [](const TextMention& a, const TextMention& b) { return a.begin < b.begin; });
  return out;
}

// A text's segments with its mentions, and the words of the search the page
// was opened from, marked; as HTML.
std::string marked_html(std::vector<BodySegment> segments, const DocumentSurroundings& around, std::string_view field,
                        std::size_t block) {
  segments = mark_mentions(std::move(segments), text_mentions(around, field, block));
  if (!around.query_marks.empty()) {
    auto marks = around.query_marks.find({std::string(field), block});
    if (marks != around.query_marks.end()) segments = mark_query_matches(std::move(segments), marks->second);
  }
  return segments_html(segments, around.authorities, &around.marks_shown);
}

// A whole text (title, summary, a note) as segments with its mentions marked.
std::string text_html(const std::string& text, const DocumentSurroundings& around, std::string_view field,
                      std::size_t block) {
  std::vector<BodySegment> whole(1);
  whole.front().text = text;
  return marked_html(std::move(whole), around, field, block);
}

// The names mentioned in the record's texts, once each, of persons (`persons`)
// or of organisations and places: certain ones with their number of mentions,
// most mentioned first, then ambiguous ones with their candidates.
TemplateData mentioned_view(const DocumentSurroundings& around, bool persons) {
  using Label = Labels::value_type;   // (id, label)
  std::unordered_map<const Label*, int> certain;
  std::map<std::vector<std::string>, std::vector<std::string>> ambiguous;  // candidates -> texts
  for (const RecordMention& m : around.mentions) {
    if (m.field == "people" || m.ids.empty()) continue;
    const Label* first = nullptr;
    bool known = true;
    for (const std::string& id : m.ids) {
      auto label = around.authorities.find(id);
      if (label == around.authorities.end()) {
        known = false;
        break;
      }
      if (first == nullptr) first = &*label;
    }
    if (!known || (first->second.kind == "person") != persons) continue;
    if (m.certain && m.ids.size() == 1) {
      ++certain[first];
    } else {
      auto& texts = ambiguous[m.ids];
      if (std::find(texts.begin(), texts.end(), m.text) == texts.end()) texts.push_back(m.text);
    }
  }
  // Most mentioned first, then by name, then by id.
  std::vector<std::pair<const Label*, int>> ordered(certain.begin(), certain.end());
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    if (a.first->second.name != b.first->second.name) return a.first->second.name < b.first->second.name;
    return a.first->first < b.first->first;
  });
  TemplateList list;
  list.reserve(ordered.size() + ambiguous.size());
  for (const auto& [entry, count] : ordered) {
    const auto& [id, label] = *entry;
    TemplateData item;
    item.set("is_certain", true);
    put(item, "url", label_path(label, id));
    put(item, "name", label.name);
    put(item, "kind", label.kind);
    put(item, "count", grouped(count));
    list.push_back(std::move(item));
  }
  for (const auto& [ids, texts] : ambiguous) {
    TemplateData item;
    item.set("is_certain", false);
    std::string written;
    for (const std::string& text : texts) written += (written.empty() ? "" : ", ") + text;
    put(item, "text", written);
    TemplateList candidates;
    candidates.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto& label = around.authorities.at(ids[i]);
      TemplateData candidate;
      put(candidate, "url", label_path(label, ids[i]));
      put(candidate, "name", label.name);
      candidate.set("first", i == 0);
      candidates.push_back(std::move(candidate));
    }
    put_list(item, "candidates", std::move(candidates));
    list.push_back(std::move(item));
  }
  return list_data(std::move(list));
}

TemplateData body_view(const Record& record, const DocumentSurroundings& around) {
  std::map<std::string, int> ref_counts;
  TemplateList blocks;
  blocks.reserve(record.body.size());
  for (std::size_t i = 0; i < record.body.size(); ++i) {
    const Block& block = record.body[i];
    TemplateData item;
    item.set(std::string("is_") + block_kind_name(block.kind), true);
    put(item, "kind", block_kind_name(block.kind));
    if (block.kind == BlockKind::kTableRow) {
      TemplateList cells;
      std::size_t start = 0;
      while (true) {
        std::size_t tab = block.text.find('\t', start);
        cells.push_back(TemplateData(block.text.substr(start, tab == std::string::npos ? tab : tab - start)));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      put_list(item, "cells", std::move(cells));
    } else if (block.kind == BlockKind::kPageBreak) {
      put(item, "page", block.attr);
    } else {
      put(item, "segments_html", marked_html(link_note_markers(block, record.notes, ref_counts), around, "body", i));
    }
    blocks.push_back(std::move(item));
  }
  return list_data(std::move(blocks));
}

TemplateData notes_view(const Record& record, const DocumentSurroundings& around) {
  std::map<std::string, int> first_refs;
  for (const Block& block : record.body) {
    for (const auto& n : block.note_refs) first_refs[n] = 1;
  }
  TemplateList notes;
  notes.reserve(record.notes.size());
  for (std::size_t i = 0; i < record.notes.size(); ++i) {
    const Note& note = record.notes[i];
    std::string anchor = note_anchor(note, i + 1);
    TemplateData item;
    put(item, "anchor", anchor);
    put(item, "marker", note.marker.empty() ? note.number : note.marker);
    put(item, "text", note.text);
    put(item, "segments_html", text_html(note.text, around, "notes", i));
    set_optional(item, "ref_anchor", first_refs.contains(note.number) ? "fnref" + anchor.substr(2) : std::string{});
    item.set("is_source", note.type == "source");
    notes.push_back(std::move(item));
  }
  return list_data(std::move(notes));
}

TemplateData meta_tags(const Record& record, std::string_view url, bool earlier_revision) {
  TemplateList tags;
  auto add = [&tags](std::string name, std::string content) {
    if (content.empty()) return;
    TemplateData tag;
    put(tag, "name", name);
    put(tag, "content", content);
    tags.push_back(std::move(tag));
  };
  add("citation_title", record.title);
  if (!record.author.empty()) add("citation_author", record.author);
  const Date& d = record.date.from;
  if (d.known()) {
    std::string date = std::to_string(d.year);
    if (d.precision >= DatePrecision::kMonth) date += fmt::format("/{:02}", d.month);
    if (d.precision == DatePrecision::kDay) date += fmt::format("/{:02}", d.day);
    add("citation_date", date);
  }
  add("citation_publisher", record.citation.publisher);
  add("citation_public_url", std::string(url));
  for (const auto& language : record.languages) add("citation_language", language);
  for (const auto& subject : record.subjects) add("citation_keywords", subject);
  add("citation_archive", record.archive.empty() ? record.citation.archive : record.archive);
  add("description", record.summary);
  if (earlier_revision) add("robots", "noindex");   // the current text is the one to find
  return list_data(std::move(tags));
}

TemplateData citations_view(const Record& record, std::string_view url, std::string_view download_query,
                            const CitedEdition& edition) {
  TemplateList styles;
  auto add = [&styles](std::string key, std::string label, std::string text, std::string download) {
    TemplateData style;
    put(style, "key", key);
    put(style, "label", label);
    put(style, "text", text);
    set_optional(style, "download", download);
    styles.push_back(std::move(style));
  };
  styles.reserve(6);
  std::string base = document_path(record.id);
  add("chicago", "Chicago", cite_chicago(record, url, edition), "");
  add("mla", "MLA", cite_mla(record, url, edition), "");
  add("apa", "APA", cite_apa(record, url, edition), "");
  add("bibtex", "BibTeX", cite_bibtex(record, url, edition), base + ".bib" + std::string(download_query));
  add("ris", "RIS", cite_ris(record, url, edition), base + ".ris" + std::string(download_query));
  add("csl", "CSL-JSON", cite_csl_json_text(record, url, edition), base + ".json" + std::string(download_query));
  return list_data(std::move(styles));
}

}  // namespace

TemplateData collection_texts_view(const CollectionAbout& about) {
  const DocumentSurroundings none;
  TemplateList texts;
  texts.reserve(about.texts.size());
  for (std::size_t k = 0; k < about.texts.size(); ++k) {
    const CollectionText& text = about.texts[k];
    // Read as a document's text is read: its blocks, note markers and notes.
    // Notes are numbered anew ("t2n1": the second text's first note), so the
    // anchors of two texts on one page never clash; markers stay as written.
    Record as_record;
    as_record.body = text.body;
    as_record.notes = text.notes;
    std::map<std::string, std::string> renumbered;
    for (std::size_t i = 0; i < as_record.notes.size(); ++i) {
      Note& note = as_record.notes[i];
      if (note.marker.empty()) note.marker = "[" + note.number + "]";
      std::string number = fmt::format("t{}n{}", k + 1, i + 1);
      renumbered.emplace(note.number, number);
      note.number = std::move(number);
    }
    for (Block& block : as_record.body) {
      for (std::string& ref : block.note_refs) {
        if (auto it = renumbered.find(ref); it != renumbered.end()) ref = it->second;
      }
    }
    TemplateData item;
    put(item, "id", text.id);
    put(item, "title", text.title.empty() ? text.id : text.title);
    if (!as_record.body.empty()) put(item, "body", body_view(as_record, none));
    item.set("has_notes", !as_record.notes.empty());
    if (!as_record.notes.empty()) put(item, "notes", notes_view(as_record, none));
    texts.push_back(std::move(item));
  }
  return list_data(std::move(texts));
}

std::string document_path(std::string_view id) { return "/document/" + percent_encode(id, true); }
std::string collection_path(std::string_view id) { return "/collection/" + percent_encode(id, true); }
std::string printed_index_path(std::string_view collection_id) {
  return "/printed-index/" + percent_encode(collection_id, true);
}
std::string person_path(std::string_view id) { return "/people/" + percent_encode(id, true); }
std::string place_path(std::string_view id) { return "/places/" + percent_encode(id, true); }
std::string authority_path(std::string_view kind, std::string_view id) {
  if (kind == "organisation") return "/organisations/" + percent_encode(id, true);
  if (kind == "place") return place_path(id);
  return person_path(id);
}

nlohmann::json mentions_json(const std::vector<RecordMention>& mentions) {
  nlohmann::json out = nlohmann::json::array();
  for (const RecordMention& m : mentions) {
    out.push_back({{"field", m.field},
                   {"block", m.block},
                   {"begin", m.begin},
                   {"end", m.end},
                   {"text", m.text},
                   {"ids", m.ids},
                   {"certain", m.certain}});
  }
  return out;
}

std::string segments_html(const std::vector<BodySegment>& segments,
                          const std::map<std::string, DocumentSurroundings::AuthorityLabel>& labels,
                          std::size_t* marks) {
  std::string out;
  auto text = [&out](std::string_view value) { append_template_escaped(out, value); };
  bool in_match = false;   // the previous segment was marked
  for (const BodySegment& s : segments) {
    const bool mention = !s.mention_ids.empty();
    // A marked word cut by a mention's end ("Malnasan" + "'s") is one match:
    // its second part is marked, but neither numbered nor counted.
    const bool continued = s.query_match && in_match;
    in_match = s.query_match;
    if (continued) {
      out += "<mark class=\"query-match query-match-more\">";
    } else if (s.query_match) {
      out += "<mark class=\"query-match\"";
      if (marks) {
        out += " id=\"match-";
        out += std::to_string(++*marks);
        out += "\" tabindex=\"-1\"";
      }
      out += ">";
    }
    if (!s.note_anchor.empty()) {
      out += "<a class=\"note-ref\" id=\"";
      text(s.ref_anchor);
      out += "\" href=\"#";
      text(s.note_anchor);
      out += "\">";
      text(s.text);
      out += "</a>";
    }
    if (mention && s.mention_certain) {
      const std::string& id = s.mention_ids.front();
      const auto& label = labels.at(id);
      out += "<a class=\"mention\" href=\"";
      text(label_path(label, id));
      out += "\" title=\"";
      text(label.name);
      out += "\" data-authority=\"";
      text(id);
      out += "\">";
      text(s.text);
      out += "</a>";
    } else if (mention) {
      out += "<span class=\"mention mention-ambiguous\">";
      text(s.text);
      out += "<sup class=\"mention-candidates\" title=\"";
      text(std::to_string(s.mention_ids.size()));
      out += " candidates\">[";
      for (std::size_t i = 0; i < s.mention_ids.size(); ++i) {
        const auto& label = labels.at(s.mention_ids[i]);
        if (i > 0) out += ", ";
        out += "<a href=\"";
        text(label_path(label, s.mention_ids[i]));
        out += "\" title=\"";
        text(label.name);
        out += "\" aria-label=\"perhaps ";
        text(label.name);
        out += "\">";
        text(std::to_string(i + 1));
        out += "</a>";
      }
      out += "]</sup></span>";
    }
    if (s.note_anchor.empty() && !mention) text(s.text);
    if (s.query_match) out += "</mark>";
  }
  return out;
}

std::string display_date(const DateSpan& date) {
  if (!date.known()) return date.as_written;
  std::string from = format_date(date.from);
  std::string to = format_date(date.to);
  std::string text = (to.empty() || to == from) ? from : from + " \u2013 " + to;
  return date.approximate ? "c. " + text : text;
}

namespace {
bool is_clock_time(std::string_view t) {   // "HH:MM:SS"
  if (t.size() != 8 || t[2] != ':' || t[5] != ':') return false;
  for (std::size_t i : {0, 1, 3, 4, 6, 7}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return true;
}
}  // namespace

std::string display_time(std::string_view time) {
  if (is_clock_time(time) && time.substr(6) == "00") return std::string(time.substr(0, 5));
  return std::string(time);
}

std::string shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut < max_bytes / 2) {
    cut = max_bytes;   // one long word: cut at a character boundary
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string_view kept = text.substr(0, cut);
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == ',' || kept.back() == ';' || kept.back() == ':')) {
    kept.remove_suffix(1);
  }
  return std::string(kept) + "\u2026";
}

std::string without_series(const std::string& title, const std::string& series) {
  if (series.empty() || title.size() <= series.size() + 2 || !title.starts_with(series)) return title;
  if (title.compare(series.size(), 2, ", ") != 0) return title;
  return title.substr(series.size() + 2);
}

std::string documents_count(std::int64_t n) {
  return grouped(n) + (n == 1 ? " document" : " documents");
}

std::string grouped(std::int64_t n) {
  // The magnitude as unsigned: -(n + 1) + 1 stays in range for the most negative n.
  const unsigned long long magnitude =
      n < 0 ? static_cast<unsigned long long>(-(n + 1)) + 1 : static_cast<unsigned long long>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (n < 0) out += '-';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string display_iso_date(std::string_view iso) {
  auto show = [](std::string_view part) {
    std::optional<DateSpan> span =
        part.find("..") == std::string_view::npos ? parse_query_date_range(part) : std::nullopt;
    std::string text = span ? format_date(span->from) : std::string();
    return text.empty() ? std::string(part) : text;
  };
  const std::size_t slash = iso.find('/');
  if (slash == std::string_view::npos) return show(iso);
  return show(iso.substr(0, slash)) + " \u2013 " + show(iso.substr(slash + 1));
}

namespace {
// A listed date: "date" for <time datetime> (the first day of a span: valid
// HTML), "date_shown" for people.
void put_listed_date(TemplateData& item, const std::string& iso) {
  if (iso.empty()) return;
  put(item, "date", iso.substr(0, iso.find('/')));
  put(item, "date_shown", display_iso_date(iso));
}
}  // namespace

std::string also_searched_list(const std::vector<std::string>& items, bool capitalise) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    // A folded name is capitalised; one as the records write it ("USSR",
    // "de Gaulle") is shown so.
    const bool folded = std::none_of(item.begin(), item.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    out += capitalise && folded ? capitalise_words(item) : item;
  }
  return out;
}

// `text` escaped, with the byte ranges of `marks` (in order, within it) in
// <mark>; a range that is out of order or out of bounds is left unmarked.
std::string marked_html(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& marks) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& [begin, end] : marks) {
    if (begin < pos || end <= begin || end > text.size()) continue;
    append_template_escaped(out, text.substr(pos, begin - pos));
    out += "<mark>";
    append_template_escaped(out, text.substr(begin, end - begin));
    out += "</mark>";
    pos = end;
  }
  append_template_escaped(out, text.substr(pos));
  return out;
}

TemplateData hit_view(const Hit& hit) {
  TemplateData item;
  put(item, "id", hit.id);
  put(item, "url", document_path(hit.id));
  put(item, "title", hit.title.empty() ? hit.id : hit.title);
  if (!hit.title.empty() && !hit.title_marks.empty()) put(item, "title_html", marked_html(hit.title, hit.title_marks));
  put_listed_date(item, hit.date);
  set_optional(item, "snippet_html", hit.snippet);
  if (hit.snippet_note && !hit.snippet.empty()) {
    // Where in the document the snippet is: the note, which the link opens.
    Note note;
    note.number = hit.snippet_note->number;
    put(item, "snippet_note", hit.snippet_note->source ? std::string("Source note")
                                                        : "Note " + (hit.snippet_note->number.empty()
                                                                         ? std::to_string(hit.snippet_note->position)
                                                                         : hit.snippet_note->number));
    put(item, "snippet_note_anchor", note_anchor(note, hit.snippet_note->position));
  }
  return item;
}

// How much of a collection's title a hit's trail shows.
constexpr std::size_t kTrailTitleBytes = 110;

TemplateData hit_view(const Hit& hit, const CollectionTrail& trail) {
  TemplateData item = hit_view(hit);
  if (trail.empty()) return item;
  // The outermost and the innermost: a chapter's sections between them
  // would make the line longer than the hit (the document page has them).
  TemplateList links;
  for (std::size_t i = 0; i < trail.size(); ++i) {
    if (i > 0 && i + 1 < trail.size()) continue;
    const auto& [id, title] = trail[i];
    TemplateData link;
    put(link, "url", collection_path(id));
    // A FRUS chapter's head can run to a paragraph: the line shows its start.
    const std::string& full = title.empty() ? id : title;
    std::string shown = shortened(full, kTrailTitleBytes);
    if (shown.size() != full.size()) put(link, "full_title", full);
    put(link, "title", shown);
    link.set("trail_sep", i > 0);
    link.set("trail_elided", i > 1);
    links.push_back(std::move(link));
  }
  put_list(item, "trail", std::move(links));
  item.set("has_trail", true);
  return item;
}

TemplateData record_link_view(const RecordLink& link) {
  TemplateData item;
  item.set("id", link.id);
  item.set("url", document_path(link.id));
  item.set("title", link.title.empty() ? link.id : link.title);
  put_listed_date(item, link.date);
  return item;
}

namespace {

// Appends `text` as a JSON string (what nlohmann's dump() writes), safe in a
// <script> as json_for_script() makes it.
void append_script_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  append_json_string(out, text);
  make_script_safe(out, start);
}

}  // namespace

std::string document_json_ld(const Record& record, std::string_view canonical_url) {
  // Written directly, keys in the byte order nlohmann's objects sort them in:
  // building an nlohmann object and dumping it took 8% of a cold document
  // page's instructions. The unit test keeps the nlohmann version as the
  // specification.
  std::string out;
  out.reserve(400 + record.title.size() + record.summary.size() + 48 * (record.people.size() + record.places.size()));
  auto key = [&out](std::string_view name) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += name;
    out += "\":";
  };
  auto string = [&out](std::string_view text) { append_script_string(out, text); };
  auto strings = [&out](const std::vector<std::string>& list) {
    out += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ',';
      append_script_string(out, list[i]);
    }
    out += ']';
  };
  auto typed = [&out](std::string_view type, std::string_view name) {
    out += "{\"@type\":\"";
    out += type;
    out += "\",\"name\":";
    append_script_string(out, name);
    out += '}';
  };
  out += '{';
  key("@context");
  string("https://schema.org");
  key("@id");
  string(canonical_url);
  key("@type");
  string("ArchiveComponent");
  if (record.date.known()) {
    key("dateCreated");
    string(record.date.from.iso());
  }
  if (!record.summary.empty()) {
    key("description");
    string(record.summary);
  }
  const std::string& archive = record.archive.empty() ? record.citation.archive : record.archive;
  if (!archive.empty()) {
    key("holdingArchive");
    typed("ArchiveOrganization", archive);
  }
  key("identifier");
  string(record.id);
  if (!record.languages.empty()) {
    key("inLanguage");
    strings(record.languages);
  }
  if (!record.subjects.empty()) {
    key("keywords");
    strings(record.subjects);
  }
  if (!record.people.empty() || !record.places.empty()) {
    key("mentions");
    out += '[';
    for (const NameRef& person : record.people) {
      if (out.back() != '[') out += ',';
      typed("Person", person.name);
    }
    for (const NameRef& place : record.places) {
      if (out.back() != '[') out += ',';
      typed("Place", place.name);
    }
    out += ']';
  }
  key("name");
  string(record.title);
  if (!record.citation.publisher.empty()) {
    key("publisher");
    typed("Organization", record.citation.publisher);
  }
  if (!record.citation.url.empty()) {
    key("sameAs");
    string(record.citation.url);
  }
  key("url");
  string(canonical_url);
  out += '}';
  return out;
}

namespace {

// A document's place in its collection: breadcrumbs, previous and next.
void put_collection_place(TemplateData& d, const DocumentSurroundings& around) {
  if (!around.breadcrumbs.empty()) {
    TemplateList crumbs;
    for (const auto& [id, title] : around.breadcrumbs) {
      TemplateData crumb;
      put(crumb, "url", collection_path(id));
      put(crumb, "title", title.empty() ? id : title);
      crumbs.push_back(std::move(crumb));
    }
    put_list(d, "breadcrumbs", std::move(crumbs));
  }
  if (around.previous) put(d, "previous", record_link_view(*around.previous));
  if (around.next) put(d, "next", record_link_view(*around.next));
}

// The person a sender or recipient field names, as the record's own links
// tell: the person its persons-list entry (Record::sender_id) is linked to
// for certain, where the record ties the field to one; else the one person
// linked for certain whose family name is the field's name ("Kennedy" in a
// document that links Kennedy, John F.; "Ambassador to the Soviet Union
// (Thompson)" its words in brackets). nullptr when none or several fit.
const std::pair<const std::string, DocumentSurroundings::AuthorityLabel>* field_person(
    std::string_view field, const std::string& entry_id, const std::vector<NameRef>& people,
    const DocumentSurroundings& around) {
  if (!entry_id.empty()) {
    for (const RecordMention& m : around.mentions) {
      if (m.field != "people" || !m.certain || m.ids.size() != 1 || m.block >= people.size() ||
          people[m.block].id != entry_id) {
        continue;
      }
      auto label = around.authorities.find(m.ids.front());
      if (label != around.authorities.end() && label->second.kind == "person") return &*label;
    }
  }
  std::string_view name = field;
  if (const std::size_t open = field.rfind('('); open != std::string_view::npos) {
    const std::size_t close = field.find(')', open);
    name = field.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == '.' || name.back() == ',')) name.remove_suffix(1);
  const std::size_t space = name.rfind(' ');
  const std::string last = names::fold_letters(space == std::string_view::npos ? name : name.substr(space + 1));
  const std::string whole = names::fold_letters(name);
  if (last.empty()) return nullptr;
  const std::pair<const std::string, DocumentSurroundings::AuthorityLabel>* found = nullptr;
  // A person is named many times in a record: each is folded once.
  std::vector<const std::pair<const std::string, DocumentSurroundings::AuthorityLabel>*> seen;
  for (const RecordMention& m : around.mentions) {
    if (!m.certain || m.ids.size() != 1) continue;
    auto label = around.authorities.find(m.ids.front());
    if (label == around.authorities.end() || label->second.kind != "person") continue;
    if (std::find(seen.begin(), seen.end(), &*label) != seen.end()) continue;
    seen.push_back(&*label);
    const std::string& preferred = label->second.name;
    const std::string family = names::fold_letters(std::string_view(preferred).substr(0, preferred.find(',')));
    if (family != last && family != whole) continue;
    if (found != nullptr && found->first != label->first) return nullptr;   // two people of that name
    found = &*label;
  }
  return found;
}

}  // namespace

TemplateData document_view(Record record, const DocumentSurroundings& around) {
  infer_note_refs(record);
  TemplateData d;
  put(d, "id", record.id);
  put(d, "title", record.title.empty() ? record.id : record.title);
  TemplateData title_text;
  put(title_text, "segments_html", text_html(record.title.empty() ? record.id : record.title, around, "title", 0));
  put(d, "title_text", std::move(title_text));
  put(d, "page_title", record.title.empty() ? record.id : record.title);
  put(d, "canonical_url", around.canonical_url);
  put(d, "path", document_path(record.id));
  std::string date = display_date(record.date);
  if (!date.empty()) {
    put(d, "date", date);
    put(d, "date_iso", record.date.from.iso());
  }
  if (!record.date.as_written.empty() && record.date.as_written != date) put(d, "date_as_written", record.date.as_written);
  if (!record.date.time.empty()) {
    put(d, "time", display_time(record.date.time));
    // A day and a clock time make one machine-readable moment.
    const std::string day = record.date.from.iso();
    if (!date.empty() && day.size() == 10 && is_clock_time(record.date.time)) {
      put(d, "date_iso", day + "T" + record.date.time);
    }
  }
  auto set_if = [&d](const char* key, const std::string& value) {
    if (!value.empty()) put(d, key, value);
  };
  set_if("place", record.place);
  set_if("summary", record.summary);
  set_if("credits", record.credits);
  set_if("contents", record.contents);
  set_if("author", record.author);
  set_if("sender", record.sender);
  set_if("recipient", record.recipient);
  // Who wrote to whom: every document from the sender, every one to the
  // recipient, and their correspondence both ways.
  // The person each is, where the record's links tell; the searches then
  // name him, not every namesake the field's words fit ("Dulles, John
  // Foster", not also his brother Allen).
  std::string sender = record.sender, recipient = record.recipient;
  for (const auto& [key, field, entry_id, searched] :
       {std::tuple{"sender_person", &record.sender, &record.sender_id, &sender},
        std::tuple{"recipient_person", &record.recipient, &record.recipient_id, &recipient}}) {
    if (field->empty()) continue;
    if (const auto* person = field_person(*field, *entry_id, record.people, around)) {
      TemplateData item;
      put(item, "name", person->second.name);
      put(item, "url", "/people/" + person->first);
      put(d, key, std::move(item));
      *searched = person->second.name;
    }
  }
  if (!sender.empty()) put(d, "sender_url", field_search_url("sender", sender));
  if (!recipient.empty()) put(d, "recipient_url", field_search_url("recipient", recipient));
  if (!sender.empty() && !recipient.empty()) {
    const std::string both = "(" + field_query("sender", sender) + " " + field_query("recipient", recipient) +
                             ") OR (" + field_query("sender", recipient) + " " + field_query("recipient", sender) +
                             ")";
    put(d, "correspondence_url", "/search?q=" + percent_encode(both) + "&sort=date");
  }
  // FRUS source notes are shown with the notes; don't repeat them.
  bool source_in_notes = std::any_of(record.notes.begin(), record.notes.end(),
                                     [&](const Note& n) { return n.type == "source" && n.text == record.source; });
  if (!source_in_notes) set_if("source", record.source);
  set_if("archive", record.archive.empty() ? record.citation.archive : record.archive);
  set_if("reference", record.citation.reference);
  set_if("rights", record.rights);
  set_if("record_type", record.record_type);
  set_if("classification", record.classification);
  set_if("citation_as_written", record.citation.as_written);
  set_if("source_url", record.citation.url);
  if (!record.languages.empty()) put(d, "languages", text_list(record.languages));
  if (!record.subjects.empty()) put(d, "subjects", text_list(record.subjects));
  if (!record.people.empty()) put(d, "people", name_list(record.people, person_path, "person", around));
  if (!record.organisations.empty()) {
    put(d, "organisations", name_list(record.organisations, person_path, "person", around));
  }
  if (!record.places.empty()) put(d, "places", name_list(record.places, place_path, "place", around));
  if (!record.citation.reference_parts.empty()) {
    TemplateList parts;
    for (const auto& [name, value] : record.citation.reference_parts) {
      TemplateData part;
      put(part, "name", name);
      put(part, "value", value);
      parts.push_back(std::move(part));
    }
    put_list(d, "reference_parts", std::move(parts));
  }
  if (!record.summary.empty()) {
    TemplateData summary_text;
    put(summary_text, "segments_html", text_html(record.summary, around, "summary", 0));
    put(d, "summary_text", std::move(summary_text));
  }
  if (!record.body.empty()) put(d, "body", body_view(record, around));
  if (!record.notes.empty()) put(d, "notes", notes_view(record, around));
  if (!around.query.empty()) {
    // The search the page was opened from: its words are marked above, and
    // counted now that they are.
    TemplateData marks;
    put(marks, "query", around.query);
    const auto count = static_cast<std::int64_t>(around.marks_shown);
    marks.set("count", count > 0);
    put(marks, "count_text", grouped(count) + (count == 1 ? " place" : " places"));
    put(marks, "search_url", "/search?q=" + percent_encode(around.query));
    std::string plain = document_path(record.id);
    if (around.revision > 0 && around.revision < around.latest_revision) {
      plain += "?revision=" + std::to_string(around.revision);
    }
    put(marks, "clear_url", plain);
    if (!around.query_other_spellings.empty()) {
      put(marks, "other_spellings", also_searched_list(around.query_other_spellings, true));
    }
    if (!around.query_glossary_entries.empty()) {
      put(marks, "glossary_entries", also_searched_list(around.query_glossary_entries, false));
    }
    put(d, "query_marks", std::move(marks));
  }
  for (bool persons : {true, false}) {
    TemplateData names = mentioned_view(around, persons);
    const char* key = persons ? "mentioned" : "mentioned_named";
    if (names.list_value().empty()) {
      d.set(key, false);
      continue;
    }
    TemplateData list;
    put(list, "names", std::move(names));
    put(d, key, std::move(list));
  }
  if (!record.links.empty()) {
    TemplateList links;
    for (const Link& link : record.links) {
      TemplateData item;
      std::size_t hash = link.target.find('#');
      std::string url = document_path(link.target.substr(0, hash));
      if (hash != std::string::npos) url += "#" + percent_encode(link.target.substr(hash + 1));
      put(item, "url", url);
      put(item, "target", link.target);
      put(item, "text", link.text.empty() ? link.target : link.text);
      put(item, "from", link.from);
      links.push_back(std::move(item));
    }
    put_list(d, "links", std::move(links));
  }
  // Sections the typed fields do not show (unknown labels are data too).
  static const std::vector<std::string> kShown = {
      "Citation", "Summary", "Credits", "Original Language", "Contents", "Author", "Associated Places",
      "Associated People & Organizations", "Subjects Discussed", "Original Archive", "Rights", "Source"};
  TemplateList other_sections;
  for (const Section& section : record.sections) {
    if (std::find(kShown.begin(), kShown.end(), section.label) != kShown.end()) continue;
    TemplateData item;
    put(item, "label", section.label);
    put(item, "value", section.value);
    other_sections.push_back(std::move(item));
  }
  if (!other_sections.empty()) put_list(d, "other_sections", std::move(other_sections));

  put_collection_place(d, around);
  if (!around.related.empty()) {
    TemplateList related;
    related.reserve(around.related.size());
    for (const Hit& hit : around.related) related.push_back(hit_view(hit));
    put_list(d, "related", std::move(related));
  }
  d.set("has_people", !record.people.empty() || !record.organisations.empty());
  d.set("has_places", !record.places.empty());
  d.set("has_subjects", !record.subjects.empty());
  d.set("has_links", !record.links.empty());
  d.set("has_related", !around.related.empty());
  d.set("has_notes", !record.notes.empty());
  d.set("has_body", !record.body.empty());
  d.set("has_breadcrumbs", !around.breadcrumbs.empty());
  const bool earlier = around.revision > 0 && around.revision < around.latest_revision;
  const std::string& cite_url = around.cite_url.empty() ? around.canonical_url : around.cite_url;
  const std::string download_query = earlier ? "?revision=" + std::to_string(around.revision) : std::string();
  put(d, "citations", citations_view(record, cite_url, download_query, around.edition));
  put(d, "meta_tags", meta_tags(record, cite_url, earlier));
  put(d, "json_ld", document_json_ld(record, around.canonical_url));
  std::string base = document_path(record.id);
  put(d, "download_ris", base + ".ris" + download_query);
  put(d, "download_bib", base + ".bib" + download_query);
  put(d, "download_json", base + ".json" + download_query);
  put(d, "download_txt", base + ".txt" + download_query);
  put_revision_notice(d, record.id, around);
  if (!around.annotations.empty()) {
    TemplateList annotations;
    for (const Annotation& a : around.annotations) {
      if (a.type == AnnotationType::kRestriction) continue;
      TemplateData item;
      const std::size_t hash = a.id.rfind('#');
      put(item, "anchor", "annotation-" + (hash == std::string::npos ? a.id : a.id.substr(hash + 1)));
      put(item, "type", std::string(annotation_type_name(a.type)));
      item.set("is_correction", a.type == AnnotationType::kCorrection);
      if (!a.field.empty()) put(item, "field", a.field);
      if (!a.quote.empty()) put(item, "quote", a.quote);
      put(item, "text", a.text);
      if (!a.comment.empty()) put(item, "comment", a.comment);
      put(item, "author", a.author.rfind("editor:", 0) == 0 ? a.author.substr(7) : a.author);
      put(item, "created", a.created.substr(0, 10));
      annotations.push_back(std::move(item));
    }
    d.set("has_annotations", !annotations.empty());
    if (!annotations.empty()) put_list(d, "annotations", std::move(annotations));
  }
  if (around.scans && !around.scans->pages.empty()) {
    constexpr int kThumbnail = 240;
    const images::ImageLimits thumbnail{kThumbnail, kThumbnail, std::int64_t{kThumbnail} * kThumbnail};
    TemplateList pages;
    for (std::size_t i = 0; i < around.scans->pages.size(); ++i) {
      const ScanPage& page = around.scans->pages[i];
      const std::string service = iiif_image_path(record.id, i + 1);
      int w = 0, h = 0;
      images::fit_within_limits(page.width, page.height, thumbnail, w, h);
      TemplateData item;
      put(item, "label", page.label.empty() ? std::to_string(i + 1) : page.label);
      put(item, "number", std::to_string(i + 1));
      put(item, "thumb", fmt::format("{}/full/{},{}/0/default.jpg", service, w, h));
      put(item, "thumb_w", std::to_string(w));
      put(item, "thumb_h", std::to_string(h));
      put(item, "full", service + "/full/max/0/default.jpg");
      pages.push_back(std::move(item));
    }
    d.set("has_scans", true);
    put(d, "scan_count", std::to_string(pages.size()));
    put_list(d, "scans", std::move(pages));
    put(d, "iiif_manifest", iiif_manifest_path(record.id));
  }
  return d;
}

std::string display_day(std::string_view iso_day) {
  if (iso_day.size() != 10) return std::string(iso_day);
  auto parsed = parse_date(iso_day);
  if (!parsed) return std::string(iso_day);
  std::string shown = display_date(*parsed);
  return shown.empty() ? std::string(iso_day) : shown;
}

namespace {

// What a closed or withdrawn record's page still shows of it: its date and
// where it is held (archive and reference), as published.
void put_description(TemplateData& d, const Record& record) {
  const std::string date = display_date(record.date);
  if (!date.empty()) {
    put(d, "date", date);
    put(d, "date_iso", record.date.from.iso());
  }
  if (!record.citation.archive.empty() || !record.archive.empty()) {
    put(d, "archive", record.citation.archive.empty() ? record.archive : record.citation.archive);
  }
  if (!record.citation.reference.empty()) put(d, "reference", record.citation.reference);
}

}  // namespace

TemplateData restricted_view(const Record& record, const Annotation& restriction, const DocumentSurroundings& around) {
  TemplateData d;
  put(d, "id", record.id);
  put(d, "title", record.title.empty() ? record.id : record.title);
  put(d, "page_title", record.title.empty() ? record.id : record.title);
  put_description(d, record);
  put(d, "reason", restriction.text);
  if (!restriction.until.empty()) {
    put(d, "until", restriction.until);
    put(d, "until_shown", display_day(restriction.until));
  }
  if (restriction.target != record.id) put(d, "collection_wide", restriction.target);
  put_collection_place(d, around);
  return d;
}

TemplateData withdrawn_view(const Record& last, const Annotation& withdrawal) {
  TemplateData d;
  const std::string title = last.title.empty() ? withdrawal.target : last.title;
  put(d, "id", withdrawal.target);
  if (withdrawal.hide_description) {
    put(d, "title", "A withdrawn document");
    put(d, "page_title", "Withdrawn document");
  } else {
    put(d, "title", title);
    put(d, "page_title", "Withdrawn: " + title);
    put_description(d, last);
  }
  put(d, "reason", withdrawal.text);
  put(d, "withdrawn_on", withdrawal.created.substr(0, 10));
  put(d, "withdrawn_on_shown", display_day(withdrawal.created.substr(0, 10)));
  return d;
}

nlohmann::json annotation_api_json(const Annotation& a) {
  nlohmann::json j = {{"id", a.id},
                      {"type", std::string(annotation_type_name(a.type))},
                      {"text", a.text},
                      {"author", a.author},
                      {"created", a.created}};
  if (!a.field.empty()) j["field"] = a.field;
  if (!a.quote.empty()) j["quote"] = a.quote;
  if (!a.comment.empty()) j["comment"] = a.comment;
  if (!a.until.empty()) j["until"] = a.until;
  if (a.target_kind == AnnotationTarget::kCollection) j["collection"] = a.target;
  if (a.hide_description) j["hide_description"] = true;
  return j;
}

}  // namespace chancery::web
