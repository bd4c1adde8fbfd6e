#include "web/templates.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace chancery::web {

Result<Templates> Templates::load(const std::filesystem::path& dir) {
  Templates templates;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot read templates in " + dir.string() + ": " + ec.message());
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) return fail(ErrorCode::kIo, "cannot open " + entry.path().string());
    std::ostringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache parsed(text.str());
    if (!parsed.is_valid()) {
      return std::unexpected(Error{ErrorCode::kInvalidInput, parsed.error_message(), entry.path().string(), 0, 0});
    }
    templates.sources_[entry.path().stem().string()] = text.str();
  }
  if (templates.sources_.empty()) return fail(ErrorCode::kIo, "no templates in " + dir.string());
  return templates;
}

Result<std::string> Templates::render(std::string_view name, const TemplateData& data) const {
  auto found = sources_.find(std::string(name));
  if (found == sources_.end()) return fail(ErrorCode::kNotFound, "no template " + std::string(name));
  // Partials (files named "_*.mustache") resolve by name through the context; a fresh mustache object per
  // render keeps rendering free of shared mutable state.
  TemplateData context = data;
  for (const auto& [partial_name, source] : sources_) {
    if (!partial_name.starts_with('_')) continue;  // "_header" is {{>_header}}
    const std::string* text = &source;
    context.set(partial_name, kainjow::mustache::partial([text] { return *text; }));
  }
  kainjow::mustache::mustache page(found->second);
  std::string html = page.render(context);
  if (!page.is_valid()) return fail(ErrorCode::kInternal, "template " + std::string(name) + ": " + page.error_message());
  return html;
}

}  // namespace chancery::web
