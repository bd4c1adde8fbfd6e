// Scanned pages of records (Archive::add_scans and friends) on real SQLite,
// Xapian and libvips: all files of a call or none, pages appended or
// replaced with their history kept, each image kept once, and `check`
// finding an image that is missing or no longer matches its SHA-256.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <string>

#include "../images/test_image.h"
#include "archive/archive.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;
using testing::make_test_image;
using testing::write_test_file;

constexpr const char* kRecord = "900001";   // examples/records/01_budapest_telephone_message.txt

class ScansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chancery-scans-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    ArchiveOptions options;
    options.dir = dir_ / "archive";
    options.create = true;
    auto archive = Archive::open(options);
    ASSERT_TRUE(archive) << archive.error().message;
    archive_ = std::move(*archive);
    auto reports = archive_->import_paths({fs::path(CHANCERY_SOURCE_DIR) / "examples" / "records"});
    for (const auto& report : reports) ASSERT_FALSE(report.error) << report.path << ": " << report.error->message;
    jpeg_ = write_test_file(dir_ / "p67.jpg", make_test_image(600, 800, ".jpg"));
    png_ = write_test_file(dir_ / "p68.png", make_test_image(500, 700, ".png"));
  }
  void TearDown() override {
    archive_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::int64_t blobs() { return archive_->store().stats()->blobs; }
  void run_sql(const std::string& sql) {
    archive_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "archive" / "archive.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
    ArchiveOptions options;
    options.dir = dir_ / "archive";
    archive_ = std::move(*Archive::open(options));
  }

  fs::path dir_;
  fs::path jpeg_;
  fs::path png_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(ScansTest, PagesAreAddedInOrderWithTheirSizesAndLabels) {
  auto stored = archive_->add_scans(kRecord, {{jpeg_, "Ll. 67"}, {png_, ""}}, false, "editor:ann");
  ASSERT_TRUE(stored) << stored.error().describe();
  ASSERT_EQ(stored->pages.size(), 2u);
  EXPECT_EQ(stored->pages[0].label, "Ll. 67");
  EXPECT_EQ(stored->pages[0].media_type, "image/jpeg");
  EXPECT_EQ(stored->pages[0].width, 600);
  EXPECT_EQ(stored->pages[0].height, 800);
  EXPECT_EQ(stored->pages[1].label, "p68");   // the file's name without its extension
  EXPECT_EQ(stored->pages[1].file, "p68.png");
  EXPECT_EQ(stored->pages[1].media_type, "image/png");
  auto read = archive_->scans(kRecord);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(**read, *stored);
  // The image comes back byte for byte.
  auto image = archive_->scan_image(stored->pages[0]);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->bytes, make_test_image(600, 800, ".jpg"));
  EXPECT_TRUE(archive_->check()->ok()) << archive_->check()->problems.front();
}

TEST_F(ScansTest, OneBadFileAndNothingIsAdded) {
  const fs::path bad = write_test_file(dir_ / "p69.jpg", make_test_image(600, 800, ".jpg").substr(0, 500));
  const fs::path text = write_test_file(dir_ / "notes.txt", "not an image");
  const auto before = archive_->store().stats()->last_seq;
  for (const fs::path& wrong : {bad, text, dir_ / "missing.jpg"}) {
    auto stored = archive_->add_scans(kRecord, {{jpeg_, ""}, {wrong, ""}, {png_, ""}}, false, "editor:ann");
    ASSERT_FALSE(stored) << wrong;
    EXPECT_EQ(stored.error().file, wrong.string());
  }
  EXPECT_FALSE(archive_->scans(kRecord)->has_value());
  EXPECT_EQ(blobs(), 0);
  EXPECT_EQ(archive_->store().stats()->last_seq, before);
  EXPECT_EQ(archive_->add_scans("no-such-record", {{jpeg_, ""}}, false, "editor:ann").error().code,
            ErrorCode::kNotFound);
}

TEST_F(ScansTest, AppendReplaceAndRemoveKeepTheHistory) {
  ASSERT_TRUE(archive_->add_scans(kRecord, {{jpeg_, "1"}}, false, "editor:ann"));
  auto appended = archive_->add_scans(kRecord, {{png_, "2"}}, false, "editor:ann");
  ASSERT_TRUE(appended);
  EXPECT_EQ(appended->pages.size(), 2u);
  auto replaced = archive_->add_scans(kRecord, {{png_, "only"}}, true, "editor:bob");
  ASSERT_TRUE(replaced);
  ASSERT_EQ(replaced->pages.size(), 1u);
  EXPECT_EQ(replaced->pages[0].label, "only");
  EXPECT_EQ(blobs(), 2);   // the replaced page's image stays for the history
  ASSERT_TRUE(archive_->remove_scans(kRecord, "editor:bob"));
  EXPECT_FALSE(archive_->scans(kRecord)->has_value());
  EXPECT_EQ(archive_->remove_scans(kRecord, "editor:bob").error().code, ErrorCode::kNotFound);
  auto history = archive_->store().history(EntityKind::kScans, kRecord);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[2].source, "editor:bob");
  EXPECT_TRUE((*history)[3].deleted);
  // The record itself never changed.
  EXPECT_EQ(archive_->history(kRecord)->size(), 1u);
  EXPECT_TRUE(archive_->check()->ok());
}

TEST_F(ScansTest, AWithdrawnRecordKeepsItsPagesForItsReinstatement) {
  ASSERT_TRUE(archive_->add_scans(kRecord, {{jpeg_, "1"}}, false, "editor:ann"));
  ASSERT_TRUE(archive_->withdraw_record(kRecord, "A duplicate", "editor:ann"));
  auto report = archive_->check();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->problems.front();
  ASSERT_TRUE(archive_->reinstate_record(kRecord, "editor:ann"));
  auto scans = archive_->scans(kRecord);
  ASSERT_TRUE(scans && *scans);
  EXPECT_EQ((*scans)->pages.size(), 1u);
}

TEST_F(ScansTest, AnImageUsedTwiceIsKeptOnce) {
  ASSERT_TRUE(archive_->add_scans(kRecord, {{jpeg_, "a"}, {jpeg_, "b"}}, false, "editor:ann"));
  EXPECT_EQ(blobs(), 1);
  EXPECT_EQ(archive_->store().stats()->blob_bytes, static_cast<std::int64_t>(fs::file_size(jpeg_)));
}

TEST_F(ScansTest, CheckFindsAMissingOrAlteredImage) {
  auto stored = archive_->add_scans(kRecord, {{jpeg_, ""}, {png_, ""}}, false, "editor:ann");
  ASSERT_TRUE(stored);
  run_sql("UPDATE blobs SET bytes = zeroblob(10) WHERE key = '" + stored->pages[0].image + "'");
  auto report = archive_->check();
  ASSERT_TRUE(report);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].find("does not match its SHA-256"), std::string::npos) << report->problems[0];
  run_sql("DELETE FROM blobs WHERE key = '" + stored->pages[1].image + "'");
  report = archive_->check();
  ASSERT_EQ(report->problems.size(), 2u);
  EXPECT_NE(report->problems[1].find("p68.png) is missing"), std::string::npos) << report->problems[1];
}

TEST_F(ScansTest, AJsonExportCarriesThePagesAndImportsThemAgain) {
  auto stored = archive_->add_scans(kRecord, {{jpeg_, "Ll. 67"}, {png_, "Ll. 68"}, {jpeg_, "again"}}, false,
                                    "editor:ann");
  ASSERT_TRUE(stored);
  const fs::path out = dir_ / "export";
  ASSERT_TRUE(archive_->export_all(out, "json"));
  EXPECT_TRUE(fs::exists(out / "scans.json"));
  EXPECT_EQ(fs::file_size(out / "images" / (stored->pages[0].image + ".jpg")), fs::file_size(jpeg_));
  EXPECT_TRUE(fs::exists(out / "images" / (stored->pages[1].image + ".png")));

  ArchiveOptions options;
  options.dir = dir_ / "copy";
  options.create = true;
  auto copy = Archive::open(options);
  ASSERT_TRUE(copy);
  for (const auto& report : (*copy)->import_paths({out})) {
    ASSERT_FALSE(report.error) << report.path << ": " << report.error->describe();
  }
  auto pages = (*copy)->scans(kRecord);
  ASSERT_TRUE(pages && *pages);
  EXPECT_EQ(**pages, *stored);
  EXPECT_EQ((*copy)->store().stats()->blobs, 2);
  EXPECT_EQ((*copy)->scan_image(stored->pages[1])->bytes, archive_->scan_image(stored->pages[1])->bytes);
  EXPECT_TRUE((*copy)->check()->ok());

  // An image that is not the one scans.json names fails that file, and only it.
  const fs::path other = dir_ / "other";
  fs::create_directories(other / "images");
  fs::copy_file(out / "scans.json", other / "scans.json");
  fs::copy_file(png_, other / "images" / (stored->pages[0].image + ".jpg"));
  options.dir = dir_ / "third";
  auto third = Archive::open(options);
  ASSERT_TRUE(third);
  (void)(*third)->import_paths({fs::path(CHANCERY_SOURCE_DIR) / "examples" / "records"});
  auto reports = (*third)->import_paths({other / "scans.json"});
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error);
  EXPECT_NE(reports[0].error->describe().find("SHA-256"), std::string::npos) << reports[0].error->describe();
  EXPECT_FALSE((*third)->scans(kRecord)->has_value());
  EXPECT_EQ((*third)->store().stats()->blobs, 0);
}

}  // namespace
}  // namespace chancery
