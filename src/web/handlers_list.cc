// A reader's list of documents (/list): the documents a request names, in
// its order, with what a reader may know of each (closed, withdrawn, not
// here), and their citations in one file (/export/list.ris, .bib, .json).
// The list itself lives in the reader's browser (web/static/app.js keeps it
// in localStorage); the server only shows and exports what it is sent, by a
// link (GET ?id=A&id=B) or, for a list too long for a link, a form POST.
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "archive/archive.h"
#include "web/handlers.h"
#include "web/request_limits.h"
#include "web/responses.h"
#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

// The most documents a list may name, and the longest id taken.
constexpr std::size_t kMaxListed = 1000;
constexpr std::size_t kMaxIdBytes = 512;

// The ids of `request` (repeated `id` parameters), blanks and repeats left
// out, in order; an error for too many or an id too long.
Result<std::vector<std::string>> listed_ids(const HttpRequest& request) {
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  for (std::string& id : request.params("id")) {
    const std::size_t first = id.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    id = id.substr(first, id.find_last_not_of(" \t\r\n") - first + 1);
    if (id.size() > kMaxIdBytes) {
      return fail(ErrorCode::kInvalidInput, fmt::format("An id is longer than {} bytes.", kMaxIdBytes));
    }
    if (!seen.insert(id).second) continue;
    if (ids.size() == kMaxListed) {
      return fail(ErrorCode::kInvalidInput, fmt::format("A list holds at most {} documents.", kMaxListed));
    }
    ids.push_back(std::move(id));
  }
  return ids;
}

// "/list?id=A&id=B": the address of a list, or "" when it is too long to be one.
std::string list_link(const std::vector<std::string>& ids) {
  std::string link = "/list";
  char separator = '?';
  for (const std::string& id : ids) {
    link += separator;
    link += "id=";
    link += percent_encode(id);
    separator = '&';
  }
  return link.size() <= RequestLimits{}.max_target_bytes ? link : std::string();
}

// One listed document as a reader may see it.
struct Listed {
  std::string id;
  std::optional<Record> record;             // open to readers
  std::optional<Record> closed;             // closed by a restriction in force
  std::optional<Annotation> restriction;
  std::optional<Archive::Withdrawal> withdrawn;
};

Result<std::vector<Listed>> read_listed(Archive& archive, const std::vector<std::string>& ids) {
  std::vector<Listed> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    Listed item;
    item.id = id;
    auto record = archive.record(id);
    if (record) {
      auto restriction = archive.restriction(*record);
      if (!restriction) return std::unexpected(restriction.error());
      if (*restriction) {
        item.restriction = std::move(*restriction);
        item.closed = std::move(*record);
      } else {
        item.record = std::move(*record);
      }
    } else if (record.error().code == ErrorCode::kNotFound) {
      auto withdrawal = archive.withdrawal(id);
      if (!withdrawal) return std::unexpected(withdrawal.error());
      item.withdrawn = std::move(*withdrawal);
    } else {
      return std::unexpected(record.error());
    }
    out.push_back(std::move(item));
  }
  return out;
}

// "TsKhSD, F. 3, Op. 12, D. 1005, Ll. 67-69": where the original is held.
std::string holding(const Record& record) {
  const Citation& c = record.citation;
  if (!c.archive.empty() && !c.reference.empty()) return c.archive + ", " + c.reference;
  if (!c.archive.empty()) return c.archive;
  return record.archive;
}

void put_record(TemplateData& item, const Record& record) {
  item.set("title", record.title.empty() ? record.id : record.title);
  if (const std::string date = display_date(record.date); !date.empty()) {
    item.set("date_shown", date);
    item.set("date", record.date.from.iso());
  }
}

TemplateData list_view(const std::vector<Listed>& listed, const std::vector<std::string>& ids) {
  TemplateData d;
  d.set("page_title", std::string("Document list"));
  TemplateList items;
  std::size_t open = 0;
  for (const Listed& l : listed) {
    TemplateData item;
    item.set("id", l.id);
    item.set("url", document_path(l.id));
    if (l.record) {
      ++open;
      put_record(item, *l.record);
      if (std::string where = holding(*l.record); !where.empty()) item.set("holding", std::move(where));
    } else if (l.closed) {
      put_record(item, *l.closed);
      item.set("closed", true);
      item.set("closed_until", l.restriction->until.empty() ? std::string("until further notice")
                                                            : "until " + display_iso_date(l.restriction->until));
    } else if (l.withdrawn) {
      item.set("withdrawn", true);
      if (l.withdrawn->annotation.hide_description) {
        item.set("title", std::string("A withdrawn document"));
      } else {
        put_record(item, l.withdrawn->last);
      }
    } else {
      item.set("missing", true);
      item.set("title", l.id);
    }
    items.push_back(std::move(item));
  }
  d.set("count", std::to_string(listed.size()) + (listed.size() == 1 ? " document" : " documents"));
  d.set("has_items", !items.empty());
  d.set("item_count", std::to_string(listed.size()));
  d.set("items", TemplateData(std::move(items)));
  if (open > 0) {
    d.set("exportable", true);
    d.set("export_count", std::to_string(open) + (open == 1 ? " document" : " documents"));
    if (open < listed.size()) d.set("export_partial", true);
  }
  TemplateList hidden;
  for (const std::string& id : ids) hidden.push_back(TemplateData(id));
  d.set("ids", TemplateData(std::move(hidden)));
  if (!ids.empty()) {
    if (std::string link = list_link(ids); !link.empty()) d.set("link", std::move(link));
  }
  return d;
}

}  // namespace

HttpResponse handle_list_page(const HttpRequest& request, RequestContext& context) {
  auto ids = listed_ids(request);
  if (!ids) return error_page(context.site, 400, ids.error().message);
  auto listed = read_listed(*context.archive, *ids);
  if (!listed) return error_page_from(context.site, listed.error());
  TemplateData d = list_view(*listed, *ids);
  // A list is a reader's, not the archive's: kept out of search engines.
  TemplateData robots;
  robots.set("name", std::string("robots"));
  robots.set("content", std::string("noindex"));
  d.set("meta_tags", TemplateData(TemplateList{std::move(robots)}));
  return render_page(context.site, "list", std::move(d));
}

HttpResponse handle_list_export(const HttpRequest& request, RequestContext& context, std::string_view suffix) {
  auto ids = listed_ids(request);
  if (!ids) return error_page(context.site, 400, ids.error().message);
  if (ids->empty()) return error_page(context.site, 400, "An export of a list needs the ids of its documents (id=...).");
  auto listed = read_listed(*context.archive, *ids);
  if (!listed) return error_page_from(context.site, listed.error());
  // Each document open to readers, in the list's order.
  std::vector<Record> records;
  for (Listed& l : *listed) {
    if (l.record) records.push_back(std::move(*l.record));
  }
  return records_file(context.site, *context.archive, records, suffix, "chancery-list");
}

}  // namespace chancery::web
