#include "index/index_compaction.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "index/bulk_load.h"
#include "index/index_terms.h"
#include "util/bytes_under.h"
#include "index/xapian_index.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCompactSuffix = ".compact";
constexpr std::string_view kOldSuffix = ".old";
// A shardN.old renamed longer ago than this belongs to no running compaction.
constexpr auto kStaleOldShard = std::chrono::minutes(1);

fs::path with_suffix(const fs::path& shard, std::string_view suffix) {
  return shard.parent_path() / (shard.filename().string() + std::string(suffix));
}

// Makes renames in `dir` durable.
Result<void> sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open " + dir.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return fail(ErrorCode::kIo, "cannot sync " + dir.string());
  return {};
}

Result<void> rename_folder(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
  return {};
}

Result<void> remove_folder(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot remove " + dir.string() + ": " + ec.message());
  return {};
}

// True when `dir` was last renamed (its status changed) longer ago than `age`.
bool changed_before(const fs::path& dir, std::chrono::seconds age) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return false;
  return std::time(nullptr) - st.st_ctime > age.count();
}

}  // namespace

Result<void> recover_index_compaction(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  for (int i = 0;; ++i) {
    const fs::path shard = dir / ("shard" + std::to_string(i));
    const fs::path compacted = with_suffix(shard, kCompactSuffix);
    const fs::path old = with_suffix(shard, kOldSuffix);
    const bool has_shard = fs::exists(shard, ec);
    const bool has_old = fs::exists(old, ec);
    if (!has_shard && !has_old && !fs::exists(compacted, ec)) break;
    if (fs::exists(compacted, ec)) {
      if (auto r = remove_folder(compacted); !r) return r;
    }
    if (!has_shard && has_old) {
      if (auto r = rename_folder(old, shard); !r) return r;
      if (auto r = sync_folder(dir); !r) return r;
    } else if (has_old && changed_before(old, std::chrono::duration_cast<std::chrono::seconds>(kStaleOldShard))) {
      if (auto r = remove_folder(old); !r) return r;
    }
  }
  return {};
}

Result<IndexCompaction> compact_xapian_index(const fs::path& dir, const IndexCompactionOptions& options) {
  if (auto r = recover_index_compaction(dir); !r) return std::unexpected(r.error());
  const std::vector<fs::path> shards = xapian_shard_paths(dir);
  if (shards.empty()) return fail(ErrorCode::kNotFound, "no index in " + dir.string());
  if (shards.size() == 1 && shards.front() == dir) {
    return fail(ErrorCode::kConflict, "the index in " + dir.string() +
                                          " has an older layout; open the archive for writing first (it is rebuilt)");
  }
  IndexCompaction report;
  try {
    // Every shard's write lock first, so no writer sees some shards swapped
    // and others not, and none writes to a shard while it is copied.
    std::vector<Xapian::WritableDatabase> locks;
    for (const fs::path& shard : shards) {
      try {
        locks.emplace_back(shard.string(), Xapian::DB_OPEN);
      } catch (const Xapian::DatabaseLockError& e) {
        return fail(ErrorCode::kConflict,
                    "another writer has the index open (" + e.get_description() + "); compact when it is done");
      }
    }
    // Xapian's compactor reads and writes one shard on one thread: the
    // shards are compacted side by side, one thread each up to the cores
    // (a 20,000-record import's compaction took 2.5 s of CPU on one core,
    // then 1.5 s writing). Then the swaps, one shard at a time; a shard
    // that failed leaves every shard as it was.
    std::vector<std::string> failures(shards.size());
    {
      std::atomic<std::size_t> next{0};
      auto compact_shards = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < shards.size();) {
          const fs::path compacted = with_suffix(shards[i], kCompactSuffix);
          try {
            if (auto r = remove_folder(compacted); !r) {
              failures[i] = r.error().message;
              continue;
            }
            Xapian::Database(shards[i].string())
                .compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER, index_terms::kShardBlockSize);
            if (auto r = sync_folder(compacted); !r) failures[i] = r.error().message;
          } catch (const Xapian::Error& e) {
            failures[i] = e.get_description();
          } catch (const std::exception& e) {
            failures[i] = e.what();
          }
        }
      };
      const std::size_t threads =
          std::min<std::size_t>(shards.size(), std::max(1u, std::thread::hardware_concurrency()));
      std::vector<std::thread> helpers;
      for (std::size_t t = 1; t < threads; ++t) {
        try {
          helpers.emplace_back(compact_shards);
        } catch (const std::system_error&) {
          break;   // the others go on this thread
        }
      }
      compact_shards();
      for (std::thread& helper : helpers) helper.join();
    }
    for (std::size_t i = 0; i < shards.size(); ++i) {
      if (failures[i].empty()) continue;
      for (const fs::path& shard : shards) (void)remove_folder(with_suffix(shard, kCompactSuffix));
      return fail(ErrorCode::kStorage, "compacting the index in " + dir.string() + ": " + shards[i].filename().string() +
                                           ": " + failures[i]);
    }
    std::vector<fs::path> replaced;
    for (const fs::path& shard : shards) {
      const fs::path compacted = with_suffix(shard, kCompactSuffix);
      const fs::path old = with_suffix(shard, kOldSuffix);
      report.bytes_before += static_cast<std::int64_t>(bytes_under(shard));
      if (auto r = rename_folder(shard, old); !r) return std::unexpected(r.error());
      if (auto r = rename_folder(compacted, shard); !r) {
        (void)rename_folder(old, shard);
        return std::unexpected(r.error());
      }
      if (auto r = sync_folder(dir); !r) return std::unexpected(r.error());
      report.bytes_after += static_cast<std::int64_t>(bytes_under(shard));
      replaced.push_back(old);
      ++report.shards;
    }
    for (Xapian::WritableDatabase& lock : locks) lock.close();
    // A reader that opened the index before the swap took its mark before
    // that; one that takes it now opens the new shards.
    report.readers = index_has_readers(dir);
    if (report.readers && options.grace.count() > 0) std::this_thread::sleep_for(options.grace);
    for (const fs::path& old : replaced) {
      if (auto r = remove_folder(old); !r) return std::unexpected(r.error());
    }
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::kStorage, "compacting the index in " + dir.string() + ": " + e.get_description());
  }
  return report;
}

}  // namespace chancery
