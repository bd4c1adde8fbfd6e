#include "web/revision_views.h"

#include <map>

#include <nlohmann/json.hpp>

#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The largest cut <= `at` that is a character boundary, preferring one just
// after a space within `window` bytes.
std::size_t cut_before(std::string_view text, std::size_t at, std::size_t window) {
  if (at >= text.size()) return text.size();
  for (std::size_t i = at; i > 0 && at - i < window; --i) {
    if (text[i - 1] == ' ') return i;
  }
  while (at > 0 && is_continuation(text[at])) --at;
  return at;
}

// The smallest cut >= `at` that is a character boundary, preferring one just
// before a space within `window` bytes.
std::size_t cut_after(std::string_view text, std::size_t at, std::size_t window) {
  for (std::size_t i = at; i < text.size() && i - at < window; ++i) {
    if (text[i] == ' ') return i;
  }
  while (at < text.size() && is_continuation(text[at])) ++at;
  return at;
}

std::string revision_created(const Revision& r) { return display_timestamp(r.created_at); }

const char* kind_sentence(FieldChange::Kind kind) {
  switch (kind) {
    case FieldChange::Kind::kAdded: return "added";
    case FieldChange::Kind::kRemoved: return "removed";
    case FieldChange::Kind::kChanged: return "changed";
  }
  return "changed";
}

TemplateData version_view(const Archive::RecordVersion& v) {
  TemplateData d;
  put(d, "number", std::to_string(v.number));
  put(d, "url", v.number == v.latest ? document_path(v.record.id) : revision_path(v.record.id, v.number));
  put(d, "created", display_timestamp(v.created_at));
  put(d, "created_iso", v.created_at);
  put(d, "source", revision_source_label(v.source));
  d.set("is_latest", v.number == v.latest);
  return d;
}

nlohmann::json version_json(const Archive::RecordVersion& v) {
  return {{"number", v.number},
          {"created", v.created_at},
          {"source", revision_source_label(v.source)},
          {"url", v.number == v.latest ? document_path(v.record.id) : revision_path(v.record.id, v.number)},
          {"api_url", api_document_path(v.record.id, v.number)}};
}

}  // namespace

std::string history_path(std::string_view id) { return "/history/" + percent_encode(id, true); }
std::string changes_path(std::string_view id, int from, int to) {
  return "/changes/" + percent_encode(id, true) + "?from=" + std::to_string(from) + "&to=" + std::to_string(to);
}
std::string revision_path(std::string_view id, int number) {
  return document_path(id) + "?revision=" + std::to_string(number);
}
std::string api_history_path(std::string_view id) { return "/api/v1/history/" + percent_encode(id, true); }
std::string api_document_path(std::string_view id, int revision) {
  std::string path = "/api/v1/documents/" + percent_encode(id, true);
  if (revision > 0) path += "?revision=" + std::to_string(revision);
  return path;
}
std::string api_changes_path(std::string_view id, int from, int to) {
  return "/api/v1/changes/" + percent_encode(id, true) + "?from=" + std::to_string(from) + "&to=" + std::to_string(to);
}

std::string revision_source_label(std::string_view source) {
  if (source.starts_with("editor:")) return "editor " + std::string(source.substr(7));
  const std::size_t slash = source.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? source : source.substr(slash + 1);
  return name.empty() ? std::string("an import") : std::string(name);
}

std::string display_timestamp(std::string_view iso) {
  // YYYY-MM-DDTHH:MM...
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') return std::string(iso);
  const std::string day = display_iso_date(iso.substr(0, 10));
  return day + ", " + std::string(iso.substr(11, 5)) + " UTC";
}

std::string field_display_name(std::string_view field) {
  static const std::map<std::string_view, std::string_view> kNames = {
      {"title", "title"},        {"date", "date"},
      {"place", "place"},        {"citation", "citation"},
      {"summary", "summary"},    {"credits", "credits"},
      {"languages", "language"}, {"contents", "contents"},
      {"author", "author"},      {"sender", "sender"},
      {"recipient", "recipient"}, {"type", "type"},
      {"classification", "classification"}, {"people", "people"},
      {"organisations", "organisations"}, {"places", "places"},
      {"subjects", "subjects"},  {"archive", "archive"},
      {"source", "source note"}, {"rights", "rights"},
      {"section", "other sections"}, {"body", "text"},
      {"notes", "notes"},        {"links", "cross-references"},
      {"collections", "collections"},
  };
  auto it = kNames.find(field);
  return it == kNames.end() ? std::string(field) : std::string(it->second);
}

std::string changed_fields_phrase(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += i + 1 == fields.size() ? " and " : ", ";
    out += field_display_name(fields[i]);
  }
  return out;
}

std::string elided(std::string_view text, bool keep_start, bool keep_end, std::size_t keep) {
  const std::size_t kept = (keep_start ? keep : 0) + (keep_end ? keep : 0);
  if (text.size() <= kept + keep / 2) return std::string(text);
  std::string out;
  if (keep_start) {
    out += text.substr(0, cut_after(text, keep, keep / 4));
    out += " \u2026 ";
  } else {
    out += "\u2026 ";
  }
  if (keep_end) {
    out += text.substr(cut_before(text, text.size() - keep, keep / 4));
  } else {
    while (!out.empty() && out.back() == ' ') out.pop_back();
  }
  return out;
}

void put_revision_notice(TemplateData& d, std::string_view id, const DocumentSurroundings& around) {
  if (around.revision <= 0) return;
  TemplateData r;
  put(r, "number", std::to_string(around.revision));
  put(r, "latest", std::to_string(around.latest_revision));
  put(r, "created", display_timestamp(around.revision_created));
  put(r, "created_iso", around.revision_created);
  put(r, "history_url", history_path(id));
  put(r, "permanent_url", revision_path(id, around.revision));
  const bool earlier = around.revision < around.latest_revision;
  r.set("earlier", earlier);
  r.set("several", around.latest_revision > 1);
  if (earlier) {
    put(r, "current_url", document_path(id));
    put(r, "changes_since_url", changes_path(id, around.revision, around.latest_revision));
  } else if (around.revision > 1) {
    put(r, "last_changes_url", changes_path(id, around.revision - 1, around.revision));
  }
  put(d, "revision", std::move(r));
  d.set("earlier_revision", earlier);
}

TemplateData history_view(const Record& latest, const HistoryPage& history) {
  TemplateData d;
  const std::string title = latest.title.empty() ? latest.id : latest.title;
  put(d, "id", latest.id);
  put(d, "title", title);
  put(d, "page_title", "History of " + title);
  put(d, "document_url", document_path(latest.id));
  put(d, "revisions", std::to_string(history.latest));
  d.set("several", history.latest > 1);
  put(d, "api_url", api_history_path(latest.id));
  TemplateList lines;
  for (const HistoryLine& line : history.lines) {
    const Revision& r = line.revision;
    TemplateData item;
    put(item, "number", std::to_string(r.number));
    put(item, "created", revision_created(r));
    put(item, "created_iso", r.created_at);
    put(item, "source", revision_source_label(r.source));
    item.set("deleted", r.deleted);
    item.set("is_latest", r.number == history.latest);
    if (!r.deleted) put(item, "url", r.number == history.latest ? document_path(latest.id) : revision_path(latest.id, r.number));
    if (r.number == 1) {
      put(item, "what", "First imported");
    } else if (r.deleted) {
      put(item, "what", line.withdrawal_reason.empty() ? std::string("Withdrawn from the archive")
                                                       : "Withdrawn from the archive: " + line.withdrawal_reason);
    } else if (line.reinstated) {
      put(item, "what", !line.compared || line.changed.empty()
                            ? std::string("Brought back into the archive")
                            : "Brought back into the archive; changed the " + changed_fields_phrase(line.changed));
    } else if (line.compared) {
      put(item, "what", line.changed.empty() ? std::string("No change to the text shown")
                                             : "Changed the " + changed_fields_phrase(line.changed));
    }
    if (line.compared) put(item, "changes_url", changes_path(latest.id, line.compared_with, r.number));
    if (r.number < history.latest && !r.deleted) put(item, "compare_url", changes_path(latest.id, r.number, history.latest));
    lines.push_back(std::move(item));
  }
  put_list(d, "lines", std::move(lines));
  if (history.pages > 1) {
    put(d, "page", std::to_string(history.page));
    put(d, "pages", std::to_string(history.pages));
    const std::string base = history_path(latest.id) + "?page=";
    if (history.page > 1) put(d, "newer_url", base + std::to_string(history.page - 1));
    if (history.page < history.pages) put(d, "older_url", base + std::to_string(history.page + 1));
  }
  return d;
}

nlohmann::json history_json(const Record& latest, const HistoryPage& history) {
  nlohmann::json revisions = nlohmann::json::array();
  for (const HistoryLine& line : history.lines) {
    const Revision& r = line.revision;
    nlohmann::json item = {{"number", r.number},
                           {"created", r.created_at},
                           {"source", revision_source_label(r.source)},
                           {"deleted", r.deleted}};
    if (line.compared) item["changed"] = line.changed;
    if (!r.deleted) {
      item["url"] = r.number == history.latest ? document_path(latest.id) : revision_path(latest.id, r.number);
      item["api_url"] = api_document_path(latest.id, r.number);
    }
    if (line.reinstated) item["reinstated"] = true;
    if (!line.withdrawal_reason.empty()) item["withdrawal_reason"] = line.withdrawal_reason;
    if (line.compared) item["changes"] = api_changes_path(latest.id, line.compared_with, r.number);
    revisions.push_back(std::move(item));
  }
  nlohmann::json body = {{"id", latest.id},
                         {"title", latest.title},
                         {"latest", history.latest},
                         {"page", history.page},
                         {"pages", history.pages},
                         {"revisions", std::move(revisions)}};
  body["next"] = history.page < history.pages
                     ? nlohmann::json(api_history_path(latest.id) + "?page=" + std::to_string(history.page + 1))
                     : nlohmann::json(nullptr);
  return body;
}

TemplateData changes_view(const Archive::RecordVersion& from, const Archive::RecordVersion& to,
                          const std::vector<FieldChange>& changes) {
  TemplateData d;
  const Record& shown = to.record;
  const std::string title = shown.title.empty() ? shown.id : shown.title;
  put(d, "id", shown.id);
  put(d, "title", title);
  put(d, "page_title", "Changes to " + title + ", revisions " + std::to_string(from.number) + " to " +
                           std::to_string(to.number));
  put(d, "document_url", document_path(shown.id));
  put(d, "history_url", history_path(shown.id));
  put(d, "api_url", api_changes_path(shown.id, from.number, to.number));
  put(d, "from", version_view(from));
  put(d, "to", version_view(to));
  if (from.number > 1 && to.number == from.number + 1) {
    put(d, "earlier_url", changes_path(shown.id, from.number - 1, from.number));
  }
  if (to.number < to.latest && to.number == from.number + 1) {
    put(d, "later_url", changes_path(shown.id, to.number, to.number + 1));
  }
  put(d, "count", std::to_string(changes.size()));
  d.set("no_changes", changes.empty());
  TemplateList items;
  items.reserve(changes.size());
  for (const FieldChange& c : changes) {
    TemplateData item;
    put(item, "label", c.label);
    put(item, "kind", kind_sentence(c.kind));
    TemplateList spans;
    for (std::size_t i = 0; i < c.spans.size(); ++i) {
      const DiffSpan& s = c.spans[i];
      TemplateData span;
      span.set("is_equal", s.op == DiffOp::kEqual);
      span.set("is_delete", s.op == DiffOp::kDelete);
      span.set("is_insert", s.op == DiffOp::kInsert);
      put(span, "text", s.op == DiffOp::kEqual ? elided(s.text, i > 0, i + 1 < c.spans.size()) : s.text);
      spans.push_back(std::move(span));
    }
    put_list(item, "spans", std::move(spans));
    items.push_back(std::move(item));
  }
  put_list(d, "changes", std::move(items));
  return d;
}

nlohmann::json changes_json(const Archive::RecordVersion& from, const Archive::RecordVersion& to,
                            const std::vector<FieldChange>& changes) {
  return {{"id", to.record.id},
          {"latest", to.latest},
          {"from", version_json(from)},
          {"to", version_json(to)},
          {"changes", field_changes_json(changes)}};
}

}  // namespace chancery::web
