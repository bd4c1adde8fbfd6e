// Scanned pages of records: added by archivists after the record, kept beside
// it as a revisioned page list (EntityKind::kScans) and images kept once each
// by content (Store::put_blob). Sources stay as published: adding pages never
// touches the record.
#include <fmt/format.h>

#include "archive/archive.h"
#include "archive/archive_impl.h"
#include "images/image_codec.h"

namespace chancery {

Result<ScanSet> Archive::add_scans(const std::string& record_id, const std::vector<ScanFile>& files, bool replace,
                                   const std::string& source) {
  Store& store = *impl_->store;
  auto record = store.latest_meta(EntityKind::kRecord, record_id);
  if (!record) return std::unexpected(record.error());
  if (!*record) return fail(ErrorCode::kNotFound, "no record " + record_id);
  if (files.empty()) return fail(ErrorCode::kInvalidInput, "no image files given");

  ScanSet scans{record_id, {}};
  if (!replace) {
    auto earlier = this->scans(record_id);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) scans = std::move(**earlier);
  }
  // Every file is read and checked before anything is written.
  std::vector<std::string> contents;
  for (const ScanFile& file : files) {
    auto bytes = images::read_image_file(file.path);
    if (!bytes) return std::unexpected(bytes.error());
    auto info = images::probe_image(*bytes);
    if (!info) return std::unexpected(Error{info.error().code, info.error().message, file.path.string(), 0, 0});
    ScanPage page;
    page.image = images::sha256_hex(*bytes);
    page.media_type = info->media_type;
    page.width = info->width;
    page.height = info->height;
    page.bytes = static_cast<std::int64_t>(bytes->size());
    page.file = file.path.filename().string();
    page.label = file.label.empty() ? file.path.stem().string() : file.label;
    scans.pages.push_back(std::move(page));
    contents.push_back(std::move(*bytes));
    if (auto valid = validate_scan_set(scans); !valid) {
      return std::unexpected(Error{ErrorCode::kInvalidInput, valid.error().message, file.path.string(), 0, 0});
    }
  }

  if (auto r = store.begin(); !r) return std::unexpected(r.error());
  auto fail_rolled_back = [&store](Error e) -> Result<ScanSet> {
    (void)store.rollback();
    return std::unexpected(std::move(e));
  };
  const std::size_t first_new = scans.pages.size() - contents.size();
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const ScanPage& page = scans.pages[first_new + i];
    if (auto r = store.put_blob(page.image, page.media_type, contents[i]); !r) return fail_rolled_back(r.error());
  }
  EntityMeta meta;
  meta.title = (*record)->meta.title;
  meta.parent = record_id;
  meta.position = static_cast<int>(scans.pages.size());
  auto written = store.put(EntityKind::kScans, record_id, scan_set_to_json(scans), meta, source);
  if (!written) return fail_rolled_back(written.error());
  if (auto r = store.commit(); !r) return fail_rolled_back(r.error());
  if (!impl_->options.read_only) (void)impl_->catch_up_index();   // the index's seq follows the store's
  return scans;
}

Result<void> Archive::remove_scans(const std::string& record_id, const std::string& source) {
  Store& store = *impl_->store;
  auto latest = store.latest_meta(EntityKind::kScans, record_id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "record " + record_id + " has no scanned pages");
  if (auto r = store.begin(); !r) return r;
  if (auto r = store.remove(EntityKind::kScans, record_id, source); !r) {
    (void)store.rollback();
    return r;
  }
  if (auto r = store.commit(); !r) {
    (void)store.rollback();
    return r;
  }
  if (!impl_->options.read_only) (void)impl_->catch_up_index();
  return {};
}

Result<std::optional<ScanSet>> Archive::scans(const std::string& record_id) {
  auto latest = impl_->store->latest(EntityKind::kScans, record_id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return std::optional<ScanSet>{};
  auto scans = scan_set_from_json((*latest)->json);
  if (!scans) {
    return fail(ErrorCode::kStorage, "scans of " + record_id + " as stored: " + scans.error().message);
  }
  return std::optional<ScanSet>{std::move(*scans)};
}

Result<Blob> Archive::scan_image(const ScanPage& page) {
  auto blob = impl_->store->blob(page.image);
  if (!blob) return std::unexpected(blob.error());
  if (!*blob) return fail(ErrorCode::kNotFound, "the store has no image " + page.image);
  return std::move(**blob);
}

}  // namespace chancery
