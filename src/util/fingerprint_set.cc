#include "util/fingerprint_set.h"

#include <xxhash.h>

#include <algorithm>

namespace chancery {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

FingerprintSet::FingerprintSet(std::size_t max_size) : max_size_(std::max<std::size_t>(max_size, 1)) {}

std::uint64_t FingerprintSet::fingerprint(std::string_view s, std::uint64_t salt) {
  const std::uint64_t fp = XXH3_64bits_withSeed(s.data(), s.size(), salt);
  return fp == 0 ? 1 : fp;   // 0 marks an empty slot
}

// Linear probing from the fingerprint's low bits; the table is never full.
std::size_t FingerprintSet::slot_of(std::uint64_t fp) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(fp) & mask;
  while (slots_[i] != 0 && slots_[i] != fp) i = (i + 1) & mask;
  return i;
}

void FingerprintSet::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, 0);
  for (std::uint64_t fp : old) {
    if (fp != 0) slots_[slot_of(fp)] = fp;
  }
}

bool FingerprintSet::insert(std::string_view s, std::uint64_t salt) {
  if (slots_.empty()) grow();
  const std::uint64_t fp = fingerprint(s, salt);
  std::size_t i = slot_of(fp);
  if (slots_[i] == fp) return false;
  if (size_ >= max_size_) {
    clear();
    i = slot_of(fp);
  } else if ((size_ + 1) * 2 > slots_.size()) {
    grow();
    i = slot_of(fp);
  }
  slots_[i] = fp;
  ++size_;
  return true;
}

bool FingerprintSet::contains(std::string_view s, std::uint64_t salt) const {
  if (slots_.empty()) return false;
  return slots_[slot_of(fingerprint(s, salt))] != 0;
}

// Keeps the table's size: a set that filled once will fill again.
void FingerprintSet::clear() {
  std::fill(slots_.begin(), slots_.end(), 0);
  size_ = 0;
}

}  // namespace chancery
