// A cache of the index's B-tree blocks in this process.
//
// Xapian's glass backend keeps no block cache: every cursor it makes (each
// term's posting list, each phrase check, each value read) reads the blocks
// it needs with pread(2), so one search reads the same root, branch and leaf
// blocks many times over, and a search of a common word or a phrase spends
// a quarter to a third of its time in the kernel copying them ("Secretary of
// State": 265 reads of about 320 distinct 8 KiB blocks).
//
// This cache sits under Xapian: the binary defines open(), close() and
// pread(), which libxapian calls (block_cache.cc), and keeps the blocks read
// through file descriptors opened read-only on a table file (`*.glass`).
// Each thread keeps the last blocks it read in slots of its own, in front of
// the shared cache (block_cache.cc, NearCache). It is exact, not a heuristic:
// - An entry belongs to a version of a file as an open() found it: its
//   device, inode, size and modification and change times, when it had been
//   unchanged for a second (so any later write gives it a later time);
//   otherwise to that opening alone. Every open() looks again and close()
//   ends the descriptor's registration. Glass reopens its tables (close, then
//   open) whenever a reader moves to a newer revision, so a reader never sees
//   a block as an opening of an older version read it, while the readers of
//   one version (the server's workers) share their blocks.
// - Within one opening, a reader reads only the blocks of its revision,
//   which no writer changes while that revision is the latest or the one
//   before; a block a writer has since reused fails Xapian's own revision
//   check (DatabaseModifiedError, then reopen) whether it comes from the
//   disk or, having been read before the change, from the cache, where it
//   is still the block of the reader's revision.
// - Descriptors opened for writing are never cached.
//
// Builds with AddressSanitizer or libFuzzer keep the sanitizers' own
// interceptors: there the cache is absent and every read goes to the kernel.
#pragma once

#include <cstddef>
#include <cstdint>

namespace chancery::block_cache {

// Sets the cache's capacity in bytes (0, the default, turns it off: reads go
// straight to the kernel and nothing new is registered). Files opened before
// it is turned on are not cached.
void set_capacity(std::size_t bytes);
std::size_t capacity();

struct Stats {
  std::uint64_t hits = 0;        // all hits, near_hits among them
  std::uint64_t near_hits = 0;   // answered by the reading thread's own slots
  std::uint64_t misses = 0;   // reads of registered files that went to the kernel
  std::uint64_t bytes = 0;    // held now
  std::uint64_t entries = 0;
};
Stats stats();

// Whether this build has the hooks (false under sanitizers).
bool available();

}  // namespace chancery::block_cache
