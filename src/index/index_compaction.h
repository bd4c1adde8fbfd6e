// Compacting the search index after a big import. Xapian's writer leaves the
// blocks of its B-trees part full; its compactor writes every table anew with
// full blocks, typically 40% smaller, and searches then read fewer blocks.
// The index is derived from the store, so compaction changes no content: the
// same documents under the same docids, the same metadata (applied seq).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "util/error.h"

namespace chancery {

struct IndexCompaction {
  int shards = 0;                  // shards compacted
  std::int64_t bytes_before = 0;   // of the shard folders
  std::int64_t bytes_after = 0;
  bool readers = false;            // a reader had its mark on the index after the swap
};

struct IndexCompactionOptions {
  // How long a replaced shard stays on disk (as DIR/shardN.old) after the
  // swap when a reader has its mark on the index (IndexReaderMark,
  // bulk_load.h): a reader that opened it may still open one of its tables
  // (Xapian opens some lazily) until it refreshes, which a server does at
  // most a second after it was last idle. With no reader, none.
  std::chrono::milliseconds grace{3000};
};

// Compacts the index in `dir` (shards as xapian_shard_paths lists them).
// First takes the write lock of every shard (kConflict when another writer
// holds one; the caller must not hold them itself). Xapian's compactor
// writes each DIR/shardN.compact from the committed revision, the shards
// side by side (a thread each, up to the cores); when every one is written,
// for each shard shardN is renamed to shardN.old and shardN.compact to
// shardN. After the
// grace period the old folders are removed. A crash at any point leaves a
// complete shard under shardN or, between the two renames, shardN.old;
// recover_index_compaction() restores it (readers use shardN.old meanwhile).
// Fails with kStorage or kIo when Xapian or the file system fails: when a
// shard could not be compacted, every shard is left as it was; when a swap
// fails, each shard is either the old or the compacted one, both complete.
Result<IndexCompaction> compact_xapian_index(const std::filesystem::path& dir,
                                             const IndexCompactionOptions& options = {});

// Tidies what an interrupted compaction left in `dir`: renames shardN.old
// back to shardN when shardN is missing, removes shardN.compact folders, and
// removes shardN.old when shardN exists and the old folder was renamed more
// than a minute ago (a compaction that just swapped may still be waiting out
// its grace period). For writers, before they open the index. Fails with kIo
// when a rename or removal fails.
Result<void> recover_index_compaction(const std::filesystem::path& dir);

}  // namespace chancery
