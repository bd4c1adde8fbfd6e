// The storage interface: revisioned entities (records, collections, persons,
// terms, authority records) kept as lossless JSON. SQLite (sqlite_store.h) and
// PostgreSQL (postgres_store.h) implement it, and pass the same test suite
// (tests/unit/store/store_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace chancery {

// Kinds of stored entity. Every kind is revisioned the same way.
// kAnnotation: an editor's correction, note or restriction (model/annotation.h),
// whose meta.parent is the record or collection it is about.
// kScans: a record's scanned pages (model/scan.h), id and meta.parent the record's id.
enum class EntityKind { kRecord, kCollection, kPerson, kTerm, kAuthority, kAnnotation, kScans, kAbout };
// "record", "collection", "person", "term", "authority", "annotation", "scans",
// "about" (a collection's own texts, CollectionAbout).
std::string_view kind_name(EntityKind kind);
// Inverse of kind_name; nullopt for an unknown name.
std::optional<EntityKind> kind_from_name(std::string_view name);

// Listing data the store keeps beside the JSON, for browsing without parsing it.
struct EntityMeta {
  std::string title;
  std::int64_t date_first = 0;  // days since 1970-01-01, 0 when unknown
  std::int64_t date_last = 0;
  std::string parent;           // collection id for records and sub-collections
  int position = 0;             // order within the parent, as published
  // Where the contents of one string of the JSON begin and end (the bytes
  // between its quotes) that a reader of the shown entity does without
  // (latest_shown): a record's original source, which its page does not
  // show. 0 and 0: none. Stores that can keep it apart (SQLite) do; the JSON
  // read back whole is the same either way.
  std::size_t detachable_begin = 0;
  std::size_t detachable_end = 0;
};

struct Revision {
  EntityKind kind = EntityKind::kRecord;
  std::string id;
  int number = 0;               // 1 for the first revision
  std::int64_t seq = 0;         // global change sequence number (monotonic)
  std::string created_at;       // ISO 8601 UTC
  std::string source;           // file it came from, or "editor:NAME"
  std::string json;
  EntityMeta meta;
  bool deleted = false;         // a tombstone revision
};

// A binary object the store keeps by content (a page image): its key is the
// SHA-256 of its bytes, in hex.
struct Blob {
  std::string media_type;
  std::string bytes;
};

// A place in the change log: a revision's seq and when it was written.
struct SeqMark {
  std::int64_t seq = 0;
  std::string created_at;
};

struct StoreStats {
  std::int64_t records = 0;
  std::int64_t collections = 0;
  std::int64_t persons = 0;
  std::int64_t terms = 0;
  std::int64_t authorities = 0;
  std::int64_t annotations = 0;
  std::int64_t scans = 0;       // records with scanned pages
  std::int64_t blobs = 0;       // images kept (each once, whatever uses it)
  std::int64_t blob_bytes = 0;
  std::int64_t revisions = 0;
  std::int64_t last_seq = 0;
  std::int64_t bytes = 0;       // on-disk size
};

class Store {
 public:
  virtual ~Store() = default;

  // A write transaction: everything between begin() and commit() is atomic and
  // durable at commit(); rollback() (or destroying the store) discards it.
  virtual Result<void> begin() = 0;
  virtual Result<void> commit() = 0;
  virtual Result<void> rollback() = 0;

  // A savepoint inside the open transaction, so several all-or-nothing units
  // can share one commit: rollback_to_savepoint() undoes every write since
  // savepoint() and keeps the transaction open; release_savepoint() keeps
  // them. Savepoints do not nest; kConflict without an open transaction.
  virtual Result<void> savepoint() = 0;
  virtual Result<void> release_savepoint() = 0;
  virtual Result<void> rollback_to_savepoint() = 0;

  // For a reader answering one request: the reads between begin_read() and
  // end_read() share one read transaction, so they see one snapshot of the
  // store (taken at the first of them), and a statement does not open and
  // end a read of its own (SQLite's WAL: a few system calls each). No write
  // may come between them. Inside an open transaction, begin_read() does
  // nothing (nor its end_read()). The default does nothing at all.
  virtual Result<void> begin_read() { return {}; }
  virtual void end_read() {}

  // The latest revision of an entity, or nullopt if it does not exist (or is deleted).
  virtual Result<std::optional<Revision>> latest(EntityKind kind, std::string_view id) = 0;
  // The same with the contents of its detachable string (EntityMeta::
  // detachable_begin) read as "" where the store keeps them apart: what a
  // page shows (a record without its original source), with half the JSON
  // to decompress and parse. Otherwise the same as latest().
  virtual Result<std::optional<Revision>> latest_shown(EntityKind kind, std::string_view id) {
    return latest(kind, id);
  }
  // The same without its JSON (Revision::json empty): what lists and links
  // need (meta: title, dates), without reading and decompressing the record.
  virtual Result<std::optional<Revision>> latest_meta(EntityKind kind, std::string_view id) = 0;
  // The meta.parent of each live entity of `ids` (by place; nullopt for one
  // that does not exist or is deleted), from the list of current entities
  // alone and in one read: latest_meta() reads the revision's row, and
  // SQLite follows the row's JSON through its overflow pages to reach the
  // columns after it, and each read on its own opens a read transaction (a
  // search page's collections by latest_meta: 0.84 -> 1.17 ms of server CPU a
  // page; by a lookup of `current` a hit, 0.91).
  virtual Result<std::vector<std::optional<std::string>>> parents_of(EntityKind kind,
                                                                     const std::vector<std::string_view>& ids) = 0;

  // Writes `json` as a new revision unless it equals the latest revision byte
  // for byte; returns the new revision number, or 0 when nothing changed.
  virtual Result<int> put(EntityKind kind, std::string_view id, std::string_view json,
                          const EntityMeta& meta, std::string_view source) = 0;

  // Marks an entity deleted (a tombstone revision; history stays readable).
  virtual Result<void> remove(EntityKind kind, std::string_view id, std::string_view source) = 0;

  // All revisions of an entity, oldest first. Empty when it never existed.
  virtual Result<std::vector<Revision>> history(EntityKind kind, std::string_view id) = 0;
  // The same without their JSON (Revision::json empty): what a list of
  // revisions shows, however many there are and however large.
  virtual Result<std::vector<Revision>> history_meta(EntityKind kind, std::string_view id) = 0;
  virtual Result<std::optional<Revision>> revision(EntityKind kind, std::string_view id, int number) = 0;

  // Calls `fn` for the latest revision of every live entity of `kind`, ordered
  // by id; stops early when `fn` returns false.
  virtual Result<void> for_each(EntityKind kind, const std::function<bool(const Revision&)>& fn) = 0;

  // The latest revision of every live entity of `kind` without its JSON (json
  // empty, as latest_meta gives it), ordered by id: a listing of titles and
  // parents, read from the list of current entities.
  virtual Result<std::vector<Revision>> list_meta(EntityKind kind) = 0;

  // Live entities of `kind` whose meta.parent is `parent`, by position then id.
  virtual Result<std::vector<Revision>> children(EntityKind kind, std::string_view parent) = 0;

  // Revisions (of any kind) with seq > `after`, in seq order, at most `limit`:
  // the change log the search index replays to catch up after a crash.
  // With `with_json` false the revisions come without their JSON (json is
  // empty), for a reader that already holds most of the records it lists.
  virtual Result<std::vector<Revision>> changes_since(std::int64_t after, int limit, bool with_json) = 0;
  Result<std::vector<Revision>> changes_since(std::int64_t after, int limit) {
    return changes_since(after, limit, /*with_json=*/true);
  }

  // The latest revision of each entity of `kind` (tombstones included) whose
  // latest revision has a seq in (`after`, `through`], in seq order, at most
  // `limit`: what changed in that stretch of the change log and is still as
  // it was then. An entity changed again later is listed at its later seq
  // only, so paging through the log by the last seq seen meets every entity
  // once, as of its latest revision (OAI-PMH harvesting pages this way).
  // With `with_json` false json is empty, as for changes_since.
  virtual Result<std::vector<Revision>> current_since(EntityKind kind, std::int64_t after, std::int64_t through,
                                                      int limit, bool with_json) = 0;

  // Where current_since() pages of `every` entities of `kind` end when paged
  // from the start: the seq (and the revision's created_at) of the every-th,
  // 2*every-th, ... entity in that order, then of the last when it is not
  // one of them; empty when there are none. Reads the seqs alone, not the
  // revisions (the sitemap's index of files: 3.7 s at 1,000,000 records paged
  // through current_since, 0.2 s this way).
  virtual Result<std::vector<SeqMark>> current_marks(EntityKind kind, std::int64_t every) = 0;

  // Binary objects kept by content (page images). `key` is the SHA-256 (64
  // hex digits) of `bytes`, which the caller computed; writing a key already
  // kept changes nothing. Inside the open transaction when there is one
  // (rolled back with it), else in one of its own. Blobs are never revised
  // or removed: revisions that no longer use one keep their history readable.
  virtual Result<void> put_blob(std::string_view key, std::string_view media_type, std::string_view bytes) = 0;
  // The blob kept under `key`, or nullopt.
  virtual Result<std::optional<Blob>> blob(std::string_view key) = 0;
  // Whether a blob is kept under `key`, without reading it.
  virtual Result<bool> has_blob(std::string_view key) = 0;

  // Small key/value settings (schema version, index state).
  virtual Result<std::optional<std::string>> get_meta(std::string_view key) = 0;
  virtual Result<void> set_meta(std::string_view key, std::string_view value) = 0;

  virtual Result<StoreStats> stats() = 0;
  // The seq of the newest revision (0 when there is none); unlike stats(),
  // it does not count anything.
  virtual Result<std::int64_t> last_seq() = 0;
  // The seq of the latest revision of one entity, nullopt when it does not
  // exist (or is deleted): whether it changed, from the list of current
  // entities alone (without reading the revision's row or its JSON).
  virtual Result<std::optional<std::int64_t>> latest_seq(EntityKind kind, std::string_view id) = 0;

  // A number that stays the same while nothing is committed to the store (by
  // any process) and differs after every commit; it may also change when
  // nothing did (the cost is a needless refresh, never a stale one). The
  // reading room checks it before serving a page it kept. On a connection
  // that never writes.
  virtual Result<std::int64_t> commit_version() = 0;

  // Verifies internal consistency (SQLite integrity_check, revision numbering).
  // Returns a list of problems; empty when consistent.
  virtual Result<std::vector<std::string>> check() = 0;

  // Writes a consistent copy of the store to `dest` while others keep using it.
  virtual Result<void> backup_to(const std::string& dest) = 0;
};

// The current time as "2026-11-29T21:54:05.123Z": Revision::created_at as
// both stores write it.
std::string utc_timestamp_now();

// Opens the store at `location`: a PostgreSQL URI ("postgresql://...",
// postgres_store.h), else the path of a SQLite store file (sqlite_store.h).
Result<std::unique_ptr<Store>> open_store(const std::string& location, bool read_only);

}  // namespace chancery
