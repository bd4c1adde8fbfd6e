#include "index/xapian_index.h"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "index/facets.h"
#include "index/index_terms.h"
#include "index/snippets.h"
#include "util/text_fold.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

namespace t = index_terms;

constexpr int kMaxLimit = 1000;
constexpr int kMinCheckAtLeast = 1000;   // exact totals for modest match sets
constexpr int kSimilarTerms = 30;
constexpr std::size_t kMaxSynonymKeyBytes = 200;
constexpr std::string_view kDefaultStemmer = "english";
// Xapian's limit on the length of a term (the unique id term included).
constexpr std::size_t kXapianMaxTermBytes = 245;
// Records handed to the document pipeline and not yet added to the database.
constexpr std::size_t kMaxPipelined = 32;

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

// Accepts unprefixed, non-numeric words of some length for "more like this".
class FreeTextWords : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    const auto c = static_cast<unsigned char>(term[0]);
    return (c >= 'a' && c <= 'z') || c >= 0x80;
  }
};

// Builds documents on a second thread while the writer's thread feeds
// Xapian: tokenising, folding, stemming and name keys overlap with Xapian's
// own work (and with the caller reading and parsing the next records).
// Documents come out in the order records went in.
class DocumentPipeline {
 public:
  explicit DocumentPipeline(DocumentBuilder& builder) : builder_(builder) {}
  DocumentPipeline(const DocumentPipeline&) = delete;
  DocumentPipeline& operator=(const DocumentPipeline&) = delete;
  ~DocumentPipeline() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_worker_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  // Queues a record (the caller bounds the queue by popping).
  void push(Record record) {
    std::lock_guard lock(mutex_);
    if (!worker_.joinable() && !inline_) {
      try {
        worker_ = std::thread([this] { run(); });
      } catch (const std::system_error&) {
        inline_ = true;  // no thread available: build on the caller's thread
      }
    }
    if (inline_) {
      output_.push_back(build(record));
      ++pending_;
      return;
    }
    input_.push_back(std::move(record));
    ++pending_;
    wake_worker_.notify_one();
  }

  // The next built document in order; with `wait`, waits for it while records
  // are pending, else returns nullptr when none is ready. Rethrows what
  // building threw.
  std::unique_ptr<BuiltDocument> pop(bool wait) {
    std::unique_lock lock(mutex_);
    if (wait) wake_caller_.wait(lock, [this] { return !output_.empty() || pending_ == 0; });
    if (output_.empty()) return nullptr;
    Built built = std::move(output_.front());
    output_.pop_front();
    --pending_;
    if (built.error) std::rethrow_exception(built.error);
    return std::move(built.document);
  }

  // Records pushed and not yet popped.
  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return pending_;
  }

  // Drops everything not yet taken (after a failure).
  void clear() {
    std::unique_lock lock(mutex_);
    input_.clear();
    wake_caller_.wait(lock, [this] { return !busy_; });
    output_.clear();
    pending_ = 0;
    wake_caller_.notify_all();
  }

 private:
  struct Built {
    std::unique_ptr<BuiltDocument> document;
    std::exception_ptr error;
  };

  Built build(const Record& record) {
    Built built;
    try {
      built.document = std::make_unique<BuiltDocument>(builder_.build(record));
    } catch (...) {
      built.error = std::current_exception();
    }
    return built;
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_worker_.wait(lock, [this] { return stopping_ || !input_.empty(); });
      if (stopping_) return;
      Record record = std::move(input_.front());
      input_.pop_front();
      busy_ = true;
      wake_caller_.notify_all();
      lock.unlock();
      Built built = build(record);
      lock.lock();
      busy_ = false;
      output_.push_back(std::move(built));
      wake_caller_.notify_all();
    }
  }

  DocumentBuilder& builder_;   // used by one thread at a time
  std::mutex mutex_;
  std::condition_variable wake_worker_;
  std::condition_variable wake_caller_;
  std::deque<Record> input_;
  std::deque<Built> output_;
  std::size_t pending_ = 0;    // pushed and not yet popped
  bool busy_ = false;
  bool stopping_ = false;
  bool inline_ = false;        // building on the caller's thread
  std::thread worker_;
};

class XapianIndex final : public SearchIndex {
 public:
  XapianIndex(std::optional<Xapian::WritableDatabase> writer, Xapian::Database db, XapianIndexOptions options)
      : options_(std::move(options)), writer_(std::move(writer)), db_(std::move(db)),
        builder_(options_.names), pipeline_(builder_) {
    load_metadata();
  }
  XapianIndex(const XapianIndex&) = delete;
  XapianIndex& operator=(const XapianIndex&) = delete;

  Result<void> put(const Record& record) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    if (record.id.empty()) return fail(ErrorCode::kInvalidInput, "a record without an id cannot be indexed");
    // Checked here, not when the pipeline's document reaches Xapian: a
    // failure found there is reported by a later put() or by commit().
    if (t::kIdPrefix.size() + record.id.size() > kXapianMaxTermBytes) {
      return fail(ErrorCode::kInvalidInput, "record id too long to index: " + record.id.substr(0, 40) + "...");
    }
    pipeline_.push(record);
    return apply_built(kMaxPipelined);
  }

  Result<void> remove(const std::string& id) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    if (auto r = apply_built(0); !r) return r;
    return guarded("removing " + id, [&]() -> Result<void> {
      writer_->delete_document(std::string(t::kIdPrefix) + id);
      return count_change();
    });
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
    if (auto r = apply_built(0); !r) return r;
    return guarded("adding synonym " + term, [&]() -> Result<void> {
      writer_->add_synonym(a, b);
      writer_->add_synonym(b, a);
      return count_change();
    });
  }

  Result<void> commit(std::int64_t seq) override {
    std::lock_guard lock(mutex_);
    if (auto r = require_writer(); !r) return r;
    if (auto r = apply_built(0); !r) return r;
    return guarded("committing the index", [&]() -> Result<void> {
      write_spellings();
      write_stemmers();
      writer_->set_metadata(std::string(t::kAppliedSeqKey), std::to_string(seq));
      writer_->commit();
      applied_seq_ = seq;
      pending_ = 0;
      return {};
    });
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
    if (auto r = apply_built(0); !r) return std::unexpected(r.error());
    return with_retry("searching", [&] { return search_locked(request); });
  }

  Result<std::vector<Hit>> similar(const std::string& id, int limit) override {
    std::lock_guard lock(mutex_);
    if (limit < 0 || limit > kMaxLimit) {
      return fail(ErrorCode::kInvalidInput, "limit must be between 0 and " + std::to_string(kMaxLimit));
    }
    if (auto r = apply_built(0); !r) return std::unexpected(r.error());
    return with_retry("finding records like " + id, [&] { return similar_locked(id, limit); });
  }

  Result<std::vector<std::string>> all_ids() override {
    std::lock_guard lock(mutex_);
    if (auto r = apply_built(0); !r) return std::unexpected(r.error());
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
    (void)apply_built(0);
    try {
      return db_.get_doccount();
    } catch (const Xapian::Error&) {
      return 0;
    }
  }

  Result<void> refresh() override {
    std::lock_guard lock(mutex_);
    if (writer_) return {};  // a writer always sees its own changes
    return guarded("reopening the index", [&]() -> Result<void> {
      db_.reopen();
      load_metadata();
      return {};
    });
  }

 private:
  // Adds the documents the pipeline has built to the database: every one
  // ready, and waiting for more until at most `keep` are left in the
  // pipeline. A failure drops the rest (the caller does not commit, and the
  // store replays them later).
  Result<void> apply_built(std::size_t keep) {
    if (!writer_) return {};
    std::string id_term;
    auto applied = guarded("indexing", [&]() -> Result<void> {
      while (std::unique_ptr<BuiltDocument> built = pipeline_.pop(pipeline_.pending() > keep)) {
        id_term = built->id_term;
        writer_->replace_document(built->id_term, built->document);
        for (std::string& word : built->spellings) ++pending_spellings_[std::move(word)];
        for (std::string& name : built->stemmers) {
          if (stemmer_names_.insert(std::move(name)).second) stemmers_changed();
        }
        if (auto r = count_change(); !r) return r;
      }
      return {};
    });
    if (!applied) {
      pipeline_.clear();
      Error error = applied.error();
      if (!id_term.empty()) error.message += " (record " + id_term.substr(t::kIdPrefix.size()) + ")";
      return std::unexpected(std::move(error));
    }
    return {};
  }

  Result<void> require_writer() const {
    if (!writer_) return fail(ErrorCode::kConflict, "the index is open read-only");
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
        load_metadata();
        return body();
      }
    });
  }

  void load_metadata() {
    applied_seq_ = 0;
    const std::string seq = db_.get_metadata(std::string(t::kAppliedSeqKey));
    std::from_chars(seq.data(), seq.data() + seq.size(), applied_seq_);
    stemmer_names_.clear();
    const std::string names = db_.get_metadata(std::string(t::kStemmersKey));
    std::size_t start = 0;
    while (start < names.size()) {
      std::size_t end = names.find(',', start);
      if (end == std::string::npos) end = names.size();
      if (end > start) stemmer_names_.insert(names.substr(start, end - start));
      start = end + 1;
    }
    stemmer_names_.insert(std::string(kDefaultStemmer));
    stemmers_changed();
    stemmers_dirty_ = false;
  }

  void stemmers_changed() {
    stemmers_dirty_ = true;
    stemmers_.clear();
    stemmers_.emplace_back(std::string(kDefaultStemmer));
    for (const std::string& name : stemmer_names_) {
      if (name == kDefaultStemmer) continue;
      try {
        stemmers_.emplace_back(name);
      } catch (const Xapian::InvalidArgumentError&) {
        // A stemmer this Xapian build lacks: its records still match unstemmed.
      }
    }
  }

  void write_stemmers() {
    if (!stemmers_dirty_) return;
    std::string names;
    for (const std::string& name : stemmer_names_) {
      if (!names.empty()) names += ',';
      names += name;
    }
    writer_->set_metadata(std::string(t::kStemmersKey), names);
    stemmers_dirty_ = false;
  }

  // Spelling words are counted per batch and handed to Xapian once each:
  // far fewer calls than one per word per document.
  void write_spellings() {
    for (const auto& [word, count] : pending_spellings_) writer_->add_spelling(word, count);
    pending_spellings_.clear();
  }

  // Flushes to disk every flush_threshold changes to keep Xapian's buffers small.
  Result<void> count_change() {
    if (++pending_ >= options_.flush_threshold) {
      write_spellings();
      write_stemmers();
      writer_->commit();
      pending_ = 0;
    }
    return {};
  }

  // The facet values of every document of the revision being read, decoded
  // once per revision (readers only: a writer's revision moves with every
  // flush, and it searches rarely).
  std::shared_ptr<const FacetTable> facet_table() {
    if (writer_) return nullptr;
    const Xapian::rev revision = db_.get_revision();
    if (!facet_table_ || revision != facet_table_revision_) {
      facet_table_ = FacetTable::build(db_);
      facet_table_revision_ = revision;
    }
    return facet_table_;
  }

  SynonymLookup synonym_lookup() {
    if (db_.synonym_keys_begin() == db_.synonym_keys_end()) return {};
    return [this](const std::string& key) {
      std::vector<std::string> out;
      for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) out.push_back(*it);
      return out;
    };
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

  Result<SearchResults> search_locked(const SearchRequest& request) {
    NameQuerySupport names{options_.names.word_key, options_.names.is_person_key, options_.names.person_ids,
                           [this](const std::string& term) -> std::size_t { return db_.get_termfreq(term); }};
    QueryParser parser(stemmers_, synonym_lookup(), options_.query_limits, options_.names.word_key, std::move(names));
    auto parsed = parser.parse(request.query);
    if (!parsed) return std::unexpected(parsed.error());
    Xapian::Query query = parsed->query;
    if (!request.filters.empty()) {
      auto filter = facet_filter(request);
      if (!filter) return std::unexpected(filter.error());
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);
    }

    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    switch (request.sort) {
      case SortOrder::kRelevance:
        break;
      case SortOrder::kDateAscending:
        enquire.set_sort_by_value_then_relevance(t::kSortAscSlot, false);
        break;
      case SortOrder::kDateDescending:
        enquire.set_sort_by_value_then_relevance(t::kSortDescSlot, false);
        break;
    }
    FacetCounter facets(request.want_facets ? facet_table() : nullptr);
    if (request.want_facets) enquire.add_matchspy(&facets);
    const std::int64_t wanted = std::int64_t{request.offset} + request.limit;
    const std::int64_t check_at_least = std::max<std::int64_t>(
        {wanted, kMinCheckAtLeast, request.want_facets ? options_.facet_sample_limit : 0});
    const auto check = static_cast<Xapian::doccount>(std::min<std::int64_t>(check_at_least, INT32_MAX));
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit), check);

    SearchResults results;
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    Highlighter highlighter(parsed->words, stemmers_);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit = hit_of(it.get_document(), request.want_snippets ? &highlighter : nullptr);
      hit.score = parsed->match_all ? 0.0 : it.get_weight();
      results.hits.push_back(std::move(hit));
    }
    if (request.want_facets) results.facets = facets.results(request.facet_limit, results.total);
    results.suggestion = suggestion(request.query, parsed->words);
    return results;
  }

  static Hit hit_of(const Xapian::Document& doc, const Highlighter* highlighter) {
    Hit hit;
    std::optional<StoredHit> stored = decode_stored_hit(doc.get_data());
    if (!stored) return hit;
    hit.id = std::move(stored->id);
    hit.title = std::move(stored->title);
    hit.date = std::move(stored->date);
    if (highlighter != nullptr) hit.snippet = make_snippet(stored->text, *highlighter);
    return hit;
  }

  // The query with each unknown word replaced by its spelling suggestion, and
  // each recorded variant spelling of a name by the authority's preferred name
  // (quoted); "" when nothing changes.
  std::string suggestion(std::string_view query, const std::vector<QueryWord>& words) {
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    for (const QueryWord& word : words) {
      if (!word.single || word.key.size() < 3 || word.begin < copied) continue;
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
        if (db_.term_exists(std::string(t::kStemPrefix) + word.prefix + stemmer(word.key))) {
          stem_known = true;
          break;
        }
      }
      if (stem_known) continue;
      std::string better = db_.get_spelling_suggestion(word.key, 2);
      if (better.empty() || better == word.key) continue;
      out.append(query.substr(copied, word.begin - copied));
      out += better;
      copied = word.end;
      changed = true;
    }
    if (!changed) return {};
    out.append(query.substr(copied));
    return out;
  }

  Result<std::vector<Hit>> similar_locked(const std::string& id, int limit) {
    const std::string id_term = std::string(t::kIdPrefix) + id;
    Xapian::PostingIterator posting = db_.postlist_begin(id_term);
    if (posting == db_.postlist_end(id_term)) return fail(ErrorCode::kNotFound, "no indexed record " + id);
    Xapian::RSet rset;
    rset.add_document(*posting);
    Xapian::Enquire enquire(db_);
    FreeTextWords decider;
    Xapian::ESet eset = enquire.get_eset(kSimilarTerms, rset, &decider);
    std::vector<Hit> hits;
    if (eset.empty() || limit == 0) return hits;
    std::vector<std::string> terms(eset.begin(), eset.end());
    Xapian::Query like(Xapian::Query::OP_OR, terms.begin(), terms.end());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(id_term)));
    Xapian::MSet mset = enquire.get_mset(0, limit);
    Highlighter highlighter({}, {});
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit = hit_of(it.get_document(), &highlighter);
      hit.score = it.get_weight();
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  XapianIndexOptions options_;
  std::optional<Xapian::WritableDatabase> writer_;
  Xapian::Database db_;   // the writer itself when writable
  DocumentBuilder builder_;
  DocumentPipeline pipeline_;   // builds with builder_ on its own thread
  std::set<std::string> stemmer_names_;
  std::vector<Xapian::Stem> stemmers_;   // English first, then the others in use
  bool stemmers_dirty_ = false;
  std::int64_t applied_seq_ = 0;
  int pending_ = 0;
  std::shared_ptr<const FacetTable> facet_table_;
  Xapian::rev facet_table_revision_ = 0;
  std::unordered_map<std::string, Xapian::termcount> pending_spellings_;
  mutable std::mutex mutex_;
};

}  // namespace

Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable) {
  return open_xapian_index(dir, writable, XapianIndexOptions{});
}

Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable,
                                                      XapianIndexOptions options) {
  if (options.flush_threshold < 1) options.flush_threshold = 1;
  if (writable) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  }
  return guarded("opening the index in " + dir.string(), [&]() -> Result<std::unique_ptr<SearchIndex>> {
    if (writable) {
      Xapian::WritableDatabase writer(dir.string(), Xapian::DB_CREATE_OR_OPEN);
      Xapian::Database db = writer;
      return std::make_unique<XapianIndex>(std::move(writer), std::move(db), std::move(options));
    }
    Xapian::Database db(dir.string());
    return std::make_unique<XapianIndex>(std::nullopt, std::move(db), std::move(options));
  });
}

}  // namespace chancery
