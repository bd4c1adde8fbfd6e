// The hooks this file defines (open, close, pread) replace the C library's
// for every caller in the process, so they must behave exactly as those do;
// the fortified inline wrappers of <fcntl.h> would clash with them.
#undef _FORTIFY_SOURCE

#include "index/block_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdarg>
#include <cstring>
#include <ctime>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHANCERY_BLOCK_CACHE_HOOKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CHANCERY_BLOCK_CACHE_HOOKS 0
#endif
#endif
#ifndef CHANCERY_BLOCK_CACHE_HOOKS
#define CHANCERY_BLOCK_CACHE_HOOKS 1
#endif

namespace chancery::block_cache {
namespace {

// Descriptors below this number can be registered (others are read as
// usual); the table is zero-initialised static storage, touched only where
// used.
constexpr int kMaxFds = 1 << 16;
// Reads longer than this are not kept (glass blocks are 2-64 KiB).
constexpr std::size_t kMaxEntryBytes = 64 * 1024;
constexpr std::size_t kShards = 16;

// The generation of each registered descriptor's opening; 0: not registered.
std::array<std::atomic<std::uint64_t>, kMaxFds> g_generation{};
std::atomic<std::uint64_t> g_next_generation{1};
std::atomic<std::size_t> g_capacity{0};

struct Key {
  std::uint64_t generation;
  std::uint64_t offset;
  std::size_t size;
  bool operator==(const Key&) const = default;
};

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::uint64_t h = k.generation * 0x9E3779B97F4A7C15ull ^ (k.offset + k.size) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// One part of the cache under its own lock, least recently used last. It
// counts its own hits and misses under that lock (global atomic counters
// bounced a cache line between the cores at every block read), and sits on
// cache lines of its own. A hit hands out a reference to its block, copied
// by the caller after the lock is released (an eviction meanwhile cannot
// free it):
// the roots and branches of the tables are read by every search and land
// in the same shards, and copying them under the lock had the server's
// workers queueing there (about four futex calls a search page).
class alignas(64) Shard {
 public:
  // The block of `key`, or null (a miss).
  std::shared_ptr<const char[]> get(const Key& key) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(key);
    if (it == map_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->data;
  }

  // Keeps a copy of `data` as the block of `key` (unless it is too big, or
  // kept already) and returns it.
  std::shared_ptr<const char[]> put(const Key& key, const void* data, std::size_t limit) {
    if (key.size > limit) return nullptr;
    std::shared_ptr<char[]> copy(new char[key.size]);
    std::memcpy(copy.get(), data, key.size);
    std::shared_ptr<const char[]> block = copy;
    std::lock_guard lock(mutex_);
    if (map_.contains(key)) return block;
    lru_.push_front(Entry{key, std::move(copy)});
    map_.emplace(key, lru_.begin());
    bytes_ += key.size;
    while (bytes_ > limit && !lru_.empty()) {
      const Entry& last = lru_.back();
      bytes_ -= last.key.size;
      map_.erase(last.key);
      lru_.pop_back();
    }
    return block;
  }

  void clear() {
    std::lock_guard lock(mutex_);
    map_.clear();
    lru_.clear();
    bytes_ = 0;
  }

  void add_to(Stats& stats) {
    std::lock_guard lock(mutex_);
    stats.bytes += bytes_;
    stats.entries += map_.size();
    stats.hits += hits_;
    stats.misses += misses_;
  }

 private:
  struct Entry {
    Key key;
    std::shared_ptr<const char[]> data;
  };
  std::mutex mutex_;
  std::list<Entry> lru_;
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> map_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0;     // since the process started (clear() keeps them)
  std::uint64_t misses_ = 0;
};

std::array<Shard, kShards>& shards() {
  static std::array<Shard, kShards> all;
  return all;
}

Shard& shard_of(const Key& key) { return shards()[KeyHash{}(key) % kShards]; }

// Each thread's own front of the cache: the blocks it read last, by a slot
// each, direct-mapped. A search reads the same root and branch blocks over and
// over (every cursor starts at the root), and in the shared cache each such
// read took a shard's mutex, moved the entry to the front of its list and
// counted a reference on the block: work that showed as a sixth of a cold
// search page's CPU time. A thread's slot holds a reference to the block as
// the shared cache had it, so what it answers is what the shared cache would
// have answered when the block was read (a block is only ever kept as read for
// its key, whose generation names one version of the file; block_cache.h).
// Set_capacity() starts a new epoch, which empties every thread's slots.
constexpr std::size_t kNearSlots = 256;
std::atomic<std::uint64_t> g_epoch{1};

// Hits answered by the threads' slots: a counter per thread, written only by
// its thread (no locked instruction), summed by stats().
struct NearHits {
  std::atomic<std::uint64_t> hits{0};
};
std::mutex g_near_mutex;
std::vector<NearHits*>* g_near_hits = nullptr;   // made on first use, never freed (as g_versions)
std::uint64_t g_retired_near_hits = 0;           // of threads that have ended; under g_near_mutex

class NearCache {
 public:
  NearCache() {
    std::lock_guard lock(g_near_mutex);
    if (g_near_hits == nullptr) g_near_hits = new std::vector<NearHits*>();
    g_near_hits->push_back(&hits_);
  }
  ~NearCache();
  NearCache(const NearCache&) = delete;
  NearCache& operator=(const NearCache&) = delete;

  bool get(const Key& key, void* out) {
    Slot& slot = slot_of(key);
    if (slot.epoch != g_epoch.load(std::memory_order_relaxed) || !(slot.key == key) || !slot.block) return false;
    std::memcpy(out, slot.block.get(), key.size);
    hits_.hits.store(hits_.hits.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return true;
  }

  void keep(const Key& key, std::shared_ptr<const char[]> block) {
    Slot& slot = slot_of(key);
    slot.key = key;
    slot.epoch = g_epoch.load(std::memory_order_relaxed);
    slot.block = std::move(block);
  }

 private:
  struct Slot {
    Key key{0, 0, 0};
    std::uint64_t epoch = 0;
    std::shared_ptr<const char[]> block;
  };
  Slot& slot_of(const Key& key) { return slots_[(KeyHash{}(key) / kShards) % kNearSlots]; }

  std::array<Slot, kNearSlots> slots_{};
  NearHits hits_;
};

// Whether this thread's NearCache has been destroyed (the thread is ending):
// a trivially destructible flag, readable after the cache is gone.
thread_local bool t_near_gone = false;

NearCache::~NearCache() {
  t_near_gone = true;
  std::lock_guard lock(g_near_mutex);
  g_retired_near_hits += hits_.hits.load(std::memory_order_relaxed);
  std::erase(*g_near_hits, &hits_);
}

// This thread's NearCache; null while the thread ends.
NearCache* near_cache() {
  if (t_near_gone) return nullptr;
  thread_local NearCache cache;
  return &cache;
}

bool is_table_file(const char* path) {
  if (path == nullptr) return false;
  const std::string_view name(path);
  return name.ends_with(".glass");
}

// A file's content as of an opening: what its blocks are keyed by.
struct FileVersion {
  dev_t dev;
  ino_t ino;
  off_t size;
  std::int64_t mtime_ns;
  std::int64_t ctime_ns;
  bool operator<(const FileVersion& o) const {
    return std::tie(dev, ino, size, mtime_ns, ctime_ns) < std::tie(o.dev, o.ino, o.size, o.mtime_ns, o.ctime_ns);
  }
};

// A file unchanged for this long when opened shares its blocks with every
// other opening that finds it unchanged since: any later write gives it a
// later modification time (the kernel's file times tick in milliseconds).
// A file changed more recently gets a generation of its own.
constexpr std::int64_t kSettledNs = 1'000'000'000;
constexpr std::size_t kMaxVersions = 1 << 16;

std::mutex g_versions_mutex;
// Made on first use and never freed: close() and open() may run after static
// destructors have (from other libraries' exit handlers).
std::map<FileVersion, std::uint64_t>* g_versions = nullptr;

std::uint64_t generation_of(int fd) {
  struct stat st {};
  struct timespec now {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ::clock_gettime(CLOCK_REALTIME, &now) != 0) {
    return g_next_generation.fetch_add(1, std::memory_order_relaxed);
  }
  auto ns = [](const struct timespec& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; };
  const FileVersion version{st.st_dev, st.st_ino, st.st_size, ns(st.st_mtim), ns(st.st_ctim)};
  if (ns(now) - std::max(version.mtime_ns, version.ctime_ns) < kSettledNs) {
    return g_next_generation.fetch_add(1, std::memory_order_relaxed);
  }
  std::lock_guard lock(g_versions_mutex);
  if (g_versions == nullptr) g_versions = new std::map<FileVersion, std::uint64_t>();
  if (g_versions->size() >= kMaxVersions) g_versions->clear();
  auto [it, inserted] = g_versions->try_emplace(version, 0);
  if (inserted) it->second = g_next_generation.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

[[maybe_unused]] void note_open(int fd, const char* path, int flags) {
  if (fd < 0 || fd >= kMaxFds) return;
  std::uint64_t generation = 0;
  if ((flags & O_ACCMODE) == O_RDONLY && g_capacity.load(std::memory_order_relaxed) > 0 && is_table_file(path)) {
    generation = generation_of(fd);
  }
  g_generation[static_cast<std::size_t>(fd)].store(generation, std::memory_order_release);
}

[[maybe_unused]] void note_close(int fd) {
  if (fd >= 0 && fd < kMaxFds) g_generation[static_cast<std::size_t>(fd)].store(0, std::memory_order_release);
}

[[maybe_unused]] ssize_t cached_pread(int fd, void* buf, std::size_t count, off_t offset) {
  const std::uint64_t generation =
      fd >= 0 && fd < kMaxFds ? g_generation[static_cast<std::size_t>(fd)].load(std::memory_order_acquire) : 0;
  const std::size_t capacity = g_capacity.load(std::memory_order_relaxed);
  if (generation == 0 || capacity == 0 || count == 0 || count > kMaxEntryBytes || offset < 0) {
    return ::pread64(fd, buf, count, offset);
  }
  const Key key{generation, static_cast<std::uint64_t>(offset), count};
  NearCache* near = near_cache();
  if (near != nullptr && near->get(key, buf)) return static_cast<ssize_t>(count);
  Shard& shard = shard_of(key);
  if (std::shared_ptr<const char[]> block = shard.get(key)) {
    // Copied after the shard's lock is released: an eviction meanwhile cannot
    // free the block, which this reference keeps.
    std::memcpy(buf, block.get(), count);
    if (near != nullptr) near->keep(key, std::move(block));
    return static_cast<ssize_t>(count);
  }
  const ssize_t n = ::pread64(fd, buf, count, offset);
  if (n == static_cast<ssize_t>(count)) {
    std::shared_ptr<const char[]> block = shard.put(key, buf, capacity / kShards);
    if (near != nullptr && block) near->keep(key, std::move(block));
  }
  return n;
}

}  // namespace

void set_capacity(std::size_t bytes) {
  if (!available()) bytes = 0;
  g_capacity.store(bytes, std::memory_order_relaxed);
  g_epoch.fetch_add(1, std::memory_order_relaxed);
  if (bytes == 0) {
    for (Shard& shard : shards()) shard.clear();
  }
}

std::size_t capacity() { return g_capacity.load(std::memory_order_relaxed); }

Stats stats() {
  Stats out;
  for (Shard& shard : shards()) shard.add_to(out);
  std::lock_guard lock(g_near_mutex);
  out.near_hits = g_retired_near_hits;
  if (g_near_hits != nullptr) {
    for (const NearHits* near : *g_near_hits) out.near_hits += near->hits.load(std::memory_order_relaxed);
  }
  out.hits += out.near_hits;
  return out;
}

bool available() { return CHANCERY_BLOCK_CACHE_HOOKS != 0; }

}  // namespace chancery::block_cache

#if CHANCERY_BLOCK_CACHE_HOOKS
// The hooks: libxapian (and any other library) calls these instead of the C
// library's, which they call in turn. Only open() of a table file read-only
// registers a descriptor; every close() ends a registration before the
// descriptor can be reused.
extern "C" {

int open(const char* path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list args;
    va_start(args, flags);
    mode = static_cast<mode_t>(va_arg(args, unsigned int));
    va_end(args);
  }
  const int fd = ::openat(AT_FDCWD, path, flags, mode);
  if (fd >= 0) chancery::block_cache::note_open(fd, path, flags);
  return fd;
}

int close(int fd) {
  chancery::block_cache::note_close(fd);
  return static_cast<int>(::syscall(SYS_close, fd));
}

ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  return chancery::block_cache::cached_pread(fd, buf, count, offset);
}

}  // extern "C"
#endif
