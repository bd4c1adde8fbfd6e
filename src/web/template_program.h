// A page template compiled once into a flat list of steps and rendered
// straight into a string. It renders page data (template_data.h) with
// kainjow's rules, so a page is byte for byte what kainjow::mustache renders
// from the same values (a unit test compares the two on many random
// templates and data): the same lookup through the
// context stack (dotted names, {{.}}), the same truth of values (only false
// and an empty list are false; an empty string is true), and kainjow's rule
// for blank lines: a line that rendered a section and is otherwise empty or
// spaces and tabs is dropped with its line break.
//
// kainjow walks a tree of components with a std::function call for each and a
// component for every space of the template, and gathers each line in a
// buffer before handing it on: about a quarter of a document page's
// instructions. This writes text, values and line breaks to the page as it
// goes and takes a dropped line back.
//
// Templates with partial tags left or set delimiters are kainjow's alone:
// compile() says so, and Templates::render() then renders with kainjow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "web/template_data.h"

namespace chancery::web {

class TemplateProgram {
 public:
  using Data = TemplateData;

  // nullopt when `text` does not parse or uses what only kainjow renders.
  static std::optional<TemplateProgram> compile(std::string text);

  // Appends the page to `out`, with `stack` the data contexts, innermost last
  // (as pushed). Returns false, leaving `out` as it was, when `stack` is empty.
  bool render(std::vector<const Data*> stack, std::string& out) const;

 private:
  enum class Kind : std::uint8_t { kText, kNewline, kVariable, kRawVariable, kSection, kInverted };
  struct Step {
    Kind kind = Kind::kText;
    std::uint32_t begin = 0;   // text and line breaks: where in text_
    std::uint32_t size = 0;
    std::uint32_t end = 0;     // sections: the index of the first step after the section
    std::string name;          // variables and sections
    std::uint32_t signature = 0;   // TemplateData::signature(name)
    std::vector<std::string> path;   // a dotted name's parts (kainjow splits as getline does)
  };
  struct State;

  void run(std::uint32_t from, std::uint32_t to, State& state) const;
  const Data* lookup(const Step& step, const std::vector<const Data*>& stack, std::size_t& hint) const;

  std::string text_;
  std::vector<Step> steps_;
};

}  // namespace chancery::web
