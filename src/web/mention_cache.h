// The names a record mentions (NameSnapshot::all_mentions), kept for the
// records the reading room shows again. Finding them reads every word of the
// record with two mention finders: on an archive whose names are linked that
// was half the CPU time of a document page (0.3-0.5 ms of 1.0 ms for the FRUS
// volumes), and the same for the document API.
//
// Each record's mentions are kept packed (about 12 bytes a mention: where it
// is, whether it is certain, and its authorities as numbers into a table of
// ids), and unpacked for each page; the mention's text is the record's own,
// cut out again. An entry is used only for the same snapshot of the names
// (a new snapshot empties the cache) and a record whose texts, people, volume
// and year are as they were (a 64-bit fingerprint of them): an older revision
// shown under the same id, or a corrected text, is found afresh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "archive/names_directory.h"
#include "model/record.h"
#include "store/store.h"

namespace chancery::web {

class MentionCache {
 public:
  // Keeps at most about `max_bytes` of packed mentions, ids and bookkeeping;
  // the records used longest ago go first.
  explicit MentionCache(std::size_t max_bytes);
  MentionCache(const MentionCache&) = delete;
  MentionCache& operator=(const MentionCache&) = delete;

  // snapshot->all_mentions(record), from the cache when it holds them for
  // this snapshot and this record's content. Thread-safe.
  std::vector<RecordMention> mentions(const std::shared_ptr<const NameSnapshot>& snapshot, const Record& record);

  // Finds the mentions of the records in `store` ahead, in the order they
  // were last changed, until the cache is half full or `stop` is requested: the first
  // view of a page then finds them kept. For a thread of idle priority with
  // a store connection of its own. Returns how many records it read.
  std::size_t read_ahead(Store& store, const std::shared_ptr<const NameSnapshot>& snapshot, std::stop_token stop);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t read_ahead = 0;   // records found by read_ahead(), not counted as lookups
    std::size_t records = 0;
    std::size_t bytes = 0;
  };
  Stats stats() const;

  // The fingerprint of what all_mentions reads of `record` (texts, people,
  // volume, year): equal fingerprints, the same mentions.
  static std::uint64_t fingerprint(const Record& record);

 private:
  struct Entry {
    std::uint64_t fingerprint = 0;
    std::string packed;
    std::list<std::string>::iterator used;  // its place in used_, most recent first
  };
  // Packs `mentions` of `record`; false when one cannot be told from the
  // record again (its text is not the record's at its place).
  bool pack(const Record& record, const std::vector<RecordMention>& mentions, std::string& out);
  // Unpacks `packed` (pack()'s) for `record`; false when it does not fit.
  bool unpack(const Record& record, const std::string& packed, std::vector<RecordMention>& out) const;
  // mentions(), counting the lookup as a hit or a miss when `counted`.
  std::vector<RecordMention> lookup(const std::shared_ptr<const NameSnapshot>& snapshot, const Record& record,
                                    bool counted);
  std::uint32_t id_number(const std::string& id);
  void evict();
  static std::size_t entry_bytes(const std::string& id, const Entry& e);

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::shared_ptr<const NameSnapshot> snapshot_;  // whose mentions are kept
  std::unordered_map<std::string, Entry> entries_;  // by record id
  std::list<std::string> used_;                    // record ids, most recently used first
  std::vector<std::string> ids_;                   // authority ids by number
  std::unordered_map<std::string, std::uint32_t> id_numbers_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t read_ahead_ = 0;
};

}  // namespace chancery::web
