// Templates: partials written in at load render as partials do; parsed
// templates kept per thread never leak from one set of templates to another.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "web/templates.h"

namespace chancery::web {
namespace {

class TemplatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-templates-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / (name + ".mustache"), std::ios::binary) << text;
  }
  std::filesystem::path dir_;
};

TEST(TemplateEscape, SameAsKainjowsOwnEscape) {
  std::mt19937 random(20261130);
  const std::string alphabet = "ab <>&\"'\xc3\xa9\n;#x";
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int c = 0; c < length; ++c) text += alphabet[random() % alphabet.size()];
    EXPECT_EQ(template_escape(text), kainjow::mustache::html_escape(text)) << text;
  }
  // Long runs without a special byte, and specials at every offset of a
  // 16-byte block (the search reads 16 bytes at a time).
  const std::string sparse = "abcdefgh ijklmnop\xc3\xa9";
  const std::string specials = "<>&\"'";
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 200);
    for (int c = 0; c < length; ++c) {
      text += random() % 23 == 0 ? specials[random() % specials.size()] : sparse[random() % sparse.size()];
    }
    EXPECT_EQ(template_escape(text), kainjow::mustache::html_escape(text)) << text;
  }
  EXPECT_EQ(template_escape("plain"), "plain");
  EXPECT_EQ(template_escape(""), "");
  EXPECT_EQ(template_escape("<a href='x'>&</a>"), "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;");
}

TEST_F(TemplatesTest, PartialsRenderInTheContextOfTheirTag) {
  write("page", "<h1>{{title}}</h1>\n{{#items}}\n{{>_item}}\n{{/items}}\n{{>_footer}}\n");
  write("_item", "<li>{{name}}{{>_mark}}</li>");
  write("_mark", "{{#hot}}*{{/hot}}");
  write("_footer", "<footer>{{title}} &amp; more</footer>\n");
  auto templates = Templates::load(dir_);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  TemplateData data;
  data.set("title", "A <b>");
  TemplateList items;
  for (auto [name, hot] : {std::pair{"one", true}, {"two", false}}) {
    TemplateData item;
    item.set("name", name);
    item.set("hot", hot);
    items.push_back(item);
  }
  data.set("items", TemplateData(items));
  // As kainjow renders runtime partials: the footer's own newline, then the page's.
  const std::string expected =
      "<h1>A &lt;b&gt;</h1>\n<li>one*</li>\n<li>two</li>\n<footer>A &lt;b&gt; &amp; more</footer>\n\n";
  auto first = templates->render("page", data);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(*first, expected);
  auto again = templates->render("page", data);  // the parsed template, kept
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, expected);
  std::string on_other_thread;
  std::thread([&] { on_other_thread = templates->render("page", data).value_or("failed"); }).join();
  EXPECT_EQ(on_other_thread, expected);
}

TEST_F(TemplatesTest, EachLoadRendersItsOwnTemplates) {
  write("page", "first {{x}}");
  auto first = Templates::load(dir_);
  ASSERT_TRUE(first.has_value());
  write("page", "second {{x}}");
  auto second = Templates::load(dir_);
  ASSERT_TRUE(second.has_value());
  TemplateData data;
  data.set("x", "1");
  EXPECT_EQ(first->render("page", data).value_or(""), "first 1");
  EXPECT_EQ(second->render("page", data).value_or(""), "second 1");
  EXPECT_EQ(first->render("page", data).value_or(""), "first 1");
  EXPECT_FALSE(first->render("missing", data).has_value());
}

}  // namespace
}  // namespace chancery::web
