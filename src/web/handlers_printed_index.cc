// A volume's printed index (/printed-index/{id}, /api/v1/printed-indexes/{id}):
// its entries as printed, A to Z, each page or document number a link to the
// documents printed there, each "see" a link to the entry it names; `q`
// keeps the entries whose line or sub-entries hold those letters.
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "archive/archive.h"
#include "names/name_key.h"
#include "web/handlers.h"
#include "web/printed_index_headings.h"
#include "web/responses.h"
#include "web/templates.h"
#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr std::size_t kMaxFilterBytes = 200;
constexpr std::size_t kMaxNumbersShown = 8;   // document numbers after a page locator

// "frus1949v07p1/d245" -> "245"; other ids keep their last part.
std::string document_number(std::string_view id) {
  std::string_view last = id.substr(id.rfind('/') == std::string_view::npos ? 0 : id.rfind('/') + 1);
  if (last.size() > 1 && last[0] == 'd' &&
      std::all_of(last.begin() + 1, last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    last.remove_prefix(1);
  }
  return std::string(last);
}

// Anchors of every entry by folded heading, for "see" references.
class Anchors {
 public:
  void add(const std::vector<IndexEntry>& entries, const std::string& prefix) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      std::string anchor = prefix + "-" + std::to_string(i + 1);
      by_heading_.emplace_back(names::fold_ascii(entries[i].heading), anchor);
      add(entries[i].entries, anchor);
    }
  }
  void sort() { std::stable_sort(by_heading_.begin(), by_heading_.end(), [](const auto& a, const auto& b) { return a.first < b.first; }); }
  // The entry a reference names: its heading, else the first that begins with it.
  std::string find(std::string_view label) const {
    const std::string folded = names::fold_ascii(label);
    if (folded.empty()) return {};
    auto it = std::lower_bound(by_heading_.begin(), by_heading_.end(), folded,
                               [](const auto& entry, const std::string& key) { return entry.first < key; });
    if (it != by_heading_.end() && it->first.starts_with(folded)) return it->second;
    return {};
  }

 private:
  std::vector<std::pair<std::string, std::string>> by_heading_;
};

struct IndexPage {
  const Anchors& anchors;
  bool by_document_number;
  std::string html;
  // Where a reference to the entry with id `anchor` leads.
  std::function<std::string(const std::string& anchor)> href;

  void text(std::string_view s) { append_template_escaped(html, s); }

  void locator(const IndexEntry& e, const IndexLocator& l) {
    const std::string_view label = std::string_view(e.text).substr(l.start, l.end - l.start);
    if (l.records.empty()) {
      text(label);
      return;
    }
    html += "<a class=\"index-locator\" href=\"";
    text(document_path(l.records.front()));
    html += "\">";
    text(label);
    html += "</a>";
    if (by_document_number) return;
    // A page leads to the documents printed on it: their numbers.
    html += "<span class=\"index-documents\"> (";
    html += l.records.size() == 1 ? "No. " : "Nos. ";
    for (std::size_t i = 0; i < l.records.size() && i < kMaxNumbersShown; ++i) {
      if (i > 0) html += ", ";
      html += "<a href=\"";
      text(document_path(l.records[i]));
      html += "\">";
      text(document_number(l.records[i]));
      html += "</a>";
    }
    if (l.records.size() > kMaxNumbersShown) html += ", …";
    html += ")</span>";
  }

  void reference(const IndexEntry& e, const IndexReference& r) {
    const std::string_view label = std::string_view(e.text).substr(r.start, r.end - r.start);
    const std::string anchor = anchors.find(label);
    if (anchor.empty()) {
      text(label);
      return;
    }
    html += "<a class=\"index-reference\" href=\"";
    text(href(anchor));
    html += "\">";
    text(label);
    html += "</a>";
  }

  // The entry's line: its text with its locators and references as links.
  void line(const IndexEntry& e) {
    std::size_t at = 0;
    std::size_t l = 0, r = 0;
    while (l < e.locators.size() || r < e.references.size()) {
      const bool take_locator =
          r >= e.references.size() || (l < e.locators.size() && e.locators[l].start < e.references[r].start);
      const std::size_t start = take_locator ? e.locators[l].start : e.references[r].start;
      const std::size_t end = take_locator ? e.locators[l].end : e.references[r].end;
      if (start >= at && end <= e.text.size() && start <= end) {
        text(std::string_view(e.text).substr(at, start - at));
        if (take_locator) locator(e, e.locators[l]);
        else reference(e, e.references[r]);
        at = end;
      }
      if (take_locator) ++l;
      else ++r;
    }
    if (at < e.text.size()) text(std::string_view(e.text).substr(at));
  }

  // One entry as a list item with id `anchor`, its sub-entries in a list of their own.
  void entry(const IndexEntry& e, const std::string& anchor) {
    html += "<li id=\"";
    text(anchor);
    html += "\"><span class=\"index-line\">";
    line(e);
    html += "</span>";
    if (!e.person.empty()) {
      html += " <a class=\"index-person\" href=\"";
      text(person_path(e.person));
      html += "\" title=\"The volume's list of persons\">persons list</a>";
    }
    if (!e.entries.empty()) {
      html += "<ul class=\"index-entries\">";
      for (std::size_t i = 0; i < e.entries.size(); ++i) entry(e.entries[i], anchor + "-" + std::to_string(i + 1));
      html += "</ul>";
    }
    html += "</li>";
  }
};

// Whether the entry's line or one of its sub-entries' holds `folded`.
bool holds(const IndexEntry& e, const std::string& folded) {
  if (names::fold_ascii(e.text).find(folded) != std::string::npos) return true;
  return std::any_of(e.entries.begin(), e.entries.end(), [&](const IndexEntry& sub) { return holds(sub, folded); });
}

nlohmann::json entries_json(const std::vector<IndexEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const IndexEntry& e : entries) {
    nlohmann::json locators = nlohmann::json::array();
    for (const IndexLocator& l : e.locators) {
      if (l.end > e.text.size() || l.start > l.end) continue;
      locators.push_back({{"printed", e.text.substr(l.start, l.end - l.start)},
                          {"start", l.start},
                          {"end", l.end},
                          {"records", l.records}});
    }
    nlohmann::json references = nlohmann::json::array();
    for (const IndexReference& r : e.references) {
      if (r.end > e.text.size() || r.start > r.end) continue;
      references.push_back({{"printed", e.text.substr(r.start, r.end - r.start)}, {"also", r.also}});
    }
    nlohmann::json entry{{"heading", e.heading}, {"text", e.text}, {"locators", std::move(locators)}};
    if (!references.empty()) entry["references"] = std::move(references);
    if (!e.person.empty()) entry["person"] = e.person;
    if (!e.entries.empty()) entry["entries"] = entries_json(e.entries);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

std::string printed_index_url(std::string_view collection_id) { return printed_index_path(collection_id); }

HttpResponse handle_printed_index(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto collection = archive.collection(context.capture);
  if (!collection) return error_page_from(context.site, collection.error());
  auto about = archive.collection_about(collection->id);
  if (!about) return error_page_from(context.site, about.error());
  const std::string title = collection->title.empty() ? collection->id : collection->title;
  if (about->index.empty()) {
    return error_page(context.site, 404, "The archive has no printed index of \u201c" + title + "\u201d.");
  }
  std::string filter = request.param("q");
  if (filter.size() > kMaxFilterBytes) {
    return error_page(context.site, 400, fmt::format("The words to look for are longer than {} bytes.", kMaxFilterBytes));
  }
  const std::string folded = names::fold_ascii(filter);

  Anchors anchors;
  anchors.add(about->index, "i");
  anchors.sort();
  const std::vector<char> letters = index_letters(about->index);

  // A long index is shown a letter a page (the first unless ?letter= says),
  // unless the filter picks entries from all of it.
  const bool paged = letters.size() > kIndexEntriesOnOnePage && folded.empty();
  char chosen = letters.front();
  if (request.has_param("letter") && !request.param("letter").empty()) {
    const std::string& asked = request.param("letter");
    const auto named = std::find_if(letters.begin(), letters.end(), [&](char l) { return letter_name(l) == asked; });
    if (named == letters.end()) {
      return error_page(context.site, 404, "The index has no entries under \u201c" + asked + "\u201d.");
    }
    chosen = *named;
  }
  std::vector<bool> on_page(letters.size());
  std::size_t shown = 0;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    on_page[i] = (!paged || letters[i] == chosen) && (folded.empty() || holds(about->index[i], folded));
    if (on_page[i]) ++shown;
  }
  const std::string path = printed_index_path(collection->id);
  IndexPage page{anchors, index_numbers_documents(*about), {}, [&](const std::string& anchor) {
                   // On this page: its anchor; else its address (with its letter).
                   const std::size_t top = top_entry_of(anchor);
                   if (top >= 1 && top <= on_page.size() && on_page[top - 1]) return "#" + anchor;
                   return printed_index_entry_url(collection->id, letters, anchor);
                 }};

  // The page's letters, each with its entries, as printed.
  TemplateList nav;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const bool starts = i == 0 || letters[i] != letters[i - 1];
    if (starts) {
      TemplateData item;
      item.set("letter", letter_name(letters[i]));
      item.set("url", paged ? path + "?letter=" + letter_name(letters[i]) : "#letter-" + letter_name(letters[i]));
      item.set("current", paged && letters[i] == chosen);
      nav.push_back(item);
    }
    if (!on_page[i]) continue;
    const bool opens = i == 0 || letters[i] != letters[i - 1] || !on_page[i - 1];
    if (opens) {
      page.html += fmt::format("<section class=\"index-letter\" id=\"letter-{0}\"><h2>{0}</h2><ul class=\"index-entries\">",
                               letter_name(letters[i]));
    }
    page.entry(about->index[i], "i-" + std::to_string(i + 1));
    const bool closes = i + 1 == letters.size() || letters[i + 1] != letters[i] || !on_page[i + 1];
    if (closes) page.html += "</ul></section>";
  }

  TemplateData d;
  d.set("id", collection->id);
  d.set("title", title);
  d.set("page_title", "Index of " + title);
  d.set("collection_url", collection_path(collection->id));
  d.set("url", printed_index_path(collection->id));
  if (!about->index_note.empty()) d.set("note", about->index_note);
  d.set("filter", filter);
  d.set("has_filter", !folded.empty());
  d.set("entry_count", grouped(static_cast<std::int64_t>(about->index.size())));
  d.set("shown_count", grouped(static_cast<std::int64_t>(shown)));
  d.set("has_entries", shown > 0);
  d.set("letters", TemplateData(nav));
  d.set("paged", paged);
  if (paged) d.set("letter", letter_name(chosen));
  d.set("entries_html", std::move(page.html));
  d.set("numbers_are_pages", !page.by_document_number);
  return render_page(context.site, "printed_index", std::move(d));
}

HttpResponse handle_api_printed_index(const HttpRequest&, RequestContext& context) {
  Archive& archive = *context.archive;
  auto collection = archive.collection(context.capture);
  if (!collection) return problem_from(collection.error());
  auto about = archive.collection_about(collection->id);
  if (!about) return problem_from(about.error());
  if (about->index.empty()) return problem_response(404, "The archive has no printed index of " + collection->id + ".");
  nlohmann::json out{{"collection", collection->id},
                     {"title", collection->title},
                     {"references_are", index_numbers_documents(*about) ? "documents" : "pages"},
                     {"entries", entries_json(about->index)}};
  if (!about->index_note.empty()) out["note"] = about->index_note;
  return json_response(out);
}

}  // namespace chancery::web
