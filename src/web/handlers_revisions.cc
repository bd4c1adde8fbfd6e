// A record's revisions for readers: /history/ID (the list), /changes/ID
// (two revisions compared word by word) and their JSON under /api/v1/. The
// text of any revision is closed while the record is (its restriction as of
// today, on the record or a collection it is in now).
#include <algorithm>
#include <limits>
#include <variant>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "model/record_diff.h"
#include "web/atom_feed.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/revision_views.h"
#include "web/search_params.h"
#include "web/site.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr int kHistoryPageSize = 50;
constexpr std::size_t kFeedEntries = 50;
constexpr std::int64_t kFeedWindow = 500;   // change-log revisions read at a time, backwards
constexpr int kFeedWindows = 20;
constexpr int kMaxRevisionNumber = std::numeric_limits<int>::max();

HttpResponse api_problem(int status, std::string_view detail) { return problem_response(status, detail); }

// The record as it stands (its latest revision), when a reader may see it:
// nullopt with `closed` set to the answer otherwise.
struct Access {
  std::optional<Archive::RecordVersion> current;
  std::optional<HttpResponse> closed;
};

Access readable_record(RequestContext& context, bool api) {
  Access access;
  Archive& archive = *context.archive;
  auto record = archive.record_version(context.capture);
  if (!record) {
    if (record.error().code == ErrorCode::kNotFound) {
      if (auto gone = withdrawn_answer(context, context.capture, api)) {
        access.closed = std::move(*gone);
        return access;
      }
      const std::string detail = "There is no document with the id \u201c" + context.capture + "\u201d.";
      access.closed = api ? api_problem(404, detail) : error_page(context.site, 404, detail);
    } else {
      access.closed = api ? problem_from(record.error()) : error_page_from(context.site, record.error());
    }
    return access;
  }
  auto restriction = archive.restriction(record->record);
  if (!restriction) {
    access.closed = api ? problem_from(restriction.error()) : error_page_from(context.site, restriction.error());
    return access;
  }
  if (*restriction) {
    const std::string detail =
        "The document \u201c" + record->record.id + "\u201d is closed to readers, with its history.";
    access.closed = api ? api_problem(403, detail) : error_page(context.site, 403, detail);
    return access;
  }
  access.current = std::move(*record);
  return access;
}

// Reads a positive revision number from parameter `name`; 0 when absent.
std::optional<int> revision_param(const HttpRequest& request, const char* name) {
  if (!request.has_param(name) || request.param(name).empty()) return 0;
  return parse_int(request.param(name), 1, kMaxRevisionNumber);
}

Result<HistoryPage> read_history(Archive& archive, const std::string& id, int page) {
  auto revisions = archive.history_meta(id);
  if (!revisions) return std::unexpected(revisions.error());
  HistoryPage history;
  history.latest = revisions->empty() ? 0 : revisions->back().number;
  const int total = static_cast<int>(revisions->size());
  history.pages = std::max(1, (total + kHistoryPageSize - 1) / kHistoryPageSize);
  history.page = std::min(page, history.pages);
  // Newest first: this page's revisions, then each compared with the one before.
  const int first = total - 1 - (history.page - 1) * kHistoryPageSize;
  const int last = std::max(0, first - kHistoryPageSize + 1);
  // Why each tombstone was written: the withdrawal stored just after it.
  std::vector<std::pair<std::int64_t, Annotation>> withdrawals;
  if (std::any_of(revisions->begin(), revisions->end(), [](const Revision& r) { return r.deleted; })) {
    auto past = archive.past_withdrawals(id);
    if (!past) return std::unexpected(past.error());
    withdrawals = std::move(*past);
  }
  std::optional<Record> newer;   // the record of revision index i + 1, once read
  int newer_index = -1;
  for (int i = first; i >= last; --i) {
    HistoryLine line;
    line.revision = (*revisions)[static_cast<std::size_t>(i)];
    if (line.revision.deleted) {
      auto why = std::find_if(withdrawals.begin(), withdrawals.end(),
                              [&](const auto& w) { return w.first > line.revision.seq; });
      if (why != withdrawals.end()) line.withdrawal_reason = why->second.text;
    }
    // Compared with the revision before it; one that brought the record back
    // after a withdrawal, with the last revision before the withdrawal.
    int j = i - 1;
    if (i > 0 && !line.revision.deleted && (*revisions)[static_cast<std::size_t>(j)].deleted) {
      line.reinstated = true;
      j = i - 2;
    }
    if (j >= 0 && !line.revision.deleted && !(*revisions)[static_cast<std::size_t>(j)].deleted) {
      auto current = newer_index == i ? std::move(newer) : std::optional<Record>();
      if (!current) {
        auto read = archive.record_revision(id, line.revision.number);
        if (!read) return std::unexpected(read.error());
        current = std::move(*read);
      }
      const int before_number = (*revisions)[static_cast<std::size_t>(j)].number;
      auto before = archive.record_revision(id, before_number);
      if (!before) return std::unexpected(before.error());
      line.changed = changed_fields(*before, *current);
      line.compared = true;
      line.compared_with = before_number;
      newer = std::move(*before);
      newer_index = j;
    }
    history.lines.push_back(std::move(line));
  }
  return history;
}

struct Comparison {
  Archive::RecordVersion from, to;
  std::vector<FieldChange> changes;
};

// The two revisions `from` and `to` asked for (defaults: the latest, and the
// one before it) and their differences; an error answer otherwise.
std::variant<Comparison, std::pair<int, std::string>> compare(const HttpRequest& request, RequestContext& context,
                                                              const Archive::RecordVersion& latest) {
  Archive& archive = *context.archive;
  auto to_number = revision_param(request, "to");
  auto from_number = revision_param(request, "from");
  if (!to_number || !from_number) return std::pair{400, std::string("from and to must be revision numbers (1, 2, ...).")};
  const int last = latest.latest;
  int to = *to_number == 0 ? last : *to_number;
  int from = *from_number == 0 ? to - 1 : *from_number;
  if (to > last || from > last) {
    return std::pair{404, "The document \u201c" + latest.record.id + "\u201d has " + std::to_string(last) +
                              (last == 1 ? " revision." : " revisions.")};
  }
  if (from < 1 || from == to) {
    return std::pair{404, std::string(last == 1 ? "The document has one revision: there is nothing to compare."
                                                : "Two different revisions are needed to compare.")};
  }
  Comparison c;
  auto read = [&](int number, Archive::RecordVersion& into) -> std::optional<std::pair<int, std::string>> {
    if (number == last) {
      into = latest;
      return std::nullopt;
    }
    auto v = archive.record_version(context.capture, number);
    if (!v) return std::pair{status_for(v.error()), v.error().message};
    into = std::move(*v);
    return std::nullopt;
  };
  if (auto failed = read(from, c.from)) return *failed;
  if (auto failed = read(to, c.to)) return *failed;
  c.changes = compare_records(c.from.record, c.to.record);
  return c;
}

// One page of the feed's revisions: the newest record revisions (not
// withdrawals) before change `before` (0: the newest of all), at most
// `limit`, from the change log read backwards, and where the next (older)
// page starts: the change before which it lists, 0 when there is none.
struct FeedPage {
  std::vector<Revision> revisions;
  std::int64_t next_before = 0;
};

Result<FeedPage> newest_record_revisions(Archive& archive, std::size_t limit, std::int64_t before) {
  auto last = archive.store().last_seq();
  if (!last) return std::unexpected(last.error());
  FeedPage page;
  std::int64_t end = before > 0 ? std::min(*last, before - 1) : *last;   // the newest change still to read
  for (int round = 0; round < kFeedWindows && end > 0 && page.revisions.size() < limit; ++round) {
    const std::int64_t after = std::max<std::int64_t>(0, end - kFeedWindow);
    auto changes = archive.store().changes_since(after, static_cast<int>(kFeedWindow), /*with_json=*/false);
    if (!changes) return std::unexpected(changes.error());
    for (auto it = changes->rbegin(); it != changes->rend() && page.revisions.size() < limit; ++it) {
      if (it->seq > end) continue;
      if (it->kind == EntityKind::kRecord && !it->deleted) page.revisions.push_back(*it);
    }
    end = after;
  }
  // Full, or stopped by the bound on what one request reads with older
  // changes left: the next page goes on from there.
  if (page.revisions.size() == limit) {
    page.next_before = page.revisions.back().seq;
  } else if (end > 0) {
    page.next_before = end + 1;
  }
  if (page.next_before == 1) page.next_before = 0;
  return page;
}

// A feed entry for one record revision; nullopt when the record is gone or
// closed to readers today.
Result<std::optional<FeedEntry>> feed_entry(Archive& archive, const Site& site, const Revision& revision) {
  auto current = archive.record_version(revision.id);
  if (!current) {
    if (current.error().code == ErrorCode::kNotFound) return std::optional<FeedEntry>();
    return std::unexpected(current.error());
  }
  auto closed = archive.restriction(current->record);
  if (!closed) return std::unexpected(closed.error());
  if (*closed) return std::optional<FeedEntry>();
  const int latest_number = current->latest;
  // A revision's record: the current one already read, or read now.
  auto record_at = [&](int number) -> Result<Record> {
    if (number == latest_number) return current->record;
    return archive.record_revision(revision.id, number);
  };
  FeedEntry e;
  e.id = site.base_url + revision_path(revision.id, revision.number);
  e.link = site.base_url +
           (revision.number == latest_number ? document_path(revision.id) : revision_path(revision.id, revision.number));
  e.updated = revision.created_at;
  if (revision.number == 1) {
    auto record = record_at(1);
    if (!record) return std::unexpected(record.error());
    e.title = record->title.empty() ? record->id : record->title;
    e.category = "added";
    e.summary = record->summary.empty() ? "Added to the archive." : "Added to the archive. " + record->summary;
  } else {
    auto newer = record_at(revision.number);
    if (!newer) return std::unexpected(newer.error());
    // The revision before it, or, when that is a withdrawal's tombstone (the
    // record was brought back), the last text before the withdrawal.
    int older_number = revision.number - 1;
    auto older = record_at(older_number);
    const bool reinstated = !older && older.error().code == ErrorCode::kNotFound && older_number > 1;
    if (reinstated) older = record_at(--older_number);
    const std::vector<std::string> changed =
        older ? changed_fields(*older, *newer) : std::vector<std::string>();
    e.title = newer->title.empty() ? newer->id : newer->title;
    e.category = reinstated ? "reinstated" : "revised";
    const std::string what = changed_fields_phrase(changed);
    e.summary = (reinstated ? std::string("Brought back into the archive") : "Revision " + std::to_string(revision.number)) +
                (what.empty() ? std::string(".") : (reinstated ? "; changed the " : ": changed the ") + what + ".");
    if (older) e.related = site.base_url + changes_path(revision.id, older_number, revision.number);
  }
  return std::optional<FeedEntry>(std::move(e));
}

}  // namespace

HttpResponse handle_feed(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  std::int64_t before = 0;
  if (request.has_param("before")) {
    auto parsed = parse_int(request.param("before"), 1, std::numeric_limits<int>::max());
    if (!parsed) return error_page(context.site, 400, "before must be a positive number (a feed page's next link).");
    before = *parsed;
  }
  auto page = newest_record_revisions(archive, kFeedEntries, before);
  if (!page) return error_page_from(context.site, page.error());
  std::vector<FeedEntry> entries;
  for (const Revision& revision : page->revisions) {
    auto entry = feed_entry(archive, context.site, revision);
    if (!entry) return error_page_from(context.site, entry.error());
    if (*entry) entries.push_back(std::move(**entry));
  }
  Feed feed;
  feed.id = context.site.base_url + "/feed.atom";
  // Paged as RFC 5005 says: every page links the newest (first) and the next
  // older one; the id is the feed's on every page.
  feed.self = before > 0 ? feed.id + "?before=" + std::to_string(before) : feed.id;
  feed.first = feed.id;
  if (page->next_before > 0) feed.next = feed.id + "?before=" + std::to_string(page->next_before);
  feed.title = context.site.name + ": documents added and revised";
  feed.site_url = context.site.base_url + "/";
  feed.author = context.site.name;
  feed.updated = entries.empty() ? utc_timestamp_now() : entries.front().updated;
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/atom+xml; charset=utf-8";
  response.body = atom_feed(feed, entries);
  return response;
}

HttpResponse handle_history(const HttpRequest& request, RequestContext& context) {
  Access access = readable_record(context, false);
  if (access.closed) return std::move(*access.closed);
  int page = 1;
  if (request.has_param("page") && !request.param("page").empty()) {
    auto parsed = parse_int(request.param("page"), 1, kMaxRevisionNumber);
    if (!parsed) return error_page(context.site, 400, "page must be a positive number.");
    page = *parsed;
  }
  auto history = read_history(*context.archive, context.capture, page);
  if (!history) return error_page_from(context.site, history.error());
  HttpResponse response = render_page(context.site, "history", history_view(access.current->record, *history));
  response.set_header("Link", "<" + context.site.base_url + document_path(access.current->record.id) + ">; rel=\"canonical\"");
  return response;
}

HttpResponse handle_changes(const HttpRequest& request, RequestContext& context) {
  Access access = readable_record(context, false);
  if (access.closed) return std::move(*access.closed);
  auto compared = compare(request, context, *access.current);
  if (auto* failed = std::get_if<std::pair<int, std::string>>(&compared)) {
    return error_page(context.site, failed->first, failed->second);
  }
  const Comparison& c = std::get<Comparison>(compared);
  return render_page(context.site, "changes", changes_view(c.from, c.to, c.changes));
}

HttpResponse handle_api_history(const HttpRequest& request, RequestContext& context) {
  Access access = readable_record(context, true);
  if (access.closed) return std::move(*access.closed);
  int page = 1;
  if (request.has_param("page") && !request.param("page").empty()) {
    auto parsed = parse_int(request.param("page"), 1, kMaxRevisionNumber);
    if (!parsed) return api_problem(400, "page must be a positive number.");
    page = *parsed;
  }
  auto history = read_history(*context.archive, context.capture, page);
  if (!history) return problem_from(history.error());
  return json_response(history_json(access.current->record, *history));
}

HttpResponse handle_api_changes(const HttpRequest& request, RequestContext& context) {
  Access access = readable_record(context, true);
  if (access.closed) return std::move(*access.closed);
  auto compared = compare(request, context, *access.current);
  if (auto* failed = std::get_if<std::pair<int, std::string>>(&compared)) {
    return api_problem(failed->first, failed->second);
  }
  const Comparison& c = std::get<Comparison>(compared);
  return json_response(changes_json(c.from, c.to, c.changes));
}

}  // namespace chancery::web
