// What the web tests that need a real archive and a site share: a fresh
// folder, an archive created in it, the reading room's site over the source
// tree's web/ folder, the store's version as the page cache reads it, a
// request as the server parses it, and a fixture of all of these.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "archive/archive.h"
#include "archive/store_version.h"
#include "web/archive_versions.h"
#include "web/dispatcher.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"

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

// A request for `target` ("/search?q=x") as the server parses it; the test
// fails when the target does not parse.
inline HttpRequest request_for(const std::string& target, const std::string& method = "GET") {
  HttpRequest request;
  request.method = method;
  request.target = target;
  auto parsed = parse_target(target);
  EXPECT_TRUE(parsed.has_value()) << target;
  if (parsed) {
    request.path = parsed->path;
    request.query = parsed->query;
  }
  return request;
}

// A short record-text record: its date, title and English text.
inline std::string record_text(const std::string& date, const std::string& title, const std::string& text) {
  return "**" + date + "**  \n**" + title + "**\n\n**Original Language:**\n\nEnglish\n\n" + text + "\n";
}

// The value of the first href after `marker` in `page`, unescaped as a
// browser reads it ("&amp;" -> "&"); "" when there is none.
inline std::string link_after(const std::string& page, const std::string& marker) {
  std::size_t at = page.find(marker);
  if (at == std::string::npos) return "";
  at = page.find("href=\"", at);
  if (at == std::string::npos) return "";
  at += 6;
  const std::string escaped = page.substr(at, page.find('"', at) - at);
  std::string url;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    url += escaped[i];
    if (escaped.compare(i, 5, "&amp;") == 0) i += 4;
  }
  return url;
}

// The ids within `collection` ("frus1999v95") of the documents a page links,
// in order, each once where it repeats ("d2", "d1").
inline std::vector<std::string> linked_document_ids(const std::string& page, const std::string& collection) {
  std::vector<std::string> ids;
  const std::string marker = "href=\"/document/" + collection + "/";
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    std::string id = page.substr(start, page.find_first_of("\"?", start) - start);   // hits carry ?q=
    if (ids.empty() || ids.back() != id) ids.push_back(id);
  }
  return ids;
}

// How many times `what` occurs in `text`, without overlaps.
inline std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// A fixture: an archive in a fresh folder, the site with every route, files
// written there and imported, and pages answered in-process.
class ArchivePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("archive-pages-test");
    archive_ = create_archive(dir_ / "archive");
    ASSERT_NE(archive_, nullptr);
    site_ = test_site();
    ASSERT_NE(site_, nullptr);
    register_routes(router_);
  }

  void TearDown() override {
    site_.reset();
    archive_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Writes `text` to the file `name` in the test's folder and imports it.
  void write_and_import(const std::string& name, const std::string& text) {
    std::filesystem::path file = dir_ / name;
    std::ofstream(file, std::ios::binary) << text;
    FileImportReport report = archive_->import_file(file);
    ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
  }

  HttpResponse get(const std::string& target) { return answer(router_, *site_, archive_.get(), request_for(target)); }

  std::filesystem::path dir_;
  std::unique_ptr<Archive> archive_;
  std::unique_ptr<Site> site_;
  Router router_;
};

}  // namespace chancery::web::testing
