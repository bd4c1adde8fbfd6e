// The archive service: the one place that ties formats, store and index
// together. CLI commands and HTTP handlers call it and only it.
//
// An archive is a folder: archive.db (SQLite, WAL) and index/ (Xapian).
// Store and index never disagree for long: each import writes the store in one
// transaction, then the index, which records the store's change sequence it has
// applied; on open, a writer replays any store changes the index missed.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index.h"
#include "model/record.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

enum class ImportStatus { kImported, kUpdated, kUnchanged, kFailed };

struct FileImportReport {
  std::string path;
  ImportStatus status = ImportStatus::kUnchanged;
  int records_added = 0;
  int records_updated = 0;
  int records_unchanged = 0;
  std::vector<std::string> warnings;
  std::optional<Error> error;   // set when status is kFailed; nothing was written
};

struct ArchiveStats {
  StoreStats store;
  std::int64_t indexed = 0;
  std::int64_t index_bytes = 0;
};

struct CheckReport {
  std::vector<std::string> problems;  // empty when store and index agree
  bool ok() const { return problems.empty(); }
};

struct ArchiveOptions {
  std::filesystem::path dir;
  bool read_only = false;   // the server opens read-only and refreshes
  bool create = false;      // create the folder and schema if missing
};

class Archive {
 public:
  static Result<std::unique_ptr<Archive>> open(const ArchiveOptions& options);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Imports one file in one transaction: all of it or nothing.
  FileImportReport import_file(const std::filesystem::path& path);
  // Imports files and folders (recursively); `progress` is called after each file.
  std::vector<FileImportReport> import_paths(
      const std::vector<std::filesystem::path>& paths,
      const std::function<void(const FileImportReport&, std::size_t done, std::size_t total)>& progress = {});

  Result<Record> record(const std::string& id);
  Result<std::vector<Revision>> history(const std::string& id);
  Result<Record> record_revision(const std::string& id, int number);
  Result<Collection> collection(const std::string& id);
  Result<std::vector<Collection>> collections(const std::string& parent);  // "" = top level
  Result<Person> person(const std::string& id);

  Result<SearchResults> search(const SearchRequest& request);
  Result<std::vector<Hit>> similar(const std::string& id, int limit);

  Result<ArchiveStats> stats();
  Result<CheckReport> check();
  // Writes every record to `dir` as record-text (.txt) or JSON (.json).
  Result<std::size_t> export_all(const std::filesystem::path& dir, const std::string& format);
  Result<void> backup(const std::filesystem::path& dest);
  // Sees changes other processes committed (the server calls this).
  Result<void> refresh();

  Store& store();
  SearchIndex& index();

 private:
  struct Impl;
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery
