// Read-only questions the pages ask of the archive that are not a single
// Archive call: counts per collection, recently added records, date overviews,
// neighbours in a collection. Built from existing Archive/Store/index calls.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "archive/archive.h"
#include "archive/mended_search.h"
#include "util/error.h"
#include "web/citation_styles.h"
#include "web/collection_cache.h"
#include "web/oai_pmh.h"
#include "web/search_params.h"
#include "web/views.h"

namespace chancery::web {

struct Site;

// A search page's refused query mended (archive/mended_search.h), with its
// filters and dates, within a search page's query length; nullopt as there.
std::optional<MendedQuery> mended_query(Archive& archive, const SearchParams& params);

// A search page's query read as a request for correspondence
// (archive/mended_search.h), with its filters and dates; nullopt as there or
// when the reading is longer than a search page's query.
std::optional<CorrespondenceOffer> correspondence_offer(Archive& archive, const SearchParams& params);

// A search page's query with its written date read as a date
// (archive/mended_search.h dated_search), under the page's filters and
// dates; nullopt when it writes none or the reading finds nothing.
std::optional<DatedOffer> dated_offer(Archive& archive, const SearchParams& params);

// The known names in `record` (NameSnapshot::all_mentions, from site.names).
// Empty when the site has no names directory.
std::vector<RecordMention> record_mentions(Site& site, const Record& record);

// The names layer's part of a document page: the record's mentions, the
// preferred name and kind of every authority they refer to, and the
// organisation and place authorities of the record's fields. Leaves `around`
// as it is when the site has no names directory. `store_version`: the
// answer's pinned version of the store (Archive::pinned_store_version), if
// any: while it is unchanged the names directory reads nothing of the store.
void add_names(Site& site, const Record& record, DocumentSurroundings& around,
               std::optional<std::int64_t> store_version = std::nullopt);

// The restriction in force on a revision shown to a reader, `shown`: its own
// (Archive::restriction), and for an earlier revision (`earlier`) also the one
// on the record as it is now, in the collections it is in now: an old text is
// never more open than the current one.
Result<std::optional<Annotation>> restriction_as_shown(Archive& archive, const Record& shown, bool earlier);

// Records in `collection` and all its sub-collections (depth-limited).
std::int64_t count_records(Archive& archive, const Collection& collection);

// Up to `limit` records most recently added or changed, newest first, from the
// store's change log.
Result<std::vector<RecordLink>> recent_records(Archive& archive, int limit);

// The title and date of a record from the store's listing data (no JSON parse);
// nullopt when it does not exist.
std::optional<RecordLink> record_link(Archive& archive, const std::string& id);

// Counts of facet `facet` ("decade", "year") over the whole archive, ordered
// by value. Empty when the index cannot say.
std::vector<FacetValue> overview_facet(Archive& archive, const std::string& facet);

// Documents whose date falls in `range` ("1956-11"): total only.
std::int64_t count_in_range(Archive& archive, const std::string& range);

// What citing `record` takes beyond it: the editors of the edition whose
// document it is (its outermost collection, read through site.collections
// when the site keeps them). None for a record cited as an archival
// document, or when the collection cannot be read (cited without them).
CitedEdition cited_edition(Site& site, Archive& archive, const Record& record);

// The collections from the outermost to `id` itself: (id, title) pairs.
// Collections are read through site.collections when the site keeps them.
std::vector<std::pair<std::string, std::string>> collection_trail(Site& site, Archive& archive, const std::string& id);

// Who may read a collection's documents: the restriction closing the
// collection itself (its own or one around it), and the ids of every record
// and collection closed today, sorted (Archive::restricted_targets).
struct CollectionAccess {
  std::optional<Annotation> restriction;
  std::vector<std::string> closed;
  std::vector<std::string> withdrawn;   // Archive::withdrawn_records
  // Whether the listed record `id` of the collection is closed (withdrawn).
  bool record_closed(const std::string& id) const;
  bool record_withdrawn(const std::string& id) const;
};
// Gives the withdrawn records among `links` (whose store entries are
// tombstones) the title and date they had when withdrawn.
void describe_withdrawn(Archive& archive, const CollectionAccess& access, std::vector<RecordLink>& links);
// `trail`: the collections around it, as collection_trail gives them.
Result<CollectionAccess> collection_access(Archive& archive, const Collection& collection,
                                           const std::vector<std::pair<std::string, std::string>>& trail);

// The collections of each of `hits`: collection_trail of the record's
// innermost collection as the index keeps it (Hit::collection), or, from an
// index built before it did, as the store's list of current entities gives it
// (Store::parents_of, one read for all such hits); empty for a record in no
// collection. Hits of one collection share a trail.
//
// With `labels`, also names each collection of `label_ids` (the values of a
// collection facet, say) for people: its title without the series it
// repeats, and for a part of a volume the volume's too: "Soviet Union
// (1961–1963, Volume V, Soviet Union)". Ids the archive lacks get none.
using CollectionLabels = std::unordered_map<std::string, std::string>;
std::vector<CollectionTrail> record_trails(Site& site, Archive& archive, const std::vector<Hit>& hits,
                                           const std::vector<std::string>& label_ids = {},
                                           CollectionLabels* labels = nullptr);

// Where a document stands in its collection `collection`: the collections
// from the outermost to `collection` (as collection_trail gives them) and the
// record before and after `id` in the collection's published order. Reads
// through site.collections when the site keeps them (the store version read
// once for both).
struct CollectionPlace {
  std::vector<std::pair<std::string, std::string>> trail;
  std::optional<RecordLink> previous;
  std::optional<RecordLink> next;
};
CollectionPlace collection_place(Site& site, Archive& archive, const std::string& collection, const std::string& id);

// The records of `collection` in published order: its record_ids (their
// links read when asked for), else the store's children of it (with theirs).
Result<std::shared_ptr<CollectionRecords>> read_collection_records(Archive& archive, const Collection& collection);

// Records [offset, offset + limit) of `collection` in published order with
// their titles and dates (a record the store lacks: its id as title), read
// through site.collections when the site keeps them, and how many it has.
// Only the records of the page are read.
struct RecordLinksPage {
  std::vector<RecordLink> links;
  std::size_t total = 0;
};
RecordLinksPage collection_records(Site& site, Archive& archive, const Collection& collection, std::size_t offset = 0,
                                   std::size_t limit = static_cast<std::size_t>(-1));

// Queries that find the documents of a person, most precise first: by
// authority id, then by the full listed name or the surname ("Khrushchev"
// from "Khrushchev, Nikita Sergeyevich"). The index keys people by name, so a
// volume's persons list is matched through the names its documents use.
std::vector<std::string> person_queries(const std::string& id, const Person* person);

// A query term for a field value: person:"frus1955-57v25/p_AS1" (quotes removed from the value).
std::string field_query(const std::string& field, const std::string& value);

// The live collections as a tree (the OAI-PMH sets), built once for each
// state of the store (Site::oai_sets keeps it).
Result<std::shared_ptr<const oai::SetTree>> read_set_tree(const Site& site, Store& store);

// Records and collections closed to readers today (Archive::restricted_targets),
// with everything inside a closed collection: OAI-PMH reports such records as
// deleted, the sitemap leaves them out.
class ClosedRecords {
 public:
  explicit ClosedRecords(const std::vector<std::string>& targets) : targets_(targets.begin(), targets.end()) {}
  bool any() const { return !targets_.empty(); }
  // A live record closed itself or by a collection around it.
  bool record(const oai::SetTree& sets, const Revision& rev) const;
  // A collection closed itself or by a collection around it.
  bool collection(const oai::SetTree& sets, std::string_view id) const;

 private:
  std::unordered_set<std::string> targets_;
};

}  // namespace chancery::web
