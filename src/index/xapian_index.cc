#include "index/xapian_index.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "index/bulk_load.h"
#include "index/date_query.h"
#include "index/date_ranking.h"
#include "index/facets.h"
#include "index/glossary_forms.h"
#include "index/index_compaction.h"
#include "index/index_terms.h"
#include "index/text_words.h"
#include "index/match_counting.h"
#include "index/related_table.h"
#include "index/shard_feed.h"
#include "index/shard_placement.h"
#include "index/shard_ranking.h"
#include "index/shard_writer.h"
#include "index/snippets.h"
#include "index/wildcards.h"
#include "index/word_pairs.h"
#include "util/helper_thread.h"
#include "util/text_fold.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

namespace t = index_terms;

constexpr int kMaxLimit = 1000;
constexpr int kMinCheckAtLeast = 1000;   // exact totals for modest match sets
// Phrases with at least this many candidates are counted on the other core
// while they are ranked (search_locked). Measured on the 22 volumes with the
// hits made meanwhile: "Tito Yugoslavia aid" (587 candidates) 2.6-2.9 ->
// 2.0-2.4 ms, phrases of 45-405 candidates the same or 0.1 ms faster.
constexpr Xapian::doccount kMinEarlyCount = 32;
// A date-sorted query is ranked from its first years (date_ranking.h) when
// Xapian estimates at least this many matches: ranking fewer in one match
// costs less than the walk. A phrase needs kMinPositionalYearWalkMatches:
// how many of its candidates hold it is not known before they are checked,
// and where few do (synthetic text, where `"Voice of America"` went 0.8 ->
// 3.6 ms at 100,000 records walked as a word is) the walk checks them in parts
// and then in one match; Xapian estimates a phrase from its candidates alone, and
// only for many does one match cost more than the first years (1M records:
// `"Soviet Union"`, estimated at 80,000, against `"test ban"` at 2,000). For pages
// within the first kMaxYearWalkHits hits, and queries of at most
// kMaxYearWalkTerms terms (a name's spellings and keys make many, which cost
// a lookup each).
constexpr Xapian::doccount kMinYearWalkMatches = 2000;
constexpr Xapian::doccount kMinPositionalYearWalkMatches = 20000;
// A phrase with a pair term for every two adjacent words ("Secretary of
// State": paired_phrase_candidates()) has candidates that nearly all hold it,
// so their number estimates its matches as well as a word's postings do, and
// it walks as a word would: on the 22 volumes `"Secretary of State"` by date
// (its rarer pair in 2,283 records, 1,983 matches; Xapian estimated 200) 4.97 -> 2.35 ms.
constexpr Xapian::doccount kMinPairedPhraseYearWalkMatches = kMinYearWalkMatches;
constexpr std::ptrdiff_t kMaxYearWalkTerms = 12;
constexpr std::int64_t kMaxYearWalkHits = 1000;
// A search alone on the machine makes its hits (documents and snippets) on
// two threads when it has at least this many, each thread half of them.
constexpr std::size_t kMinSplitHits = 6;
// Searches running now, in every index of the process: a search splits its
// hits over two threads only when it is the only one (under load, the other
// cores are busy with other requests, and a thread per search costs more).
std::atomic<int> searches_running{0};
// Counts its scope as a search running (searches_running).
struct RunningSearch {
  RunningSearch() { searches_running.fetch_add(1, std::memory_order_relaxed); }
  ~RunningSearch() { searches_running.fetch_sub(1, std::memory_order_relaxed); }
  RunningSearch(const RunningSearch&) = delete;
  RunningSearch& operator=(const RunningSearch&) = delete;
};
// The words of a record that "more like this" looks for (Lucene's
// MoreLikeThis takes 25 too).
constexpr std::size_t kSimilarTerms = 25;
// A word in more than this share of the records (and in more than
// kSimilarMinCappedFreq of them) is too common to tell records apart, as
// Lucene's MoreLikeThis.setMaxDocFreqPct has it: its long posting list cost
// more than it told.
constexpr double kSimilarMaxFreqShare = 0.05;
constexpr Xapian::doccount kSimilarMinCappedFreq = 50;
// "More like this" answers a reader keeps (all dropped when full).
constexpr std::size_t kSimilarCacheEntries = 1024;
// Term frequencies a reader keeps for "more like this" and the query parser
// (all dropped when full), and synonym lists it keeps for the parser.
constexpr std::size_t kTermFreqCacheEntries = 200000;
constexpr std::size_t kSynonymCacheEntries = 50000;
constexpr std::size_t kMaxSynonymKeyBytes = 200;
constexpr std::string_view kDefaultStemmer = "english";
// Xapian's limit on the length of a term (the unique id term included).
constexpr std::size_t kXapianMaxTermBytes = 245;

// Runs `body`, turning Xapian (and allocation) exceptions into errors.
template <typename F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Xapian::InvalidArgumentError& e) {
    return fail(ErrorCode::kInvalidInput, std::string(what) + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::kStorage, std::string(what) + ": " + e.get_description());
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::kStorage, std::string(what) + ": out of memory");
  }
}

// Folded words of `text` joined by single spaces: the key of a synonym.
std::string folded_phrase(std::string_view text) {
  std::string out;
  for (const Word& word : split_words(text)) {
    if (!out.empty()) out += ' ';
    out += folded_word(text, word);
  }
  return out;
}

// Unprefixed, non-numeric words of some length: what "more like this" looks for.
bool free_text_word(std::string_view term) {
  if (term.size() < 3) return false;
  const auto c = static_cast<unsigned char>(term[0]);
  return (c >= 'a' && c <= 'z') || c >= 0x80;
}

// `text` with each run of whitespace one space, none at either end.
std::string single_spaced(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The words of a query that are marked wherever they stand: all but a
// phrase's, which are marked only together (matched_words' `loose`).
std::vector<QueryWord> words_that_stand_alone(const std::vector<QueryWord>& words) {
  std::vector<QueryWord> alone;
  for (const QueryWord& word : words) {
    if (!word.together || !word.prefix.empty()) alone.push_back(word);
  }
  return alone;
}

// A shard folder as a reader opened it: its path and its inode (a
// compaction puts a new folder under the same name).
struct ShardFolder {
  std::filesystem::path path;
  ino_t inode = 0;
  bool operator==(const ShardFolder&) const = default;
};

std::vector<ShardFolder> shard_folders(const std::filesystem::path& dir) {
  std::vector<ShardFolder> folders;
  for (std::filesystem::path& path : xapian_shard_paths(dir)) {
    struct stat st {};
    const ino_t inode = ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
    folders.push_back({std::move(path), inode});
  }
  return folders;
}

// A writer's hold on the index folder: its lock and, for a load from empty
// without syncing (bulk_load.h), the sync that ends it. The last member of
// XapianIndex to end, after every Xapian handle on the shards is closed.
struct WriterSession {
  std::filesystem::path dir;
  std::optional<IndexWriterLock> lock;
  bool unsynced = false;

  WriterSession() = default;
  WriterSession(std::filesystem::path d, IndexWriterLock l, bool u) : dir(std::move(d)), lock(std::move(l)), unsynced(u) {}
  WriterSession(WriterSession&& other) noexcept
      : dir(std::move(other.dir)), lock(std::move(other.lock)), unsynced(std::exchange(other.unsynced, false)) {}
  WriterSession& operator=(WriterSession&&) = delete;
  WriterSession(const WriterSession&) = delete;
  WriterSession& operator=(const WriterSession&) = delete;
  // A failed sync leaves the marker: the next writer rebuilds the index.
  ~WriterSession() {
    if (unsynced) (void)finish_unsynced_load(dir);
  }
};

class XapianIndex final : public SearchIndex {
 public:
  // A writer over `writers` (one per shard), or a reader over `parts`.
  // `folders`: where a reader's `parts` were opened from (empty for a writer).
  XapianIndex(std::filesystem::path dir, std::vector<ShardFolder> folders, std::vector<Xapian::WritableDatabase> writers,
              std::vector<Xapian::Database> parts, XapianIndexOptions options, WriterSession session = {})
      : session_(std::move(session)), dir_(std::move(dir)), shard_folders_(std::move(folders)),
        options_(std::move(options)), parts_(std::move(parts)) {
    for (Xapian::WritableDatabase& writer : writers) {
      parts_.push_back(writer);
      shards_.push_back(std::make_unique<ShardWriter>(std::move(writer), shards_.size(), options_.names,
                                                      options_.flush));
    }
    for (const Xapian::Database& part : parts_) db_.add_database(part);
    if (!shards_.empty()) {
      std::vector<ShardWriter*> shards;
      for (auto& shard : shards_) shards.push_back(shard.get());
      // An index that held no record when the writer opened holds only
      // what the feed placed.
      ShardFeed::Locate locate;
      if (db_.get_doccount() > 0) locate = [this](std::string_view id) { return committed_shard(id); };
      feed_ = std::make_unique<ShardFeed>(std::move(shards), std::move(locate));
    }
    load_metadata();
  }
  // A reader's: its mark on the index, held while it stands.
  void keep(IndexReaderMark mark) { reader_mark_ = std::move(mark); }

  // Hands every change on to the shards, which finish their queues as they stop.
  ~XapianIndex() override {
    if (feed_) (void)feed_->drain();
  }
  XapianIndex(const XapianIndex&) = delete;
  XapianIndex& operator=(const XapianIndex&) = delete;

  using SearchIndex::put;
  Result<void> put(Record record, std::vector<std::string> editorial) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    if (record.id.empty()) return fail(ErrorCode::kInvalidInput, "a record without an id cannot be indexed");
    // Checked here, not when the pipeline's document reaches Xapian: a
    // failure found there is reported by a later put() or by commit().
    if (t::kIdPrefix.size() + record.id.size() > kXapianMaxTermBytes) {
      return fail(ErrorCode::kInvalidInput, "record id too long to index: " + record.id.substr(0, 40) + "...");
    }
    if (any_failed()) return sync_all();
    feed_->put(std::move(record), std::move(editorial));
    return {};
  }

  Result<void> remove(const std::string& id) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    if (any_failed()) return sync_all();
    feed_->remove(id);
    return {};
  }

  Result<void> add_synonym(const std::string& term, const std::string& synonym) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    const std::string a = folded_phrase(term);
    const std::string b = folded_phrase(synonym);
    if (a.empty() || b.empty() || a == b) return {};
    if (a.size() > kMaxSynonymKeyBytes || b.size() > kMaxSynonymKeyBytes) {
      return fail(ErrorCode::kInvalidInput, "synonym too long: " + term);
    }
    // Synonyms live in the first shard (a search reads them from every shard).
    feed_->add_synonym(a, b);
    feed_->add_synonym(b, a);
    // An expansion with brackets is written so in no text: its forms
    // (glossary_forms.h) find the abbreviation too ("German Democratic
    // Republic": DDR). One way: the abbreviation is searched as the forms of
    // the expansion it names.
    for (const std::string& form : glossary_forms(synonym)) {
      const std::string f = folded_phrase(form);
      if (!f.empty() && f != a && f != b && f.size() <= kMaxSynonymKeyBytes) feed_->add_synonym(f, a);
    }
    // And how each is written, to be shown as the glossary has it.
    for (const auto& [key, written] : {std::pair{&a, &term}, std::pair{&b, &synonym}}) {
      std::string shown = single_spaced(*written);
      if (!shown.empty() && shown.size() <= kMaxSynonymKeyBytes) {
        feed_->add_synonym(std::string(t::kShownForm) + *key, std::move(shown));
      }
    }
    return {};
  }

  // Every shard commits the same applied seq (in parallel), with the
  // spelling words, stem groups and stemmer names of its own documents.
  Result<void> commit(std::int64_t seq) override {
    std::lock_guard lock(mutex_);
    if (auto r = queue_commit(seq); !r) return r;
    if (auto r = sync_all(); !r) return r;
    applied_seq_ = seq;
    return {};
  }

  // Queues the commit on every shard and returns: the shards commit while
  // the caller goes on; sync_all() moves applied_seq_ once they have.
  Result<void> checkpoint(std::int64_t seq) override {
    std::lock_guard lock(mutex_);
    return queue_commit(seq);
  }

  bool wants_work() override {
    std::lock_guard lock(mutex_);
    return feed_ && feed_->empty() && std::any_of(shards_.begin(), shards_.end(), [](const auto& shard) { return shard->idle(); });
  }

  std::int64_t applied_seq() const override {
    std::lock_guard lock(mutex_);
    return applied_seq_;
  }

  Result<SearchResults> search(const SearchRequest& request) override {
    std::lock_guard lock(mutex_);
    if (request.offset < 0) return fail(ErrorCode::kInvalidInput, "offset must not be negative");
    if (request.limit < 0 || request.limit > kMaxLimit) {
      return fail(ErrorCode::kInvalidInput, "limit must be between 0 and " + std::to_string(kMaxLimit));
    }
    if (auto r = sync_all(); !r) return std::unexpected(r.error());
    const RunningSearch running;
    return with_retry("searching", [&] { return search_locked(request); });
  }

  Result<std::vector<std::vector<Word>>> matched_words(const std::string& query,
                                                       const std::vector<std::string_view>& texts) override {
    std::lock_guard lock(mutex_);
    if (auto r = sync_all(); !r) return std::unexpected(r.error());
    return with_retry("marking the words of a query", [&]() -> Result<std::vector<std::vector<Word>>> {
      QueryParser parser = query_parser();
      auto parsed = parser.parse(query);
      if (!parsed) return std::unexpected(parsed.error());
      const Highlighter highlighter(parsed->words, stemmers_, parsed->unmarked);
      const std::vector<QueryWord> alone = words_that_stand_alone(parsed->words);
      std::optional<Highlighter> loose;
      if (alone.size() < parsed->words.size()) loose.emplace(alone, stemmers_, parsed->unmarked);
      std::vector<std::vector<Word>> out;
      out.reserve(texts.size());
      for (std::string_view text : texts) {
        out.push_back(chancery::matched_words(text, highlighter, loose ? &*loose : nullptr));
      }
      return out;
    });
  }

  Result<std::vector<Hit>> similar(const std::string& id, int limit, const std::vector<std::string>& exclude,
                                   bool one_thread) override {
    std::lock_guard lock(mutex_);
    if (limit < 0 || limit > kMaxLimit) {
      return fail(ErrorCode::kInvalidInput, "limit must be between 0 and " + std::to_string(kMaxLimit));
    }
    if (auto r = sync_all(); !r) return std::unexpected(r.error());
    const RunningSearch running;   // a search, as far as the helper thread goes (may_use_helper)
    return with_retry("finding records like " + id, [&]() -> Result<std::vector<Hit>> {
      // A record's similar records change only with the index: readers keep
      // the answers of the revision they read.
      std::optional<std::vector<Xapian::rev>> revision = reader_revision();
      check_memo();
      if (revision && *revision != similar_revision_) {
        similar_cache_.clear();
        similar_revision_ = std::move(*revision);
      }
      std::size_t excluded = exclude.size();
      for (const std::string& e : exclude) excluded = excluded * 31 + std::hash<std::string>{}(e);
      const SimilarKey key{id, limit, excluded};
      auto keep = [&](const std::vector<Hit>& hits) {
        if (similar_cache_.size() >= kSimilarCacheEntries) similar_cache_.clear();
        similar_cache_.emplace(key, hits);
      };
      if (revision) {
        if (auto found = similar_cache_.find(key); found != similar_cache_.end()) return found->second;
        // Found ahead (their titles read here: the answer is kept like a match's).
        if (std::shared_ptr<RelatedTable> table = related_table(similar_revision_)) {
          if (std::optional<std::vector<Hit>> found = similar_found_ahead(*table, id, limit, exclude)) {
            keep(*found);
            return *found;
          }
        }
      }
      auto hits = similar_locked(id, limit, exclude, one_thread);
      if (revision && hits) keep(*hits);
      return hits;
    });
  }

  Result<std::vector<std::string>> all_ids() override {
    std::lock_guard lock(mutex_);
    if (auto r = sync_all(); !r) return std::unexpected(r.error());
    return with_retry("listing ids", [&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> ids;
      const std::string prefix(t::kIdPrefix);
      for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
        ids.push_back((*it).substr(prefix.size()));
      }
      return ids;
    });
  }

  std::int64_t doc_count() override {
    std::lock_guard lock(mutex_);
    (void)sync_all();
    try {
      return static_cast<std::int64_t>(record_count());
    } catch (const Xapian::Error&) {
      return 0;
    }
  }

  std::string revision() override {
    std::lock_guard lock(mutex_);
    std::optional<std::vector<Xapian::rev>> revision = reader_revision();
    if (!revision) return {};
    try {
      return revision_text(*revision);
    } catch (const Xapian::Error&) {
      return {};
    }
  }

  Result<void> warm_up() override {
    std::lock_guard lock(mutex_);
    if (options_.names.load) options_.names.load();
    return guarded("reading the index's facet values", [&]() -> Result<void> {
      facet_table();
      if (std::optional<std::vector<Xapian::rev>> revision = reader_revision()) related_table(*revision);
      return {};
    });
  }

  Result<void> refresh() override {
    std::lock_guard lock(mutex_);
    if (!shards_.empty()) return {};  // a writer always sees its own changes
    if (options_.names.refresh) options_.names.refresh();
    return guarded("reopening the index", [&]() -> Result<void> {
      // A compaction replaces shard folders: Database::reopen() would go on
      // reading the old ones, so the new ones are opened afresh.
      if (std::vector<ShardFolder> now = shard_folders(dir_); now != shard_folders_) {
        std::vector<Xapian::Database> parts;
        for (const ShardFolder& folder : now) parts.emplace_back(folder.path.string());
        parts_ = std::move(parts);
        db_ = Xapian::Database();
        for (const Xapian::Database& part : parts_) db_.add_database(part);
        shard_folders_ = std::move(now);
        facet_table_.reset();
        similar_cache_.clear();
        shard_uuids_.clear();
      } else if (!db_.reopen()) {
        return {};   // the same revision: the helper's databases and the metadata stand
      }
      text_words_.clear();
      memo_ = RevisionMemo();
      helper_parts_.clear();
      helper_db_ = Xapian::Database();
      load_metadata();
      // The new revision's related records are found from now on; the old
      // one's table goes with its last reader.
      if (std::optional<std::vector<Xapian::rev>> revision = reader_revision()) related_table(*revision);
      return {};
    });
  }

 private:
  // True when the feed or a shard met a failure that sync_all() has not reported.
  bool any_failed() {
    return feed_->failed() || std::any_of(shards_.begin(), shards_.end(), [](const auto& shard) { return shard->failed(); });
  }

  // The shard whose commit holds record `id`, if any (the feed's Locate),
  // read through handles of its own (the shards' threads write meanwhile).
  // A record that was in the index when the writer opened stays in its
  // shard's commits until a change the feed sent there removes it; only
  // then, seen gone, can a new version go elsewhere. The handles move only
  // forward (to the latest commit when a shard's flushes have left theirs
  // behind), so an answer never goes back to before one already given: a
  // handle behind the shard at most keeps a record's new version where the
  // old one was.
  // Throws Xapian::Error. Called by the feed, under its lock.
  std::optional<std::size_t> committed_shard(std::string_view id) {
    if (lookup_.empty()) {
      for (const std::filesystem::path& path : xapian_shard_paths(dir_)) lookup_.emplace_back(path.string());
      if (lookup_.size() != shards_.size()) {
        lookup_.clear();
        throw Xapian::DatabaseError("the index in " + dir_.string() + " no longer has the shards its writer opened");
      }
    }
    const std::string term = std::string(t::kIdPrefix) + std::string(id);
    for (int attempt = 0;; ++attempt) {
      try {
        for (std::size_t i = 0; i < lookup_.size(); ++i) {
          if (lookup_[i].term_exists(term)) return i;
        }
        return std::nullopt;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 3) throw;
        for (Xapian::Database& shard : lookup_) shard.reopen();
      }
    }
  }

  // Queues a commit of `seq` on every shard (each writes its own spellings,
  // stem groups and stemmers with it, after the documents queued before it)
  // and notes it as the checkpoint the next successful sync_all() applies.
  Result<void> queue_commit(std::int64_t seq) {
    if (auto r = require_writer(); !r) return r;
    if (any_failed()) return sync_all();
    const std::string seq_text = std::to_string(seq);
    const std::string shard_count = std::to_string(shards_.size());
    feed_->commit({{std::string(t::kAppliedSeqKey), seq_text}, {std::string(t::kShardCountKey), shard_count}});
    checkpoint_seq_ = std::max(checkpoint_seq_, seq);
    return {};
  }

  // Waits for every shard to finish what was queued; the first failure any
  // shard met (its other queued work was dropped: the caller does not commit,
  // and the store replays it later). Learns the stemmers new documents used.
  Result<void> sync_all() {
    Result<void> result = feed_ ? feed_->drain() : Result<void>();
    for (auto& shard : shards_) {
      auto r = shard->sync();
      if (!r && result) result = r;
      for (const std::string& name : shard->take_stemmers()) {
        if (stemmer_names_.insert(name).second) stemmers_changed();
      }
    }
    // Every queued operation is done, a checkpoint's commits included (after
    // a failure the caller replays from what the shards have on disk).
    if (result && checkpoint_seq_ > applied_seq_) applied_seq_ = checkpoint_seq_;
    checkpoint_seq_ = 0;
    return result;
  }

  // The records in db_: its documents but the shards' sentinels (index_terms.h).
  Xapian::doccount record_count() const {
    return db_.get_doccount() - db_.get_termfreq(std::string(t::kSentinelTerm));
  }

  Result<void> require_writer() const {
    if (shards_.empty()) return fail(ErrorCode::kConflict, "the index is open read-only");
    return {};
  }

  // Runs a read, reopening once if a writer replaced the revision being read.
  template <typename F>
  auto with_retry(std::string_view what, F&& body) -> decltype(body()) {
    return guarded(what, [&]() -> decltype(body()) {
      try {
        return body();
      } catch (const Xapian::DatabaseModifiedError&) {
        db_.reopen();
        memo_ = RevisionMemo();
        load_metadata();
        return body();
      }
    });
  }

  // The applied seq is the smallest any shard committed (a crash between two
  // shards' commits leaves them apart; replaying from the smaller is
  // harmless). Stemmer names are the union of what the shards recorded.
  void load_metadata() {
    applied_seq_ = 0;
    stemmer_names_.clear();
    word_pairs_ = !parts_.empty();
    bool first = true;
    for (const Xapian::Database& part : parts_) {
      // Word pairs from layout 3 on; an older index (read before a writer
      // rebuilds it) has none, and phrases must not require them.
      const std::string layout = part.get_metadata(std::string(t::kLayoutKey));
      int layout_version = 0;
      std::from_chars(layout.data(), layout.data() + layout.size(), layout_version);
      if (layout_version < 3) word_pairs_ = false;
      std::int64_t seq = 0;
      const std::string text = part.get_metadata(std::string(t::kAppliedSeqKey));
      std::from_chars(text.data(), text.data() + text.size(), seq);
      applied_seq_ = first ? seq : std::min(applied_seq_, seq);
      first = false;
      const std::string names = part.get_metadata(std::string(t::kStemmersKey));
      std::size_t start = 0;
      while (start < names.size()) {
        std::size_t end = names.find(',', start);
        if (end == std::string::npos) end = names.size();
        if (end > start) stemmer_names_.insert(names.substr(start, end - start));
        start = end + 1;
      }
    }
    stemmer_names_.insert(std::string(kDefaultStemmer));
    stemmers_changed();
  }

  void stemmers_changed() {
    for (std::vector<Xapian::Stem>* stemmers : {&stemmers_, &helper_stemmers_}) {
      stemmers->clear();
      stemmers->emplace_back(std::string(kDefaultStemmer));
      for (const std::string& name : stemmer_names_) {
        if (name == kDefaultStemmer) continue;
        try {
          stemmers->emplace_back(name);
        } catch (const Xapian::InvalidArgumentError&) {
          // A stemmer this Xapian build lacks: its records still match unstemmed.
        }
      }
    }
  }

  // The revision a reader reads, one per shard; nullopt for a writer (whose
  // revision moves with every flush).
  std::optional<std::vector<Xapian::rev>> reader_revision() const {
    if (!shards_.empty()) return std::nullopt;
    std::vector<Xapian::rev> revision;
    for (const Xapian::Database& part : parts_) revision.push_back(part.get_revision());
    return revision;
  }

  // Names the shards' state `revision` (of parts_): their UUIDs, then their
  // revisions. Throws what Xapian throws.
  std::string revision_text(const std::vector<Xapian::rev>& revision) const {
    std::string text;
    for (const Xapian::Database& part : parts_) text += part.get_uuid() + ";";
    for (Xapian::rev r : revision) text += std::to_string(r) + ";";
    return text;
  }

  // The facet values of every document of the revision being read, decoded
  // once per revision for the whole process (shared_facet_table: the server's
  // workers each read the index), readers only: a writer's revision moves
  // with every flush, and it searches rarely.
  std::shared_ptr<const FacetTable> facet_table() {
    if (!shards_.empty()) return nullptr;
    std::vector<Xapian::rev> revision;
    for (const Xapian::Database& part : parts_) revision.push_back(part.get_revision());
    if (!facet_table_ || revision != facet_table_revision_) {
      facet_table_.reset();   // an older revision's table is not held while the next is made
      facet_table_ = shared_facet_table(dir_.string() + "\n" + revision_text(revision),
                                        [this] { return FacetTable::build(db_); });
      facet_table_revision_ = revision;
    }
    return facet_table_;
  }

  // Checks memo_ against the revision being read (see there).
  void check_memo() {
    std::optional<std::vector<Xapian::rev>> revision = reader_revision();
    if (!revision) {
      memo_ = RevisionMemo();
      return;
    }
    if (!memo_.active || memo_.revision != *revision) {
      memo_ = RevisionMemo();
      memo_.revision = std::move(*revision);
      memo_.active = true;
    }
  }

  // The term's frequency, kept in memo_ by a reader.
  Xapian::doccount kept_termfreq(const std::string& term) {
    if (!memo_.active) return db_.get_termfreq(term);
    auto found = memo_.termfreqs.find(term);
    if (found == memo_.termfreqs.end()) {
      if (memo_.termfreqs.size() >= kTermFreqCacheEntries) memo_.termfreqs.clear();
      found = memo_.termfreqs.emplace(term, db_.get_termfreq(term)).first;
    }
    return found->second;
  }

  SynonymLookup synonym_lookup() {
    bool any = false;
    if (memo_.active && memo_.any_synonyms) {
      any = *memo_.any_synonyms;
    } else {
      any = db_.synonym_keys_begin() != db_.synonym_keys_end();
      if (memo_.active) memo_.any_synonyms = any;
    }
    if (!any) return {};
    return [this](const std::string& key) {
      auto read = [&] {
        std::vector<std::string> out;
        for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) out.push_back(*it);
        return out;
      };
      if (!memo_.active) return read();
      auto found = memo_.synonyms.find(key);
      if (found == memo_.synonyms.end()) {
        if (memo_.synonyms.size() >= kSynonymCacheEntries) memo_.synonyms.clear();
        found = memo_.synonyms.emplace(key, read()).first;
      }
      return found->second;
    };
  }

  // Matches the records SearchRequest::exclude names: each id as a record
  // (its id term) and as a collection (its collection facet term).
  static Xapian::Query exclusion_query(const std::vector<std::string>& ids) {
    std::vector<Xapian::Query> terms;
    terms.reserve(ids.size() * 2);
    for (const std::string& id : ids) {
      terms.emplace_back(std::string(t::kIdPrefix) + id);
      terms.emplace_back(facet_term('C', id));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  Result<Xapian::Query> facet_filter(const SearchRequest& request) {
    std::map<char, std::vector<Xapian::Query>> by_facet;
    for (const auto& [facet, value] : request.filters) {
      std::optional<char> code = facet_code(facet);
      if (!code) return fail(ErrorCode::kInvalidInput, "unknown facet '" + facet + "'");
      by_facet[*code].emplace_back(facet_term(*code, value));
    }
    std::vector<Xapian::Query> all;
    for (auto& [code, alternatives] : by_facet) {
      all.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
  }

  // Postings a search reads, roughly: the term frequencies of its terms.
  std::uint64_t postings_estimate(const Xapian::Query& query) const {
    std::uint64_t sum = 0;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) sum += db_.get_termfreq(*it);
    return sum;
  }

  // `query` as another thread's copy is made from (each thread parses its
  // own: Xapian's objects are not shared between threads); nullopt when it
  // cannot be serialised (e.g. a posting source).
  static std::optional<std::string> serialised_query(const Xapian::Query& query) {
    try {
      return query.serialise();
    } catch (const Xapian::Error&) {
      return std::nullopt;
    }
  }

  // The second handle on the shards, for the other thread of a parallel
  // search (a reader's), at the revision db_ reads; false when it cannot be
  // had (then the search runs on one thread).
  bool helper_ready() {
    if (shard_uuids_.empty()) {
      for (const Xapian::Database& part : parts_) shard_uuids_.push_back(part.get_uuid());
    }
    auto matches = [this] {
      for (std::size_t i = 0; i < parts_.size(); ++i) {
        if (helper_parts_[i].get_uuid() != shard_uuids_[i] || helper_parts_[i].get_revision() != parts_[i].get_revision()) {
          return false;
        }
      }
      return true;
    };
    if (helper_parts_.size() == parts_.size() && matches()) return true;
    helper_parts_.clear();
    helper_db_ = Xapian::Database();
    for (const ShardFolder& folder : shard_folders_) helper_parts_.emplace_back(folder.path.string());
    if (helper_parts_.size() != parts_.size() || !matches()) {
      helper_parts_.clear();   // a writer committed (or a compaction swapped) since: next time
      return false;
    }
    for (const Xapian::Database& part : helper_parts_) helper_db_.add_database(part);
    return true;
  }

  // Whether a search may hand work to the helper thread: a reader (a writer
  // searches its own shards) of several shards, parallel searches not
  // turned off, the request not asking for one thread (a server with
  // requests queued), and no other search running. Two threads answer one search
  // sooner but with more work in all (the query sent across, the whole
  // query's bounds looked up again, the threads woken): when searches
  // queue, each on one thread serves more of them (bench/README, figures of
  // 2026-12-01).
  bool may_use_helper(bool one_thread) const {
    return !one_thread && options_.parallel_search_postings >= 0 && shards_.empty() && parts_.size() > 1 &&
           searches_running.load(std::memory_order_relaxed) == 1;
  }
  bool may_use_helper(const SearchRequest& request) const { return may_use_helper(request.one_thread); }

  // `query` serialised for the helper thread when its shards are worth
  // ranking on two threads: `postings()` (called only when there is a
  // threshold) at least parallel_search_postings, and the helper's handle
  // on the shards at db_'s revision; nullopt otherwise. The caller has
  // checked may_use_helper().
  template <typename Postings>
  std::optional<std::string> query_for_helper(const Xapian::Query& query, Postings postings) {
    const std::int64_t threshold = options_.parallel_search_postings;
    if (threshold > 0 && postings() < static_cast<std::uint64_t>(threshold)) return std::nullopt;
    if (!helper_ready()) return std::nullopt;
    return serialised_query(query);
  }

  // Ranks and counts a query with no words to weigh (rank_weightless()) when
  // it is ranked by relevance over several shards and its matches all weigh
  // 0; false, having done nothing else, otherwise.
  bool rank_weightless_query(const Xapian::Query& query, const SearchRequest& request, const ParsedQuery& parsed,
                             std::int64_t wanted, Xapian::doccount check, FacetCounter& facets,
                             const CountBudget& budget, std::vector<RankedMatch>& ranked, Xapian::doccount& lower,
                             Xapian::doccount& estimated, Xapian::doccount& upper, MatchCount& count) {
    // A free-text word weighs something: no need to ask Xapian.
    const bool free_text = std::any_of(parsed.words.begin(), parsed.words.end(),
                                       [](const QueryWord& word) { return word.prefix.empty(); });
    if (!options_.rank_weightless_by_shard || free_text || request.sort != SortOrder::kRelevance ||
        parts_.size() < 2) {
      return false;
    }
    Xapian::Enquire whole(db_);
    whole.set_query(query);
    const Xapian::MSet bounds = whole.get_mset(0, 0);
    if (bounds.get_max_possible() != 0) return false;
    ShardRanking ranking = rank_weightless(parts_, query, static_cast<Xapian::doccount>(std::min<std::int64_t>(
                                                             wanted, INT32_MAX)), check);
    lower = std::max(ranking.lower, bounds.get_matches_lower_bound());
    upper = std::max(lower, std::min(ranking.upper, bounds.get_matches_upper_bound()));
    estimated = std::clamp(ranking.estimated, lower, upper);
    ranked = std::move(ranking.matches);
    ranked.erase(ranked.begin(), ranked.begin() + std::min<std::ptrdiff_t>(request.offset, std::ssize(ranked)));
    if (request.want_facets) count = count_matches(parts_, query, upper, budget, &facets);
    return true;
  }

  // Ranks (and, with facets, counts) `query` with one thread per shard when
  // it reads enough postings to gain from it (shard_ranking.h); false, with
  // nothing done, when it runs on one thread instead. `ranked` gets the hits
  // from the request's offset on.
  bool rank_in_parallel(const Xapian::Query& query, const SearchRequest& request, Xapian::doccount check,
                        FacetCounter& facets, const CountBudget& budget, std::vector<RankedMatch>& ranked,
                        Xapian::doccount& lower, Xapian::doccount& estimated, Xapian::doccount& upper,
                        MatchCount& count) {
    if (parts_.size() != 2 || !may_use_helper(request)) return false;
    const std::optional<std::string> serialised = query_for_helper(query, [&] { return postings_estimate(query); });
    if (!serialised) return false;
    const auto wanted = static_cast<Xapian::doccount>(std::min<std::int64_t>(
        std::int64_t{request.offset} + request.limit, INT32_MAX));
    auto other_rank = helper_.run([&] {
      return rank_one_shard(helper_db_, Xapian::Query::unserialise(*serialised), shard_uuids_[1], request.sort,
                            wanted, check);
    });
    WaitOnExit wait_rank(other_rank);
    std::vector<ShardRanking> rankings;
    rankings.push_back(rank_one_shard(db_, query, shard_uuids_[0], request.sort, wanted, check));
    // A shard's bounds come from its query ANDed with the shard, which Xapian
    // bounds loosely; the whole query's own bounds (known before matching:
    // a single word's are exact) narrow them.
    Xapian::Enquire whole(db_);
    whole.set_query(query);
    const Xapian::MSet bounds = whole.get_mset(0, 0);
    rankings.push_back(other_rank.get());
    for (const ShardRanking& ranking : rankings) {
      lower += ranking.lower;
      estimated += ranking.estimated;
      upper += ranking.upper;
    }
    lower = std::max(lower, bounds.get_matches_lower_bound());
    upper = std::max(lower, std::min(upper, bounds.get_matches_upper_bound()));
    estimated = std::clamp(estimated, lower, upper);
    ranked = merge_rankings(rankings, request.sort, wanted);
    ranked.erase(ranked.begin(), ranked.begin() + std::min<std::ptrdiff_t>(request.offset, std::ssize(ranked)));
    if (request.want_facets) {
      FacetCounter other_facets(facets.has_table() ? facet_table() : nullptr, static_cast<unsigned>(parts_.size()),
                                &helper_facet_counts_);
      auto other_count = helper_.run([&] {
        return count_matches(helper_parts_, Xapian::Query::unserialise(*serialised), upper, budget, &other_facets, 1);
      });
      WaitOnExit wait_count(other_count);
      count = count_matches(parts_, query, upper, budget, &facets, 0);
      const MatchCount other = other_count.get();
      count.total += other.total;
      count.exact = count.exact && other.exact;
      facets.merge(other_facets);
    }
    if (options_.parallel_searches) ++*options_.parallel_searches;
    return true;
  }

  // Ranks and counts a date-sorted search with facets (its total and facets
  // are counted apart) whose query may have many matches, from its first
  // years (date_ranking.h); false, having done nothing else, for other
  // searches. The hits are those of one match sorted by date; the total and
  // facets are counted as they are then, or, when the walk stopped before
  // reading every match, as in relevance order.
  bool rank_dates_by_year(const Xapian::Query& query, const SearchRequest& request, std::int64_t wanted,
                          const CountBudget& budget, FacetCounter& facets, std::vector<RankedMatch>& ranked,
                          Xapian::doccount& lower, Xapian::doccount& estimated, Xapian::doccount& upper,
                          MatchCount& count) {
    if (!options_.rank_dates_by_year || request.sort == SortOrder::kRelevance || !request.want_facets ||
        wanted > kMaxYearWalkHits) {
      return false;
    }
    // The terms' postings bound the matches from above, and cost less to
    // read than Xapian's own bounds.
    const bool positional = checks_positions(query);
    // A phrase of paired words is estimated by its candidates: Xapian's
    // estimate of a phrase is a fraction of them (a quarter or less), however
    // many hold it.
    const std::optional<Xapian::doccount> paired = positional ? paired_phrase_candidates(db_, query) : std::nullopt;
    const Xapian::doccount min_matches = !positional ? kMinYearWalkMatches
                                         : paired    ? kMinPairedPhraseYearWalkMatches
                                                     : kMinPositionalYearWalkMatches;
    if (std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()) > kMaxYearWalkTerms ||
        postings_estimate(query) < min_matches || (paired && *paired < min_matches)) {
      return false;
    }
    Xapian::Enquire whole(db_);
    whole.set_query(query);
    const Xapian::MSet bounds = whole.get_mset(0, 0);
    const Xapian::doccount estimated_matches = paired ? *paired : bounds.get_matches_estimated();
    if (estimated_matches < min_matches) return false;
    const std::optional<YearRanking> walked = rank_by_first_year(
        db_, query, request.sort, static_cast<Xapian::doccount>(wanted), estimated_matches, positional);
    if (!walked) return false;
    if (walked->complete) {
      lower = walked->lower;
      estimated = walked->estimated;
      upper = walked->upper;
    } else {
      lower = bounds.get_matches_lower_bound();
      estimated = bounds.get_matches_estimated();
      upper = bounds.get_matches_upper_bound();
    }
    for (std::size_t i = static_cast<std::size_t>(request.offset); i < walked->matches.size(); ++i) {
      ranked.push_back(walked->matches[i]);
    }
    count = count_matches(parts_, query, upper, budget, &facets);
    if (options_.year_ranked_searches) ++*options_.year_ranked_searches;
    return true;
  }

  // What the records' text writes (text_words.h): a reader remembers the
  // answers for the revision it reads (text_words_), a writer asks afresh.
  bool text_common(const std::string& word) {
    return shards_.empty() ? text_words_.common(db_, word) : written_in_lowercase(db_, word);
  }
  bool text_written(const std::string& word) {
    return shards_.empty() ? text_words_.written(db_, word) : written_in_text(db_, word);
  }
  std::string text_form(const std::string& word) {
    return shards_.empty() ? text_words_.form(db_, word) : written_form(db_, word);
  }
  std::vector<std::string> text_forms(const std::string& word) {
    std::vector<std::string> out;
    for (auto& [form, records] : shards_.empty() ? text_words_.forms(db_, word) : written_forms(db_, word)) {
      out.push_back(std::move(form));
    }
    return out;
  }

  // NameHooks::common_words_among for the parser: the names lexicon's common
  // words and those the index finds in lowercase in its text
  // (text_words.h), so that an archive without `names link`, or with
  // records imported since, does not take "long" for a spelling of "Lung".
  // In the order of `words`. Called under mutex_.
  std::function<std::vector<std::string>(const std::vector<std::string>&)> common_words_among() {
    return [this, lexicon = options_.names.common_words_among](const std::vector<std::string>& words) {
      std::vector<std::string> listed = lexicon ? lexicon(words) : std::vector<std::string>{};
      std::vector<std::string> out;
      for (const std::string& word : words) {
        const bool common = std::find(listed.begin(), listed.end(), word) != listed.end() || text_common(word);
        if (common && std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
      }
      return out;
    };
  }

  // The parser of this index's queries: its stemmers, synonyms, limits and
  // names.
  QueryParser query_parser() {
    check_memo();
    NameQuerySupport names{options_.names.word_key, options_.names.is_person_key, options_.names.person_ids,
                           [this](const std::string& term) -> std::size_t { return kept_termfreq(term); },
                           options_.names.listed_family_name, options_.names.preferred_for_variant,
                           options_.names.key_is_distinctive, options_.names.same_name_words,
                           options_.names.key_names_another, common_words_among(),
                           options_.names.family_words_among, options_.names.word_in_other_system,
                           [this](const Xapian::Query& query) { return matches_some(query); },
                           [this](const std::string& word) {
                             return text_written(word);
                           },
                           options_.names.indexed_records,
                           [this](const std::string& word) { return text_forms(word); }};
    QueryParser parser(stemmers_, synonym_lookup(), options_.query_limits, options_.names.word_key, std::move(names));
    parser.set_word_pairs(word_pairs_);
    parser.set_dated_years([this] { return dated_years(db_); });
    parser.set_wildcard_words([this](const std::string& pattern) {
      WildcardWords words = wildcard_words(db_, pattern, options_.query_limits.max_wildcard_expansion,
                                           static_cast<std::uint64_t>(std::max<std::int64_t>(options_.wildcard_postings, 0)));
      return std::pair{std::move(words.terms), words.starting};
    });
    return parser;
  }

  Result<SearchResults> search_locked(const SearchRequest& request) {
    QueryParser parser = query_parser();
    auto parsed = parser.parse(request.query);
    if (!parsed) return std::unexpected(parsed.error());
    Xapian::Query query = parsed->query;
    if (!request.filters.empty()) {
      auto filter = facet_filter(request);
      if (!filter) return std::unexpected(filter.error());
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);
    }
    if (!request.exclude.empty()) {
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, exclusion_query(request.exclude));
    }

    const std::int64_t wanted = std::int64_t{request.offset} + request.limit;
    SearchResults results;
    FacetCounter facets(request.want_facets ? facet_table() : nullptr, static_cast<unsigned>(parts_.size()),
                        &facet_counts_);
    CountBudget budget;
    budget.other = static_cast<Xapian::doccount>(std::max(options_.facet_sample_limit, 1));
    budget.postings = static_cast<std::uint64_t>(std::max<std::int64_t>(options_.count_postings, 0));
    budget.positional = std::min(budget.positional, budget.other);
    budget.phrase_candidates = std::min(budget.phrase_candidates, budget.other);
    // The number of matches to look at before the total is exact enough:
    // without facets, the ranking's own estimate is the total.
    const auto check = static_cast<Xapian::doccount>(std::min<std::int64_t>(
        request.want_facets ? wanted : std::max<std::int64_t>(wanted, kMinCheckAtLeast), INT32_MAX));
    std::vector<RankedMatch> ranked;   // the hits, from offset on
    Xapian::doccount lower = 0;
    Xapian::doccount estimated = 0;
    Xapian::doccount upper = 0;
    MatchCount count;
    Highlighter highlighter(parsed->words, stemmers_, parsed->unmarked);
    const std::vector<QueryWord> alone_words = words_that_stand_alone(parsed->words);
    // The hits: their documents and snippets. `helper_free`: whether the
    // helper's databases are free for the other half of them (no count runs
    // on them).
    auto make_hits = [&](bool helper_free) {
      const std::size_t n = ranked.size();
      results.hits.resize(n);
      auto make = [&](const Xapian::Database& db, const Highlighter& marks, const std::vector<Xapian::Stem>& stemmers,
                      std::size_t from, std::size_t to) {
        // The title's marks as the document page's: a phrase's words only
        // together (each thread its own: a highlighter remembers words).
        std::optional<Highlighter> loose;
        if (request.want_snippets && alone_words.size() < parsed->words.size()) loose.emplace(alone_words, stemmers, parsed->unmarked);
        for (std::size_t i = from; i < to; ++i) {
          Hit& hit = results.hits[i];
          // The docids come from this search's match on the same revision:
          // no existence check (it read the doclength's blocks for each hit).
          hit = hit_of(db.get_document(ranked[i].docid, Xapian::DOC_ASSUME_VALID),
                       request.want_snippets ? &marks : nullptr, loose ? &*loose : nullptr);
          hit.score = parsed->match_all ? 0.0 : ranked[i].weight;
        }
      };
      const bool split = helper_free && request.want_snippets && n >= kMinSplitHits && may_use_helper(request) &&
                         helper_ready();
      std::future<void> other_half;
      WaitOnExit wait_half(other_half);
      // The helper's database has the same docids (the same shards, in order);
      // a highlighter remembers the words it has seen and stems with its
      // stemmers, so the other thread has its own, with stemmers of its own.
      std::optional<Highlighter> other_marks;
      if (split) {
        other_marks.emplace(parsed->words, helper_stemmers_, parsed->unmarked);
        try {
          other_half = helper_.run([&] { make(helper_db_, *other_marks, helper_stemmers_, n / 2, n); });
        } catch (const std::system_error&) {
          // no thread to be had: this one makes them all
        }
      }
      make(db_, highlighter, stemmers_, 0, other_half.valid() ? n / 2 : n);
      if (other_half.valid()) {
        other_half.get();
        if (options_.split_hit_searches) ++*options_.split_hit_searches;
      }
    };
    bool hits_made = false;
    const bool weightless = rank_weightless_query(query, request, *parsed, wanted, check, facets, budget, ranked, lower,
                                                  estimated, upper, count);
    const bool by_year = !weightless && rank_dates_by_year(query, request, wanted, budget, facets, ranked, lower,
                                                           estimated, upper, count);
    if (!weightless && !by_year &&
        !rank_in_parallel(query, request, check, facets, budget, ranked, lower, estimated, upper, count)) {
      Xapian::Enquire enquire(db_);
      enquire.set_query(query);
      set_order(enquire, request.sort);
      // Ranking looks at as few candidates as the top hits need; with facets,
      // the total and the facets are counted apart, by sample beyond a budget.
      // Counting a phrase checks the positions of its candidates (up to
      // hundreds), which can cost more than ranking it: that count runs on
      // the other core while this one ranks and makes the hits, from the
      // bound on the matches known before ranking. It is kept when that bound
      // samples as the ranked one does (so the counts are the ones counting
      // after ranking gives). A phrase with fewer candidates than
      // kMinEarlyCount is counted here: handing it over costs more.
      FacetCounter early_facets(request.want_facets ? facet_table() : nullptr, static_cast<unsigned>(parts_.size()),
                                &helper_facet_counts_);
      Xapian::doccount early_upper = 0;
      std::future<MatchCount> early_count;
      WaitOnExit wait_early(early_count);
      if (request.want_facets && may_use_helper(request) && checks_positions(query)) {
        Xapian::Enquire whole(db_);
        whole.set_query(query);
        early_upper = whole.get_mset(0, 0).get_matches_upper_bound();
        std::optional<std::string> serialised;
        if (early_upper >= kMinEarlyCount) serialised = serialised_query(query);
        if (serialised && helper_ready()) {
          early_count = helper_.run([this, serialised, early_upper, &budget, &early_facets] {
            return count_matches(helper_parts_, Xapian::Query::unserialise(*serialised), early_upper, budget,
                                 &early_facets);
          });
        }
      }
      const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                 static_cast<Xapian::doccount>(request.limit), check);
      lower = mset.get_matches_lower_bound();
      estimated = mset.get_matches_estimated();
      upper = mset.get_matches_upper_bound();
      for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back({it.get_weight(), {}, *it});
      bool counted = false;
      if (early_count.valid()) {
        // The hits are made while the count may still run on the other core.
        make_hits(false);
        hits_made = true;
        MatchCount early = early_count.get();
        if (sample_every(query, early_upper, budget) == sample_every(query, upper, budget)) {
          count = early;
          facets.merge(early_facets);
          counted = true;
          if (options_.parallel_searches) ++*options_.parallel_searches;
        }
      }
      if (request.want_facets && !counted) count = count_matches(parts_, query, upper, budget, &facets);
    }
    if (!request.want_facets) {
      results.total = estimated;
      results.total_exact = lower == upper;
    } else {
      if (lower == upper) {
        results.total = lower;
        results.total_exact = true;
      } else {
        results.total = std::clamp<std::int64_t>(count.total, lower, upper);
        results.total_exact = count.exact;
      }
      results.facets_exact = count.exact && facets.documents_seen() >= results.total;
    }
    // An estimate scaled up from a sample, or Xapian's bounds (which count the
    // shards' sentinels), never says more than there are records.
    if (!results.total_exact) {
      results.total = std::min<std::int64_t>(results.total, static_cast<std::int64_t>(record_count()));
    }

    if (!hits_made) make_hits(true);
    if (request.want_facets) results.facets = facets.results(request.facet_limit, results.total);
    results.suggestion = suggestion(request.query, parsed->words, parsed->other_spellings);
    // Each as the records write it; a word the index holds only among a
    // name's generated spellings ("zhou" of a persons list's "Chou En-lai"),
    // which no record writes, was searched for but is not said.
    for (std::string& spelling : parsed->other_spellings) {
      if (!confirmed_by_hits(*parsed, spelling, results.total)) continue;
      std::string form = text_form(spelling);
      if (form.empty() && spelling.find('-') == std::string::npos && !text_written(spelling)) continue;
      results.other_spellings.push_back(form.empty() ? std::move(spelling) : std::move(form));
    }
    results.glossary_entries = std::move(parsed->glossary_entries);
    results.limited_wildcards = std::move(parsed->limited_wildcards);
    // Named only when found: a restricted or filtered-out record is not said to be there.
    if (!results.hits.empty() || results.total > 0) results.addressed = std::move(parsed->addressed);
    // As the glossary writes them (indexes before layout 6: folded).
    for (std::string& entry : results.glossary_entries) {
      const std::string key = std::string(t::kShownForm) + entry;
      if (auto shown = db_.synonyms_begin(key); shown != db_.synonyms_end(key)) entry = *shown;
    }
    return results;
  }

  // A hit's shown parts; with a highlighter, its snippet and its title's
  // marks (`loose`: the words that may stand alone, when the query has a
  // phrase: matched_words()).
  static Hit hit_of(const Xapian::Document& doc, const Highlighter* highlighter, const Highlighter* loose = nullptr) {
    Hit hit;
    std::optional<StoredHit> stored = decode_stored_hit(doc.get_data());
    if (!stored) return hit;
    hit.id = std::move(stored->id);
    hit.title = std::move(stored->title);
    hit.collection = std::move(stored->collection);
    hit.date = std::move(stored->date);
    if (highlighter != nullptr) {
      // Indexes built before the text moved to its value slot keep it in the data.
      SnippetText text = SnippetText::from_slot(stored->text.empty() ? doc.get_value(t::kTextSlot)
                                                                     : std::move(stored->text));
      hit.snippet = make_snippet(text, *highlighter);
      // A hit found by its notes alone shows the note that has the words.
      if (!highlighter->empty() && !snippet_has_match(hit.snippet)) {
        if (std::optional<NoteSnippet> note = note_snippet(doc.get_value(t::kNotesSlot), *highlighter)) {
          hit.snippet = std::move(note->snippet);
          hit.snippet_note = Hit::FromNote{note->position, std::move(note->note.number), note->note.source};
        }
      }
      for (const Word& word : chancery::matched_words(hit.title, *highlighter, loose)) {
        hit.title_marks.emplace_back(word.begin, word.end);
      }
    }
    return hit;
  }

  // Whether a word the index lacks is no misspelling but was searched as its
  // spellings in the other romanisation of Chinese or its place's names in
  // other languages, some of which the index holds ("Wien": "Vienna", once
  // suggested as "when").
  bool found_elsewhere(std::string_view written, const std::string& prefix) {
    if (!options_.names.word_in_other_system) return false;
    for (const std::string& spelling : options_.names.word_in_other_system(written)) {
      const std::vector<Word> words = split_words(spelling);
      bool held = !words.empty();
      for (const Word& w : words) {
        const std::string key = folded_word(spelling, w);
        if (key.empty() || !db_.term_exists(prefix + key)) {
          held = false;
          break;
        }
      }
      if (held) return true;
    }
    return false;
  }

  // Whether a spelling the parser searched that the hits must confirm
  // (ParsedQuery::spellings_to_confirm) is held by some record the whole
  // query finds; others are. With no hits, every spelling searched is said.
  bool confirmed_by_hits(const ParsedQuery& parsed, const std::string& spelling, std::int64_t total) {
    if (total == 0) return true;
    for (const auto& [said, finds] : parsed.spellings_to_confirm) {
      if (said == spelling) return matches_some(Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, finds));
    }
    return true;
  }

  // Whether some record matches `query` (NameQuerySupport::matches_some).
  bool matches_some(const Xapian::Query& query) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, 1).get_matches_lower_bound() > 0;
  }

  // Whether every record holding the word `spelling` also holds the name key
  // of `written` (and so was found by a search for `written` by its key).
  bool key_holds_every(std::string_view written, const std::string& spelling) {
    if (!options_.names.word_key) return false;
    const std::string key = options_.names.word_key(written);
    if (key.empty() || key != options_.names.word_key(spelling)) return false;
    return !matches_some(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(spelling),
                                       Xapian::Query(std::string(t::kNameKey) + key)));
  }

  // The query with each unknown word replaced by its spelling suggestion, and
  // each recorded variant spelling of a name by the authority's preferred name
  // (quoted); "" when nothing changes. A word the query already searched as
  // the suggested spelling ("Mikojan", searched as "mikoyan") or as its name
  // key ("Kruschev", searched as every spelling of Khrushchev) gets none.
  std::string suggestion(std::string_view query, const std::vector<QueryWord>& words,
                         const std::vector<std::string>& searched_spellings) {
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    for (const QueryWord& word : words) {
      if (!word.single || word.key.size() < 3 || word.begin < copied || word.in_known_name) continue;
      if (word.key[0] >= '0' && word.key[0] <= '9') continue;
      if (options_.names.preferred_for_variant && word.prefix.empty()) {
        std::string preferred = options_.names.preferred_for_variant(query.substr(word.begin, word.end - word.begin));
        if (!preferred.empty()) {
          out.append(query.substr(copied, word.begin - copied));
          out += '"' + preferred + '"';
          copied = word.end;
          changed = true;
          continue;
        }
      }
      if (db_.term_exists(word.prefix + word.key)) continue;
      bool stem_known = false;
      for (const Xapian::Stem& stemmer : stemmers_) {
        const std::string group = std::string(t::kStemPrefix) + stemmer(word.key);
        if (db_.synonyms_begin(group) != db_.synonyms_end(group)) {
          stem_known = true;
          break;
        }
      }
      if (stem_known || found_elsewhere(query.substr(word.begin, word.end - word.begin), word.prefix)) continue;
      std::string better = db_.get_spelling_suggestion(word.key, 2);
      if (better.empty() || better == word.key) continue;
      // A function word is no correction of a capitalised word, a name as
      // often as not ("Che Guevara" is not "the guevera").
      const unsigned char initial = static_cast<unsigned char>(query[word.begin]);
      if (initial >= 'A' && initial <= 'Z' && common_word(better).function) continue;
      if (std::find(searched_spellings.begin(), searched_spellings.end(), better) != searched_spellings.end()) continue;
      // Nor one the word's name key searched, where the records that write it
      // are all the key's: "Kruschev" found Khrushchev's records, those that
      // write "Krushchev" among them.
      if (word.by_name_key && key_holds_every(query.substr(word.begin, word.end - word.begin), better)) continue;
      // Nor a word of another key: the word was searched as the name its key
      // spells ("Shukow" found Zhukov's records; "show" is no correction).
      if (word.by_name_key && options_.names.word_key &&
          options_.names.word_key(query.substr(word.begin, word.end - word.begin)) != options_.names.word_key(better)) {
        continue;
      }
      out.append(query.substr(copied, word.begin - copied));
      // A capitalised word's correction as the records write it ("Kruschev":
      // "Krushchev", not "krushchev"), else with its first letter so.
      if (initial >= 'A' && initial <= 'Z') {
        std::string form = text_form(better);
        if (form.empty() && better[0] >= 'a' && better[0] <= 'z') better[0] = static_cast<char>(better[0] - 'a' + 'A');
        out += form.empty() ? better : form;
      } else {
        out += better;
      }
      copied = word.end;
      changed = true;
    }
    if (!changed) return {};
    out.append(query.substr(copied));
    return out;
  }

  // Ranks the records like another (similar_locked's query) with one thread
  // per shard, as rank_in_parallel does a search's, when the query's words
  // have at least parallel_search_postings postings between them (at a
  // million records a record's 25 words have 17,000-282,000, and the match
  // is most of a document page's time); false, with nothing done, when it
  // runs on one thread instead. The matches are those of one MSet.
  bool rank_similar_in_parallel(const Xapian::Query& query, std::uint64_t postings, Xapian::doccount wanted,
                                bool one_thread, std::vector<RankedMatch>& ranked) {
    if (parts_.size() != 2 || !may_use_helper(one_thread)) return false;
    const std::optional<std::string> serialised = query_for_helper(query, [postings] { return postings; });
    if (!serialised) return false;
    auto other_rank = helper_.run([&] {
      return rank_one_shard(helper_db_, Xapian::Query::unserialise(*serialised), shard_uuids_[1],
                            SortOrder::kRelevance, wanted, 0);
    });
    WaitOnExit wait_rank(other_rank);
    std::vector<ShardRanking> rankings;
    rankings.push_back(rank_one_shard(db_, query, shard_uuids_[0], SortOrder::kRelevance, wanted, 0));
    rankings.push_back(other_rank.get());
    ranked = merge_rankings(rankings, SortOrder::kRelevance, wanted);
    if (options_.parallel_searches) ++*options_.parallel_searches;
    return true;
  }

  Result<std::vector<Hit>> similar_locked(const std::string& id, int limit, const std::vector<std::string>& exclude,
                                          bool one_thread) {
    const std::string id_term = std::string(t::kIdPrefix) + id;
    Xapian::PostingIterator posting = db_.postlist_begin(id_term);
    if (posting == db_.postlist_end(id_term)) return fail(ErrorCode::kNotFound, "no indexed record " + id);
    std::vector<Hit> hits;
    for (const RankedMatch& match : rank_like(*posting, id, limit, exclude, one_thread)) {
      // No snippet: a document page lists its related records by title, and
      // a snippet read each one's text (its value slot) on a first visit.
      Hit hit = hit_of(db_.get_document(match.docid, Xapian::DOC_ASSUME_VALID), nullptr);
      hit.score = match.weight;
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  // The records most like record `id` (document `did`), best first, at most
  // `limit`, `exclude` left out. Throws what Xapian throws.
  std::vector<RankedMatch> rank_like(Xapian::docid did, const std::string& id, int limit,
                                     const std::vector<std::string>& exclude, bool one_thread) {
    // The record's most telling words: each free-text word weighted as BM25
    // weights it in the record (Xapian's k1 = 1, b = 0.5; Lucene's idf), against
    // the whole database; a word no other record has tells nothing. The five
    // most similar records are 4 in 5 those Xapian's query expansion (an
    // ESet) found, but the term frequencies come from a cache a reader keeps
    // for its revision (the same words recur from record to record), where
    // the expansion looked each one up again: 1.1-1.4 ms a FRUS record,
    // 0.3-0.4 ms now.
    // The shards' sentinels (index_terms.h) are not records.
    const double records = std::max<double>(record_count(), 1.0);
    const double average_length = static_cast<double>(db_.get_total_length()) / records;
    const double length_ratio = db_.get_doclength(did) / std::max(average_length, 1.0);
    const auto max_freq = std::max(kSimilarMinCappedFreq, static_cast<Xapian::doccount>(records * kSimilarMaxFreqShare));
    struct Weighted {
      double weight;
      std::string term;
      Xapian::doccount freq;
    };
    std::vector<Weighted> weighted;
    for (auto it = db_.termlist_begin(did); it != db_.termlist_end(did); ++it) {
      const std::string& term = *it;
      const double wdf = it.get_wdf();
      if (wdf == 0 || !free_text_word(term)) continue;
      const Xapian::doccount freq = kept_termfreq(term);
      if (freq < 2 || freq > max_freq) continue;
      // Lucene's BM25 idf, positive even for a word most records have, so
      // that small archives find their like too.
      const double idf = std::log(1 + (records - freq + 0.5) / (freq + 0.5));
      weighted.push_back({2 * wdf / (0.5 + 0.5 * length_ratio + wdf) * idf, term, freq});
    }
    const std::size_t keep = std::min(kSimilarTerms, weighted.size());
    std::partial_sort(weighted.begin(), weighted.begin() + static_cast<std::ptrdiff_t>(keep), weighted.end(),
                      [](const Weighted& a, const Weighted& b) {
                        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
                      });
    std::vector<std::string> terms;
    std::uint64_t postings = 0;
    for (std::size_t i = 0; i < keep; ++i) {
      terms.push_back(std::move(weighted[i].term));
      postings += weighted[i].freq;
    }
    std::vector<RankedMatch> ranked;
    if (terms.empty() || limit == 0) return ranked;
    const Xapian::Query like(Xapian::Query::OP_OR, terms.begin(), terms.end());
    std::vector<std::string> left_out = exclude;
    left_out.push_back(id);
    const Xapian::Query query(Xapian::Query::OP_AND_NOT, like, exclusion_query(left_out));
    if (!rank_similar_in_parallel(query, postings, static_cast<Xapian::doccount>(limit), one_thread, ranked)) {
      Xapian::Enquire enquire(db_);
      enquire.set_query(query);
      const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
      for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back({it.get_weight(), {}, *it});
    }
    return ranked;
  }

  // The table of related records found ahead for `revision` (the one being
  // read), made for the process and its filling started when there is none;
  // nullptr unless options_.related_ahead. Throws what Xapian throws.
  std::shared_ptr<RelatedTable> related_table(const std::vector<Xapian::rev>& revision) {
    if (!options_.related_ahead || !shards_.empty()) return nullptr;
    if (related_table_ && revision == related_table_revision_) return related_table_;
    related_table_.reset();   // an older revision's table is not held while the next is made
    const std::string key = dir_.string() + "\n" + revision_text(revision);
    const Xapian::docid last = db_.get_lastdocid();
    related_table_ = shared_related_table(key, [&] {
      auto table = std::make_shared<RelatedTable>(last);
      table->start([dir = dir_, key](RelatedTable& filled, std::stop_token stop) {
        fill_related_table(dir, key, filled, stop);
      }, options_.related_ahead_at_idle_priority);
      return table;
    });
    related_table_revision_ = revision;
    return related_table_;
  }

  // Record `id`'s related records from `table`, `exclude` left out, when the
  // table has them: nullopt when its record is not reached yet, `limit` is
  // more than it keeps, or too many of its records are left out to make
  // `limit` (the ranking goes on past what it keeps). The same records,
  // order and scores as rank_like() gives: leaving records out of a match
  // changes no other record's weight.
  std::optional<std::vector<Hit>> similar_found_ahead(const RelatedTable& table, const std::string& id, int limit,
                                                      const std::vector<std::string>& exclude) {
    if (limit < 0 || static_cast<std::size_t>(limit) > RelatedTable::kKept) return std::nullopt;
    const std::string id_term = std::string(t::kIdPrefix) + id;
    Xapian::PostingIterator posting = db_.postlist_begin(id_term);
    if (posting == db_.postlist_end(id_term)) return std::nullopt;
    const RelatedTable::Entry* entry = table.find(*posting);
    if (entry == nullptr) return std::nullopt;
    std::vector<Hit> hits;
    for (std::size_t i = 0; i < entry->count && hits.size() < static_cast<std::size_t>(limit); ++i) {
      Hit hit = hit_of(db_.get_document(entry->docids[i], Xapian::DOC_ASSUME_VALID), nullptr);
      if (std::find(exclude.begin(), exclude.end(), hit.id) != exclude.end()) continue;
      hit.score = entry->weights[i];
      hits.push_back(std::move(hit));
    }
    if (hits.size() < static_cast<std::size_t>(limit) && entry->count == RelatedTable::kKept) return std::nullopt;
    count_related_answer_from_table();
    return hits;
  }

 public:
  // Fills `table`, the related records of the revision `key` names, record
  // by record, reading that revision itself (this index, a reader opened for
  // it); stops at once when it reads another revision, and where the
  // revision is gone (a writer moved on twice: a newer table is being filled
  // for its readers), keeping what it found.
  void fill(const std::string& key, RelatedTable& table, const std::stop_token& stop) {
    std::lock_guard lock(mutex_);
    try {
      const std::optional<std::vector<Xapian::rev>> revision = reader_revision();
      if (!revision || dir_.string() + "\n" + revision_text(*revision) != key) return;
      check_memo();
      const std::string prefix(t::kIdPrefix);
      for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix) && !stop.stop_requested(); ++it) {
        const std::string term = *it;
        Xapian::PostingIterator posting = db_.postlist_begin(term);
        if (posting == db_.postlist_end(term)) continue;
        const Xapian::docid did = *posting;
        if (did > table.last_docid()) continue;
        const std::vector<RankedMatch> ranked =
            rank_like(did, term.substr(prefix.size()), static_cast<int>(RelatedTable::kKept), {}, true);
        RelatedTable::Entry entry{};
        for (const RankedMatch& match : ranked) {
          if (entry.count == RelatedTable::kKept) break;
          entry.docids[entry.count] = match.docid;
          entry.weights[entry.count] = match.weight;
          ++entry.count;
        }
        table.put(did, entry);
      }
    } catch (const Xapian::Error&) {
      // The revision is gone or unreadable: its readers match as before.
    }
  }

 private:
  static void fill_related_table(const std::filesystem::path& dir, const std::string& key, RelatedTable& table,
                                 const std::stop_token& stop) {
    XapianIndexOptions options;
    options.parallel_search_postings = -1;   // one thread: the filling is idle work
    auto opened = open_xapian_index(dir, false, std::move(options));
    if (!opened) return;
    static_cast<XapianIndex&>(**opened).fill(key, table, stop);
  }

  WriterSession session_;   // first, so it ends last
  IndexReaderMark reader_mark_;   // a reader's (bulk_load.h); released after its shards are closed
  std::filesystem::path dir_;
  std::vector<ShardFolder> shard_folders_;   // readers: the folders parts_ were opened from
  XapianIndexOptions options_;
  std::vector<Xapian::Database> parts_;   // one per shard (the shard writers' databases when writable)
  Xapian::Database db_;                   // all parts, searched as one
  // A writer's read handles on its shards' last commits (committed_shard),
  // and its feed. Before shards_, so that they stand until the shards'
  // threads (which run the feed) have stopped.
  std::vector<Xapian::Database> lookup_;
  std::unique_ptr<ShardFeed> feed_;
  std::vector<std::unique_ptr<ShardWriter>> shards_;   // empty when read-only
  std::set<std::string> stemmer_names_;
  std::vector<Xapian::Stem> stemmers_;   // English first, then the others in use
  // The same stemmers, for the thread that makes half the hits: a stemmer
  // keeps its working state in its object (shared by copies), so two threads
  // may not stem with one.
  std::vector<Xapian::Stem> helper_stemmers_;
  std::int64_t applied_seq_ = 0;
  std::shared_ptr<const FacetTable> facet_table_;
  std::vector<Xapian::rev> facet_table_revision_;
  std::vector<std::uint32_t> facet_counts_;   // FacetCounter's scratch (searches hold mutex_)
  // By id, limit and a hash of the exclusions.
  using SimilarKey = std::tuple<std::string, int, std::size_t>;
  std::map<SimilarKey, std::vector<Hit>> similar_cache_;
  std::vector<Xapian::rev> similar_revision_;
  // What a reader asked of the revision it reads, kept while that revision
  // stands: term frequencies ("more like this" weighs each word of a record
  // by its frequency, and the same words recur from record to record; the
  // query parser asks of each word's spellings and names), synonyms
  // (glossary entries, romanisations) and whether there are any. A writer
  // keeps none (its revision moves with every flush). Emptied when the
  // revision moves (check_memo) and on every reopen; each map dropped whole
  // when full (kTermFreqCacheEntries, kSynonymCacheEntries).
  struct RevisionMemo {
    std::vector<Xapian::rev> revision;
    std::unordered_map<std::string, Xapian::doccount> termfreqs;
    std::unordered_map<std::string, std::vector<std::string>> synonyms;
    std::optional<bool> any_synonyms;
    bool active = false;   // a reader's, of `revision`
  };
  RevisionMemo memo_;
  std::shared_ptr<RelatedTable> related_table_;   // of related_table_revision_ (related_ahead)
  std::vector<Xapian::rev> related_table_revision_;
  bool word_pairs_ = false;   // every shard holds word pairs (word_pairs.h)
  TextWords text_words_;   // readers: of the revision db_ reads (refresh() clears it)
  // A reader's second handle on its shards, for parallel searches
  // (rank_in_parallel), opened when first needed and dropped by refresh().
  std::vector<std::string> shard_uuids_;
  std::vector<Xapian::Database> helper_parts_;
  Xapian::Database helper_db_;
  std::vector<std::uint32_t> helper_facet_counts_;   // the other thread's FacetCounter scratch
  // The other thread of a search (the other shard's ranking and count, the
  // count of a phrase, half the hits), kept from search to search. Declared
  // after what its tasks use, so it stops before that is gone.
  HelperThread helper_;
  std::int64_t checkpoint_seq_ = 0;   // the last checkpoint() queued since the last sync_all()
  mutable std::mutex mutex_;
};

}  // namespace

Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable) {
  return open_xapian_index(dir, writable, XapianIndexOptions{});
}

Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable,
                                                      XapianIndexOptions options) {
  // The shard slot (index_terms.h) and placements (shard_placement.h) hold a shard's number in a byte.
  options.shards = std::clamp(options.shards, 1, static_cast<int>(ShardPlacement::kMaxShards));
  std::optional<IndexWriterLock> lock;
  if (writable) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
    auto taken = IndexWriterLock::take(dir);
    if (!taken) return std::unexpected(taken.error());
    lock = std::move(*taken);
    if (auto r = recover_index_compaction(dir); !r) return std::unexpected(r.error());
  }
  std::vector<std::filesystem::path> paths = xapian_shard_paths(dir);
  if (paths.empty() && !writable) {
    return fail(ErrorCode::kStorage, "cannot open the index in " + dir.string() + ": no index there");
  }
  return guarded("opening the index in " + dir.string(), [&]() -> Result<std::unique_ptr<SearchIndex>> {
    if (writable) {
      // An index of another layout, or one a load without syncing did not
      // finish (bulk_load.h), is derived data: it is dropped, and the archive
      // replays the store into a new one (its applied seq is 0). The marker
      // stays until the new load has synced, so a crash while the old shards
      // are removed leaves it for the next writer.
      const bool interrupted = unsynced_load_interrupted(dir);
      if (interrupted || (!paths.empty() && Xapian::Database(paths.front().string())
                                                    .get_metadata(std::string(t::kLayoutKey)) != t::kLayoutVersion)) {
        if (!interrupted) {
          if (auto r = begin_unsynced_load(dir); !r) return std::unexpected(r.error());
        }
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
          const std::string name = entry.path().filename().string();
          if (name == kIndexWriterLockFile || name == kIndexReadersLockFile || name == kUnsyncedMarkerFile) continue;
          std::filesystem::remove_all(entry.path(), ec);
          if (ec) return fail(ErrorCode::kIo, "cannot replace the old index " + entry.path().string() + ": " + ec.message());
        }
        if (ec) return fail(ErrorCode::kIo, "cannot list the old index in " + dir.string() + ": " + ec.message());
        paths.clear();
      }
      const bool created = paths.empty();
      if (created) {
        for (int i = 0; i < options.shards; ++i) paths.push_back(dir / ("shard" + std::to_string(i)));
      }
      // Filled from empty: written without syncing until the writer closes.
      bool empty = true;
      for (std::size_t i = 0; !created && empty && i < paths.size(); ++i) {
        empty = Xapian::Database(paths[i].string()).get_doccount() == 0;
      }
      if (empty && !unsynced_load_interrupted(dir)) {
        if (auto r = begin_unsynced_load(dir); !r) return std::unexpected(r.error());
      }
      std::vector<Xapian::WritableDatabase> writers;
      for (const auto& path : paths) {
        writers.emplace_back(path.string(), Xapian::DB_CREATE_OR_OPEN | (empty ? Xapian::DB_NO_SYNC : 0),
                             t::kShardBlockSize);
        if (created) {
          writers.back().set_metadata(std::string(t::kLayoutKey), std::string(t::kLayoutVersion));
          writers.back().set_metadata(std::string(t::kShardCountKey), std::to_string(options.shards));
          writers.back().commit();
        }
      }
      return std::make_unique<XapianIndex>(dir, std::vector<ShardFolder>{}, std::move(writers),
                                           std::vector<Xapian::Database>{}, std::move(options),
                                           WriterSession(dir, std::move(*lock), empty));
    }
    // The reader's mark first (a compaction that swaps shards after this
    // waits for it to refresh), then the folders, then the databases: a
    // compaction swapping a shard in between makes the next refresh() open
    // it again, never miss it.
    IndexReaderMark mark = IndexReaderMark::take(dir);
    std::vector<ShardFolder> folders = shard_folders(dir);
    std::vector<Xapian::Database> parts;
    for (const ShardFolder& folder : folders) parts.emplace_back(folder.path.string());
    if (parts.empty()) return fail(ErrorCode::kStorage, "cannot open the index in " + dir.string() + ": no index there");
    auto reader = std::make_unique<XapianIndex>(dir, std::move(folders), std::vector<Xapian::WritableDatabase>{},
                                                std::move(parts), std::move(options));
    reader->keep(std::move(mark));
    return reader;
  });
}

namespace {

// The live copy a replica's stub file (DIR/XAPIANDB, "auto replica_K", as
// xapian-replicate writes it) names, if it holds a database; else "".
std::filesystem::path replica_copy(const std::filesystem::path& dir) {
  std::ifstream stub(dir / "XAPIANDB");
  std::string line;
  while (stub && std::getline(stub, line)) {
    constexpr std::string_view kAuto = "auto ";
    if (!line.starts_with(kAuto)) continue;
    const std::string name = line.substr(kAuto.size());
    // Only a copy inside the folder: the stub is written by the tool, but a
    // path out of the folder is never followed.
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return {};
    std::error_code ec;
    if (std::filesystem::exists(dir / name / "iamglass", ec)) return dir / name;
    return {};
  }
  return {};
}

}  // namespace

std::vector<std::filesystem::path> xapian_shard_paths(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir / "iamglass", ec)) return {dir};   // made before the index had shards
  std::vector<std::filesystem::path> paths;
  for (int i = 0;; ++i) {
    std::filesystem::path path = dir / ("shard" + std::to_string(i));
    if (std::filesystem::path copy = replica_copy(path); !copy.empty()) {   // an index replica's shard
      paths.push_back(std::move(copy));
      continue;
    }
    if (!std::filesystem::exists(path / "iamglass", ec)) {
      // Between the two renames of a compaction (index_compaction.h).
      path = dir / ("shard" + std::to_string(i) + ".old");
      if (!std::filesystem::exists(path / "iamglass", ec)) break;
    }
    paths.push_back(std::move(path));
  }
  return paths;
}

Result<int> xapian_recorded_shard_count(const std::filesystem::path& shard) {
  return guarded("reading " + shard.string(), [&]() -> Result<int> {
    const std::string text = Xapian::Database(shard.string()).get_metadata(std::string(t::kShardCountKey));
    int count = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || count < 1 || count > 256) {
      return fail(ErrorCode::kStorage, shard.string() + " does not say how many shards its index has" +
                                           (text.empty() ? " (an index last written before replication: import "
                                                           "or compact once on the primary)"
                                                         : ": '" + text.substr(0, 20) + "'"));
    }
    return count;
  });
}

}  // namespace chancery
