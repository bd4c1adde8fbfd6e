#include "index/shard_feed.h"

#include <xapian.h>

#include <cstdint>
#include <exception>
#include <new>
#include <utility>

#include "index/index_terms.h"

namespace chancery {
namespace {

// Where a record new to the index went when records went by their ids'
// hash (FNV-1a); now the choice when the shards have the same work queued
// (most often none: a change made alone).
std::size_t hashed_shard(std::string_view id, std::size_t shards) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h % shards);
}

}  // namespace

ShardFeed::ShardFeed(std::vector<ShardWriter*> shards, Locate locate)
    : shards_(std::move(shards)), locate_(std::move(locate)) {
  for (ShardWriter* shard : shards_) {
    shard->set_after_op([this] {
      std::lock_guard lock(mutex_);
      hand_on_locked();
    });
  }
}

void ShardFeed::put(Record record, std::vector<std::string> editorial) {
  ShardWriter::drop_unindexed(record);
  const std::size_t bytes = ShardWriter::weight(record, editorial);
  push(Item{Item::Kind::kPut, std::move(record), std::move(editorial), {}, {}, {}, bytes, {}});
}

void ShardFeed::remove(std::string id) {
  const std::size_t bytes = 64 + id.size();
  push(Item{Item::Kind::kRemove, {}, {}, std::move(id), {}, {}, bytes, {}});
}

void ShardFeed::add_synonym(std::string key, std::string synonym) {
  const std::size_t bytes = 64 + key.size() + synonym.size();
  push(Item{Item::Kind::kSynonym, {}, {}, std::move(key), std::move(synonym), {}, bytes, {}});
}

void ShardFeed::commit(std::map<std::string, std::string> metadata) {
  push(Item{Item::Kind::kCommit, {}, {}, {}, {}, std::move(metadata), 64, {}});
}

void ShardFeed::push(Item item) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return error_ || items_.empty() || bytes_ < kMaxBytes; });
  if (error_) return;   // dropped: drain() reports the failure
  bytes_ += item.bytes;
  items_.push_back(std::move(item));
  hand_on_locked();
}

Result<void> ShardFeed::drain() {
  std::unique_lock lock(mutex_);
  hand_on_locked();
  changed_.wait(lock, [this] { return items_.empty(); });
  if (error_) {
    Error error = std::move(*error_);
    error_.reset();
    return std::unexpected(std::move(error));
  }
  return {};
}

bool ShardFeed::empty() {
  std::lock_guard lock(mutex_);
  return items_.empty();
}

bool ShardFeed::failed() {
  std::lock_guard lock(mutex_);
  return error_.has_value();
}

std::optional<std::size_t> ShardFeed::shard_for(Item& item) {
  const std::string& id = item.kind == Item::Kind::kPut ? item.record.id : item.a;
  if (!item.home && shards_.size() == 1) item.home = 0;
  // A record the index held before the writer opened is where its last
  // commit has it (asked first: placed_ answers by fingerprint); one the
  // feed placed is where the feed put it.
  if (!item.home && locate_) item.home = locate_(id);
  if (!item.home) item.home = placed_.find(id);
  if (item.home) {
    if (shards_[*item.home]->backlog() >= kShardDepth) return std::nullopt;
    return item.home;
  }
  std::size_t best = hashed_shard(id, shards_.size());
  std::size_t least = shards_[best]->backlog();
  for (std::size_t i = 0; i < shards_.size() && least > 0; ++i) {
    const std::size_t backlog = shards_[i]->backlog();
    if (backlog < least) {
      best = i;
      least = backlog;
    }
  }
  if (least >= kShardDepth) return std::nullopt;
  item.home = placed_.place(id, best);
  return item.home;
}

// Every shard an item goes to has less than kShardDepth queued when it
// goes, so ShardWriter::queue never waits here (a queue waits at 16 MiB or
// 16,384 operations, and each operation weighs at least 64 bytes): a
// shard's thread running this would wait on its own queue.
void ShardFeed::hand_on_locked() {
  bool taken = false;
  while (!items_.empty()) {
    Item& item = items_.front();
    if (item.kind == Item::Kind::kCommit || item.kind == Item::Kind::kSynonym) {
      const std::size_t targets = item.kind == Item::Kind::kCommit ? shards_.size() : 1;
      bool room = true;
      for (std::size_t i = 0; room && i < targets; ++i) room = shards_[i]->backlog() < kShardDepth;
      if (!room) break;
      if (item.kind == Item::Kind::kSynonym) {
        shards_.front()->add_synonym(std::move(item.a), std::move(item.b));
      } else {
        for (std::size_t i = 0; i + 1 < shards_.size(); ++i) shards_[i]->commit(item.metadata);
        shards_.back()->commit(std::move(item.metadata));
      }
    } else {
      std::optional<std::size_t> shard;
      try {
        shard = shard_for(item);
      } catch (const Xapian::Error& e) {
        error_ = Error{ErrorCode::kStorage, "indexing: finding the shard of a record: " + e.get_description(), {}, 0, 0};
      } catch (const std::bad_alloc&) {
        error_ = Error{ErrorCode::kStorage, "indexing: out of memory", {}, 0, 0};
      } catch (const std::exception& e) {
        error_ = Error{ErrorCode::kInternal, std::string("indexing: finding the shard of a record: ") + e.what(), {}, 0, 0};
      }
      if (error_) {
        // As a shard after a failure: what follows is dropped, and the
        // caller, told by drain(), does not commit it.
        items_.clear();
        bytes_ = 0;
        taken = true;
        break;
      }
      if (!shard) break;
      if (item.kind == Item::Kind::kPut) {
        shards_[*shard]->put(std::move(item.record), std::move(item.editorial));
      } else {
        shards_[*shard]->remove(std::string(index_terms::kIdPrefix) + item.a);
      }
    }
    bytes_ -= item.bytes;
    items_.pop_front();
    taken = true;
  }
  if (taken) changed_.notify_all();
}

}  // namespace chancery
