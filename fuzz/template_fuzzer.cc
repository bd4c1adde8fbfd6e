// libFuzzer target: compiled templates (web/template_program.h). The input is
// a template. Whatever it holds, compiling it must not crash; when it
// compiles, it must render what kainjow::mustache renders, byte for byte, on
// fixed data of every kind (strings with markup, booleans, lists of objects
// and of strings, nested objects, an empty list).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "web/template_program.h"
#include "web/templates.h"

namespace {

using chancery::web::TemplateData;
using chancery::web::TemplateList;

TemplateData make_data() {
  TemplateData d;
  d.set("a", "<a href='x'>&amp;</a>");
  d.set("b", true);
  d.set("c", false);
  d.set("e", "");
  d.set("n", TemplateData(TemplateList{}));
  TemplateList items;
  for (const char* v : {"one", " ", "thr\nee"}) {
    TemplateData item;
    item.set("a", v);
    item.set("b", TemplateData(TemplateList{TemplateData("x"), TemplateData("y\t")}));
    items.push_back(item);
  }
  d.set("l", TemplateData(items));
  TemplateData inner;
  inner.set("a", "inner");
  TemplateData deeper;
  deeper.set("c", "deep<");
  inner.set("d", deeper);
  d.set("o", inner);
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto program = chancery::web::TemplateProgram::compile(text);
  if (!program) return 0;
  kainjow::mustache::mustache page(text);
  // A template kainjow rejects is rejected at load, before any program runs.
  if (!page.is_valid()) return 0;
  static const TemplateData values = make_data();
  static const TemplateData partials;
  static const kainjow::mustache::data kainjow_values = chancery::web::to_kainjow(values);
  static const kainjow::mustache::data kainjow_partials;
  page.set_custom_escape(chancery::web::template_escape);
  kainjow::mustache::context<std::string> context;
  context.push(&kainjow_partials);
  context.push(&kainjow_values);
  const std::string expected = page.render(context);
  std::string rendered;
  if (!program->render({&partials, &values}, rendered)) std::abort();
  if (rendered != expected) std::abort();
  return 0;
}
