// Loading Chancery's modules (util/modules.h): where they are looked for, and
// an error that says what is wrong when one cannot be used.
#include "util/modules.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace chancery {
namespace {

constexpr const char* kEnv = "CHANCERY_TEST_MODULE";

class ModulesTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv(kEnv); }

  static ModuleSpec spec(const char* symbol = "chancery_image_module") {
    return ModuleSpec{.file = "no-such-module.so",
                      .env_var = kEnv,
                      .built_at = "/nowhere/built/no-such-module.so",
                      .symbol = symbol,
                      .needed_for = "test pages"};
  }

  // The image module the build made, beside the chancery binary ctest names.
  static std::string built_image_module() {
    const char* bin = std::getenv("CHANCERY_BIN");
    if (bin == nullptr) return {};
    return (std::filesystem::path(bin).parent_path() / "chancery-images.so").string();
  }
};

TEST_F(ModulesTest, NamesEveryPlaceItLookedWhenNoneHoldsIt) {
  auto r = open_module_symbol(spec());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("test pages need Chancery's module no-such-module.so, found in none of: "), std::string::npos) << m;
  EXPECT_NE(m.find("/lib/chancery/no-such-module.so"), std::string::npos) << m;   // beside an installed binary
  EXPECT_NE(m.find("/nowhere/built/no-such-module.so"), std::string::npos) << m;  // the build tree
}

TEST_F(ModulesTest, TheEnvironmentNamesTheOnlyPlace) {
  setenv(kEnv, "/nowhere/chosen.so", 1);
  auto r = open_module_symbol(spec());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("found in none of: /nowhere/chosen.so"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("/nowhere/built"), std::string::npos) << r.error().message;
}

TEST_F(ModulesTest, AFileThatDoesNotLoadIsSaidSo) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "chancery-modules-test-not-elf.so";
  std::ofstream(path) << "not a shared object\n";
  setenv(kEnv, path.c_str(), 1);
  auto r = open_module_symbol(spec());
  std::filesystem::remove(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("the module " + path.string() + " does not load: "), std::string::npos)
      << r.error().message;
}

TEST_F(ModulesTest, FindsTheEntryOfARealModuleAndNotAMissingOne) {
  const std::string module = built_image_module();
  if (module.empty() || !std::filesystem::exists(module)) {
    GTEST_SKIP() << "CHANCERY_BIN not set (run through ctest) or no chancery-images.so beside it";
  }
  setenv(kEnv, module.c_str(), 1);
  auto found = open_module_symbol(spec("chancery_image_module"));
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_NE(*found, nullptr);
  auto missing = open_module_symbol(spec("no_such_entry"));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find(module + " is not a Chancery module (no no_such_entry)"), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace chancery
