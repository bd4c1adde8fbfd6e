#include "index/bulk_load.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace chancery {
namespace fs = std::filesystem;

namespace {

// fdatasync for a file, fsync for a folder (its entries).
Result<void> sync_path(const fs::path& path, bool folder) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open " + path.string() + " to sync it: " + std::strerror(errno));
  const int rc = folder ? ::fsync(fd) : ::fdatasync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) return fail(ErrorCode::kIo, "cannot sync " + path.string() + ": " + std::strerror(saved));
  return {};
}

}  // namespace

Result<IndexWriterLock> IndexWriterLock::take(const fs::path& dir) {
  const fs::path file = dir / kIndexWriterLockFile;
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open " + file.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) {
      return fail(ErrorCode::kConflict, "another process is writing the index in " + dir.string());
    }
    return fail(ErrorCode::kIo, "cannot lock " + file.string() + ": " + std::strerror(saved));
  }
  return IndexWriterLock(fd);
}

IndexWriterLock& IndexWriterLock::operator=(IndexWriterLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

IndexWriterLock::~IndexWriterLock() {
  if (fd_ >= 0) ::close(fd_);   // closing the last descriptor releases the flock
}

IndexReaderMark IndexReaderMark::take(const fs::path& dir) {
  const fs::path file = dir / kIndexReadersLockFile;
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  if (::flock(fd, LOCK_SH) != 0) {
    ::close(fd);
    return {};
  }
  return IndexReaderMark(fd);
}

IndexReaderMark& IndexReaderMark::operator=(IndexReaderMark&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

IndexReaderMark::~IndexReaderMark() {
  if (fd_ >= 0) ::close(fd_);
}

bool index_has_readers(const fs::path& dir) {
  const fs::path file = dir / kIndexReadersLockFile;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno != ENOENT;   // no file: no reader ever marked the index
  const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);   // and with it the lock, if taken
  return !free;
}

bool unsynced_load_interrupted(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kUnsyncedMarkerFile, ec);
}

Result<void> begin_unsynced_load(const fs::path& dir) {
  const fs::path marker = dir / kUnsyncedMarkerFile;
  const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot create " + marker.string() + ": " + std::strerror(errno));
  constexpr std::string_view kText =
      "This index is being filled from empty without syncing. Found here when no writer is running, it is\n"
      "rebuilt from the store by the next writer (an import, `chancery check`).\n";
  const bool written = ::write(fd, kText.data(), kText.size()) == static_cast<ssize_t>(kText.size());
  const bool synced = written && ::fdatasync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!synced) return fail(ErrorCode::kIo, "cannot write " + marker.string() + ": " + std::strerror(saved));
  return sync_path(dir, true);
}

Result<void> finish_unsynced_load(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> folders;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (it->is_directory(ec)) {
      folders.push_back(path);
    } else if (it->is_regular_file(ec) && path.filename() != kUnsyncedMarkerFile &&
               path.filename() != kIndexWriterLockFile && path.filename() != kIndexReadersLockFile) {
      if (auto r = sync_path(path, false); !r) return r;
    }
  }
  if (ec) return fail(ErrorCode::kIo, "cannot list " + dir.string() + " to sync it: " + ec.message());
  for (const fs::path& folder : folders) {
    if (auto r = sync_path(folder, true); !r) return r;
  }
  fs::remove(dir / kUnsyncedMarkerFile, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot remove " + (dir / kUnsyncedMarkerFile).string() + ": " + ec.message());
  return sync_path(dir, true);
}

}  // namespace chancery
