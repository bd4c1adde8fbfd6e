#include "web/archive_queries.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "archive/names_directory.h"
#include "web/archive_versions.h"
#include "web/collection_cache.h"
#include "web/mention_cache.h"
#include "web/site.h"

namespace chancery::web {
namespace {

std::vector<RecordMention> mentions_of(Site& site, const std::shared_ptr<const NameSnapshot>& snapshot,
                                       const Record& record) {
  return site.mentions ? site.mentions->mentions(snapshot, record) : snapshot->all_mentions(record);
}

}  // namespace

std::vector<RecordMention> record_mentions(Site& site, const Record& record) {
  if (!site.names) return {};
  return mentions_of(site, site.names->snapshot(), record);
}

void add_names(Site& site, const Record& record, DocumentSurroundings& around,
               std::optional<std::int64_t> store_version) {
  if (!site.names) return;
  std::shared_ptr<const NameSnapshot> snapshot = site.names->snapshot(store_version);
  around.mentions = mentions_of(site, snapshot, record);
  for (const RecordMention& m : around.mentions) {
    for (const std::string& id : m.ids) {
      auto [label, added] = around.authorities.try_emplace(id);
      if (!added) continue;
      if (const Authority* a = snapshot->resolve(id)) {
        label->second = DocumentSurroundings::AuthorityLabel{a->name, a->kind, authority_path(a->kind, id)};
      } else {
        around.authorities.erase(label);
      }
    }
  }
  auto add_field = [&](const std::vector<NameRef>& names, bool places) {
    for (const NameRef& n : names) {
      if (!n.id.empty() || n.name.empty() || around.field_authorities.contains(n.name)) continue;
      for (const Authority* a : snapshot->find_named(n.name)) {
        if ((a->kind == "place") != places) continue;
        around.authorities.emplace(a->id, DocumentSurroundings::AuthorityLabel{a->name, a->kind, authority_path(a->kind, a->id)});
        around.field_authorities.emplace(n.name, a->id);
        break;
      }
    }
  };
  add_field(record.places, true);
  add_field(record.organisations, false);
  add_field(record.people, false);
}
Result<std::optional<Annotation>> restriction_as_shown(Archive& archive, const Record& shown, bool earlier) {
  auto own = archive.restriction(shown);
  if (!own || *own || !earlier) return own;
  auto current = archive.record(shown.id);
  if (!current) return std::unexpected(current.error());
  return archive.restriction(*current);
}

namespace {

std::string iso_from_days(std::int64_t days) {
  if (days == 0) return {};
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  std::int64_t doe = days - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// The listing's days as the date they were: a day, a whole month
// ("1958-11"), a whole year ("1958"), else a span ("a/b").
std::string iso_from_span(std::int64_t first, std::int64_t last) {
  const std::string from = iso_from_days(first);
  if (from.empty() || last <= first) return from;
  const std::string to = iso_from_days(last);
  const bool from_starts_month = from.ends_with("-01");
  const bool to_ends_month = iso_from_days(last + 1).ends_with("-01");
  if (from_starts_month && to_ends_month && from.compare(0, 7, to, 0, 7) == 0) return from.substr(0, 7);
  if (from.compare(4, 6, "-01-01") == 0 && to.compare(4, 6, "-12-31") == 0 && from.compare(0, 4, to, 0, 4) == 0) {
    return from.substr(0, 4);
  }
  return from + "/" + to;
}

RecordLink link_from(const Revision& revision) {
  return RecordLink{revision.id, revision.meta.title, iso_from_span(revision.meta.date_first, revision.meta.date_last)};
}

// Collects the distinct record ids of `collection` and its parts: a volume
// may list its documents and its chapters list them again.
void collect_ids(Archive& archive, const Collection& collection, int depth, std::set<std::string>& ids) {
  ids.insert(collection.record_ids.begin(), collection.record_ids.end());
  if (collection.record_ids.empty()) {
    if (auto children = archive.store().children(EntityKind::kRecord, collection.id)) {
      for (const Revision& r : *children) ids.insert(r.id);
    }
  }
  if (depth >= 4) return;
  if (auto subs = archive.collections(collection.id)) {
    for (const Collection& sub : *subs) collect_ids(archive, sub, depth + 1, ids);
  }
}

}  // namespace

std::int64_t count_records(Archive& archive, const Collection& collection) {
  std::set<std::string> ids;
  collect_ids(archive, collection, 0, ids);
  return static_cast<std::int64_t>(ids.size());
}

Result<std::vector<RecordLink>> recent_records(Archive& archive, int limit) {
  auto last_seq = archive.store().last_seq();   // not stats(), which counts
  if (!last_seq) return std::unexpected(last_seq.error());
  std::vector<RecordLink> recent;
  std::set<std::string> seen;
  // Walk the change log backwards in windows until enough records are found.
  std::int64_t end = *last_seq;
  constexpr int kWindow = 500;
  for (int round = 0; round < 20 && end > 0 && static_cast<int>(recent.size()) < limit; ++round) {
    std::int64_t after = std::max<std::int64_t>(0, end - kWindow);
    // Titles and dates are beside the JSON, which is not read (nor decompressed).
    auto changes = archive.store().changes_since(after, kWindow, /*with_json=*/false);
    if (!changes) return std::unexpected(changes.error());
    for (auto it = changes->rbegin(); it != changes->rend() && static_cast<int>(recent.size()) < limit; ++it) {
      if (it->kind != EntityKind::kRecord || it->seq > end || !seen.insert(it->id).second) continue;
      if (it->deleted) continue;
      recent.push_back(link_from(*it));
    }
    end = after;
  }
  return recent;
}

std::optional<RecordLink> record_link(Archive& archive, const std::string& id) {
  auto latest = archive.store().latest_meta(EntityKind::kRecord, id);
  if (!latest || !latest->has_value()) return std::nullopt;
  return link_from(**latest);
}

std::vector<FacetValue> overview_facet(Archive& archive, const std::string& facet) {
  SearchRequest request;
  request.limit = 0;
  request.want_snippets = false;
  request.facet_limit = 500;
  // An empty query matches everything; an open date range is the fallback.
  for (const char* query : {"", "date:..9999"}) {
    request.query = query;
    auto results = archive.search(request);
    if (!results) continue;
    auto found = results->facets.find(facet);
    if (found == results->facets.end() || found->second.empty()) continue;
    std::vector<FacetValue> values = found->second;
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) { return a.value < b.value; });
    return values;
  }
  return {};
}

std::int64_t count_in_range(Archive& archive, const std::string& range) {
  SearchRequest request;
  request.query = "date:" + range;
  request.limit = 0;
  request.want_facets = false;
  request.want_snippets = false;
  auto results = archive.search(request);
  return results ? results->total : 0;
}

namespace {

// The search `params` asks, with another query (mended, read otherwise).
std::function<SearchRequest(const std::string&)> asked_with(const SearchParams& params) {
  return [&params](const std::string& query) {
    SearchParams tried = params;
    tried.q = query;
    return to_search_request(tried);
  };
}

}  // namespace

std::optional<MendedQuery> mended_query(Archive& archive, const SearchParams& params) {
  std::optional<MendedQuery> mended = mended_search(archive, params.q, asked_with(params));
  if (mended && mended->query.size() > kMaxQueryBytes) return std::nullopt;   // a page could not ask it
  return mended;
}

std::optional<CorrespondenceOffer> correspondence_offer(Archive& archive, const SearchParams& params) {
  std::optional<CorrespondenceOffer> offer = correspondence_search(archive, params.q, asked_with(params));
  if (offer && offer->reading.query.size() > kMaxQueryBytes) return std::nullopt;
  return offer;
}

std::optional<DatedOffer> dated_offer(Archive& archive, const SearchParams& params) {
  std::optional<DatedOffer> offer = dated_search(archive, params.q, asked_with(params));
  if (offer && offer->reading.query.size() > kMaxQueryBytes) return std::nullopt;
  return offer;
}

namespace {

// Reads collections for one page: through the site's collection cache when it
// keeps one (the store version read once, before the first read), else from
// the archive.
class CollectionSource {
 public:
  CollectionSource(Site& site, Archive& archive) : site_(site), archive_(archive) {}

  Result<std::shared_ptr<const Collection>> get(const std::string& id) {
    if (const std::optional<std::int64_t> version = cache_version()) {
      return site_.collections->get(archive_, id, *version);
    }
    auto read = archive_.collection(id);
    if (!read) return std::unexpected(read.error());
    return std::make_shared<const Collection>(std::move(*read));
  }

  Result<std::shared_ptr<const CollectionRecords>> records(const Collection& collection) {
    if (const std::optional<std::int64_t> version = cache_version()) {
      return site_.collections->records(archive_, collection, *version);
    }
    auto read = read_collection_records(archive_, collection);
    if (!read) return std::unexpected(read.error());
    return std::shared_ptr<const CollectionRecords>(std::move(*read));
  }

  std::vector<std::pair<std::string, std::string>> trail(const std::string& id) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string current = id;
    for (int depth = 0; depth < 8 && !current.empty(); ++depth) {
      auto collection = get(current);
      if (!collection) break;
      out.emplace_back((*collection)->id, (*collection)->title);
      current = (*collection)->parent;
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  std::optional<std::int64_t> cache_version() {
    if (!site_.collections || !site_.versions) return std::nullopt;
    if (!version_read_) {
      // The answer's own reading of the version (Dispatcher pins it), else a new one.
      store_version_ = archive_.pinned_store_version();
      if (!store_version_) store_version_ = site_.versions->store_version();
      version_read_ = true;
    }
    return store_version_;
  }

  Site& site_;
  Archive& archive_;
  bool version_read_ = false;
  std::optional<std::int64_t> store_version_;
};

}  // namespace

// How much of a collection's title (and of its volume's) a label shows.
constexpr std::size_t kLabelBytes = 70;

CitedEdition cited_edition(Site& site, Archive& archive, const Record& record) {
  CitedEdition edition;
  if (!is_edition_document(record) || record.collections.empty()) return edition;
  auto volume = CollectionSource(site, archive).get(record.collections.front());
  if (volume && *volume) edition.editors = (*volume)->editors;
  return edition;
}

std::vector<std::pair<std::string, std::string>> collection_trail(Site& site, Archive& archive, const std::string& id) {
  return CollectionSource(site, archive).trail(id);
}

std::vector<CollectionTrail> record_trails(Site& site, Archive& archive, const std::vector<Hit>& hits,
                                           const std::vector<std::string>& label_ids, CollectionLabels* labels) {
  std::vector<CollectionTrail> trails(hits.size());
  CollectionSource source(site, archive);
  if (labels != nullptr) {
    for (const std::string& id : label_ids) {
      const CollectionTrail trail = source.trail(id);
      if (trail.empty() || trail.back().first != id) continue;
      auto title_of = [](const std::pair<std::string, std::string>& level) {
        return level.second.empty() ? level.first : level.second;
      };
      std::string volume = title_of(trail.front());
      if (auto top = source.get(trail.front().first)) volume = without_series(volume, (*top)->series);
      std::string label = shortened(trail.size() == 1 ? volume : title_of(trail.back()), kLabelBytes);
      if (trail.size() > 1) label += " (" + shortened(volume, kLabelBytes) + ")";
      labels->emplace(id, std::move(label));
    }
  }
  // The index keeps each record's collection; an index built before it did
  // leaves the store to say.
  std::vector<std::optional<std::string>> parents(hits.size());
  std::vector<std::string_view> unknown;
  std::vector<std::size_t> unknown_at;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].collection) {
      parents[i] = hits[i].collection;
    } else {
      unknown.push_back(hits[i].id);
      unknown_at.push_back(i);
    }
  }
  if (!unknown.empty()) {
    auto read = archive.store().parents_of(EntityKind::kRecord, unknown);
    if (read) {
      for (std::size_t k = 0; k < unknown.size(); ++k) parents[unknown_at[k]] = std::move((*read)[k]);
    }
  }
  std::unordered_map<std::string, std::size_t> first_of_parent;   // a parent -> the first hit in it
  for (std::size_t i = 0; i < hits.size(); ++i) {
    std::optional<std::string>& parent = parents[i];
    if (!parent || parent->empty()) continue;
    auto [it, inserted] = first_of_parent.emplace(std::move(*parent), i);
    trails[i] = inserted ? source.trail(it->first) : trails[it->second];
  }
  return trails;
}

Result<std::shared_ptr<CollectionRecords>> read_collection_records(Archive& archive, const Collection& collection) {
  if (!collection.record_ids.empty()) return std::make_shared<CollectionRecords>(collection.record_ids);
  auto children = archive.store().children(EntityKind::kRecord, collection.id);
  if (!children) return std::unexpected(children.error());
  std::vector<std::string> ids;
  std::vector<std::optional<RecordLink>> links;
  ids.reserve(children->size());
  links.reserve(children->size());
  for (const Revision& revision : *children) {
    ids.push_back(revision.id);
    links.push_back(link_from(revision));
  }
  return std::make_shared<CollectionRecords>(std::move(ids), std::move(links));
}

RecordLinksPage collection_records(Site& site, Archive& archive, const Collection& collection, std::size_t offset,
                                   std::size_t limit) {
  RecordLinksPage page;
  std::vector<RecordLink>& links = page.links;
  CollectionSource source(site, archive);
  // Read through the cache (when it keeps the collection, its records and
  // their links are kept beside it).
  auto kept = source.get(collection.id);
  auto records = source.records(kept ? **kept : collection);
  if (!records) return page;
  std::shared_ptr<const CollectionRecords> listed = *records;
  if (!listed) {
    auto read = read_collection_records(archive, collection);
    if (!read) return page;
    listed = std::move(*read);
  }
  const std::vector<std::string>& ids = listed->ids();
  page.total = ids.size();
  const std::size_t begin = std::min(offset, ids.size());
  const std::size_t end = begin + std::min(limit, ids.size() - begin);
  links.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    std::optional<RecordLink> link = listed->link(archive, i);
    links.push_back(link ? std::move(*link) : RecordLink{ids[i], ids[i], ""});
  }
  return page;
}

CollectionPlace collection_place(Site& site, Archive& archive, const std::string& collection_id,
                                 const std::string& id) {
  CollectionPlace place;
  CollectionSource source(site, archive);
  place.trail = source.trail(collection_id);
  auto collection = source.get(collection_id);
  if (!collection) return place;
  auto records = source.records(**collection);
  if (!records) return place;
  if (!*records) {
    // Too many to keep: the collection's own list, looked through.
    const std::vector<std::string>& ids = (*collection)->record_ids;
    auto at = std::find(ids.begin(), ids.end(), id);
    if (at == ids.end()) return place;
    if (at != ids.begin()) place.previous = record_link(archive, *(at - 1));
    if (at + 1 != ids.end()) place.next = record_link(archive, *(at + 1));
    return place;
  }
  const CollectionRecords& listed = **records;
  const std::optional<std::size_t> at = listed.find(id);
  if (!at) return place;
  if (*at > 0) place.previous = listed.link(archive, *at - 1);
  if (*at + 1 < listed.ids().size()) place.next = listed.link(archive, *at + 1);
  return place;
}

std::vector<std::string> person_queries(const std::string& id, const Person* person) {
  std::vector<std::string> queries = {field_query("person", id)};
  if (person != nullptr && !person->name.empty()) {
    std::string by_name = field_query("person", person->name);
    std::size_t comma = person->name.find(',');
    if (comma != std::string::npos && comma > 0) {
      by_name += " OR " + field_query("person", person->name.substr(0, comma));
    }
    queries.push_back(by_name);
  }
  return queries;
}

std::string field_query(const std::string& field, const std::string& value) {
  std::string clean;
  for (char c : value) {
    if (c != '"') clean.push_back(c);
  }
  return field + ":\"" + clean + "\"";
}

bool CollectionAccess::record_closed(const std::string& id) const {
  return !record_withdrawn(id) && (restriction.has_value() || std::binary_search(closed.begin(), closed.end(), id));
}

bool CollectionAccess::record_withdrawn(const std::string& id) const {
  return std::binary_search(withdrawn.begin(), withdrawn.end(), id);
}

void describe_withdrawn(Archive& archive, const CollectionAccess& access, std::vector<RecordLink>& links) {
  if (access.withdrawn.empty()) return;
  for (RecordLink& link : links) {
    if (!access.record_withdrawn(link.id)) continue;
    auto withdrawal = archive.withdrawal(link.id);
    if (!withdrawal || !*withdrawal) continue;
    const Record& last = (*withdrawal)->last;
    if ((*withdrawal)->annotation.hide_description) {
      link.title = "A withdrawn document";
      link.date.clear();
      continue;
    }
    if (!last.title.empty()) link.title = last.title;
    link.date = last.date.known() ? iso_from_span(last.date.first_day(), last.date.last_day()) : std::string();
  }
}

Result<CollectionAccess> collection_access(Archive& archive, const Collection& collection,
                                           const std::vector<std::pair<std::string, std::string>>& trail) {
  CollectionAccess access;
  std::vector<std::string> around;   // the collections around it, outermost first
  for (const auto& [id, title] : trail) around.push_back(id);
  auto restriction = archive.restriction_of(collection.id, around);
  if (!restriction) return std::unexpected(restriction.error());
  access.restriction = std::move(*restriction);
  auto closed = archive.restricted_targets();
  if (!closed) return std::unexpected(closed.error());
  access.closed = std::move(*closed);
  auto withdrawn = archive.withdrawn_records();
  if (!withdrawn) return std::unexpected(withdrawn.error());
  access.withdrawn = std::move(*withdrawn);
  return access;
}

Result<std::shared_ptr<const oai::SetTree>> read_set_tree(const Site& site, Store& store) {
  auto version = store.last_seq();
  if (!version) return std::unexpected(version.error());
  if (site.oai_sets) {
    if (auto kept = site.oai_sets->get(*version)) return kept;
  }
  auto collections = store.list_meta(EntityKind::kCollection);
  if (!collections) return std::unexpected(collections.error());
  std::vector<oai::CollectionNode> nodes;
  nodes.reserve(collections->size());
  for (Revision& rev : *collections) {
    nodes.push_back({std::move(rev.id), std::move(rev.meta.parent), std::move(rev.meta.title), rev.meta.position});
  }
  auto tree = std::make_shared<const oai::SetTree>(std::move(nodes));
  if (site.oai_sets) site.oai_sets->put(*version, tree);
  return tree;
}

bool ClosedRecords::record(const oai::SetTree& sets, const Revision& rev) const {
  if (targets_.empty() || rev.deleted) return false;
  if (targets_.contains(rev.id)) return true;
  return collection(sets, rev.meta.parent);
}

bool ClosedRecords::collection(const oai::SetTree& sets, std::string_view id) const {
  if (targets_.empty() || id.empty()) return false;
  for (const oai::SetTree::Set* set : sets.sets_around(id)) {
    if (targets_.contains(set->collection)) return true;
  }
  return targets_.contains(std::string(id));
}

}  // namespace chancery::web
