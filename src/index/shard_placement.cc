#include "index/shard_placement.h"

#include <xxhash.h>

namespace chancery {
namespace {

constexpr std::size_t kInitialSlots = 1024;
constexpr std::uint64_t kShardBits = 0xff;

// The id's fingerprint without its low byte (where the shard goes), never 0.
std::uint64_t key_of(std::string_view id) {
  const std::uint64_t key = XXH3_64bits(id.data(), id.size()) & ~kShardBits;
  return key == 0 ? kShardBits + 1 : key;
}

}  // namespace

// Linear probing from the key's bits above the shard byte.
std::size_t ShardPlacement::slot_of(std::uint64_t key) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(key >> 8) & mask;
  while (slots_[i] != 0 && (slots_[i] & ~kShardBits) != key) i = (i + 1) & mask;
  return i;
}

void ShardPlacement::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, 0);
  for (std::uint64_t entry : old) {
    if (entry != 0) slots_[slot_of(entry & ~kShardBits)] = entry;
  }
}

std::optional<std::size_t> ShardPlacement::find(std::string_view id) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t entry = slots_[slot_of(key_of(id))];
  if (entry == 0) return std::nullopt;
  return static_cast<std::size_t>(entry & kShardBits);
}

std::size_t ShardPlacement::place(std::string_view id, std::size_t shard) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t key = key_of(id);
  std::uint64_t& entry = slots_[slot_of(key)];
  if (entry != 0) return static_cast<std::size_t>(entry & kShardBits);
  entry = key | (static_cast<std::uint64_t>(shard) & kShardBits);
  ++size_;
  return shard;
}

}  // namespace chancery
