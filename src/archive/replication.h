// Index replicas: reading rooms on other machines, each searching its own
// copy of one primary archive's index, all reading the records from the one
// PostgreSQL store they share.
//
// Xapian's replication does the copying (Debian's xapian-tools):
// - the primary's shards keep their last N commits as changesets (glass
//   writes them when XAPIAN_MAX_CHANGESETS is set; Archive::open sets it for
//   a writer of a primary), and `xapian-replicate-server` serves the index
//   folder to replicas (`chancery replication serve`);
// - a replica runs `xapian-replicate` once per shard and round
//   (`chancery replication pull`), which applies the changesets it missed,
//   or copies the whole shard when it has fallen further behind than the
//   changesets kept, or after the primary compacted or rebuilt its index.
//   A shard copied so lives in `index/shardN/replica_K` under a stub file
//   (`index/shardN/XAPIANDB`) that names the live copy; readers open
//   through it (xapian_shard_paths).
//
// The archive folder's `replication.conf` says which a folder is:
//   role primary            role replica
//   changesets 100          primary 10.0.0.5:7010
// A replica refuses every write (Archive::open as a writer fails with
// kConflict): its index is the primary's, and the store is written through
// the primary. Its searches may trail the store by the time a pull takes;
// its pages read the store live.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace chancery {

inline constexpr const char* kReplicationFileName = "replication.conf";
inline constexpr int kDefaultChangesets = 4;
inline constexpr int kMaxChangesets = 100000;

enum class ReplicationRole { kNone, kPrimary, kReplica };

struct ReplicationConfig {
  ReplicationRole role = ReplicationRole::kNone;
  int changesets = 0;          // a primary's: commits each shard keeps for replicas
  std::string primary_host;    // a replica's primary
  int primary_port = 0;
  std::string primary() const;  // "HOST:PORT" ("[::1]:7010" for IPv6)
};

// The replication.conf of the archive in `dir` (role kNone without one).
// Fails with kInvalidInput (file and line) when it is malformed.
Result<ReplicationConfig> read_replication(const std::filesystem::path& dir);
// Writes it (replacing it in one rename); role kNone removes it.
Result<void> write_replication(const std::filesystem::path& dir, const ReplicationConfig& config);

// "HOST:PORT", "[IPV6]:PORT": the host and a port in 1..65535.
Result<std::pair<std::string, int>> parse_host_port(std::string_view text);

// Writes `text` to `path` through a temporary file and a rename, so a reader
// sees the old content or the new, never a part.
Result<void> replace_file(const std::filesystem::path& path, std::string_view text);

// Makes `dir` (absent or empty) a replica folder: its records in the
// PostgreSQL store at `store_location`, which must hold an archive already
// (the primary's), and its index pulled from `primary` ("HOST:PORT").
// Nothing is copied yet: pull_index does that.
Result<void> create_replica(const std::filesystem::path& dir, const std::string& store_location,
                            const std::string& primary);

struct PullOptions {
  // How long xapian-replicate waits, between two changesets it applies, for
  // readers of the older revision to move on (its --reader-time). Readers
  // that meet a revision overwritten under them reopen and read again.
  std::chrono::seconds reader_time{0};
  // The longest one shard's pull may take before it is stopped.
  std::chrono::seconds timeout{3600};
};

struct PullReport {
  int shards = 0;
  bool first_copy = false;   // the replica had no index: every shard was copied whole
};

// One round of replication of the replica in `dir`: every shard of the
// primary's index brought to the primary's latest commit. The first round
// copies the shards into `index.pull/` and renames it to `index/` when all
// are there (the number of shards comes from shard 0's metadata), so a reader
// never opens part of the shards. Fails with kConflict when `dir` is no
// replica, kIo when the primary cannot be reached or refuses (the tool's
// message included); a failed round leaves the replica as the last good
// round left it.
Result<PullReport> pull_index(const std::filesystem::path& dir, const PullOptions& options = {});

// Makes the replica in `dir` a primary keeping `changesets` (failover: the
// old primary is gone or stopped writing). Its index stays where the pulls
// left it; the next writer to open the archive catches it up from the store
// and writes it from then on. Fails with kConflict when `dir` is no replica,
// has no index yet, or a pull is running.
Result<void> promote_replica(const std::filesystem::path& dir, int changesets = kDefaultChangesets);

// The command that serves the primary in `dir`'s index to replicas:
// `xapian-replicate-server -I HOST -p PORT DIR/index`.
std::vector<std::string> replication_server_command(const std::filesystem::path& dir, const std::string& host,
                                                    int port);

}  // namespace chancery
