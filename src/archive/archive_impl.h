// Internals of the archive service shared by its source files
// (archive.cc, archive_import.cc, archive_export.cc, archive_check.cc).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "archive/archive.h"
#include "index/collection_text_search.h"
#include "index/index.h"
#include "model/record.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

inline constexpr const char* kStoreFileName = "archive.db";
// A one-line file naming the archive's PostgreSQL store, when it has one.
inline constexpr const char* kStoreLocationFileName = "store.location";
inline constexpr const char* kIndexDirName = "index";

struct Archive::Impl {
  ArchiveOptions options;
  std::unique_ptr<Store> store;
  std::unique_ptr<SearchIndex> index;
  // Set when bringing the index up to date with the store failed; check()
  // reports it and the next import retries.
  std::optional<Error> catch_up_error;
  bool others_waiting = false;   // set_others_waiting()

  // The listing of annotations: targets of the restrictions in force
  // (restricted_targets()), by target id -> annotation id, and the records
  // with corrections or notes, as of a store commit_version and a day; a
  // writer drops it when annotations change in its own commits (annotate,
  // withdraw, an import's replay), which may not move the version.
  struct Restrictions {
    bool valid = false;
    bool pinned = false;   // `version` came from pin_store_version(), not from the store's own connection
    std::int64_t version = 0;
    std::int64_t day = 0;
    std::unordered_map<std::string, std::string> targets;
    std::vector<std::string> ids;   // the keys, sorted
    std::unordered_set<std::string> annotated;   // records with live corrections or notes
    std::unordered_map<std::string, std::string> withdrawn;   // record -> its live withdrawal's id
    // The withdrawals by the seq of their annotation (just after their
    // tombstone's), oldest first. An index that has applied changes up to
    // that seq no longer holds the record; one a refresh behind may, and
    // search and "similar" leave those out (add_pending_withdrawals()).
    std::vector<std::pair<std::int64_t, std::string>> withdrawn_by_seq;
    // Whether an index that has applied changes up to `applied` may still
    // hold a withdrawn record; appends those records to `out`.
    bool withdrawals_pending(std::int64_t applied) const {
      return !withdrawn_by_seq.empty() && withdrawn_by_seq.back().first > applied;
    }
    void add_pending_withdrawals(std::vector<std::string>& out, std::int64_t applied) const;
  };
  Restrictions restrictions;
  std::optional<std::int64_t> pinned_version;   // pin_store_version()

  // Collections' texts indexed for search_collection_texts(), as of the
  // store's last_seq; rebuilt only when the texts themselves changed (the ids
  // and seqs of the live "about" entities, `signature`). The archives of one
  // process (a server's workers) share one index of the same texts.
  struct CollectionTexts {
    std::int64_t version = -1;
    std::string signature;
    std::shared_ptr<CollectionTextSearch> search;
  };
  CollectionTexts collection_texts;
  Result<const Restrictions*> current_restrictions();

  // Indexes a record with the texts of its editors' corrections and notes
  // (those restrictions.annotated says it has): every write of a record to
  // the index goes through here.
  Result<void> index_record(Record record);
  // The records with page images (live kScans entities), read once by a
  // writer (it holds the index's write lock, so no other process changes
  // them meanwhile) and kept up to date as catch_up_index applies scans
  // changes; index_record marks them Record::scanned.
  std::optional<std::unordered_set<std::string>> scanned;

  // Applies every store change not yet given to the index. The index commits
  // (with the seq of the last change it has) every few thousand changes and,
  // when `final`, at the end; otherwise its shards go on indexing while the
  // caller writes more. Writers only.
  Result<void> catch_up_index(bool final = true);
  // Changes given to the index in this process (maybe not committed yet):
  // the last seq, -1 for none, and how many since the index last committed.
  std::int64_t pushed_seq = -1;
  // The store's last seq while this writer builds the index from nothing
  // (ArchiveOptions::on_index_build_progress), else 0.
  std::int64_t building_to = 0;
  std::int64_t uncommitted = 0;
  // Records this process has just written, by id, with their revision
  // number: the index takes them from here rather than parsing the stored
  // JSON back. Cleared when a store transaction is rolled back.
  std::unordered_map<std::string, std::pair<int, Record>> fresh_records;
  Result<void> replay_changes(bool final);
  // Rebuilds the index from the store's live records (used when the index
  // claims to be ahead of the store, e.g. a mismatched restore).
  Result<void> rebuild_index();

  // Writes a parsed unit (or reports its parse error) all or nothing: in its
  // own store transaction, or when `batched` in a savepoint of the caller's
  // open transaction (then durable only when the caller commits).
  // Does not touch the index.
  FileImportReport write_unit(const std::filesystem::path& path, Result<ImportUnit> unit, bool batched);
  // Brings the index up to date; a failure becomes a warning on `report` (the
  // store is already committed, and the index catches up on the next open).
  void index_changes(FileImportReport* report, bool final = true);
};

// The stored JSON of a revision parsed back into the model; kStorage when the
// store holds something unreadable.
Result<Record> record_from_revision(const Revision& revision);
Result<Collection> collection_from_revision(const Revision& revision);

// The listing data an annotation is stored with: title = its type, parent =
// its target, position = its number (from its id, "TARGET#N"), date_first =
// the day it was made, date_last = a restriction's first open day (0 for
// none), so restrictions are found from Store::list_meta without reading
// JSON. kInvalidInput for an id of another form.
Result<EntityMeta> annotation_meta(const Annotation& annotation);
// Numbers `draft` (its target's next unused number: "TARGET#N", never a
// withdrawn one's), stamps `created` and puts it, inside the caller's open
// transaction.
Result<void> store_annotation(Store& store, Annotation& draft);
// An annotation's stored revision read back; kStorage when unreadable.
Result<Annotation> annotation_of(const Revision& revision);

// The default index for an archive folder (Xapian, in DIR/index);
// `related_ahead` as ArchiveOptions has it.
Result<std::unique_ptr<SearchIndex>> open_default_index(const std::filesystem::path& dir, bool writable,
                                                      bool related_ahead = false);

}  // namespace chancery
