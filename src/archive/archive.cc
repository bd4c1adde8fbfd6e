// Opening an archive, keeping its index in step with its store, and reading.
#include "archive/archive.h"

#include <atomic>

#include <fstream>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <unordered_map>

#include "archive/archive_impl.h"
#include "archive/replication.h"
#include "index/xapian_index.h"
#include "model/record_json.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "util/bytes_under.h"

namespace chancery {
namespace fs = std::filesystem;

namespace {

// Store changes read at a time while the index catches up.
constexpr int kReplayBatch = 500;
// The index commits after at least this many changes (a checkpoint: the
// shards commit while the import goes on) and at the end (waiting for it); a
// crash replays at most about this many changes.
constexpr std::int64_t kCommitEvery = 5000;

template <typename T>
Result<T> with_context(Result<T> result, const Revision& revision) {
  if (result) return result;
  Error error = result.error();
  error.code = ErrorCode::kStorage;
  error.message = std::string(kind_name(revision.kind)) + " " + revision.id + " revision " +
                  std::to_string(revision.number) + ": " + error.message;
  return std::unexpected(std::move(error));
}

// A glossary term becomes a synonym pair in the index. A term the index
// refuses as input (kInvalidInput: e.g. longer than a Xapian term may be) is
// skipped: it cannot be searched as a synonym, but must not stop the records.
Result<void> apply_term(SearchIndex& index, const Revision& revision) {
  auto term = with_context(term_from_json_text(revision.json), revision);
  if (!term) return std::unexpected(term.error());
  if (term->term.empty() || term->expansion.empty()) return {};
  auto added = index.add_synonym(term->term, term->expansion);
  if (!added && added.error().code == ErrorCode::kInvalidInput) return {};
  return added;
}

// Another writer holds the index: kConflict, or Xapian's DatabaseLockError
// as the Xapian index reports it (in an Error{kStorage} message).
bool index_is_locked(const Error& error) {
  return error.code == ErrorCode::kConflict || error.message.find("DatabaseLockError") != std::string::npos;
}

}  // namespace

Result<Record> record_from_revision(const Revision& revision) {
  return with_context(record_from_json_text(revision.json), revision);
}

Result<Collection> collection_from_revision(const Revision& revision) {
  return with_context(collection_from_json_text(revision.json), revision);
}

Result<void> Archive::Impl::catch_up_index(bool final) {
  auto result = [&]() -> Result<void> {
    auto last_seq = store->last_seq();
    if (!last_seq) return std::unexpected(last_seq.error());
    if (index->applied_seq() > *last_seq) {
      pushed_seq = -1;
      uncommitted = 0;
      return rebuild_index();
    }
    return replay_changes(final);
  }();
  fresh_records.clear();   // what the replay did not take is stale
  if (!result) {
    pushed_seq = -1;   // the index replays from what it committed
    uncommitted = 0;
  }
  return result;
}

Result<void> Archive::Impl::replay_changes(bool final) {
  std::int64_t after = std::max(index->applied_seq(), pushed_seq);
  for (;;) {
    // After an import most changed records are still in memory
    // (fresh_records): their stored JSON is read only when it is needed.
    const bool lazy_json = !fresh_records.empty();
    auto changes = store->changes_since(after, kReplayBatch, /*with_json=*/!lazy_json);
    if (!changes) return std::unexpected(changes.error());
    auto with_json = [&](const Revision& change) -> Result<Revision> {
      if (!lazy_json) return change;
      auto full = store->revision(change.kind, change.id, change.number);
      if (!full) return std::unexpected(full.error());
      if (!*full) return fail(ErrorCode::kStorage, "revision " + std::to_string(change.number) + " of " + change.id + " is missing");
      return std::move(**full);
    };
    if (changes->empty()) break;
    std::set<std::string> annotated_records;   // records whose corrections, notes or scans changed
    // Only the last change to each record in the batch matters.
    std::unordered_map<std::string, std::size_t> last_change;
    for (std::size_t i = 0; i < changes->size(); ++i) {
      if ((*changes)[i].kind == EntityKind::kRecord) last_change[(*changes)[i].id] = i;
    }
    for (std::size_t i = 0; i < changes->size(); ++i) {
      const Revision& change = (*changes)[i];
      if (change.kind == EntityKind::kRecord) {
        if (last_change[change.id] != i) continue;
        if (change.deleted) {
          if (auto r = index->remove(change.id); !r) return r;
          continue;
        }
        if (auto fresh = fresh_records.find(change.id);
            fresh != fresh_records.end() && fresh->second.first == change.number) {
          Record record = std::move(fresh->second.second);
          fresh_records.erase(fresh);
          if (auto r = index_record(std::move(record)); !r) return r;
          continue;
        }
        auto full = with_json(change);
        if (!full) return std::unexpected(full.error());
        auto record = record_from_revision(*full);
        if (!record) return std::unexpected(record.error());
        if (auto r = index_record(std::move(*record)); !r) return r;
      } else if (change.kind == EntityKind::kTerm && !change.deleted) {
        auto full = with_json(change);
        if (!full) return std::unexpected(full.error());
        if (auto r = apply_term(*index, *full); !r) return r;
      } else if (change.kind == EntityKind::kScans) {
        // Pages added or removed: the record's "pages" facet follows.
        if (scanned) {
          if (change.deleted) {
            scanned->erase(change.id);
          } else {
            scanned->insert(change.id);
          }
        }
        annotated_records.insert(change.id);
      } else if (change.kind == EntityKind::kAnnotation) {
        // A correction or note added or withdrawn: its record's document
        // holds their words. Reindexed after the batch, as it stands then.
        restrictions.valid = false;   // this process's own commits may not move the store's version
        if (const std::size_t hash = change.id.rfind('#'); hash != std::string::npos) {
          annotated_records.insert(change.id.substr(0, hash));
        }
      }
    }
    for (const std::string& id : annotated_records) {
      auto latest = store->latest(EntityKind::kRecord, id);
      if (!latest) return std::unexpected(latest.error());
      if (!*latest) continue;   // a collection's restriction, or a record not (or no longer) here
      auto record = record_from_revision(**latest);
      if (!record) return std::unexpected(record.error());
      if (auto r = index_record(std::move(*record)); !r) return r;
    }
    after = changes->back().seq;
    pushed_seq = after;
    uncommitted += static_cast<std::int64_t>(changes->size());
    if (uncommitted >= kCommitEvery) {
      if (auto r = index->checkpoint(after); !r) return r;
      uncommitted = 0;
    }
    if (building_to > 0 && options.on_index_build_progress) {
      options.on_index_build_progress(after, std::max(after, building_to));
    }
  }
  if (final && uncommitted > 0) {
    if (auto r = index->commit(after); !r) return r;
    uncommitted = 0;
  }
  catch_up_error.reset();
  return {};
}

Result<void> Archive::Impl::rebuild_index() {
  auto indexed = index->all_ids();
  if (!indexed) return std::unexpected(indexed.error());
  std::vector<std::string> live;
  Result<void> failure;
  auto walked = store->for_each(EntityKind::kRecord, [&](const Revision& revision) {
    auto record = record_from_revision(revision);
    if (!record) {
      failure = std::unexpected(record.error());
      return false;
    }
    if (auto r = index_record(std::move(*record)); !r) {
      failure = r;
      return false;
    }
    live.push_back(revision.id);
    return true;
  });
  if (!walked) return walked;
  if (!failure) return failure;
  std::sort(live.begin(), live.end());
  for (const std::string& id : *indexed) {
    if (!std::binary_search(live.begin(), live.end(), id)) {
      if (auto r = index->remove(id); !r) return r;
    }
  }
  auto walked_terms = store->for_each(EntityKind::kTerm, [&](const Revision& revision) {
    failure = apply_term(*index, revision);
    return failure.has_value();
  });
  if (!walked_terms) return walked_terms;
  if (!failure) return failure;
  auto last_seq = store->last_seq();
  if (!last_seq) return std::unexpected(last_seq.error());
  return index->commit(*last_seq);
}

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::~Archive() = default;

std::string archive_store_location(const fs::path& dir) {
  std::ifstream in(dir / kStoreLocationFileName);
  std::string line;
  if (in && std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) return line;
  }
  return (dir / kStoreFileName).string();
}

Result<std::unique_ptr<Archive>> Archive::open(const ArchiveOptions& options) {
  std::error_code ec;
  const fs::path store_file = options.dir / kStoreFileName;
  const fs::path location_file = options.dir / kStoreLocationFileName;
  const fs::path index_dir = options.dir / kIndexDirName;
  const bool exists = fs::exists(store_file, ec) || fs::exists(location_file, ec);
  if (!options.store.empty() && !is_postgres_location(options.store)) {
    return fail(ErrorCode::kInvalidInput, "'" + options.store + "' is not a store location (postgresql://...)");
  }
  if (!exists) {
    if (!options.create) {
      return fail(ErrorCode::kNotFound, "no archive in " + options.dir.string() + " (create one with `chancery init`)");
    }
    if (options.read_only) return fail(ErrorCode::kInvalidInput, "cannot create an archive read-only");
    fs::create_directories(options.dir, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create " + options.dir.string() + ": " + ec.message());
  }
  std::string location = archive_store_location(options.dir);
  if (!options.store.empty() && exists && options.store != location) {
    return fail(ErrorCode::kConflict, "the archive in " + options.dir.string() + " keeps its records in " +
                                          (is_postgres_location(location) ? location : "its own folder") + ", not " +
                                          options.store);
  }
  if (!options.store.empty() && !exists) {
    // The store first: a folder naming a store that cannot be opened is no archive.
    auto created = open_store(options.store, false);
    if (!created) return std::unexpected(created.error());
    created->reset();
    if (auto r = replace_file(location_file, options.store + "\n"); !r) return std::unexpected(r.error());
    location = options.store;
  }

  auto replication = read_replication(options.dir);
  if (!replication) return std::unexpected(replication.error());
  if (replication->role == ReplicationRole::kReplica) {
    if (!options.read_only) {
      return fail(ErrorCode::kConflict, options.dir.string() + " is an index replica of " + replication->primary() +
                                            ": it only reads; make changes on the primary");
    }
    if (xapian_shard_paths(index_dir).empty() && !options.index_factory) {
      return fail(ErrorCode::kNotFound, options.dir.string() + " is an index replica of " + replication->primary() +
                                            " with no index copied yet (run `chancery replication pull`)");
    }
  } else if (replication->role == ReplicationRole::kPrimary && !options.read_only) {
    // Glass reads it at every commit, on the shards' threads: set before
    // they start, and the same for the life of the process.
    const std::string kept = options.keep_changesets ? std::to_string(replication->changesets) : "0";
    const char* now = std::getenv("XAPIAN_MAX_CHANGESETS");
    if (now == nullptr || kept != now) ::setenv("XAPIAN_MAX_CHANGESETS", kept.c_str(), 1);
  }

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto store = open_store(location, options.read_only);
  if (!store) return std::unexpected(store.error());
  impl->store = std::move(*store);

  // The index has one writer at a time. A writer that just ended (or was
  // killed) may release its lock a moment later, and a concurrent writer
  // finishes its batch in seconds: wait for the lock like SQLite's busy_timeout.
  auto open_index = [&] {
    return options.index_factory ? options.index_factory(index_dir, !options.read_only)
                                 : open_default_index(index_dir, !options.read_only, options.related_ahead);
  };
  auto index = open_index();
  const auto deadline = std::chrono::steady_clock::now() + options.lock_timeout;
  while (!index && !options.read_only && index_is_locked(index.error()) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    index = open_index();
  }
  if (!index) return std::unexpected(index.error());
  impl->index = std::move(*index);

  if (!options.read_only) {
    if ((options.on_index_build || options.on_index_build_progress) && impl->index->applied_seq() == 0) {
      auto last_seq = impl->store->last_seq();
      if (last_seq && *last_seq > 0) {
        if (options.on_index_build) options.on_index_build(*last_seq);
        impl->building_to = *last_seq;
      }
    }
    if (auto r = impl->catch_up_index(); !r) impl->catch_up_error = r.error();
    impl->building_to = 0;
  }
  return std::unique_ptr<Archive>(new Archive(std::move(impl)));
}

Result<IndexCompaction> Archive::compact_index(const ArchiveOptions& options,
                                               const IndexCompactionOptions& compaction) {
  if (options.index_factory) return fail(ErrorCode::kInvalidInput, "only the default index can be compacted");
  ArchiveOptions writer = options;
  writer.read_only = false;
  writer.create = false;
  {
    auto archive = open(writer);
    if (!archive) return std::unexpected(archive.error());
    if (auto& error = (*archive)->impl_->catch_up_error) return std::unexpected(*error);
  }   // closed: the index's write lock is free for the compaction to take
  return compact_xapian_index(options.dir / kIndexDirName, compaction);
}

Result<Record> Archive::record(const std::string& id) {
  auto latest = impl_->store->latest(EntityKind::kRecord, id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "no record " + id);
  return record_from_revision(**latest);
}

Result<std::vector<Revision>> Archive::history(const std::string& id) {
  auto revisions = impl_->store->history(EntityKind::kRecord, id);
  if (!revisions) return std::unexpected(revisions.error());
  if (revisions->empty()) return fail(ErrorCode::kNotFound, "no record " + id);
  return revisions;
}

Result<Record> Archive::record_revision(const std::string& id, int number) {
  auto revision = impl_->store->revision(EntityKind::kRecord, id, number);
  if (!revision) return std::unexpected(revision.error());
  if (!*revision) return fail(ErrorCode::kNotFound, "record " + id + " has no revision " + std::to_string(number));
  if ((*revision)->deleted) {
    return fail(ErrorCode::kNotFound, "revision " + std::to_string(number) + " of record " + id + " deletes it");
  }
  return record_from_revision(**revision);
}

Result<Archive::RecordVersion> Archive::record_version(const std::string& id, int number, bool without_original) {
  auto latest = number != 0        ? impl_->store->latest_meta(EntityKind::kRecord, id)
                : without_original ? impl_->store->latest_shown(EntityKind::kRecord, id)
                                   : impl_->store->latest(EntityKind::kRecord, id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "no record " + id);
  RecordVersion version;
  version.latest = (*latest)->number;
  std::optional<Revision> shown = std::move(*latest);
  if (number != 0) {   // latest_meta gave the latest's number; now the revision asked for, with its JSON
    auto revision = impl_->store->revision(EntityKind::kRecord, id, number);
    if (!revision) return std::unexpected(revision.error());
    if (!*revision || (*revision)->deleted) {
      return fail(ErrorCode::kNotFound, "record " + id + " has no revision " + std::to_string(number));
    }
    shown = std::move(*revision);
  }
  auto record = record_from_revision(*shown);
  if (!record) return std::unexpected(record.error());
  version.record = std::move(*record);
  version.number = shown->number;
  version.created_at = std::move(shown->created_at);
  version.source = std::move(shown->source);
  return version;
}

Result<std::vector<Revision>> Archive::history_meta(const std::string& id) {
  auto revisions = impl_->store->history_meta(EntityKind::kRecord, id);
  if (!revisions) return std::unexpected(revisions.error());
  if (revisions->empty()) return fail(ErrorCode::kNotFound, "no record " + id);
  return revisions;
}

Result<Collection> Archive::collection(const std::string& id) {
  auto latest = impl_->store->latest(EntityKind::kCollection, id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "no collection " + id);
  return collection_from_revision(**latest);
}

Result<CollectionAbout> Archive::collection_about(const std::string& id, AboutParts parts) {
  auto latest = impl_->store->latest(EntityKind::kAbout, id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) {
    CollectionAbout none;
    none.id = id;
    return none;
  }
  auto about = parts == AboutParts::kAll ? about_from_json_text((*latest)->json)
                                         : about_texts_from_json_text((*latest)->json);
  if (!about) return fail(ErrorCode::kStorage, "the texts of collection " + id + ": " + about.error().message);
  return about;
}

namespace {

std::atomic<std::uint64_t> collection_text_builds{0};

// The collections' texts indexed once per process for each archive folder and
// state of its texts (`signature`): a server's workers each open the archive,
// and the index of 22 volumes' texts takes about 9 MB. Kept while an archive
// holds it; `build` makes it when none does.
Result<std::shared_ptr<CollectionTextSearch>> shared_collection_texts(
    const std::filesystem::path& dir, const std::string& signature,
    const std::function<Result<std::unique_ptr<CollectionTextSearch>>()>& build) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<CollectionTextSearch>> built;
  const std::string key = dir.lexically_normal().string() + '\0' + signature;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    for (auto it = built.begin(); it != built.end();) it = it->second.expired() ? built.erase(it) : std::next(it);
    if (auto it = built.find(key); it != built.end()) {
      if (auto search = it->second.lock()) return search;
    }
  }
  // Built outside the lock: two workers may both build at once, and the
  // second's is the one kept for those that come later.
  auto made = build();
  if (!made) return std::unexpected(made.error());
  collection_text_builds.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<CollectionTextSearch> search = std::move(*made);
  const std::lock_guard<std::mutex> lock(mutex);
  built[key] = search;
  return search;
}

}  // namespace

Result<CollectionTextResults> Archive::search_collection_texts(const std::string& query, std::size_t limit) {
  Impl::CollectionTexts& cached = impl_->collection_texts;
  // The store's last change, by any process or this one (whose own commits
  // do not move SQLite's data_version on its connection).
  auto version = impl_->store->last_seq();
  if (!version) return std::unexpected(version.error());
  if (!cached.search || *version != cached.version) {
    // The texts' ids and seqs say whether they changed since they were
    // indexed: most commits (records, annotations) leave them alone.
    auto listed = impl_->store->list_meta(EntityKind::kAbout);
    if (!listed) return std::unexpected(listed.error());
    std::string signature;
    for (const Revision& revision : *listed) signature += revision.id + '\n' + std::to_string(revision.seq) + '\n';
    if (!cached.search || signature != cached.signature) {
      auto shared = shared_collection_texts(impl_->options.dir, signature, [&]() -> Result<std::unique_ptr<CollectionTextSearch>> {
        std::vector<CollectionAbout> abouts;
        abouts.reserve(listed->size());
        for (const Revision& revision : *listed) {
          auto about = collection_about(revision.id);   // their texts searched, their indexes' cross-references kept
          if (!about) return std::unexpected(about.error());
          abouts.push_back(std::move(*about));
        }
        return CollectionTextSearch::build(abouts);
      });
      if (!shared) return std::unexpected(shared.error());
      cached.search = std::move(*shared);
      cached.signature = std::move(signature);
    }
    cached.version = *version;
  }
  return cached.search->search(query, limit);
}

std::uint64_t collection_text_searches_built() { return collection_text_builds.load(std::memory_order_relaxed); }

Result<void> Archive::warm_up() {
  if (auto warmed = index().warm_up(); !warmed) return warmed;
  if (auto texts = search_collection_texts("", 1); !texts) return std::unexpected(texts.error());
  return {};
}

Result<std::vector<Collection>> Archive::collections(const std::string& parent) {
  auto children = impl_->store->children(EntityKind::kCollection, parent);
  if (!children) return std::unexpected(children.error());
  std::vector<Collection> out;
  out.reserve(children->size());
  for (const Revision& revision : *children) {
    auto collection = collection_from_revision(revision);
    if (!collection) return std::unexpected(collection.error());
    out.push_back(std::move(*collection));
  }
  return out;
}

Result<Person> Archive::person(const std::string& id) {
  auto latest = impl_->store->latest(EntityKind::kPerson, id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "no person " + id);
  return with_context(person_from_json_text((**latest).json), **latest);
}

Result<SearchResults> Archive::search(const SearchRequest& request) {
  // Closed records are left out unless asked for; withdrawn ones always (the
  // writer's index drops them at once, but a reader's view may be a refresh
  // behind: those its view may still hold).
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  const Impl::Restrictions& r = **current;
  const bool alone = impl_->others_waiting && !request.one_thread;
  const std::int64_t applied = impl_->index->applied_seq();
  const bool pending = r.withdrawals_pending(applied);
  const bool closed = !request.include_restricted && !r.ids.empty();
  if (!pending && !closed && !alone) return impl_->index->search(request);
  SearchRequest changed = request;
  if (alone) changed.one_thread = true;
  if (closed) changed.exclude.insert(changed.exclude.end(), r.ids.begin(), r.ids.end());
  if (pending) r.add_pending_withdrawals(changed.exclude, applied);
  return impl_->index->search(changed);
}

void Archive::set_others_waiting(bool waiting) { impl_->others_waiting = waiting; }

Result<std::vector<Hit>> Archive::similar(const std::string& id, int limit) {
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  const Impl::Restrictions& r = **current;
  const std::int64_t applied = impl_->index->applied_seq();
  // As for a search: one thread when other requests wait.
  const bool one_thread = impl_->others_waiting;
  if (!r.withdrawals_pending(applied)) return impl_->index->similar(id, limit, r.ids, one_thread);
  std::vector<std::string> left_out = r.ids;
  r.add_pending_withdrawals(left_out, applied);
  return impl_->index->similar(id, limit, left_out, one_thread);
}

Result<std::vector<QueryMatch>> Archive::query_matches(const std::string& query, const Record& record) {
  std::vector<std::string_view> texts;
  std::vector<std::pair<const char*, std::size_t>> places;   // field, block of each text
  auto add = [&](const char* field, std::size_t block, std::string_view text) {
    texts.push_back(text);
    places.emplace_back(field, block);
  };
  add("title", 0, record.title);
  add("summary", 0, record.summary);
  for (std::size_t i = 0; i < record.body.size(); ++i) add("body", i, record.body[i].text);
  for (std::size_t i = 0; i < record.notes.size(); ++i) add("notes", i, record.notes[i].text);
  auto words = impl_->index->matched_words(query, texts);
  if (!words) return std::unexpected(words.error());
  std::vector<QueryMatch> out;
  for (std::size_t i = 0; i < words->size() && i < places.size(); ++i) {
    for (const Word& word : (*words)[i]) out.push_back({places[i].first, places[i].second, word.begin, word.end});
  }
  return out;
}

Result<ArchiveStats> Archive::stats() {
  ArchiveStats stats;
  auto store_stats = impl_->store->stats();
  if (!store_stats) return std::unexpected(store_stats.error());
  stats.store = *store_stats;
  stats.indexed = impl_->index->doc_count();
  stats.index_seq = impl_->index->applied_seq();
  stats.index_bytes = static_cast<std::int64_t>(bytes_under(impl_->options.dir / kIndexDirName));
  return stats;
}

Result<void> Archive::refresh() { return impl_->index->refresh(); }

Store& Archive::store() { return *impl_->store; }
SearchIndex& Archive::index() { return *impl_->index; }

}  // namespace chancery
