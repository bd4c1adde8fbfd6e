// One shard of a writable Xapian index, written by its own thread.
//
// A writable index keeps its records in several Xapian databases (shards)
// so that building documents and Xapian's own inversion and flushing run on
// every core. Each shard has a ShardWriter: the caller queues operations
// (put, remove, synonym, commit), the shard's thread carries them out in
// order. The caller touches the database only between sync() and the next
// queued operation. The index's changes reach the shards through a
// ShardFeed (shard_feed.h), which places each new record.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/document_builder.h"
#include "model/record.h"
#include "util/error.h"

namespace chancery {

// When a shard flushes its buffered changes to disk, even before commit().
// Each flush rewrites the B-tree blocks that hold the tail of every term it
// touches: in a big index that is about one block per term, so a big shard
// flushes more documents at a time; a small one keeps Xapian's buffers small,
// which costs less CPU. Measured 2026-11-30:
// - 30,000 records into a 1M-record archive: 97 s flushing every 200
//   documents, 52-56 s every 1,000, 50 s every 2,000, 53 s every 4,000 (peak
//   memory 98, 200, 325, 393 MB);
// - the 22 FRUS volumes into an empty archive (3,400 documents a shard):
//   7.9-8.8 s every 200, 8.8-9.2 s every 1,000 (user CPU 12% more);
// - 100,000 records (50,000 a shard): 147 s every 200, 150 s every 1,000;
// - a 1M import growing to 1,000 only at 250,000 documents a shard ran at
//   540 records/s over its first 250,000 against 640/s every 1,000.
struct FlushPolicy {
  int min_documents = 200;
  int max_documents = 1000;
  // The threshold is the shard's document count divided by this, within
  // [min_documents, max_documents]: 200 up to 10,000 documents, 1,000 from
  // 50,000.
  int documents_per_buffered = 50;

  // How many changes to buffer in a shard of `shard_documents` documents.
  int threshold(std::uint64_t shard_documents) const;
};

class ShardWriter {
 public:
  // `flush`: when Xapian commits (flushes its buffers) before commit().
  // `index`: the shard's place among the index's shards (kept in each document).
  ShardWriter(Xapian::WritableDatabase db, std::size_t index, NameHooks names, FlushPolicy flush);
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;
  ~ShardWriter();

  // Queue operations; they wait while the queue is full. After a failure the
  // shard drops queued and new operations until sync() reports it.
  void put(Record record, std::vector<std::string> editorial = {});
  void remove(std::string id_term);
  void add_synonym(std::string key, std::string synonym);
  // Writes the spellings and stem groups of the documents put since the
  // last commit, the stemmers they used (metadata, the shard's own list), and
  // `metadata`, then commits Xapian. Each shard keeps its own spelling and
  // synonym tables: Xapian merges them when it reads the shards as one.
  void commit(std::map<std::string, std::string> metadata);

  // Waits until every queued operation is done; returns the first failure
  // since the previous sync() (and forgets it).
  Result<void> sync();
  // True when an operation failed and sync() has not reported it yet.
  bool failed();
  // True when the shard's thread has nothing left to do.
  bool idle();
  // What the shard has still to do: the bytes (weight()) of the queued
  // operations and of the one under way.
  std::size_t backlog();
  // Called on the shard's thread after each operation, with no lock held
  // (ShardFeed hands on more work). Set before the first operation.
  void set_after_op(std::function<void()> after_op);

  // What put() leaves out of a record (the source as imported, which the
  // index does not read), and what a put weighs in a queue: its text,
  // roughly.
  static void drop_unindexed(Record& record);
  static std::size_t weight(const Record& record, const std::vector<std::string>& editorial);

  // Between sync() and the next queued operation only: the database, and
  // the stemmers documents used since the last take.
  Xapian::WritableDatabase& database() { return db_; }
  std::set<std::string> take_stemmers();

 private:
  struct Op {
    enum class Kind { kPut, kRemove, kSynonym, kCommit } kind;
    Record record;
    std::vector<std::string> editorial;   // put: texts of editors' corrections and notes
    std::string a;   // id term (remove), key (synonym)
    std::string b;   // synonym
    std::map<std::string, std::string> metadata;
    std::size_t bytes = 0;   // what it weighs in the queue (op_bytes for a put; at least 64 bytes)
  };

  void queue(Op op);
  void run();
  void apply(Op& op);
  void count_change();
  bool keep_sentinel();

  Xapian::WritableDatabase db_;
  const std::string shard_value_;   // kShardSlot
  DocumentBuilder builder_;   // used by the shard's thread only
  const FlushPolicy flush_;
  int flush_threshold_ = 0;   // flush_.threshold() at the last flush
  int pending_changes_ = 0;
  std::unordered_map<std::string, Xapian::termcount> spellings_;   // since the last commit
  std::vector<std::pair<std::string, std::string>> synonym_groups_;   // since the last commit
  std::set<std::string> stemmers_;            // since the last take_stemmers()
  std::set<std::string> recorded_stemmers_;   // in this shard's metadata, or to be at its next commit
  bool stemmers_to_record_ = false;
  bool has_sentinel_ = false;   // index_terms.h, kSentinelTerm

  std::mutex mutex_;
  std::condition_variable wake_worker_;
  std::condition_variable wake_caller_;
  std::deque<Op> queue_;
  std::size_t queued_bytes_ = 0;   // the queued operations' bytes
  std::function<void()> after_op_;
  std::size_t busy_bytes_ = 0;     // the bytes of the operation under way
  bool busy_ = false;
  bool stopping_ = false;
  bool inline_ = false;   // no thread could be started: operations run on the caller's thread
  std::optional<Error> error_;
  std::thread worker_;
};

}  // namespace chancery
