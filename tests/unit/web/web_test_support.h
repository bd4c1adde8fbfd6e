// What the web tests that need a real archive and a site share: a fresh
// folder, an archive created in it, the reading room's site over the source
// tree's web/ folder, and the store's version as the page cache reads it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "archive/archive.h"
#include "archive/store_version.h"
#include "web/archive_versions.h"
#include "web/site.h"

namespace chancery::web::testing {

// A new, empty folder under the system's temporary one, named for `what`.
inline std::filesystem::path fresh_dir(const std::string& what) {
  std::random_device random;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("chancery-" + what + "-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A writable archive created in `dir`; null (and the test failed) when it cannot be.
inline std::unique_ptr<Archive> create_archive(const std::filesystem::path& dir) {
  ArchiveOptions options;
  options.dir = dir;
  options.create = true;
  auto opened = Archive::open(options);
  if (!opened) {
    ADD_FAILURE() << opened.error().describe();
    return nullptr;
  }
  return std::move(*opened);
}

// The reading room's site, templates from the source tree; null on failure.
inline std::unique_ptr<Site> test_site() {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://127.0.0.1:8080");
  if (!site) {
    ADD_FAILURE() << site.error().describe();
    return nullptr;
  }
  return std::move(*site);
}

// Archive versions read from the store of the archive in `archive_dir`, as
// the server reads them; null on failure.
inline std::shared_ptr<ArchiveVersions> store_versions(const std::filesystem::path& archive_dir) {
  auto store_version = StoreVersion::for_archive(archive_dir);
  if (!store_version) {
    ADD_FAILURE() << store_version.error().describe();
    return nullptr;
  }
  std::shared_ptr<StoreVersion> probe = std::move(*store_version);
  return std::make_shared<ArchiveVersions>([probe] { return probe->current(); });
}

}  // namespace chancery::web::testing
