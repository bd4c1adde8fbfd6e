// Importing files: each file is one store transaction (all of it or nothing),
// then the index catches up with what the store committed.
#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <exception>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "archive/archive.h"
#include "archive/archive_impl.h"
#include "formats/reader.h"
#include "images/image_codec.h"
#include "model/record_json.h"
#include "util/helper_thread.h"

namespace chancery {
namespace fs = std::filesystem;

namespace {

// Files parsed ahead of the one being written (parsing runs on other threads;
// store and index writes stay on the calling thread, in order).
constexpr std::size_t kParseAhead = 2;
// Threads that parse, each for the whole import. A thread started for each
// file (std::async) cost, at a million one-record files, a million thread
// starts and exits, each exit returning its stack to the kernel (madvise)
// with a TLB shootdown that interrupts the other core: about 5% of the CPU.
constexpr std::size_t kParseThreads = 2;
// A store transaction spans at most this many files, or this long.
constexpr std::size_t kBatchFiles = 64;
// Short, so that the index's shards (which take a batch once it is
// committed) start early and do not wait long for the next one.
constexpr std::chrono::milliseconds kBatchTime{300};
// A batch of at least this many records ends early when the index has
// nothing to do (at the start of an import: its shards would otherwise wait
// for the first 300 ms of files, 6 FRUS volumes, to be written).
constexpr std::size_t kEarlyBatchRecords = 200;

// The volume a person or term belongs to: its id up to the last '/'.
std::string id_prefix(const std::string& id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string::npos ? std::string() : id.substr(0, slash);
}

struct Tally {
  int added = 0;
  int updated = 0;
  int unchanged = 0;

  void count(int revision) {
    if (revision == 0) ++unchanged;
    else if (revision == 1) ++added;
    else ++updated;
  }
};

// "Preface; Sources": what a collection's texts are, for listings (the log).
std::string about_title(const CollectionAbout& about) {
  std::string title;
  for (const CollectionText& t : about.texts) title += (title.empty() ? "" : "; ") + t.title;
  return title;
}

// Writes the entities of one unit into the store's open transaction.
class UnitWriter {
 public:
  // `withdrawn`: records withdrawn from the archive (by id), which the unit
  // leaves as they are; nullptr for none.
  UnitWriter(Store& store, const ImportUnit& unit, std::string source,
             const std::unordered_map<std::string, std::string>* withdrawn)
      : store_(store), unit_(unit), source_(std::move(source)), withdrawn_(withdrawn) {
    for (const Collection& c : unit_.collections) {
      for (std::size_t i = 0; i < c.record_ids.size(); ++i) {
        positions_[{c.id, c.record_ids[i]}] = static_cast<int>(i) + 1;
      }
    }
  }

  // Puts every collection, record, person and term; counts records in `records`
  // and everything in `all`.
  Result<void> write(Tally& records, Tally& all) {
    if (auto r = check_unique_ids(); !r) return r;
    for (const Collection& c : unit_.collections) {
      EntityMeta meta{c.title, c.coverage.first_day(), c.coverage.last_day(), c.parent, c.position};
      auto written = put(EntityKind::kCollection, c.id, to_json(c).dump(), meta);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
    }
    for (const Record& record : unit_.records) {
      auto meta = record_meta(record);
      if (!meta) return std::unexpected(meta.error());
      if (withdrawn_ != nullptr && withdrawn_->contains(record.id)) {
        auto arrived = arrive_withdrawn(record, *meta);
        if (!arrived) return std::unexpected(arrived.error());
        record_revisions_.push_back(0);
        (*arrived ? arrived_withdrawn_ : kept_withdrawn_).push_back(record.id);
        if (*arrived) all.count(1);
        continue;
      }
      auto written = put_record(record, *meta);
      if (!written) return std::unexpected(written.error());
      record_revisions_.push_back(*written);
      records.count(*written);
      all.count(*written);
    }
    int position = 0;
    for (const Person& p : unit_.persons) {
      EntityMeta meta{p.name, 0, 0, p.source.empty() ? id_prefix(p.id) : p.source, ++position};
      auto written = put(EntityKind::kPerson, p.id, to_json(p).dump(), meta);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
    }
    for (const CollectionAbout& a : unit_.abouts) {
      EntityMeta meta{about_title(a), 0, 0, a.id, 0};
      auto written = put(EntityKind::kAbout, a.id, to_json(a).dump(), meta);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
    }
    position = 0;
    for (const Term& t : unit_.terms) {
      EntityMeta meta{t.term, 0, 0, id_prefix(t.id), ++position};
      auto written = put(EntityKind::kTerm, t.id, to_json(t).dump(), meta);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
    }
    for (const Annotation& a : unit_.annotations) {
      // An export's annotations, as they were stored; the records they are
      // about may come later in the same import (annotations.json sorts first).
      if (auto valid = validate_annotation(a); !valid) {
        return fail(ErrorCode::kInvalidInput, "annotation " + a.id + ": " + valid.error().message);
      }
      auto meta = annotation_meta(a);
      if (!meta) return std::unexpected(meta.error());
      auto written = put(EntityKind::kAnnotation, a.id, annotation_to_json(a), *meta);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
      if (a.type == AnnotationType::kWithdrawal && *written > 0) {
        // A withdrawal from another archive takes its record out here too,
        // as `chancery withdraw` would have (history kept, 410 Gone).
        auto live = store_.latest_meta(EntityKind::kRecord, a.target);
        if (!live) return std::unexpected(live.error());
        if (*live) {
          if (auto r = store_.remove(EntityKind::kRecord, a.target, source_); !r) return std::unexpected(r.error());
          withdrawn_here_.push_back(a.target);
        }
      }
    }
    for (const ScanSet& scans : unit_.scans) {
      auto written = write_scans(scans);
      if (!written) return std::unexpected(written.error());
      all.count(*written);
    }
    return {};
  }

 // The revision each record of the unit got (0: unchanged), in order.
  const std::vector<int>& record_revisions() const { return record_revisions_; }
  // The unit's records that stayed withdrawn, in order.
  const std::vector<std::string>& kept_withdrawn() const { return kept_withdrawn_; }
  // The unit's records new to this archive whose withdrawal was here before
  // them (an export's annotations.json sorts before its records/): stored
  // and withdrawn at once.
  const std::vector<std::string>& arrived_withdrawn() const { return arrived_withdrawn_; }
  // Live records the unit's withdrawals took out of the archive.
  const std::vector<std::string>& withdrawn_here() const { return withdrawn_here_; }

 private:
  // A record whose withdrawal stands: one the archive never held (an
  // export's withdrawn record, its withdrawal imported first) is stored and
  // ends in a tombstone at once, so its page says why it is gone and
  // `reinstate` can bring it back; true then. One the archive has held stays
  // as it is (false).
  Result<bool> arrive_withdrawn(const Record& record, const EntityMeta& meta) {
    auto held = store_.history_meta(EntityKind::kRecord, record.id);
    if (!held) return std::unexpected(held.error());
    if (!held->empty()) return false;
    if (auto r = put_record(record, meta); !r) return std::unexpected(r.error());
    if (auto r = store_.remove(EntityKind::kRecord, record.id, source_); !r) return std::unexpected(r.error());
    return true;
  }

  // An export's page list: its record must be here (records/ sorts before
  // scans.json), and each image is read from images/ beside the file, checked
  // against its SHA-256 and decoded once, as `scans add` does.
  Result<int> write_scans(const ScanSet& scans) {
    auto record = store_.latest_meta(EntityKind::kRecord, scans.record);
    if (!record) return std::unexpected(record.error());
    if (!*record) return fail(ErrorCode::kInvalidInput, "scans of " + scans.record + ": no such record");
    const fs::path images = fs::path(unit_.path).parent_path() / "images";
    for (const ScanPage& page : scans.pages) {
      const fs::path file = images / scan_image_file_name(page);
      auto kept = store_.has_blob(page.image);
      if (!kept) return std::unexpected(kept.error());
      if (*kept) continue;
      auto bytes = images::read_image_file(file);
      if (!bytes) return std::unexpected(bytes.error());
      if (images::sha256_hex(*bytes) != page.image) {
        return fail(ErrorCode::kInvalidInput, file.string() + ": its SHA-256 is not the one scans.json names");
      }
      auto info = images::probe_image(*bytes);
      if (!info) return fail(ErrorCode::kInvalidInput, file.string() + ": " + info.error().message);
      if (auto r = store_.put_blob(page.image, info->media_type, *bytes); !r) return std::unexpected(r.error());
    }
    EntityMeta meta;
    meta.title = (*record)->meta.title;
    meta.parent = scans.record;
    meta.position = static_cast<int>(scans.pages.size());
    return put(EntityKind::kScans, scans.record, scan_set_to_json(scans), meta);
  }

  // A record's canonical JSON, its original source marked detachable: its
  // page reads the record without it (Store::latest_shown).
  Result<int> put_record(const Record& record, EntityMeta meta) {
    JsonSpan original;
    const std::string json = canonical_json(record, &original);
    meta.detachable_begin = original.begin;
    meta.detachable_end = original.end;
    return put(EntityKind::kRecord, record.id, json, meta);
  }

  Result<int> put(EntityKind kind, const std::string& id, const std::string& json, const EntityMeta& meta) {
    if (id.empty()) {
      return fail(ErrorCode::kInvalidInput, "a " + std::string(kind_name(kind)) + " has no id");
    }
    return store_.put(kind, id, json, meta, source_);
  }

  // Two entities of one kind with the same id would make one file write two
  // revisions of it; that is malformed input.
  Result<void> check_unique_ids() const {
    auto unique = [](const auto& items, std::string_view what) -> Result<void> {
      std::set<std::string_view> seen;
      for (const auto& item : items) {
        if (!seen.insert(item.id).second) {
          return fail(ErrorCode::kInvalidInput, "duplicate " + std::string(what) + " id " + item.id);
        }
      }
      return {};
    };
    if (auto r = unique(unit_.records, "record"); !r) return r;
    if (auto r = unique(unit_.collections, "collection"); !r) return r;
    if (auto r = unique(unit_.persons, "person"); !r) return r;
    if (auto r = unique(unit_.annotations, "annotation"); !r) return r;
    if (auto r = unique(unit_.abouts, "collection description"); !r) return r;
    return unique(unit_.terms, "term");
  }

  // Listing data: the innermost collection as parent, the record's place in
  // that collection's published order (from this file, else from the store).
  Result<EntityMeta> record_meta(const Record& record) {
    EntityMeta meta;
    meta.title = record.title;
    meta.date_first = record.date.first_day();
    meta.date_last = record.date.last_day();
    if (record.collections.empty()) return meta;
    meta.parent = record.collections.back();
    if (auto it = positions_.find({meta.parent, record.id}); it != positions_.end()) {
      meta.position = it->second;
      return meta;
    }
    auto stored = stored_order(meta.parent);
    if (!stored) return std::unexpected(stored.error());
    auto& ids = **stored;
    if (auto it = std::find(ids.begin(), ids.end(), record.id); it != ids.end()) {
      meta.position = static_cast<int>(it - ids.begin()) + 1;
    }
    return meta;
  }

  Result<const std::vector<std::string>*> stored_order(const std::string& collection_id) {
    auto it = stored_orders_.find(collection_id);
    if (it == stored_orders_.end()) {
      std::vector<std::string> ids;
      auto latest = store_.latest(EntityKind::kCollection, collection_id);
      if (!latest) return std::unexpected(latest.error());
      if (*latest) {
        auto collection = collection_from_revision(**latest);
        if (!collection) return std::unexpected(collection.error());
        ids = std::move(collection->record_ids);
      }
      it = stored_orders_.emplace(collection_id, std::move(ids)).first;
    }
    return &it->second;
  }

  Store& store_;
  const ImportUnit& unit_;
  std::string source_;
  std::map<std::pair<std::string, std::string>, int> positions_;
  std::unordered_map<std::string, std::vector<std::string>> stored_orders_;
  const std::unordered_map<std::string, std::string>* withdrawn_;
  std::vector<int> record_revisions_;
  std::vector<std::string> kept_withdrawn_;
  std::vector<std::string> arrived_withdrawn_;
  std::vector<std::string> withdrawn_here_;
};

FileImportReport failed_report(const fs::path& path, Error error) {
  FileImportReport report;
  report.path = path.string();
  report.status = ImportStatus::kFailed;
  if (error.file.empty()) error.file = report.path;
  report.error = std::move(error);
  return report;
}

// Orders the paths of a folder walk as std::filesystem::path orders them
// (element by element): a separator sorts before every other byte. The walk
// keeps plain strings, for a path object holds each of its elements apart:
// a million paths take 480 MB as paths, 112 MB as strings.
bool path_string_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '/') return true;
    if (b[i] == '/') return false;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  }
  return a.size() < b.size();
}

// The files `paths` name: files as given, folders walked recursively for
// importable files (hidden entries skipped), each folder's files sorted.
// Paths that do not exist become failed reports.
std::vector<std::string> collect_files(const std::vector<fs::path>& paths, std::vector<FileImportReport>& missing) {
  std::vector<std::string> files;
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
      for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        const fs::path& entry = it->path();
        const std::string name = entry.filename().string();
        if (!name.empty() && name.front() == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && is_importable_path(entry)) found.push_back(entry.string());
      }
      if (ec) {
        missing.push_back(failed_report(path, Error{ErrorCode::kIo, "cannot read folder: " + ec.message(), {}, 0, 0}));
      }
      std::sort(found.begin(), found.end(), path_string_less);
      files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    } else if (fs::exists(path, ec)) {
      files.push_back(path.string());
    } else {
      missing.push_back(failed_report(path, Error{ErrorCode::kIo, "no such file or folder", {}, 0, 0}));
    }
  }
  return files;
}

bool changed(const FileImportReport& report) {
  return report.status == ImportStatus::kImported || report.status == ImportStatus::kUpdated;
}

}  // namespace

FileImportReport Archive::Impl::write_unit(const fs::path& path, Result<ImportUnit> unit, bool batched) {
  if (!unit) return failed_report(path, unit.error());
  if (options.read_only) {
    return failed_report(path, Error{ErrorCode::kConflict, "the archive is open read-only", {}, 0, 0});
  }
  Store& store = *this->store;
  auto undo = [&store, batched] { (void)(batched ? store.rollback_to_savepoint() : store.rollback()); };
  if (auto r = batched ? store.savepoint() : store.begin(); !r) return failed_report(path, r.error());
  // Withdrawn records stay withdrawn (`chancery reinstate` brings one back).
  // The listing is this process's, valid until another writer commits.
  auto current = current_restrictions();
  if (!current) {
    undo();
    return failed_report(path, current.error());
  }
  const auto* withdrawn = (*current)->withdrawn.empty() ? nullptr : &(*current)->withdrawn;
  Tally records;
  Tally all;
  UnitWriter writer(store, *unit, path.string(), withdrawn);
  if (auto r = writer.write(records, all); !r) {
    undo();
    return failed_report(path, r.error());
  }
  if (auto r = batched ? store.release_savepoint() : store.commit(); !r) {
    undo();
    return failed_report(path, r.error());
  }
  // The index takes the new revisions from memory (until a rollback).
  for (std::size_t i = 0; i < unit->records.size() && i < writer.record_revisions().size(); ++i) {
    if (writer.record_revisions()[i] > 0) {
      std::string id = unit->records[i].id;   // the record is moved below
      fresh_records.insert_or_assign(std::move(id),
                                     std::pair<int, Record>{writer.record_revisions()[i], std::move(unit->records[i])});
    }
  }
  FileImportReport report;
  report.path = path.string();
  report.records_added = records.added;
  report.records_updated = records.updated;
  report.records_unchanged = records.unchanged;
  report.warnings = std::move(unit->warnings);
  auto warn = [&report](const std::vector<std::string>& ids, std::string_view what) {
    if (ids.empty()) return;
    constexpr std::size_t kNamed = 10;
    std::string named;
    for (std::size_t i = 0; i < ids.size() && i < kNamed; ++i) named += (i > 0 ? ", " : "") + ids[i];
    if (ids.size() > kNamed) named += " and " + std::to_string(ids.size() - kNamed) + " more";
    report.warnings.push_back(std::to_string(ids.size()) + (ids.size() == 1 ? " record" : " records") +
                              std::string(what) + named + " (`chancery reinstate ID` brings one back)");
  };
  warn(writer.kept_withdrawn(), " withdrawn from the archive left withdrawn, not imported again: ");
  warn(writer.arrived_withdrawn(), " stored withdrawn, as their withdrawal in the archive says: ");
  warn(writer.withdrawn_here(), " withdrawn from the archive by the file's withdrawals: ");
  // The file's withdrawals hold for the next files of this import.
  if (!unit->annotations.empty()) restrictions.valid = false;
  if (all.updated > 0) report.status = ImportStatus::kUpdated;
  else if (all.added > 0) report.status = ImportStatus::kImported;
  else report.status = ImportStatus::kUnchanged;
  return report;
}

void Archive::Impl::index_changes(FileImportReport* report, bool final) {
  if (auto r = catch_up_index(final); !r) {
    catch_up_error = r.error();
    if (report != nullptr) {
      report->warnings.push_back("search index not updated (repaired when the archive is next opened): " +
                                 r.error().describe());
    }
  }
}

FileImportReport Archive::import_file(const fs::path& path) {
  FileImportReport report = impl_->write_unit(path, read_input_file(path), /*batched=*/false);
  if (changed(report) || impl_->catch_up_error) impl_->index_changes(&report);
  return report;
}

std::vector<FileImportReport> Archive::import_paths(
    const std::vector<fs::path>& paths,
    const std::function<void(const FileImportReport&, std::size_t done, std::size_t total)>& progress,
    KeepReports keep) {
  std::vector<FileImportReport> reports;
  std::vector<FileImportReport> missing;
  std::vector<std::string> files = collect_files(paths, missing);
  const std::size_t total = files.size() + missing.size();
  std::size_t done = 0;
  // A report is final once its batch committed and, for the last report of
  // the run, once the index has caught up (its warnings go there): reports
  // are passed on one behind.
  auto emit = [&](FileImportReport report) {
    if (progress) progress(report, ++done, total);
    if (keep == KeepReports::kAll || report.status == ImportStatus::kFailed || !report.warnings.empty()) {
      reports.push_back(std::move(report));
    }
  };
  std::optional<FileImportReport> held;
  auto pass_on = [&](FileImportReport report) {
    if (held) emit(std::move(*held));
    held = std::move(report);
  };
  for (FileImportReport& report : missing) emit(std::move(report));
  missing.clear();

  std::deque<std::future<Result<ImportUnit>>> parsing;
  std::size_t next_to_parse = 0;
  std::array<HelperThread, kParseThreads> parsers;   // the files in turns; each runs its own in order
  auto parse_ahead = [&] {
    while (next_to_parse < files.size() && parsing.size() < kParseAhead + 1) {
      HelperThread& parser = parsers[next_to_parse % kParseThreads];
      const std::string& file = files[next_to_parse++];
      try {
        parsing.push_back(parser.run([file] { return read_input_file(file); }));
      } catch (const std::system_error&) {  // no thread available: parse when needed
        parsing.push_back(std::async(std::launch::deferred, [file] { return read_input_file(file); }));
      }
    }
  };

  // Files share a store transaction (each inside its own savepoint, so each
  // stays all-or-nothing) until the batch is large or old enough: one commit,
  // one fsync, per batch instead of per file.
  Store& store = *impl_->store;
  std::vector<FileImportReport> batch;
  std::size_t batch_records = 0;   // added or updated
  bool batch_open = false;
  auto batch_started = std::chrono::steady_clock::now();
  auto finish_batch = [&] {
    if (batch_open) {
      batch_open = false;
      if (auto r = store.commit(); !r) {
        (void)store.rollback();
        impl_->fresh_records.clear();
        for (FileImportReport& report : batch) {
          if (report.status != ImportStatus::kFailed) report = failed_report(report.path, r.error());
        }
      }
    }
    // The index's shards index this batch while the next one is parsed and
    // written; the index commits every few thousand changes and at the end.
    if (std::any_of(batch.begin(), batch.end(), [](const FileImportReport& r) { return changed(r); })) {
      impl_->index_changes(&batch.back(), /*final=*/false);
    }
    for (FileImportReport& report : batch) pass_on(std::move(report));
    batch.clear();
    batch_records = 0;
  };

  // The file each record id came from in this run (an index into `files`).
  std::unordered_map<std::string, std::size_t> first_file_of_record;
  for (std::size_t i = 0; i < files.size(); ++i) {
    parse_ahead();
    Result<ImportUnit> unit = fail(ErrorCode::kInternal, "not parsed");
    try {
      unit = parsing.front().get();
    } catch (const std::exception& e) {
      unit = fail(ErrorCode::kInternal, std::string("reading failed: ") + e.what());
    }
    parsing.pop_front();

    std::vector<std::string> overlaps;
    if (unit) {
      for (const Record& record : unit->records) {
        auto [it, inserted] = first_file_of_record.emplace(record.id, i);
        if (!inserted && it->second != i) {
          overlaps.push_back("record " + record.id + " is also in " + files[it->second] +
                             "; this file's version is stored");
        }
      }
    }
    if (!batch_open && !impl_->options.read_only && store.begin()) {
      batch_open = true;
      batch_started = std::chrono::steady_clock::now();
    }
    FileImportReport report = impl_->write_unit(files[i], std::move(unit), batch_open);
    report.warnings.insert(report.warnings.end(), overlaps.begin(), overlaps.end());
    batch_records += static_cast<std::size_t>(report.records_added + report.records_updated);
    batch.push_back(std::move(report));
    if (batch.size() >= kBatchFiles || std::chrono::steady_clock::now() - batch_started >= kBatchTime ||
        (batch_records >= kEarlyBatchRecords && impl_->index && impl_->index->wants_work())) {
      finish_batch();
    }
  }
  finish_batch();
  if (impl_->uncommitted > 0 || impl_->catch_up_error) impl_->index_changes(held ? &*held : nullptr);
  if (held) emit(std::move(*held));
  return reports;
}

}  // namespace chancery
