// Which shard a writer put each record in, by record id, for the records a
// writer session has touched.
//
// A writable index places a record new to it in the shard with the least
// work queued (xapian_index.cc), so that the shards' threads finish a load
// together; every later change of that record must go to the same shard.
// The table keeps a 64-bit fingerprint (XXH3) of each id with its shard in
// one flat, open-addressed array: 16 MB for a million ids, where a map of
// strings would take several times that.
//
// Two ids that share a fingerprint share an entry: the second is placed
// where the first went. That only narrows a free choice, as long as the
// table is asked about ids the index holds nowhere else, which is why a
// writer over an index that had records when it opened asks the committed
// shards first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace chancery {

class ShardPlacement {
 public:
  // Shards are numbered 0 to kMaxShards - 1 (the shard slot is one byte).
  static constexpr std::size_t kMaxShards = 256;

  // The shard `id` (or an id of the same fingerprint) was placed in.
  std::optional<std::size_t> find(std::string_view id) const;
  // Places `id` in `shard` (< kMaxShards) unless it has a place already;
  // returns its place.
  std::size_t place(std::string_view id, std::size_t shard);
  std::size_t size() const { return size_; }

 private:
  std::size_t slot_of(std::uint64_t key) const;
  void grow();

  std::size_t size_ = 0;
  // 0: empty. Else the fingerprint with its low byte replaced by the shard.
  std::vector<std::uint64_t> slots_;   // a power of two, at most half full
};

}  // namespace chancery
