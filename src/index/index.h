// The search index interface. Xapian implements it (xapian_index.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/record.h"
#include "util/error.h"
#include "util/word_tokenizer.h"

namespace chancery {

enum class SortOrder { kRelevance, kDateAscending, kDateDescending };

struct SearchRequest {
  std::string query;                 // the query syntax documented in README.md
  int offset = 0;
  int limit = 10;                    // at most 1000
  SortOrder sort = SortOrder::kRelevance;
  // Facet filters that combine (AND across facets, OR within one): {"year","1956"}.
  std::vector<std::pair<std::string, std::string>> filters;
  bool want_facets = true;
  bool want_snippets = true;
  int facet_limit = 20;              // values per facet
  // Answer on the calling thread alone, never with the index's helper thread
  // (a server with requests waiting: each search on one thread serves more
  // of them than two threads on one search).
  bool one_thread = false;
  // Left out whatever the query asks, counts included: for each id, the
  // record with that id and every record in the collection with that id.
  std::vector<std::string> exclude;
  // Archive::search fills `exclude` with the restricted records and
  // collections unless this is set (an archivist's own search).
  bool include_restricted = false;
};

struct Hit {
  std::string id;
  std::string title;
  std::string date;       // ISO, precision as known
  std::string snippet;    // HTML-safe: text escaped, matches wrapped in <mark>...</mark>
  double score = 0;
  // The innermost collection of the record ("" for none); nullopt when the
  // index does not say (built before it kept it).
  std::optional<std::string> collection;
  // The words of `title` the query matched (byte ranges, in order), as the
  // document page marks them.
  std::vector<std::pair<std::size_t, std::size_t>> title_marks;
  // Set when the snippet comes from one of the record's notes: its text has
  // no match and the note has (index_terms::kNotesSlot).
  struct FromNote {
    std::size_t position = 0;   // among the record's notes, 1, 2, ...
    std::string number;         // Note::number
    bool source = false;        // the source note
  };
  std::optional<FromNote> snippet_note;
};

struct FacetValue {
  std::string value;
  std::int64_t count = 0;
};

// A collection's own text (a volume's preface, its sources) that a query
// matched: index/collection_text_search.h.
struct CollectionTextHit {
  std::string collection_id;
  std::string text_id;   // CollectionText::id ("preface", "sources")
  std::string title;     // CollectionText::title, else its id
  std::string snippet;   // HTML-safe, the query's words in <mark>
};

// An entry of a volume's printed index whose heading is what a reader
// searched for, and the heading it sends the reader to: "Soekarno. see
// Sukarno."; "Sukarno (Soekarno)" names Sukarno also so.
struct IndexCrossReference {
  std::string collection_id;   // the volume
  std::string heading;         // as printed: "Soekarno", "Agrarian reform"
  std::string target;          // as printed: "Sukarno", "Land reform program"
  std::string how;             // "see", "see also", or "also" (the heading's bracketed other name)
  bool operator==(const IndexCrossReference&) const = default;
};

struct CollectionTextResults {
  std::size_t total = 0;   // texts that match (exact)
  std::vector<CollectionTextHit> hits;   // the best `limit` of them, best first
  // Entries of printed indexes headed by the query (at most kMaxIndexCrossReferences).
  std::vector<IndexCrossReference> references;
};
inline constexpr std::size_t kMaxIndexCrossReferences = 32;

// A wildcard searched for fewer words than start so (index/wildcards.h), for
// the reader.
struct LimitedWildcard {
  std::string pattern;              // as the query writes it: "s*"
  std::vector<std::string> words;   // searched for (folded), the most frequent first
  std::size_t starting = 0;         // the index's words that start so
  bool operator==(const LimitedWildcard&) const = default;
};

struct SearchResults {
  std::int64_t total = 0;            // matching documents
  bool total_exact = true;
  std::vector<Hit> hits;
  // Facet name ("year", "decade", "language", "type", "collection", "archive",
  // "person", "place") -> values by count, descending.
  std::map<std::string, std::vector<FacetValue>> facets;
  // False when the facet counts were scaled up from a sample of the matches
  // (then each count is an estimate, shown as "about N").
  bool facets_exact = true;
  std::string suggestion;            // "did you mean", empty if none
  // What the search also looked for (ParsedQuery): other spellings of the
  // names in the query, as the records write them ("USSR", "MacArthur";
  // folded where none does: text_words.h), and glossary entries its words
  // stand for.
  std::vector<std::string> other_spellings;
  std::vector<std::string> glossary_entries;
  // Wildcards searched for their most frequent words only (wildcards.h).
  std::vector<LimitedWildcard> limited_wildcards;
  // The record or collection id the query was the address or the citation
  // of, pasted rather than searched (addresses.h): the hits are that record
  // or the collection's records. "" for a search.
  std::string addressed;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Adds or replaces the record's document (keyed by record id). `editorial`:
  // the texts of editors' corrections and notes on the record
  // (Archive::annotations), whose words then find it like its own. Taken by
  // value: an index that writes in the background keeps the record queued,
  // and a caller done with it moves it in.
  virtual Result<void> put(Record record, std::vector<std::string> editorial) = 0;
  Result<void> put(Record record) { return put(std::move(record), {}); }
  virtual Result<void> remove(const std::string& id) = 0;
  // A glossary entry or name variant: queries for either side also find the other.
  virtual Result<void> add_synonym(const std::string& term, const std::string& synonym) = 0;
  // Makes pending changes durable and records `seq` as the last store change applied.
  virtual Result<void> commit(std::int64_t seq) = 0;
  // The same, but may return before the commit is done (a long import goes
  // on meanwhile): applied_seq() reaches `seq` once it is, and a failure is
  // reported by a later call.
  virtual Result<void> checkpoint(std::int64_t seq) { return commit(seq); }
  virtual std::int64_t applied_seq() const = 0;
  // True when the index could take more work now: some part of it that
  // writes in the background has nothing left to do (an importer then hands
  // it what it has, rather than let it wait). Never, for an index that
  // writes as it is called.
  virtual bool wants_work() { return false; }

  // Fails with kInvalidInput (message says what is wrong) for a malformed or
  // over-limit query.
  virtual Result<SearchResults> search(const SearchRequest& request) = 0;
  // Records most like `id` (relevance feedback), excluding it and what
  // `exclude` names (as SearchRequest::exclude): id, title and date, no snippet.
  // `one_thread` as SearchRequest::one_thread.
  virtual Result<std::vector<Hit>> similar(const std::string& id, int limit, const std::vector<std::string>& exclude,
                                           bool one_thread) = 0;
  Result<std::vector<Hit>> similar(const std::string& id, int limit, const std::vector<std::string>& exclude) {
    return similar(id, limit, exclude, /*one_thread=*/false);
  }
  Result<std::vector<Hit>> similar(const std::string& id, int limit) { return similar(id, limit, {}); }

  // The words of each of `texts` that `query` matched, in text order, as a
  // hit's snippet marks them (for marking a document opened from a search:
  // its title, blocks and notes). Fails as search() does on a malformed
  // query. An index that cannot tell gives no words.
  virtual Result<std::vector<std::vector<Word>>> matched_words(const std::string& query,
                                                               const std::vector<std::string_view>& texts) {
    (void)query;
    return std::vector<std::vector<Word>>(texts.size());
  }

  // Ids of all indexed records, sorted (for `chancery check`).
  virtual Result<std::vector<std::string>> all_ids() = 0;
  virtual std::int64_t doc_count() = 0;
  // Sees changes committed by another process (the server calls this).
  virtual Result<void> refresh() = 0;
  // Makes now what the first search of the revision being read would
  // otherwise make on its way (the facet table, about 0.3 s at a million
  // records; the names lookups' tables, NameHooks::load), so that no visitor
  // waits for it. The server calls it at start, for every worker.
  virtual Result<void> warm_up() { return {}; }
  // Names the committed state this reader sees: the same text as long as it
  // sees the same documents, another after refresh() brought in changes (or
  // the index was rebuilt). Empty when it cannot say (a writer, whose state
  // moves with every flush); callers that keep answers then keep none.
  virtual std::string revision() { return {}; }
};

}  // namespace chancery
