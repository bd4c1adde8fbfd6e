// A fresh SQLite store in a temporary folder (DIR/archive.db), for the tests
// that read what the names layer finds in a store.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/sqlite_store.h"

namespace chancery::testing {

class StoreInTempFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-store-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    auto opened = open_sqlite_store(dir_ / "archive.db", /*read_only=*/false);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace chancery::testing
