#include "web/template_program.h"

#include <cctype>
#include <limits>
#include <sstream>

#include "web/templates.h"

namespace chancery::web {
namespace {

// kainjow's trim(): std::isspace at both ends.
std::string trimmed(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// kainjow's split(): std::getline on '.', so "a." is {"a"} and "a..b" is
// {"a", "", "b"}.
std::vector<std::string> split_dotted(const std::string& name) {
  std::vector<std::string> parts;
  std::stringstream in(name);
  std::string part;
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

// The line break at `pos`, as kainjow's parser takes them: "\r\n", "\n" or "\r".
std::size_t newline_at(std::string_view text, std::size_t pos) {
  if (text[pos] == '\n') return 1;
  if (text[pos] != '\r') return 0;
  return pos + 1 < text.size() && text[pos + 1] == '\n' ? 2 : 1;
}

bool blank_from(const std::string& out, std::size_t from) {
  for (std::size_t i = from; i < out.size(); ++i) {
    if (out[i] != ' ' && out[i] != '\t') return false;
  }
  return true;
}

}  // namespace

struct TemplateProgram::State {
  std::vector<const Data*> stack;
  std::vector<std::size_t> hints;   // by step: where its name was last found in an object
  std::string& out;
  std::size_t line_start = 0;   // where the current line begins in `out`
  bool section_line = false;    // the current line rendered a section

  void end_line() {
    if (section_line && blank_from(out, line_start)) out.resize(line_start);
  }
};

std::optional<TemplateProgram> TemplateProgram::compile(std::string text) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  TemplateProgram program;
  program.text_ = std::move(text);
  const std::string_view input = program.text_;
  std::vector<Step>& steps = program.steps_;
  std::vector<std::uint32_t> open;   // the sections begun and not yet ended
  std::size_t run = std::string_view::npos;   // start of the plain text not yet stepped
  auto flush = [&](std::size_t at) {
    if (run == std::string_view::npos) return;
    Step step;
    step.kind = Kind::kText;
    step.begin = static_cast<std::uint32_t>(run);
    step.size = static_cast<std::uint32_t>(at - run);
    steps.push_back(std::move(step));
    run = std::string_view::npos;
  };
  std::size_t pos = 0;
  while (pos < input.size()) {
    if (input.compare(pos, 2, "{{") != 0) {
      if (const std::size_t n = newline_at(input, pos); n > 0) {
        flush(pos);
        Step step;
        step.kind = Kind::kNewline;
        step.begin = static_cast<std::uint32_t>(pos);
        step.size = static_cast<std::uint32_t>(n);
        steps.push_back(std::move(step));
        pos += n;
      } else {
        if (run == std::string_view::npos) run = pos;
        ++pos;
      }
      continue;
    }
    flush(pos);
    std::size_t contents = pos + 2;
    const bool raw = pos != input.size() - 2 && input[contents] == '{';
    if (raw) ++contents;
    const std::string_view close = raw ? "}}}" : "}}";
    const std::size_t end = input.find(close, contents);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string tag = trimmed(input.substr(contents, end - contents));
    pos = end + close.size();
    Step step;
    // kainjow reads a tag that starts with '=' as setting delimiters, even
    // within triple braces.
    if (!tag.empty() && tag[0] == '=') return std::nullopt;
    if (raw) {
      step.kind = Kind::kRawVariable;
      step.name = tag;
    } else if (tag.empty()) {
      step.kind = Kind::kVariable;
    } else {
      const std::string rest = trimmed(std::string_view(tag).substr(1));
      switch (tag[0]) {
        case '>': return std::nullopt;   // a partial left: kainjow's
        case '!': continue;              // a comment
        case '#': step.kind = Kind::kSection; step.name = rest; break;
        case '^': step.kind = Kind::kInverted; step.name = rest; break;
        case '&': step.kind = Kind::kRawVariable; step.name = rest; break;
        case '/': {
          if (open.empty() || steps[open.back()].name != rest) return std::nullopt;
          steps[open.back()].end = static_cast<std::uint32_t>(steps.size());
          open.pop_back();
          continue;
        }
        default: step.kind = Kind::kVariable; step.name = tag; break;
      }
    }
    if (step.name != "." && step.name.find('.') != std::string::npos) step.path = split_dotted(step.name);
    step.signature = TemplateData::signature(step.name);
    if (step.kind == Kind::kSection || step.kind == Kind::kInverted) {
      open.push_back(static_cast<std::uint32_t>(steps.size()));
    }
    steps.push_back(std::move(step));
  }
  flush(input.size());
  if (!open.empty()) return std::nullopt;
  return program;
}

const TemplateProgram::Data* TemplateProgram::lookup(const Step& step, const std::vector<const Data*>& stack,
                                                     std::size_t& hint) const {
  if (step.name.size() == 1 && step.name[0] == '.') return stack.back();
  if (step.path.empty()) {
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (const Data* value = (*it)->get(step.name, step.signature, hint)) return value;
    }
    return nullptr;
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const Data* value = *it;
    for (const std::string& part : step.path) {
      value = value->get(part);
      if (value == nullptr) break;
    }
    if (value != nullptr) return value;
  }
  return nullptr;
}

void TemplateProgram::run(std::uint32_t from, std::uint32_t to, State& state) const {
  for (std::uint32_t i = from; i < to; ++i) {
    const Step& step = steps_[i];
    switch (step.kind) {
      case Kind::kText:
        state.out.append(text_, step.begin, step.size);
        break;
      case Kind::kNewline:
        if (state.section_line && blank_from(state.out, state.line_start)) {
          state.out.resize(state.line_start);   // the line and its break are dropped
        } else {
          state.out.append(text_, step.begin, step.size);
        }
        state.line_start = state.out.size();
        state.section_line = false;
        break;
      case Kind::kVariable:
      case Kind::kRawVariable: {
        const Data* value = lookup(step, state.stack, state.hints[i]);
        if (value == nullptr) break;
        if (value->is_string()) {
          if (step.kind == Kind::kVariable) {
            append_template_escaped(state.out, value->string_value());
          } else {
            state.out.append(value->string_value());
          }
        }
        break;
      }
      case Kind::kSection:
      case Kind::kInverted: {
        const Data* value = lookup(step, state.stack, state.hints[i]);
        const bool shown = step.kind == Kind::kSection
                               ? value != nullptr && !value->is_false() && !value->is_empty_list()
                               : value == nullptr || value->is_false() || value->is_empty_list();
        if (shown) {
          // Each pass marks the line as one that rendered a section, at its
          // start and at its end (a pass may end lines in between).
          auto pass = [&](const Data* pushed) {
            state.section_line = true;
            if (pushed != nullptr) state.stack.push_back(pushed);
            run(i + 1, step.end, state);
            if (pushed != nullptr) state.stack.pop_back();
            state.section_line = true;
          };
          if (value != nullptr && value->is_non_empty_list()) {
            for (const Data& item : value->list_value()) pass(&item);
          } else {
            pass(value);
          }
        }
        i = step.end - 1;
        break;
      }
    }
  }
}

bool TemplateProgram::render(std::vector<const Data*> stack, std::string& out) const {
  if (stack.empty()) return false;
  State state{std::move(stack), std::vector<std::size_t>(steps_.size(), 0), out, out.size(), false};
  run(0, static_cast<std::uint32_t>(steps_.size()), state);
  state.end_line();
  return true;
}

}  // namespace chancery::web
