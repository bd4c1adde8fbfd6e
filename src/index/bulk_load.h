// Loading an empty index without syncing, safely. Xapian syncs every table
// file at each of a shard's commits (every 200 to 1,000 documents), and an
// import into an empty archive spends a tenth of its time waiting for those
// syncs. The index is derived from the store, so while it is being filled
// from empty it is written with DB_NO_SYNC, and a marker file (DIR/UNSYNCED,
// written and synced before the first unsynced write) says so until the
// writer has closed its shards and synced every file itself. A writer that
// finds the marker when it opens the index knows the last such load stopped
// before that (a crash or a power cut, after which blocks may be missing):
// it drops the index, which the archive then rebuilds from the store.
// Imports into an index that holds documents sync as before, so a power cut
// never costs more than the load that was running.
#pragma once

#include <filesystem>

#include "util/error.h"

namespace chancery {

// The index writer's own lock (DIR/writer.lock, an flock): taken before a
// writer looks at the index and held until its shards are closed and synced,
// so no other writer reads the marker, or drops the index, meanwhile.
class IndexWriterLock {
 public:
  // kConflict when another process holds it; kIo when the file cannot be made.
  static Result<IndexWriterLock> take(const std::filesystem::path& dir);
  IndexWriterLock(IndexWriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  IndexWriterLock& operator=(IndexWriterLock&& other) noexcept;
  IndexWriterLock(const IndexWriterLock&) = delete;
  IndexWriterLock& operator=(const IndexWriterLock&) = delete;
  ~IndexWriterLock();

 private:
  explicit IndexWriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// A reader's mark on the index (DIR/readers.lock, a shared flock), held from
// before it opens the shards until it closes them, so that a compaction
// knows whether anyone may still read the shards it replaced
// (index_compaction.h): it waits its grace period only then. Without the
// file (a folder the reader cannot write) there is no mark.
class IndexReaderMark {
 public:
  static IndexReaderMark take(const std::filesystem::path& dir);
  IndexReaderMark() = default;
  IndexReaderMark(IndexReaderMark&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  IndexReaderMark& operator=(IndexReaderMark&& other) noexcept;
  IndexReaderMark(const IndexReaderMark&) = delete;
  IndexReaderMark& operator=(const IndexReaderMark&) = delete;
  ~IndexReaderMark();

 private:
  explicit IndexReaderMark(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Whether a reader (of any process, this one's included) has its mark on
// the index in `dir`; true when that cannot be told.
bool index_has_readers(const std::filesystem::path& dir);

// The files of the index folder that are not shards.
inline constexpr const char* kIndexWriterLockFile = "writer.lock";
inline constexpr const char* kIndexReadersLockFile = "readers.lock";
inline constexpr const char* kUnsyncedMarkerFile = "UNSYNCED";

// Whether DIR/UNSYNCED is there: a load without syncing did not finish.
bool unsynced_load_interrupted(const std::filesystem::path& dir);

// Writes DIR/UNSYNCED and makes it durable (the file and the folder synced).
Result<void> begin_unsynced_load(const std::filesystem::path& dir);

// Syncs every file and folder under `dir` (the closed shards), then removes
// DIR/UNSYNCED and syncs `dir`. On failure the marker stays, and the next
// writer rebuilds the index.
Result<void> finish_unsynced_load(const std::filesystem::path& dir);

}  // namespace chancery
