// `chancery check`: the store is consistent, and store and index agree.
#include <algorithm>
#include <set>

#include "archive/archive.h"
#include "archive/archive_impl.h"
#include "images/image_codec.h"

namespace chancery {

namespace {

constexpr std::size_t kListAtMost = 20;  // ids named per kind of problem

void report_ids(std::vector<std::string>& problems, const std::vector<std::string>& ids, const std::string& what) {
  for (std::size_t i = 0; i < ids.size() && i < kListAtMost; ++i) problems.push_back("record " + ids[i] + " " + what);
  if (ids.size() > kListAtMost) {
    problems.push_back("... and " + std::to_string(ids.size() - kListAtMost) + " more records " + what);
  }
}

}  // namespace

Result<CheckReport> Archive::check() {
  CheckReport report;
  auto store_problems = impl_->store->check();
  if (!store_problems) return std::unexpected(store_problems.error());
  for (const std::string& p : *store_problems) report.problems.push_back("store: " + p);
  if (impl_->catch_up_error) {
    report.problems.push_back("index: catching up with the store failed: " + impl_->catch_up_error->describe());
  }

  // Every live record must parse back into the model.
  std::vector<std::string> live;
  std::vector<std::string> unreadable;
  auto walked = impl_->store->for_each(EntityKind::kRecord, [&](const Revision& revision) {
    live.push_back(revision.id);
    if (auto record = record_from_revision(revision); !record) unreadable.push_back(record.error().message);
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  for (std::size_t i = 0; i < unreadable.size() && i < kListAtMost; ++i) {
    report.problems.push_back("store: " + unreadable[i]);
  }

  // Every withdrawal ends its record's revisions: a withdrawn record that is
  // live again without a reinstatement would be served and searched while
  // its address still says it was withdrawn.
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  const auto& withdrawn = (*current)->withdrawn;
  std::vector<std::string> live_but_withdrawn;
  for (const auto& [record, annotation] : withdrawn) {
    if (std::binary_search(live.begin(), live.end(), record)) live_but_withdrawn.push_back(record + " (" + annotation + ")");
  }
  std::sort(live_but_withdrawn.begin(), live_but_withdrawn.end());
  report_ids(report.problems, live_but_withdrawn, "is live, yet its withdrawal stands (`chancery reinstate` settles it)");

  // Every record's scanned pages: their list reads back, their record is
  // here (or withdrawn: its pages wait for a reinstatement), and each image
  // is kept with the bytes its SHA-256 names.
  std::vector<std::string> scan_problems;
  std::set<std::string> images_checked;
  auto scanned = impl_->store->for_each(EntityKind::kScans, [&](const Revision& revision) {
    auto scans = scan_set_from_json(revision.json);
    if (!scans) {
      scan_problems.push_back("scans of " + revision.id + ": " + scans.error().message);
      return true;
    }
    if (!std::binary_search(live.begin(), live.end(), revision.id) && !withdrawn.contains(revision.id)) {   // for_each lists by id
      scan_problems.push_back("scans of " + revision.id + ": no such record");
    }
    for (const ScanPage& page : scans->pages) {
      if (!images_checked.insert(page.image).second) continue;
      auto blob = impl_->store->blob(page.image);
      if (!blob) {
        scan_problems.push_back("scans of " + revision.id + ": " + blob.error().message);
      } else if (!*blob) {
        scan_problems.push_back("scans of " + revision.id + ": image " + page.image + " (" + page.file + ") is missing");
      } else if (images::sha256_hex((*blob)->bytes) != page.image) {
        scan_problems.push_back("scans of " + revision.id + ": image " + page.image + " (" + page.file +
                                ") does not match its SHA-256");
      }
    }
    return true;
  });
  if (!scanned) return std::unexpected(scanned.error());
  for (std::size_t i = 0; i < scan_problems.size() && i < kListAtMost; ++i) {
    report.problems.push_back("store: " + scan_problems[i]);
  }

  auto indexed = impl_->index->all_ids();
  if (!indexed) return std::unexpected(indexed.error());
  std::sort(live.begin(), live.end());
  std::sort(indexed->begin(), indexed->end());
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::set_difference(live.begin(), live.end(), indexed->begin(), indexed->end(), std::back_inserter(missing));
  std::set_difference(indexed->begin(), indexed->end(), live.begin(), live.end(), std::back_inserter(extra));
  report_ids(report.problems, missing, "is stored but not in the search index");
  report_ids(report.problems, extra, "is in the search index but not stored");

  auto stats = impl_->store->stats();
  if (!stats) return std::unexpected(stats.error());
  std::int64_t applied = impl_->index->applied_seq();
  if (applied != stats->last_seq) {
    report.problems.push_back("index has applied store changes up to " + std::to_string(applied) +
                              ", the store is at " + std::to_string(stats->last_seq));
  }
  return report;
}

}  // namespace chancery
