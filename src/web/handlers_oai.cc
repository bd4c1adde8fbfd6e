// OAI-PMH 2.0 over the archive: the six verbs, records as oai_dc, the
// collections as sets, deletions kept for ever ("persistent"). The protocol's
// own pieces (arguments, tokens, set specs, XML) are in oai_pmh.h.
#include <algorithm>
#include <chrono>
#include <tuple>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "archive/archive.h"
#include "model/annotation.h"
#include "model/record_json.h"
#include "store/store.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/oai_pmh.h"
#include "web/site.h"
#include "web/views.h"

namespace chancery::web {
namespace {

using oai::ListWindow;
using oai::ProtocolError;
using oai::SetTree;

// Items a page: records with their metadata, bare headers, sets.
constexpr int kRecordsPerPage = 100;
constexpr int kIdentifiersPerPage = 500;
constexpr std::int64_t kSetsPerPage = 1000;
// Rows of the change log read at a time.
constexpr int kRecordBatch = 200;
constexpr int kHeaderBatch = 1000;
constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

HttpResponse xml_response(std::string body, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/xml; charset=utf-8";
  response.body = std::move(body);
  return response;
}

struct Answer {
  const Site& site;
  const QueryParams& arguments;
  std::string now = oai::datestamp_of(utc_timestamp_now());

  std::string base_url() const { return site.base_url + "/oai"; }

  HttpResponse ok(std::string_view body) const {
    return xml_response(oai::response_document(now, base_url(), arguments, true, body));
  }
  HttpResponse protocol_error(const ProtocolError& error) const {
    const bool with_arguments = error.code != "badVerb" && error.code != "badArgument";
    return xml_response(oai::response_document(now, base_url(), arguments, with_arguments, oai::error_element(error)));
  }
  // The archive failed, not the request: the protocol has no code for that.
  HttpResponse failure(const Error& error) const {
    HttpResponse response;
    response.status = 500;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "The archive could not answer this request: " + error.message + "\n";
    response.failure = error.describe();
    return response;
  }
};

// The log position of a store time, by bisection of the change log (whose
// times rise with its seq): with `up_to` false, the least x such that every
// revision with seq > x was made at or after `time`; with it true, the least
// x such that every revision with seq > x was made after it.
Result<std::int64_t> log_position(Store& store, const std::string& time, bool up_to) {
  auto last = store.last_seq();
  if (!last) return std::unexpected(last.error());
  std::int64_t low = 0;
  std::int64_t high = *last;
  while (low < high) {
    const std::int64_t middle = low + (high - low) / 2;
    auto next = store.changes_since(middle, 1, false);
    if (!next) return std::unexpected(next.error());
    const bool beyond = next->empty() || (up_to ? next->front().created_at > time : next->front().created_at >= time);
    if (beyond) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

// The collection a deleted record was in: its tombstone keeps none.
Result<std::string> parent_before_deletion(Store& store, const Revision& tombstone) {
  if (tombstone.number < 2) return std::string();
  auto before = store.revision(EntityKind::kRecord, tombstone.id, tombstone.number - 1);
  if (!before) return std::unexpected(before.error());
  return *before ? (*before)->meta.parent : std::string();
}

// The records of a harvest window, in the order of their latest change.
class RecordScan {
 public:
  RecordScan(Store& store, const SetTree& sets, const ListWindow& window, std::optional<std::string> set_collection,
             bool with_json)
      : store_(store), sets_(sets), set_collection_(std::move(set_collection)), with_json_(with_json),
        after_(window.after_seq) {
    if (!window.from.empty()) from_time_ = oai::store_time_from(window.from);
    if (!window.until.empty()) until_time_ = oai::store_time_until(window.until);
  }

  // Narrows the scan to the stretch of the log the window's times cover
  // (log_bounds).
  void bound(std::int64_t start, std::int64_t end) {
    after_ = std::max(after_, start);
    through_ = end;
  }

  // The next record of the window (a tombstone's meta.parent filled in from
  // the revision before it), nullopt at the end.
  Result<std::optional<Revision>> next() {
    for (;;) {
      if (at_ == batch_.size()) {
        if (exhausted_) return std::optional<Revision>{};
        const int size = with_json_ ? kRecordBatch : kHeaderBatch;
        auto more = store_.current_since(EntityKind::kRecord, after_, through_, size, with_json_);
        if (!more) return std::unexpected(more.error());
        batch_ = std::move(*more);
        at_ = 0;
        exhausted_ = batch_.size() < static_cast<std::size_t>(size);
        if (batch_.empty()) return std::optional<Revision>{};
      }
      Revision& rev = batch_[at_++];
      after_ = rev.seq;
      // The log's times rise with its seq only as far as the clock did: the
      // bounds found by bisection are checked row by row.
      if (!from_time_.empty() && rev.created_at < from_time_) continue;
      if (!until_time_.empty() && rev.created_at > until_time_) continue;
      if (rev.deleted) {
        auto parent = parent_before_deletion(store_, rev);
        if (!parent) return std::unexpected(parent.error());
        rev.meta.parent = std::move(*parent);
      }
      if (set_collection_ && !sets_.within(rev.meta.parent, *set_collection_)) continue;
      return std::optional<Revision>{std::move(rev)};
    }
  }

 private:
  Store& store_;
  const SetTree& sets_;
  std::optional<std::string> set_collection_;
  bool with_json_;
  std::string from_time_;
  std::string until_time_;
  std::int64_t after_ = 0;
  std::int64_t through_ = kNoLimit;
  std::vector<Revision> batch_;
  std::size_t at_ = 0;
  bool exhausted_ = false;
};

// The stretch of the change log a window's from and until cover: changes
// with seq in (first, second].
Result<std::pair<std::int64_t, std::int64_t>> log_bounds(Store& store, const ListWindow& window) {
  std::pair<std::int64_t, std::int64_t> bounds{0, kNoLimit};
  if (!window.from.empty()) {
    auto start = log_position(store, oai::store_time_from(window.from), false);
    if (!start) return std::unexpected(start.error());
    bounds.first = *start;
  }
  if (!window.until.empty()) {
    auto end = log_position(store, oai::store_time_until(window.until), true);
    if (!end) return std::unexpected(end.error());
    bounds.second = *end;
  }
  return bounds;
}

// The records a restriction of `target` closes (or, ended, reopens): the
// record, or every record of the collection and of the collections in it, in
// published order; with their JSON or without.
Result<std::vector<Revision>> restricted_records(Store& store, const SetTree& sets, bool with_json,
                                                 const std::string& target) {
  std::vector<Revision> out;
  auto record = with_json ? store.latest(EntityKind::kRecord, target) : store.latest_meta(EntityKind::kRecord, target);
  if (!record) return std::unexpected(record.error());
  if (*record) {
    out.push_back(std::move(**record));
    return out;
  }
  for (const SetTree::Set& set : sets.sets()) {
    if (!sets.within(set.collection, target)) continue;
    auto children = store.children(EntityKind::kRecord, set.collection);
    if (!children) return std::unexpected(children.error());
    for (Revision& child : *children) {
      if (!with_json) child.json.clear();
      out.push_back(std::move(child));
    }
  }
  return out;
}

// The second part of a list: records whose access changed in the window. A
// restriction added or lifted changes what a harvester may hold of a record
// (or of every record of a collection) without a revision of it, so after
// the records changed in the window come, for each such change in log order,
// the records it is about, as they stand now, dated by the change. A record
// may so come twice in one harvest; the later copy is the current one.
class AccessScan {
 public:
  AccessScan(Store& store, const SetTree& sets, const ListWindow& window, std::optional<std::string> set_collection,
             bool with_json, std::int64_t after, std::int64_t through, std::int64_t offset)
      : store_(store), sets_(sets), set_collection_(std::move(set_collection)), with_json_(with_json),
        after_(after), through_(through), skip_(offset), resume_after_(after) {
    if (!window.from.empty()) from_time_ = oai::store_time_from(window.from);
    if (!window.until.empty()) until_time_ = oai::store_time_until(window.until);
  }

  // Where the scan stands, for a token that resumes with the next record:
  // (after_seq, access_offset).
  std::pair<std::int64_t, std::int64_t> position() const {
    if (at_ < items_.size()) return {change_seq_ - 1, static_cast<std::int64_t>(at_)};
    return {after_, 0};
  }

  // The next record (deleted ones included, as the first part gives them)
  // with its datestamp set to the later of its revision and the change;
  // nullopt at the end.
  Result<std::optional<Revision>> next() {
    for (;;) {
      while (at_ < items_.size()) {
        Revision rev = items_[at_++];
        if (set_collection_ && !sets_.within(rev.meta.parent, *set_collection_)) continue;
        rev.created_at = std::max(rev.created_at, change_time_);
        return std::optional<Revision>{std::move(rev)};
      }
      if (next_change_ == changes_.size()) {
        if (exhausted_) return std::optional<Revision>{};
        auto changes = store_.current_since(EntityKind::kAnnotation, after_, through_, kHeaderBatch, false);
        if (!changes) return std::unexpected(changes.error());
        changes_ = std::move(*changes);
        next_change_ = 0;
        exhausted_ = changes_.size() < static_cast<std::size_t>(kHeaderBatch);
        if (changes_.empty()) return std::optional<Revision>{};
      }
      const Revision& change = changes_[next_change_++];
      // A token that stopped inside a change's records names the seq before
      // it; if that change has moved on (changed again), none are skipped.
      const std::int64_t skip = change.seq == resume_after_ + 1 ? skip_ : 0;
      skip_ = 0;
      change_seq_ = change.seq;
      change_time_ = change.created_at;
      after_ = change.seq;
      items_.clear();
      at_ = 0;
      if (!from_time_.empty() && change.created_at < from_time_) continue;
      if (!until_time_.empty() && change.created_at > until_time_) continue;
      auto affected = records_of(change);
      if (!affected) return std::unexpected(affected.error());
      items_ = std::move(*affected);
      at_ = std::min<std::size_t>(static_cast<std::size_t>(skip), items_.size());
    }
  }

 private:
  // The records a change of an annotation is about when it is a restriction
  // (added, changed or withdrawn), in published order; none otherwise.
  Result<std::vector<Revision>> records_of(const Revision& change) {
    EntityMeta meta = change.meta;
    if (change.deleted) {   // a tombstone keeps no meta: the revision before it says what it was
      if (change.number < 2) return std::vector<Revision>{};
      auto before = store_.revision(EntityKind::kAnnotation, change.id, change.number - 1);
      if (!before) return std::unexpected(before.error());
      if (!*before) return std::vector<Revision>{};
      meta = (*before)->meta;
    }
    if (meta.title != annotation_type_name(AnnotationType::kRestriction)) return std::vector<Revision>{};
    return restricted_records(store_, sets_, with_json_, meta.parent);
  }

  Store& store_;
  const SetTree& sets_;
  std::optional<std::string> set_collection_;
  bool with_json_;
  std::int64_t after_;
  std::int64_t through_;
  std::int64_t skip_;
  std::int64_t resume_after_;
  std::string from_time_;
  std::string until_time_;
  std::vector<Revision> changes_;   // annotation changes read ahead
  std::size_t next_change_ = 0;
  std::vector<Revision> items_;     // the records of the change being sent
  std::size_t at_ = 0;
  std::int64_t change_seq_ = 0;
  std::string change_time_;
  bool exhausted_ = false;
};

// The third part of a list: restrictions that ended by their date (`until`)
// in the window. A restriction ends at midnight UTC of its day with nothing
// written anywhere, so neither of the first two parts can tell a harvester
// that the records it closed are open again. In order of that moment (then
// of the restriction's id), each restriction's records as they stand now,
// dated by the moment; only moments already past. A restriction lifted
// before its day ended is the second part's.
class ExpiryScan {
 public:
  ExpiryScan(Store& store, const SetTree& sets, const ListWindow& window, std::optional<std::string> set_collection,
             bool with_json, std::int64_t done, std::int64_t offset)
      : store_(store), sets_(sets), window_(window), set_collection_(std::move(set_collection)),
        with_json_(with_json), next_(static_cast<std::size_t>(done)), resume_(static_cast<std::size_t>(done)),
        skip_(offset) {}

  // Where the scan stands, for a token that resumes with the next record:
  // (restrictions done, records of the next one sent).
  std::pair<std::int64_t, std::int64_t> position() const {
    if (at_ < items_.size()) return {static_cast<std::int64_t>(next_ - 1), static_cast<std::int64_t>(at_)};
    return {static_cast<std::int64_t>(next_), 0};
  }

  Result<std::optional<Revision>> next() {
    if (!loaded_) {
      if (auto r = load(); !r) return std::unexpected(r.error());
    }
    for (;;) {
      while (at_ < items_.size()) {
        Revision rev = items_[at_++];
        if (set_collection_ && !sets_.within(rev.meta.parent, *set_collection_)) continue;
        rev.created_at = std::max(rev.created_at, moment_);
        return std::optional<Revision>{std::move(rev)};
      }
      if (next_ >= ended_.size()) return std::optional<Revision>{};
      const Ended& ended = ended_[next_++];
      const std::int64_t skip = next_ - 1 == resume_ ? skip_ : 0;
      skip_ = 0;
      moment_ = ended.moment;
      auto records = restricted_records(store_, sets_, with_json_, ended.target);
      if (!records) return std::unexpected(records.error());
      items_ = std::move(*records);
      at_ = std::min<std::size_t>(static_cast<std::size_t>(skip), items_.size());
    }
  }

 private:
  struct Ended {
    std::string moment;   // store time: "2026-12-02T00:00:00.000Z"
    std::string id;
    std::string target;
    bool operator<(const Ended& other) const { return std::tie(moment, id) < std::tie(other.moment, other.id); }
  };

  // Every current restriction whose day is past and in the window (the
  // annotations' listing: meta.date_last holds the day, title the type).
  Result<void> load() {
    loaded_ = true;
    auto annotations = store_.list_meta(EntityKind::kAnnotation);
    if (!annotations) return std::unexpected(annotations.error());
    const std::string now = utc_timestamp_now();
    const std::string from = window_.from.empty() ? std::string() : oai::store_time_from(window_.from);
    const std::string until = window_.until.empty() ? std::string() : oai::store_time_until(window_.until);
    for (const Revision& a : *annotations) {
      if (a.meta.title != annotation_type_name(AnnotationType::kRestriction) || a.meta.date_last <= 0) continue;
      const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::days{a.meta.date_last}}};
      std::string moment = fmt::format("{:04}-{:02}-{:02}T00:00:00.000Z", static_cast<int>(day.year()),
                                       static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
      if (moment > now || (!from.empty() && moment < from) || (!until.empty() && moment > until)) continue;
      ended_.push_back({std::move(moment), a.id, a.meta.parent});
    }
    std::sort(ended_.begin(), ended_.end());
    return {};
  }

  Store& store_;
  const SetTree& sets_;
  const ListWindow& window_;
  std::optional<std::string> set_collection_;
  bool with_json_;
  bool loaded_ = false;
  std::vector<Ended> ended_;
  std::size_t next_;     // the next restriction in ended_
  std::size_t resume_;   // the one a token stopped in
  std::int64_t skip_;    // its records already sent
  std::vector<Revision> items_;
  std::size_t at_ = 0;
  std::string moment_;
};

void append_header(std::string& out, const Site& site, const SetTree& sets, const Revision& rev) {
  out += rev.deleted ? "<header status=\"deleted\">\n" : "<header>\n";
  out += "<identifier>";
  oai::append_xml_text(out, oai::item_identifier(site.oai_repository, rev.id));
  out += "</identifier>\n<datestamp>";
  oai::append_xml_text(out, oai::datestamp_of(rev.created_at));
  out += "</datestamp>\n";
  for (const SetTree::Set* set : sets.sets_around(rev.meta.parent)) {
    out += "<setSpec>";
    oai::append_xml_text(out, set->spec);
    out += "</setSpec>\n";
  }
  out += "</header>\n";
}

// <record>: the header, and unless deleted the record as oai_dc.
Result<void> append_record(std::string& out, const Site& site, const SetTree& sets, const Revision& rev) {
  out += "<record>\n";
  append_header(out, site, sets, rev);
  if (!rev.deleted) {
    auto record = record_from_json_text(rev.json);
    if (!record) return fail(ErrorCode::kStorage, "record " + rev.id + ": " + record.error().message);
    std::vector<std::string> titles;
    for (const SetTree::Set* set : sets.sets_around(rev.meta.parent)) titles.push_back(set->name);
    out += "<metadata>\n";
    out += oai::oai_dc(*record, site.base_url + document_path(rev.id), titles);
    out += "</metadata>\n";
  }
  out += "</record>\n";
  return {};
}

// The latest revision of record `id`, its tombstone included (parent filled
// in as RecordScan does); nullopt when the archive never had it.
Result<std::optional<Revision>> find_item(Store& store, const std::string& id) {
  auto live = store.latest(EntityKind::kRecord, id);
  if (!live) return std::unexpected(live.error());
  if (*live) return live;
  auto history = store.history(EntityKind::kRecord, id);
  if (!history) return std::unexpected(history.error());
  if (history->empty() || !history->back().deleted) return std::optional<Revision>{};
  Revision tombstone = std::move(history->back());
  if (history->size() >= 2) tombstone.meta.parent = (*history)[history->size() - 2].meta.parent;
  return std::optional<Revision>{std::move(tombstone)};
}

std::string metadata_formats() {
  return "<ListMetadataFormats>\n<metadataFormat>\n<metadataPrefix>oai_dc</metadataPrefix>\n"
         "<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>\n"
         "<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>\n"
         "</metadataFormat>\n</ListMetadataFormats>\n";
}

HttpResponse identify(const Answer& answer, Store& store) {
  auto first = store.changes_since(0, 1, false);
  if (!first) return answer.failure(first.error());
  const std::string earliest = first->empty() ? answer.now : oai::datestamp_of(first->front().created_at);
  auto sample = store.current_since(EntityKind::kRecord, 0, kNoLimit, 1, false);
  if (!sample) return answer.failure(sample.error());
  const std::string sample_id = sample->empty() ? "117079" : sample->front().id;
  const Site& site = answer.site;
  std::string body = "<Identify>\n";
  auto element = [&body](std::string_view name, std::string_view text) {
    body += fmt::format("<{}>{}</{}>\n", name, oai::xml_text(text), name);
  };
  element("repositoryName", site.name);
  element("baseURL", answer.base_url());
  element("protocolVersion", "2.0");
  element("adminEmail", site.admin_email);
  element("earliestDatestamp", earliest);
  element("deletedRecord", "persistent");
  element("granularity", "YYYY-MM-DDThh:mm:ssZ");
  body +=
      "<description>\n<oai-identifier xmlns=\"http://www.openarchives.org/OAI/2.0/oai-identifier\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai-identifier "
      "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd\">\n";
  element("scheme", "oai");
  element("repositoryIdentifier", site.oai_repository);
  element("delimiter", ":");
  element("sampleIdentifier", oai::item_identifier(site.oai_repository, sample_id));
  body += "</oai-identifier>\n</description>\n</Identify>\n";
  return answer.ok(body);
}

HttpResponse list_sets(const Answer& answer, Store& store, const oai::Request& request) {
  auto sets = read_set_tree(answer.site, store);
  if (!sets) return answer.failure(sets.error());
  if ((*sets)->sets().empty()) return answer.protocol_error({"noSetHierarchy", "This archive has no collections."});
  const auto total = static_cast<std::int64_t>((*sets)->sets().size());
  if (request.sets_offset >= total) {
    return answer.protocol_error({"badResumptionToken", "The resumptionToken is past the end of the list."});
  }
  const std::int64_t end = std::min(total, request.sets_offset + kSetsPerPage);
  std::string body = "<ListSets>\n";
  for (std::int64_t i = request.sets_offset; i < end; ++i) {
    const SetTree::Set& set = (*sets)->sets()[static_cast<std::size_t>(i)];
    body += "<set>\n<setSpec>" + oai::xml_text(set.spec) + "</setSpec>\n<setName>" + oai::xml_text(set.name) +
            "</setName>\n</set>\n";
  }
  if (end < total || request.resumed) {
    body += fmt::format("<resumptionToken completeListSize=\"{}\" cursor=\"{}\">{}</resumptionToken>\n", total,
                        request.sets_offset, end < total ? oai::xml_text(oai::encode_sets_token(end)) : "");
  }
  body += "</ListSets>\n";
  return answer.ok(body);
}

HttpResponse list_items(const Answer& answer, Store& store, const ClosedRecords& closed, const oai::Request& request,
                        bool with_metadata) {
  const ListWindow& window = request.window;
  if (window.metadata_prefix != oai::kOaiDcPrefix) {
    return answer.protocol_error({"cannotDisseminateFormat", "This archive offers oai_dc only."});
  }
  auto sets = read_set_tree(answer.site, store);
  if (!sets) return answer.failure(sets.error());
  std::optional<std::string> set_collection;
  if (!window.set.empty()) {
    if ((*sets)->sets().empty()) return answer.protocol_error({"noSetHierarchy", "This archive has no collections."});
    set_collection = (*sets)->collection_of(window.set);
    if (!set_collection) return answer.protocol_error({"noRecordsMatch", "There is no set " + window.set + "."});
  }
  auto bounds = log_bounds(store, window);
  if (!bounds) return answer.failure(bounds.error());
  RecordScan records(store, **sets, window, set_collection, with_metadata);
  records.bound(bounds->first, bounds->second);
  // The second part starts where the window does, once the first is done.
  std::optional<AccessScan> access;
  std::optional<ExpiryScan> expiry;   // the third part, once the second is done
  if (window.expiry) {
    expiry.emplace(store, **sets, window, set_collection, with_metadata, window.after_seq, window.access_offset);
  } else if (window.access) {
    access.emplace(store, **sets, window, set_collection, with_metadata, window.after_seq, bounds->second,
                   window.access_offset);
  }

  const int page = with_metadata ? kRecordsPerPage : kIdentifiersPerPage;
  const std::string_view element = with_metadata ? "ListRecords" : "ListIdentifiers";
  std::string items;
  int sent = 0;
  ListWindow resume = window;   // the token for the item after the last sent
  bool more = false;
  for (;;) {
    ListWindow here = resume;   // where the next item is, for a token that resumes with it
    Result<std::optional<Revision>> next = std::optional<Revision>{};
    if (!access && !expiry) {
      next = records.next();
      if (!next) return answer.failure(next.error());
      if (!*next) {
        access.emplace(store, **sets, window, set_collection, with_metadata, bounds->first, bounds->second, 0);
        here.access = true;
        here.after_seq = bounds->first;
        here.access_offset = 0;
      }
    }
    if (access && !expiry) {
      auto [after, offset] = access->position();
      if (here.access) {
        here.after_seq = after;
        here.access_offset = offset;
      }
      next = access->next();
      if (!next) return answer.failure(next.error());
      if (!*next) {
        expiry.emplace(store, **sets, window, set_collection, with_metadata, 0, 0);
        here.expiry = true;
        here.after_seq = 0;
        here.access_offset = 0;
      }
    }
    if (expiry) {
      auto [done, offset] = expiry->position();
      if (here.expiry) {
        here.after_seq = done;
        here.access_offset = offset;
      }
      next = expiry->next();
      if (!next) return answer.failure(next.error());
      if (!*next) break;
    }
    if (sent == page) {
      more = true;
      resume = here;
      break;
    }
    Revision& rev = **next;
    if (closed.record(**sets, rev)) rev.deleted = true;
    if (with_metadata) {
      if (auto r = append_record(items, answer.site, **sets, rev); !r) return answer.failure(r.error());
    } else {
      append_header(items, answer.site, **sets, rev);
    }
    ++sent;
    if (expiry) {
      auto [done, offset] = expiry->position();
      resume.access = true;
      resume.expiry = true;
      resume.after_seq = done;
      resume.access_offset = offset;
    } else if (access) {
      auto [after, offset] = access->position();
      resume.access = true;
      resume.after_seq = after;
      resume.access_offset = offset;
    } else {
      resume.after_seq = rev.seq;
    }
  }
  if (sent == 0) return answer.protocol_error({"noRecordsMatch", "No records match these arguments."});

  std::string body = fmt::format("<{}>\n", element);
  body += items;
  if (more) {
    ListWindow next = resume;
    next.cursor = window.cursor + sent;
    body += fmt::format("<resumptionToken cursor=\"{}\">{}</resumptionToken>\n", window.cursor,
                        oai::xml_text(oai::encode_list_token(next)));
  } else if (request.resumed) {
    body += fmt::format("<resumptionToken cursor=\"{}\"/>\n", window.cursor);
  }
  body += fmt::format("</{}>\n", element);
  return answer.ok(body);
}

HttpResponse get_record(const Answer& answer, Store& store, const ClosedRecords& closed, const oai::Request& request) {
  auto id = oai::record_id_of(answer.site.oai_repository, request.identifier);
  if (!id) return answer.protocol_error({"idDoesNotExist", "No item has the identifier " + request.identifier + "."});
  auto item = find_item(store, *id);
  if (!item) return answer.failure(item.error());
  if (!*item) return answer.protocol_error({"idDoesNotExist", "No item has the identifier " + request.identifier + "."});
  if (request.window.metadata_prefix != oai::kOaiDcPrefix) {
    return answer.protocol_error({"cannotDisseminateFormat", "This archive offers oai_dc only."});
  }
  auto sets = read_set_tree(answer.site, store);
  if (!sets) return answer.failure(sets.error());
  if (closed.record(**sets, **item)) {
    // Closed: dated by the latest restriction on it or around it, when later.
    std::vector<std::string> targets{(*item)->id};
    for (const SetTree::Set* set : (*sets)->sets_around((*item)->meta.parent)) targets.push_back(set->collection);
    for (const std::string& target : targets) {
      auto annotations = store.children(EntityKind::kAnnotation, target);
      if (!annotations) return answer.failure(annotations.error());
      for (const Revision& a : *annotations) {
        if (a.meta.title == annotation_type_name(AnnotationType::kRestriction)) {
          (*item)->created_at = std::max((*item)->created_at, a.created_at);
        }
      }
    }
    (*item)->deleted = true;
  }
  std::string body = "<GetRecord>\n";
  if (auto r = append_record(body, answer.site, **sets, **item); !r) return answer.failure(r.error());
  body += "</GetRecord>\n";
  return answer.ok(body);
}

HttpResponse list_metadata_formats(const Answer& answer, Store& store, const oai::Request& request) {
  if (!request.identifier.empty()) {
    auto id = oai::record_id_of(answer.site.oai_repository, request.identifier);
    if (!id) return answer.protocol_error({"idDoesNotExist", "No item has the identifier " + request.identifier + "."});
    auto item = find_item(store, *id);
    if (!item) return answer.failure(item.error());
    if (!*item) return answer.protocol_error({"idDoesNotExist", "No item has the identifier " + request.identifier + "."});
  }
  return answer.ok(metadata_formats());
}

}  // namespace

HttpResponse handle_oai(const HttpRequest& request, RequestContext& context) {
  Answer answer{context.site, request.query};
  auto parsed = oai::parse_request(request.query);
  if (!parsed) return answer.protocol_error(parsed.error());
  Store& store = context.archive->store();
  std::vector<std::string> targets;
  if (parsed->verb == oai::Verb::kListIdentifiers || parsed->verb == oai::Verb::kListRecords ||
      parsed->verb == oai::Verb::kGetRecord) {
    auto restricted = context.archive->restricted_targets();
    if (!restricted) return answer.failure(restricted.error());
    targets = std::move(*restricted);
  }
  const ClosedRecords closed(targets);
  switch (parsed->verb) {
    case oai::Verb::kIdentify: return identify(answer, store);
    case oai::Verb::kListMetadataFormats: return list_metadata_formats(answer, store, *parsed);
    case oai::Verb::kListSets: return list_sets(answer, store, *parsed);
    case oai::Verb::kListIdentifiers: return list_items(answer, store, closed, *parsed, false);
    case oai::Verb::kListRecords: return list_items(answer, store, closed, *parsed, true);
    case oai::Verb::kGetRecord: return get_record(answer, store, closed, *parsed);
  }
  return answer.protocol_error({"badVerb", "Unknown verb."});
}

}  // namespace chancery::web
