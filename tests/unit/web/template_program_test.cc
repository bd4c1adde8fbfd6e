// TemplateProgram renders what kainjow::mustache renders, byte for byte: on
// hand-picked templates (kainjow's rule for lines that hold only section tags,
// lookups through the context stack, dotted names) and on thousands of random
// templates and data, with kainjow itself as the specification.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "web/template_program.h"
#include "web/templates.h"

namespace chancery::web {
namespace {

// kainjow's rendering, as Templates rendered every page before programs:
// the page's data (copied into kainjow's) over the partials, escaped by
// template_escape.
std::string kainjow_render(const std::string& text, const TemplateData& data,
                           const kainjow::mustache::data& partials) {
  kainjow::mustache::mustache page(text);
  EXPECT_TRUE(page.is_valid()) << text;
  page.set_custom_escape(template_escape);
  const kainjow::mustache::data copy = to_kainjow(data);
  kainjow::mustache::context<std::string> context;
  context.push(&partials);
  context.push(&copy);
  return page.render(context);
}

std::string program_render(const std::string& text, const TemplateData& data, const TemplateData& partials) {
  auto program = TemplateProgram::compile(text);
  EXPECT_TRUE(program.has_value()) << text;
  if (!program) return "<no program>";
  std::string out;
  EXPECT_TRUE(program->render({&partials, &data}, out)) << text;
  return out;
}

void expect_same(const std::string& text, const TemplateData& data) {
  EXPECT_EQ(program_render(text, data, TemplateData()), kainjow_render(text, data, kainjow::mustache::data()))
      << "template: " << text;
}

TemplateData sample_data() {
  TemplateData d;
  d.set("title", "A <b>&</b> \"title\"");
  d.set("empty", "");
  d.set("yes", true);
  d.set("no", false);
  TemplateList items;
  for (const char* name : {"one", "two", "three"}) {
    TemplateData item;
    item.set("name", name);
    items.push_back(item);
  }
  d.set("items", TemplateData(items));
  d.set("none", TemplateData(TemplateList{}));
  TemplateData inner;
  inner.set("value", "inner's");
  TemplateData deeper;
  deeper.set("leaf", "leaf<");
  inner.set("deeper", deeper);
  d.set("inner", inner);
  TemplateList words;
  words.push_back(TemplateData("w1"));
  words.push_back(TemplateData("w&2"));
  d.set("words", TemplateData(words));
  return d;
}

TEST(TemplateProgram, RendersAsKainjowDoes) {
  const TemplateData d = sample_data();
  for (const std::string text : {
           "plain text, no tags",
           "<h1>{{title}}</h1> {{{title}}} {{& title }} {{ title }}",
           "{{#items}}<li>{{name}}</li>{{/items}}",
           "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n",   // section tags alone on lines
           "{{#no}}\nhidden\n{{/no}}\nafter\n",        // a false section's line stays
           "{{^no}}\nshown\n{{/no}}\n  {{^yes}}x{{/yes}}  \nend",
           "{{#none}}x{{/none}}{{^none}}no items{{/none}}",
           "{{#empty}}an empty string is true{{/empty}}",
           "{{#inner}}{{value}} {{title}}{{/inner}}",  // lookup falls through to the page
           "{{inner.value}} {{inner.deeper.leaf}} {{inner.missing}} {{missing.value}}",
           "{{#inner.deeper}}{{leaf}}{{/inner.deeper}}",
           "{{#words}}[{{.}}]{{/words}}",
           "{{#items}}{{#yes}}\n{{name}}\n{{/yes}}\n{{/items}}",
           "line\r\n{{#yes}}\r\nwindows\r\n{{/yes}}\r\nmac\r{{#yes}}\r{{/yes}}\rend",
           "{{! a comment }}\n{{!another}}text",
           "\t{{#yes}}\t\n  indented  \n\t{{/yes}}\t\n",
           "{{#items}}{{/items}}",
           "trailing {{#yes}}   {{/yes}}",
           "{{#yes}}   {{/yes}}",
           "{{yes}}{{items}}{{inner}}{{no}}",   // non-strings render nothing
           "{{}}{{ }}",
           "{{#title}}{{.}}{{/title}}",
       }) {
    expect_same(text, d);
  }
}

TEST(TemplateProgram, LeavesToKainjowWhatOnlyKainjowRenders) {
  EXPECT_FALSE(TemplateProgram::compile("{{>partial}}").has_value());
  EXPECT_FALSE(TemplateProgram::compile("{{=<% %>=}}<% x %>").has_value());
  // Found by fuzz/template_fuzzer.cc: kainjow sets delimiters within triple braces too.
  EXPECT_FALSE(TemplateProgram::compile("{{{=<% %>=}}}<% x %>").has_value());
  EXPECT_FALSE(TemplateProgram::compile("{{#open}}never closed").has_value());
  EXPECT_FALSE(TemplateProgram::compile("{{#a}}x{{/b}}").has_value());
  EXPECT_FALSE(TemplateProgram::compile("{{/a}}").has_value());
  EXPECT_FALSE(TemplateProgram::compile("{{unclosed").has_value());

  auto program = TemplateProgram::compile("x");
  ASSERT_TRUE(program.has_value());
  std::string out = "kept";
  EXPECT_FALSE(program->render({}, out));
  EXPECT_EQ(out, "kept");
}

TEST(TemplateData, BehavesAsKainjowsData) {
  TemplateData d;
  EXPECT_TRUE(d.is_empty_object());
  d.set("a", "1");
  d.set("b", true);
  d.set("a", "2");   // replaced in place
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.key_at(0), "a");
  EXPECT_EQ(d.key_at(1), "b");
  ASSERT_NE(d.get("a"), nullptr);
  EXPECT_EQ(d.get("a")->string_value(), "2");
  EXPECT_TRUE(d.get("b")->is_true());
  EXPECT_EQ(d.get("c"), nullptr);
  EXPECT_EQ(d.get(""), nullptr);

  // Keys of one signature are still told apart, with or without a hint.
  ASSERT_EQ(TemplateData::signature("axbc"), TemplateData::signature("aybc"));
  TemplateData same;
  same.set("axbc", "first");
  same.set("aybc", "second");
  EXPECT_EQ(same.get("axbc")->string_value(), "first");
  EXPECT_EQ(same.get("aybc")->string_value(), "second");
  EXPECT_EQ(same.get("azbc"), nullptr);
  std::size_t hint = 0;   // where "axbc" is
  ASSERT_NE(same.get("aybc", TemplateData::signature("aybc"), hint), nullptr);
  EXPECT_EQ(hint, 1u);
  hint = 0;
  EXPECT_EQ(same.get("azbc", TemplateData::signature("azbc"), hint), nullptr);
  EXPECT_EQ(hint, 0u);

  TemplateData text("plain");
  text.set("x", "ignored");   // only objects take keys, as kainjow's
  text.push_back("ignored");  // only lists take items
  EXPECT_TRUE(text.is_string());
  EXPECT_EQ(text.get("x"), nullptr);
  EXPECT_TRUE(text.list_value().empty());

  TemplateData list(TemplateData::type::list);
  EXPECT_TRUE(list.is_empty_list());
  list.push_back("one");
  list.push_back(false);
  EXPECT_TRUE(list.is_non_empty_list());
  ASSERT_EQ(list.list_value().size(), 2u);
  EXPECT_TRUE(list.list_value()[1].is_false());
  EXPECT_EQ(list.get("one"), nullptr);

  // A copy is deep, a move leaves nothing shared.
  TemplateData copy = d;
  d.set("a", "3");
  EXPECT_EQ(copy.get("a")->string_value(), "2");
  TemplateData moved = std::move(copy);
  EXPECT_EQ(moved.get("a")->string_value(), "2");

  // kainjow's copy holds the same values.
  const kainjow::mustache::data k = to_kainjow(d);
  ASSERT_TRUE(k.is_object());
  EXPECT_EQ(k.get("a")->string_value(), "3");
  EXPECT_TRUE(k.get("b")->is_true());
  const kainjow::mustache::data kl = to_kainjow(list);
  ASSERT_TRUE(kl.is_list());
  EXPECT_EQ(kl.list_value()[0].string_value(), "one");
  EXPECT_TRUE(kl.list_value()[1].is_false());
}

// Random templates over a small vocabulary of names, against random data
// where each name is a string, a boolean, a list or an object.
class RandomCase {
 public:
  explicit RandomCase(std::uint32_t seed) : random_(seed) {}

  std::string text(int depth = 0) {
    std::string out;
    const int pieces = pick(8) + 1;
    for (int i = 0; i < pieces; ++i) {
      switch (pick(depth < 3 ? 12 : 9)) {
        case 0: out += pick_of({"a", "word", "<p>", "&x", " "}); break;
        case 1: out += pick_of({"\n", "\r\n", "\r", "\n\n"}); break;
        case 2: out += pick_of({" ", "  ", "\t", " \t "}); break;
        case 3: out += "{{" + name() + "}}"; break;
        case 4: out += "{{{" + name() + "}}}"; break;
        case 5: out += "{{& " + name() + " }}"; break;
        case 6: out += "{{.}}"; break;
        case 7: out += "{{! note }}"; break;
        case 8: out += pick_of({"x", "\n  ", "  \n", "y\n"}); break;
        default: {
          const std::string n = name();
          const char* open = pick(2) == 0 ? "#" : "^";
          out += std::string("{{") + open + n + "}}" + pick_of({"", "\n", "  \n", "\r\n"}) + text(depth + 1) +
                 pick_of({"", "\n", "  ", "\t\n"}) + "{{/" + n + "}}";
          break;
        }
      }
    }
    return out;
  }

  TemplateData data(int depth = 0) {
    TemplateData d;
    for (const char* key : {"a", "b", "c", "d"}) {
      if (pick(4) == 0) continue;
      d.set(key, value(depth));
    }
    return d;
  }

 private:
  int pick(int n) { return static_cast<int>(random_() % static_cast<std::uint32_t>(n)); }
  std::string pick_of(std::initializer_list<const char*> options) {
    return *(options.begin() + pick(static_cast<int>(options.size())));
  }
  std::string name() {
    return pick_of({"a", "b", "c", "d", "a.b", "b.c", "a.b.c", "missing", "d.", "a..b", ".", "_header", "_header.a"});
  }
  TemplateData value(int depth) {
    switch (pick(depth < 2 ? 7 : 4)) {
      case 0: return TemplateData(pick_of({"text", "", " ", "<&>\"'", "tab\there", "two\nlines"}));
      case 1: return TemplateData(true);
      case 2: return TemplateData(false);
      case 3: return TemplateData(TemplateList{});
      case 4: {
        TemplateList items;
        const int n = pick(3) + 1;
        for (int i = 0; i < n; ++i) items.push_back(pick(2) == 0 ? data(depth + 1) : value(depth + 1));
        return TemplateData(items);
      }
      default: return data(depth + 1);
    }
  }

  std::mt19937 random_;
};

TEST(TemplateProgram, RandomTemplatesRenderAsKainjowRendersThem) {
  // A partial's name as Templates has it: kainjow's partial value, and an
  // empty object in the program's stack.
  kainjow::mustache::data kainjow_partials;
  kainjow_partials.set("_header", kainjow::mustache::partial([] { return std::string("header"); }));
  TemplateData partials;
  partials.set("_header", TemplateData());
  int compared = 0;
  for (std::uint32_t seed = 1; seed <= 4000; ++seed) {
    RandomCase random(seed);
    const std::string text = random.text();
    const TemplateData data = random.data();
    ASSERT_TRUE(kainjow::mustache::mustache(text).is_valid()) << text;
    ASSERT_EQ(program_render(text, data, partials), kainjow_render(text, data, kainjow_partials))
        << "seed " << seed << ", template: " << text;
    ++compared;
  }
  EXPECT_EQ(compared, 4000);
}

}  // namespace
}  // namespace chancery::web
