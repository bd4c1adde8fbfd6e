// A bounded set of strings kept as 64-bit fingerprints (XXH3) in one flat,
// open-addressed table: a lookup is a hash and, mostly, one cache line.
//
// For "have I met this word before?" on hot paths that can tolerate a rare
// false "yes": two strings share a fingerprint with probability about
// n^2 / 2^65 for n strings (below 3e-8 at the bound of a million). Not for
// anything where a wrong answer loses data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace chancery {

class FingerprintSet {
 public:
  // Holds at most `max_size` strings; insert() beyond that empties the set
  // first (callers use it as a cache of what they have already done).
  explicit FingerprintSet(std::size_t max_size);

  // Adds `s`, salted by `salt` (the same string under two salts is two
  // entries); true when it was not there.
  bool insert(std::string_view s, std::uint64_t salt = 0);
  bool contains(std::string_view s, std::uint64_t salt = 0) const;
  void clear();
  std::size_t size() const { return size_; }

 private:
  static std::uint64_t fingerprint(std::string_view s, std::uint64_t salt);
  std::size_t slot_of(std::uint64_t fp) const;
  void grow();

  std::size_t max_size_;
  std::size_t size_ = 0;
  std::vector<std::uint64_t> slots_;   // 0 = empty; a power of two, at most half full
};

}  // namespace chancery
