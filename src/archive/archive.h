// The archive service: the one place that ties formats, store and index
// together. CLI commands and HTTP handlers call it and only it.
//
// An archive is a folder: archive.db (SQLite, WAL) and index/ (Xapian).
// Store and index never disagree for long: each import writes the store in one
// transaction, then the index, which records the store's change sequence it has
// applied; on open, a writer replays any store changes the index missed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index.h"
#include "index/index_compaction.h"
#include "model/annotation.h"
#include "model/record.h"
#include "model/scan.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

enum class ImportStatus { kImported, kUpdated, kUnchanged, kFailed };

struct FileImportReport {
  std::string path;
  ImportStatus status = ImportStatus::kUnchanged;
  int records_added = 0;
  int records_updated = 0;
  int records_unchanged = 0;
  std::vector<std::string> warnings;
  std::optional<Error> error;   // set when status is kFailed; nothing was written
};

// What Archive::import_paths returns.
enum class KeepReports { kAll, kProblems };

// A page image an archivist adds to a record (Archive::add_scans).
struct ScanFile {
  std::filesystem::path path;
  std::string label;   // "p. 67"; empty: the file's name without its extension
};

// A word of a search query in one of a record's texts (Archive::query_matches).
struct QueryMatch {
  std::string field;       // "title", "summary", "body", "notes"
  std::size_t block = 0;   // the body block or note
  std::size_t begin = 0;   // byte range in that text
  std::size_t end = 0;
};

struct ArchiveStats {
  StoreStats store;
  std::int64_t indexed = 0;
  std::int64_t index_bytes = 0;
  std::int64_t index_seq = 0;   // the last store change the index holds (store.last_seq when caught up)
};

struct CheckReport {
  std::vector<std::string> problems;  // empty when store and index agree
  bool ok() const { return problems.empty(); }
};

struct ArchiveOptions {
  std::filesystem::path dir;
  bool read_only = false;   // the server opens read-only and refreshes
  // A reader that serves document pages has the related records of every
  // record found ahead, at idle priority (index/related_table.h).
  bool related_ahead = false;
  bool create = false;      // create the folder and schema if missing
  // Where a new archive keeps its records: a PostgreSQL URI
  // ("postgresql:///chancery?schema=archive1"), written to the folder's
  // store.location so every later opening finds it; empty keeps them in the
  // folder (archive.db, SQLite). The search index is in the folder either way.
  // Opening an existing archive with another location fails (kConflict).
  std::string store;
  // A writer of a replication primary (replication.h) has its index keep
  // changesets for replicas; false for a bulk import, whose changesets would
  // outweigh the index: replicas then copy the index whole at their next pull.
  bool keep_changesets = true;
  // How long a writer waits for another writer's lock on the index.
  std::chrono::milliseconds lock_timeout{10000};
  // Called by a writer that finds the index holding nothing while the store
  // holds `changes` changes (an index of an older layout, or one a first load
  // left unsynced, was dropped), before it builds the index from them: a
  // large archive takes minutes, which a command can say.
  std::function<void(std::int64_t changes)> on_index_build;
  // Then called as that build goes, after each batch of changes it applied
  // (500), with the seq it reached and the store's last: where it stands.
  std::function<void(std::int64_t reached, std::int64_t last)> on_index_build_progress;
  // Opens the search index in `index_dir`; empty means the default (Xapian).
  // A seam for tests, which may inject an in-memory index.
  std::function<Result<std::unique_ptr<SearchIndex>>(const std::filesystem::path& index_dir, bool writable)>
      index_factory;
};

// Where the store of the archive in `dir` is: the PostgreSQL URI its
// store.location names, else its own SQLite file (DIR/archive.db).
std::string archive_store_location(const std::filesystem::path& dir);

class Archive {
 public:
  // Opens the archive in options.dir. Fails with kNotFound when there is no
  // archive there and options.create is false, kStorage when the store or the
  // index cannot be opened. A writer then brings the index up to date with
  // the store (replaying changes the index missed, e.g. after a crash).
  static Result<std::unique_ptr<Archive>> open(const ArchiveOptions& options);

  // Compacts the search index of the archive in options.dir
  // (index_compaction.h): opens the archive as a writer, which brings the
  // index up to date and commits it, closes it, then compacts the shards.
  // kConflict while another writer has the index open; kInvalidInput for an
  // index from options.index_factory (only the default index compacts).
  static Result<IndexCompaction> compact_index(const ArchiveOptions& options,
                                               const IndexCompactionOptions& compaction = {});

  // Makes `dir` a copy of the archive backed up to `backup` (see backup()).
  // `dir` must not exist or be empty; fails with kConflict otherwise. The
  // restored archive is opened once as a writer, so its index catches up.
  static Result<void> restore(const std::filesystem::path& backup, const std::filesystem::path& dir,
                              const ArchiveOptions& options = {});

  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Imports one file in one transaction: all of it or nothing.
  FileImportReport import_file(const std::filesystem::path& path);
  // Imports files and folders (recursively); `progress` is called with each
  // file's final report, in order. Returns the reports: every file's, or with
  // KeepReports::kProblems only those of files that failed or warned (a run
  // of a million files then keeps what it must show, not a million reports).
  std::vector<FileImportReport> import_paths(
      const std::vector<std::filesystem::path>& paths,
      const std::function<void(const FileImportReport&, std::size_t done, std::size_t total)>& progress = {},
      KeepReports keep = KeepReports::kAll);

  Result<Record> record(const std::string& id);
  Result<std::vector<Revision>> history(const std::string& id);
  Result<Record> record_revision(const std::string& id, int number);
  // A record as of one revision (`number`, or the latest for 0) with that
  // revision's number, time and source, and the number of the latest: what a
  // reader is shown of where the text stands. The latest costs one read, as
  // record() does; an older one two. kNotFound for no such record or revision
  // (or a revision that deletes the record).
  struct RecordVersion {
    Record record;
    int number = 0;
    int latest = 0;
    std::string created_at;
    std::string source;
  };
  // With `without_original`, the latest revision (number 0) is read without
  // the record's original source (Record::original empty, Store::latest_shown):
  // what its page shows, with about half the JSON to decompress and parse.
  Result<RecordVersion> record_version(const std::string& id, int number = 0, bool without_original = false);
  // Every revision of a record without its content, oldest first (kNotFound
  // for none): the list of a history page, whatever their number and size.
  Result<std::vector<Revision>> history_meta(const std::string& id);
  Result<Collection> collection(const std::string& id);
  // The collection's own texts (a volume's preface, sources, introduction),
  // empty when it has none.
  // kTextsOnly leaves its printed index unread (index_size says how big).
  Result<CollectionAbout> collection_about(const std::string& id, AboutParts parts = AboutParts::kAll);
  // Searches every collection's texts (prefaces, lists of sources:
  // index/collection_text_search.h) with a records' query; the best `limit`
  // with snippets and the exact number that match. Indexed in memory from
  // the store on the first call and again after they change. kInvalidInput
  // for a query a records' search refuses.
  Result<CollectionTextResults> search_collection_texts(const std::string& query, std::size_t limit);
  // Makes now what the first search of this archive would otherwise make on
  // its way: the index's tables (SearchIndex::warm_up) and the collections'
  // texts' search (above): a third of a second on the FRUS volumes, which
  // the server's first searcher waited for. The server calls it at start.
  Result<void> warm_up();
  Result<std::vector<Collection>> collections(const std::string& parent);  // "" = top level
  Result<Person> person(const std::string& id);

  // Searches the index. Records under a restriction in force (restriction())
  // are left out, with their counts, unless request.include_restricted.
  Result<SearchResults> search(const SearchRequest& request);
  // A hint from a server: requests are waiting for this archive's thread, so
  // its searches run on one thread (SearchRequest::one_thread) until the hint
  // is lifted.
  void set_others_waiting(bool waiting);
  // Records most like `id`; never a restricted one.
  Result<std::vector<Hit>> similar(const std::string& id, int limit);
  // Where `query`'s words stand in the record's title, summary, body blocks
  // and notes, in that order, as a search's snippets mark them: for a page
  // opened from a search. kInvalidInput for a query a search refuses.
  Result<std::vector<QueryMatch>> query_matches(const std::string& query, const Record& record);

  // Editors' annotations (model/annotation.h), kept beside the records they
  // are about, revisioned like them, and never written into a source.
  // annotate() checks `draft` (validate_annotation), finds its target (a
  // record; for a restriction, a record or else a collection: kNotFound for
  // neither), checks that a quote occurs in the named field of the record as
  // it stands (kInvalidInput otherwise), then numbers it ("TARGET#N", never
  // reusing a withdrawn number), stamps `created` and stores it in one
  // transaction. Returns it as stored.
  Result<Annotation> annotate(Annotation draft);
  // Withdraws a live annotation (a tombstone revision by `author`; its history
  // stays) and returns it; kNotFound when there is none with that id.
  Result<Annotation> withdraw_annotation(const std::string& annotation_id, const std::string& author);
  // Withdraws a record from the archive: it leaves the reading room, the
  // search index, the API and the harvests (OAI-PMH reports it deleted),
  // but nothing is erased. In one transaction, a tombstone revision by
  // `author` ends its revisions (which stay in the store: `history`, `show
  // --revision`) and a withdrawal annotation (TARGET#N, type kWithdrawal)
  // says why; its address then answers 410 Gone with that reason. A later
  // import of the same record leaves it withdrawn (the file's report says
  // so). kNotFound for no such record; kInvalidInput for a blank reason or a
  // record withdrawn already. Returns the withdrawal.
  // `hide_description`: its 410 page, API answer and collection listing show
  // the reason alone, not its title, date and citation.
  Result<Annotation> withdraw_record(const std::string& id, const std::string& reason, const std::string& author,
                                     bool hide_description = false);
  // Brings a withdrawn record back: its last revision before the withdrawal
  // becomes a new revision (by `author`), and the withdrawal is withdrawn,
  // in one transaction. Returns the new revision's number; kNotFound for a
  // record that is not withdrawn. A live record whose withdrawal stands
  // (`check` reports one) keeps its text, and the withdrawal goes.
  Result<int> reinstate_record(const std::string& id, const std::string& author);
  // Why and when a record was withdrawn, with the record as it last stood
  // (for its tombstone page: title, date, citation); nullopt for a live
  // record or an id never seen.
  struct Withdrawal {
    Annotation annotation;
    Record last;
    int revisions = 0;   // the tombstone's number: revisions 1..n-1 hold the record
  };
  Result<std::optional<Withdrawal>> withdrawal(const std::string& id);
  // Every withdrawal record `id` has had, standing or withdrawn since (it was
  // brought back), each with the change-log seq of its first revision (just
  // after its tombstone's), oldest first: what its history shows.
  Result<std::vector<std::pair<std::int64_t, Annotation>>> past_withdrawals(const std::string& id);
  // The records withdrawn now, sorted (a collection lists them as withdrawn).
  Result<std::vector<std::string>> withdrawn_records();
  // The live annotations on a record or collection, by number.
  Result<std::vector<Annotation>> annotations(const std::string& target);
  // Every revision of one annotation, oldest first (kNotFound for none).
  Result<std::vector<Revision>> annotation_history(const std::string& annotation_id);
  // The restriction in force today on `record`: its own, else the innermost
  // of its collections' that has one. nullopt when the record is open.
  Result<std::optional<Annotation>> restriction(const Record& record);
  // The same for a record or collection `id` inside `collections` (ids,
  // outermost first): its own restriction, else the innermost collection's.
  Result<std::optional<Annotation>> restriction_of(const std::string& id, const std::vector<std::string>& collections);
  // What a reader may see of `record`: the restriction in force on it (then
  // nothing more), else its live corrections and notes. One check of the
  // store's version, and no read at all for a record without annotations:
  // what a document page needs.
  struct ReaderView {
    std::optional<Annotation> restriction;
    std::vector<Annotation> annotations;   // corrections and notes, by number
  };
  Result<ReaderView> reader_view(const Record& record);
  // The ids (records and collections) under a restriction in force today.
  Result<std::vector<std::string>> restricted_targets();
  // For a server answering one request: `version` is the store's version as
  // the caller read it for this request (Store::commit_version, always from
  // the same connection), which the checks of restrictions use until the
  // next call instead of reading it again each; nullopt goes back to reading
  // it for every check. A document page would otherwise open two more read
  // transactions of the store (each a few system calls, dear on a VM).
  void pin_store_version(std::optional<std::int64_t> version);
  // For a server answering one request: the store's reads until
  // end_store_read() see one snapshot and share one read transaction
  // (Store::begin_read). Readers only: nothing may be written meanwhile.
  Result<void> begin_store_read();
  void end_store_read();
  // The version pinned by pin_store_version(), if any: what else in the same
  // answer keys on the store's version (the reading room's collection cache)
  // uses it instead of reading it again.
  std::optional<std::int64_t> pinned_store_version() const;
  // Writes `record` to the search index with its editors' corrections and
  // notes (their words find it), uncommitted: for writers that reindex
  // records (names). Writers only.
  Result<void> index_record(const Record& record);

  // Scanned pages (model/scan.h). add_scans() reads each file, checks that
  // it is one whole image within bounds (images/image_codec.h), and stores the
  // images and the record's new page list in one transaction: all the files
  // or none. The new pages follow the record's earlier ones, or with
  // `replace` take their place. Returns the record's pages as stored.
  // kNotFound for no such record; kInvalidInput names the file and what is
  // wrong with it (its bytes are kept exactly as they are otherwise).
  Result<ScanSet> add_scans(const std::string& record_id, const std::vector<ScanFile>& files, bool replace,
                            const std::string& source);
  // Removes a record's pages: a tombstone revision; their history and images
  // stay in the store. kNotFound when the record has none.
  Result<void> remove_scans(const std::string& record_id, const std::string& source);
  // The record's pages, or nullopt when it has none.
  Result<std::optional<ScanSet>> scans(const std::string& record_id);
  // The image file of one page: kNotFound when the store lacks it.
  Result<Blob> scan_image(const ScanPage& page);

  Result<ArchiveStats> stats();
  Result<CheckReport> check();
  // Writes every record to `dir` as record-text (.txt) or JSON (.json).
  // record-text: DIR/ID.txt per record (an id's '/' makes subfolders).
  // json: DIR/records/ID.json per record plus DIR/collections.json,
  // persons.json and terms.json, all in unit_to_json form; importing DIR into
  // an empty archive and exporting again gives the same bytes.
  // Returns the number of records written; kInvalidInput for an unknown format
  // or an id that is not a safe relative path.
  Result<std::size_t> export_all(const std::filesystem::path& dir, const std::string& format);
  // Writes a consistent copy to the new folder `dest` while the archive stays
  // in use: the index first, then the store (a SQLite online backup). The copy's
  // store is never behind its index; opening the restored copy replays the
  // store changes the copied index had not seen yet.
  Result<void> backup(const std::filesystem::path& dest);
  // Sees changes other processes committed (the server calls this).
  Result<void> refresh();

  Store& store();
  SearchIndex& index();

 private:
  struct Impl;
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// How many times this process indexed the collections' texts
// (Archive::search_collection_texts): once per archive state, shared by
// every worker. /metrics shows it.
std::uint64_t collection_text_searches_built();

}  // namespace chancery
