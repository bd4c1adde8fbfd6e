#include "web/collection_cache.h"

#include "archive/archive.h"
#include "web/archive_queries.h"

namespace chancery::web {
namespace {

// The title and date of a link a collection keeps, at most (bytes_for).
constexpr std::size_t kMaxKeptLinkText = 512;

std::size_t size_of(const Collection& c) {
  std::size_t bytes = sizeof(Collection) + c.id.size() + c.title.size() + c.series.size() + c.parent.size();
  for (const std::string& id : c.record_ids) bytes += id.size() + sizeof(std::string);
  for (const std::string& e : c.editors) bytes += e.size() + sizeof(std::string);
  return bytes;
}

}  // namespace

CollectionRecords::CollectionRecords(std::vector<std::string> ids, std::vector<std::optional<RecordLink>> links)
    : ids_(std::move(ids)), read_(ids_.size(), links.size() == ids_.size()), links_(std::move(links)) {
  links_.resize(ids_.size());
  places_.reserve(ids_.size());
  for (std::size_t i = 0; i < ids_.size(); ++i) places_.emplace(ids_[i], i);   // the first place stays
}

std::optional<std::size_t> CollectionRecords::find(std::string_view id) const {
  auto found = places_.find(id);
  if (found == places_.end()) return std::nullopt;
  return found->second;
}

std::optional<RecordLink> CollectionRecords::link(Archive& archive, std::size_t at) const {
  {
    std::lock_guard lock(mutex_);
    if (read_[at]) return links_[at];
  }
  std::optional<RecordLink> read = record_link(archive, ids_[at]);
  // A title longer than bytes() counts on is read again next time.
  if (read && read->title.size() + read->date.size() > kMaxKeptLinkText) return read;
  std::lock_guard lock(mutex_);
  links_[at] = read;
  read_[at] = true;
  return read;
}

std::size_t CollectionRecords::bytes_for(const std::vector<std::string>& ids) {
  std::size_t total = sizeof(CollectionRecords);
  for (const std::string& id : ids) {
    // the id, its place (a hash node), its link (the id again, title and date)
    total += 2 * (sizeof(std::string) + id.size()) + 48 + sizeof(std::optional<RecordLink>) + kMaxKeptLinkText;
  }
  return total;
}

std::size_t CollectionRecords::bytes() const { return bytes_for(ids_); }

Result<std::shared_ptr<const Collection>> CollectionCache::get(Archive& archive, const std::string& id,
                                                                std::int64_t store_version) {
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found != entries_.end() && found->second.store_version == store_version) return found->second.collection;
  }
  auto read = archive.collection(id);
  if (!read) return std::unexpected(read.error());
  auto collection = std::make_shared<const Collection>(std::move(*read));
  const std::size_t bytes = size_of(*collection) + id.size();
  std::lock_guard lock(mutex_);
  keep(id, Entry{store_version, collection, nullptr, bytes});
  return collection;
}

Result<std::shared_ptr<const CollectionRecords>> CollectionCache::records(Archive& archive, const Collection& collection,
                                                                          std::int64_t store_version) {
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(collection.id);
    if (found != entries_.end() && found->second.store_version == store_version && found->second.records) {
      return found->second.records;
    }
  }
  if (!collection.record_ids.empty() && CollectionRecords::bytes_for(collection.record_ids) > max_bytes_ / 4) {
    return nullptr;
  }
  auto read = read_collection_records(archive, collection);
  if (!read) return std::unexpected(read.error());
  std::shared_ptr<const CollectionRecords> records = std::move(*read);
  const std::size_t bytes = records->bytes();
  if (bytes > max_bytes_ / 4) return records;
  std::lock_guard lock(mutex_);
  auto found = entries_.find(collection.id);
  // Kept beside the collection it was read from; a collection read since at
  // another version (or dropped) keeps it out.
  if (found == entries_.end() || found->second.store_version != store_version || found->second.records) {
    return records;
  }
  Entry entry = found->second;
  entry.records = records;
  entry.bytes += bytes;
  keep(collection.id, std::move(entry));
  return records;
}

void CollectionCache::keep(const std::string& id, Entry entry) {
  if (auto found = entries_.find(id); found != entries_.end()) {
    bytes_ -= found->second.bytes;
    entries_.erase(found);
  }
  if (bytes_ + entry.bytes > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  if (entry.bytes <= max_bytes_) {
    bytes_ += entry.bytes;
    entries_.emplace(id, std::move(entry));
  }
}

}  // namespace chancery::web
