// A writable index's changes, in the order they were made, handed to the
// shards' own queues (shard_writer.h) as each shard runs low, and where a
// record new to the index is placed: in the shard with the least work
// queued at that moment.
//
// Records once went to a shard by a hash of their id, straight into the
// shard's queue. An import queues records faster than the shards index them,
// so the queues held most of a load (13 MB a shard at the last batch of the
// 22 FRUS volumes), and the scheduler gave one shard's thread less of the
// cores than the other's: one shard finished 0.23-0.65 s after the other,
// 3-9% of the import, with a core idle. Placing records by the shards' work
// when they were queued did not help, as the work had been shared out
// seconds before the end. The feed keeps about kShardDepth of work queued
// in each shard and places a record only when a shard takes it, so the
// shards finish within about a record of each other.
//
// Order: a change reaches its shard's queue after every change made before
// it, a commit reaches every shard after every change made before it, and
// every change of a record goes to the one shard that holds it (placements,
// shard_placement.h; for an index that held records when the writer opened,
// `locate` finds theirs).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/shard_placement.h"
#include "index/shard_writer.h"
#include "model/record.h"
#include "util/error.h"

namespace chancery {

class ShardFeed {
 public:
  // The shard whose last commit holds record `id`, if any. May throw
  // Xapian::Error.
  using Locate = std::function<std::optional<std::size_t>(std::string_view id)>;

  // How much work (ShardWriter::weight) the feed keeps in each shard's
  // queue: about 130 FRUS records, a quarter of a second of indexing.
  static constexpr std::size_t kShardDepth = std::size_t{512} << 10;
  // How much the feed itself holds before put() waits: as much as the
  // shards' queues held before (16 MiB each), so the importer can write a
  // batch of files while the shards index the last.
  static constexpr std::size_t kMaxBytes = std::size_t{32} << 20;

  // `shards` outlive the feed's use of them (the feed sets their after-op
  // hooks). `locate`: empty when the index held no record when the writer
  // opened (every record it meets is then new to it, or placed by it).
  ShardFeed(std::vector<ShardWriter*> shards, Locate locate);
  ShardFeed(const ShardFeed&) = delete;
  ShardFeed& operator=(const ShardFeed&) = delete;

  // The changes, as ShardWriter's; synonyms go to the first shard, commits
  // to every shard. put() waits while the feed holds kMaxBytes.
  void put(Record record, std::vector<std::string> editorial);
  void remove(std::string id);
  void add_synonym(std::string key, std::string synonym);
  void commit(std::map<std::string, std::string> metadata);

  // Waits until every change is in a shard's queue; then the first failure
  // since the last drain() (finding where a record is; after it the feed
  // drops every change until drain() reports it).
  Result<void> drain();
  // True when the feed holds no change.
  bool empty();
  bool failed();

 private:
  struct Item {
    enum class Kind { kPut, kRemove, kSynonym, kCommit } kind;
    Record record;
    std::vector<std::string> editorial;
    std::string a;   // record id (remove), key (synonym)
    std::string b;   // synonym
    std::map<std::string, std::string> metadata;
    std::size_t bytes = 0;
    std::optional<std::size_t> home;   // the shard that holds the record, once known
  };

  void push(Item item);
  // Hands on what the shards have room for, in order; mutex_ held. Run by
  // push() and by each shard's thread after each operation (so a shard
  // taking its next record is what places it). Never waits for a shard:
  // each has room (ShardWriter::queue waits only on a queue of 16 MiB).
  void hand_on_locked();
  // The shard `item` (a put or remove) goes to, if it can go now: nullopt
  // when that shard (or, for a record new to the index, every shard) has
  // kShardDepth queued.
  std::optional<std::size_t> shard_for(Item& item);

  const std::vector<ShardWriter*> shards_;
  const Locate locate_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;   // items taken (room, or empty)
  std::deque<Item> items_;
  std::size_t bytes_ = 0;
  ShardPlacement placed_;
  std::optional<Error> error_;
};

}  // namespace chancery
