// Getting data out: lossless export, backup and restore.
#include <set>
#include <chrono>
#include <fstream>
#include <system_error>
#include <thread>
#include <xapian.h>

#include "archive/archive.h"
#include "archive/archive_impl.h"
#include "formats/record_text.h"
#include "index/index_terms.h"
#include "index/xapian_index.h"
#include "model/record_json.h"
#include "store/sqlite_store.h"

namespace chancery {
namespace fs = std::filesystem;

namespace {

// DIR/ID.EXT, where each '/' of the id makes a subfolder. Refuses ids that
// would escape DIR or name nothing ("", "a//b", "..", "/abs").
Result<fs::path> export_path(const fs::path& dir, const std::string& id, std::string_view extension) {
  fs::path out = dir;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = id.find('/', start);
    std::string segment = id.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.find('\0') != std::string::npos) {
      return fail(ErrorCode::kInvalidInput, "record id '" + id + "' cannot be used as a file name");
    }
    if (slash == std::string::npos) {
      out /= segment + std::string(extension);
      return out;
    }
    out /= segment;
    start = slash + 1;
  }
}

Result<void> write_file(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return fail(ErrorCode::kIo, "cannot write " + path.string());
  return {};
}

std::string json_file_text(const ImportUnit& unit) { return unit_to_json(unit).dump(2) + "\n"; }

// Calls `add` with the parsed latest revision of every live entity of `kind`, by id.
template <typename T, typename Parse>
Result<std::vector<T>> load_all(Store& store, EntityKind kind, Parse parse) {
  std::vector<T> out;
  Result<void> failure;
  auto walked = store.for_each(kind, [&](const Revision& revision) {
    auto item = parse(revision);
    if (!item) {
      failure = std::unexpected(item.error());
      return false;
    }
    out.push_back(std::move(*item));
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());
  return out;
}

template <typename T, typename FromJsonText>
auto parse_with(FromJsonText from_json_text) {
  return [from_json_text](const Revision& revision) -> Result<T> {
    auto result = from_json_text(revision.json);
    if (!result) return fail(ErrorCode::kStorage, revision.id + ": " + result.error().message);
    return result;
  };
}

bool empty_or_missing(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

Result<void> copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  return {};
}

// A consistent copy of a Xapian index that another process may be writing:
// compacts one reader's snapshot (a single committed revision) of each shard
// into the same place under `to`. A writer's commits that recycle the
// snapshot's blocks make Xapian throw DatabaseModifiedError; then that shard's
// copy starts again from a newer snapshot. Shards copied at different commits
// are fine: the index reports the smallest applied seq of its shards, and the
// store replays the rest when the restored archive opens.
Result<void> snapshot_xapian_index(const fs::path& from, const fs::path& to) {
  constexpr int kAttempts = 50;
  const std::vector<fs::path> shards = xapian_shard_paths(from);
  if (shards.empty()) return fail(ErrorCode::kStorage, "cannot copy the index " + from.string() + ": no index there");
  std::error_code ec;
  fs::remove_all(to, ec);
  for (const fs::path& shard : shards) {
    // DIR/shardN, or DIR itself for an index made before shards; an index
    // replica's shard (DIR/shardN/replica_K) is copied to DIR/shardN.
    const fs::path relative = shard.lexically_relative(from);
    const fs::path target = relative == "." ? to : to / *relative.begin();
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create " + target.parent_path().string() + ": " + ec.message());
    for (int attempt = 1;; ++attempt) {
      fs::remove_all(target, ec);
      try {
        Xapian::Database db(shard.string());
        db.compact(target.string(), Xapian::DBCOMPACT_NO_RENUMBER, index_terms::kShardBlockSize);
        break;
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt == kAttempts) {
          return fail(ErrorCode::kStorage, "the index kept changing while it was copied: " + e.get_description());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      } catch (const Xapian::Error& e) {
        return fail(ErrorCode::kStorage, "cannot copy the index " + shard.string() + ": " + e.get_description());
      }
    }
  }
  return {};
}

}  // namespace

Result<std::size_t> Archive::export_all(const fs::path& dir, const std::string& format) {
  if (format != "record-text" && format != "json") {
    return fail(ErrorCode::kInvalidInput, "unknown export format '" + format + "' (record-text or json)");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());

  Store& store = *impl_->store;
  std::size_t written = 0;
  Result<void> failure;
  auto walked = store.for_each(EntityKind::kRecord, [&](const Revision& revision) {
    auto record = record_from_revision(revision);
    if (!record) {
      failure = std::unexpected(record.error());
      return false;
    }
    Result<fs::path> path = format == "json" ? export_path(dir / "records", record->id, ".json")
                                             : export_path(dir, record->id, ".txt");
    if (!path) {
      failure = std::unexpected(path.error());
      return false;
    }
    std::string text;
    if (format == "json") {
      ImportUnit unit;
      unit.records.push_back(std::move(*record));
      text = json_file_text(unit);
    } else {
      text = write_record_text(*record);
    }
    if (auto r = write_file(*path, text); !r) {
      failure = r;
      return false;
    }
    ++written;
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());
  if (format != "json") return written;

  // Withdrawn records as they last stood, beside their withdrawals in
  // annotations.json: imported, they arrive withdrawn (410 Gone with the
  // reason; `reinstate` brings one back) rather than missing.
  auto withdrawn = withdrawn_records();
  if (!withdrawn) return std::unexpected(withdrawn.error());
  for (const std::string& id : *withdrawn) {
    auto w = withdrawal(id);
    if (!w) return std::unexpected(w.error());
    if (!*w || (*w)->last.id.empty()) continue;   // brought back meanwhile, or never held a text
    auto path = export_path(dir / "records", id, ".json");
    if (!path) return std::unexpected(path.error());
    ImportUnit unit;
    unit.records.push_back(std::move((*w)->last));
    if (auto r = write_file(*path, json_file_text(unit)); !r) return std::unexpected(r.error());
  }

  ImportUnit collections, persons, terms;
  auto c = load_all<Collection>(store, EntityKind::kCollection, parse_with<Collection>(collection_from_json_text));
  if (!c) return std::unexpected(c.error());
  collections.collections = std::move(*c);
  auto p = load_all<Person>(store, EntityKind::kPerson, parse_with<Person>(person_from_json_text));
  if (!p) return std::unexpected(p.error());
  persons.persons = std::move(*p);
  auto t = load_all<Term>(store, EntityKind::kTerm, parse_with<Term>(term_from_json_text));
  if (!t) return std::unexpected(t.error());
  terms.terms = std::move(*t);
  ImportUnit abouts;
  auto texts = load_all<CollectionAbout>(store, EntityKind::kAbout, parse_with<CollectionAbout>(about_from_json_text));
  if (!texts) return std::unexpected(texts.error());
  abouts.abouts = std::move(*texts);
  // Collections' own texts (TEI front matter), where there are any.
  if (!abouts.abouts.empty()) {
    if (auto r = write_file(dir / "about.json", json_file_text(abouts)); !r) return std::unexpected(r.error());
  }
  ImportUnit annotations;
  auto a = load_all<Annotation>(store, EntityKind::kAnnotation, parse_with<Annotation>(annotation_from_json));
  if (!a) return std::unexpected(a.error());
  annotations.annotations = std::move(*a);
  // Sorted paths put collections.json before records/, so importing the
  // export places each record in its collection's published order.
  for (auto& [name, unit] : {std::pair<const char*, ImportUnit*>{"collections.json", &collections},
                             {"persons.json", &persons},
                             {"terms.json", &terms}}) {
    if (auto r = write_file(dir / name, json_file_text(*unit)); !r) return std::unexpected(r.error());
  }
  // Editors' annotations, where there are any (an export without them is as it was).
  if (!annotations.annotations.empty()) {
    if (auto r = write_file(dir / "annotations.json", json_file_text(annotations)); !r) {
      return std::unexpected(r.error());
    }
  }
  // Scanned pages: their lists in scans.json (after records/ in sorted
  // order, so an import has the records first) and each image once, byte
  // for byte, in images/.
  ImportUnit scans;
  auto listed = load_all<ScanSet>(store, EntityKind::kScans, parse_with<ScanSet>(scan_set_from_json));
  if (!listed) return std::unexpected(listed.error());
  scans.scans = std::move(*listed);
  if (!scans.scans.empty()) {
    std::set<std::string> images_written;
    for (const ScanSet& set : scans.scans) {
      for (const ScanPage& page : set.pages) {
        if (!images_written.insert(page.image).second) continue;
        auto blob = store.blob(page.image);
        if (!blob) return std::unexpected(blob.error());
        if (!*blob) return fail(ErrorCode::kStorage, "scans of " + set.record + ": the store has no image " + page.image);
        if (auto r = write_file(dir / "images" / scan_image_file_name(page), (*blob)->bytes); !r) {
          return std::unexpected(r.error());
        }
      }
    }
    if (auto r = write_file(dir / "scans.json", json_file_text(scans)); !r) return std::unexpected(r.error());
  }
  return written;
}

Result<void> Archive::backup(const fs::path& dest) {
  if (!empty_or_missing(dest)) {
    return fail(ErrorCode::kConflict, "backup destination " + dest.string() + " exists and is not empty");
  }
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dest.string() + ": " + ec.message());

  // Index first, store second: the copied store then holds every change the
  // copied index has applied, and opening the copy replays the rest. A writer
  // archive holds the index's write lock, so the index cannot change while it
  // is copied; a read-only archive (another process, e.g. an import, may hold
  // the lock and commit) copies one committed snapshot of the default index.
  const fs::path index_dir = impl_->options.dir / kIndexDirName;
  const fs::path index_copy = dest / kIndexDirName;
  if (fs::exists(index_dir, ec)) {
    auto copied = impl_->options.read_only && !impl_->options.index_factory
                      ? snapshot_xapian_index(index_dir, index_copy)
                      : copy_tree(index_dir, index_copy);
    if (!copied) return copied;
  }
  if (auto r = impl_->store->backup_to((dest / kStoreFileName).string()); !r) return r;

  // Validate the copy: both halves open, and the store is not behind the index.
  auto copied_index = impl_->options.index_factory ? impl_->options.index_factory(index_copy, false)
                                                   : open_default_index(index_copy, false);
  if (!copied_index) {
    return fail(ErrorCode::kStorage, "the copied index does not open (" + copied_index.error().describe() +
                                         "); retry the backup");
  }
  std::int64_t index_seq = (*copied_index)->applied_seq();
  copied_index->reset();
  auto copied_store = open_sqlite_store(dest / kStoreFileName, /*read_only=*/true);
  if (!copied_store) return std::unexpected(copied_store.error());
  auto copied_stats = (*copied_store)->stats();
  if (!copied_stats) return std::unexpected(copied_stats.error());
  if (index_seq > copied_stats->last_seq) {
    return fail(ErrorCode::kInternal, "the copied index is ahead of the copied store; retry the backup");
  }
  return {};
}

Result<void> Archive::restore(const fs::path& backup, const fs::path& dir, const ArchiveOptions& options) {
  std::error_code ec;
  if (!fs::exists(backup / kStoreFileName, ec)) {
    return fail(ErrorCode::kNotFound, "no archive backup in " + backup.string() + " (no " + kStoreFileName + ")");
  }
  if (!empty_or_missing(dir)) {
    return fail(ErrorCode::kConflict, "cannot restore into " + dir.string() + ": it exists and is not empty");
  }
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  auto undo = [&dir](Error error) -> Result<void> {
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) fs::remove_all(entry.path(), ignored);
    return std::unexpected(std::move(error));
  };
  for (const char* suffix : {"", "-wal"}) {
    fs::path from = backup / (std::string(kStoreFileName) + suffix);
    if (!fs::exists(from, ec)) continue;
    fs::copy_file(from, dir / from.filename(), ec);
    if (ec) return undo(Error{ErrorCode::kIo, "cannot copy " + from.string() + ": " + ec.message(), {}, 0, 0});
  }
  if (fs::exists(backup / kIndexDirName, ec)) {
    if (auto r = copy_tree(backup / kIndexDirName, dir / kIndexDirName); !r) return undo(r.error());
  }
  ArchiveOptions open_options = options;
  open_options.dir = dir;
  open_options.read_only = false;
  open_options.create = false;
  auto archive = Archive::open(open_options);
  if (!archive) return undo(archive.error());
  if ((*archive)->impl_->catch_up_error) return undo(*(*archive)->impl_->catch_up_error);
  return {};
}

}  // namespace chancery
