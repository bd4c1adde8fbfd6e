#include "web/archive_versions.h"

#include "archive/archive.h"
#include "model/annotation.h"

namespace chancery::web {

std::uint64_t ArchiveVersions::note_index(const std::string& revision) {
  std::lock_guard lock(mutex_);
  if (revision != newest_revision_) {
    newest_revision_ = revision;
    epoch_.fetch_add(1, std::memory_order_acq_rel);
  }
  return epoch_.load(std::memory_order_acquire);
}

std::optional<ArchiveVersion> ArchiveVersions::prepare(Archive& archive) {
  // The store first: an answer may show commits newer than its version (it is
  // then dropped once the version moves), never older ones.
  auto store = store_version_();
  if (!store) return std::nullopt;
  std::string revision = archive.index().revision();
  if (revision.empty()) return std::nullopt;
  std::optional<std::uint64_t> epoch;
  {
    std::lock_guard lock(mutex_);
    if (revision == newest_revision_) epoch = epoch_.load(std::memory_order_acquire);
  }
  if (!epoch) {
    // Another worker has seen another revision (or this one is ahead).
    (void)archive.refresh();
    revision = archive.index().revision();
    if (revision.empty()) return std::nullopt;
    epoch = note_index(revision);
  }
  return ArchiveVersion{*store, *epoch, today_utc_day()};
}

std::optional<ArchiveVersion> ArchiveVersions::current() {
  std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
  auto store = store_version_();
  if (!store) return std::nullopt;
  return ArchiveVersion{*store, epoch, today_utc_day()};
}

std::optional<std::int64_t> ArchiveVersions::store_version() {
  auto store = store_version_();
  if (!store) return std::nullopt;
  return *store;
}

}  // namespace chancery::web
