// Page templates: web/templates/*.mustache, loaded once at start. Every
// {{value}} is HTML-escaped; {{{value}}} is reserved for HTML the index has
// already escaped (search snippets), HTML the views build from escaped pieces
// (a text's segments, views.h segments_html) and JSON-LD that
// json_for_script() made safe to embed.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "util/error.h"
#include "web/template_data.h"

namespace chancery::web {

class TemplateProgram;

// What {{value}} writes: `text` HTML-escaped exactly as kainjow's own
// html_escape does (& < > " '), but copying runs of plain text whole; page
// rendering spends much of its time here.
std::string template_escape(const std::string& text);
// The same, appended to `out` (for HTML built from pieces).
void append_template_escaped(std::string& out, std::string_view text);

// Sets `key` of the object `data` to `value`, moved in.
inline void put(TemplateData& data, const std::string& key, TemplateData&& value) {
  data.set(key, std::move(value));
}
inline void put(TemplateData& data, const std::string& key, const std::string& value) {
  data.set(key, TemplateData(value));
}
inline void put(TemplateData& data, const std::string& key, const char* value) {
  data.set(key, TemplateData(value));
}
// A list value holding `items`, moved in.
inline TemplateData list_data(TemplateList&& items) { return TemplateData(std::move(items)); }
// Sets `key` of `data` to the list `items`, moved in.
inline void put_list(TemplateData& data, const std::string& key, TemplateList&& items) {
  data.set(key, TemplateData(std::move(items)));
}

// kainjow's data holding the same values as `data`: for the templates only
// kainjow renders (template_program.h), and for tests that take kainjow as
// the specification.
kainjow::mustache::data to_kainjow(const TemplateData& data);

// Sets `key` to `value`, or to false when `value` is empty. Mustache treats an
// empty string as true and looks a missing key up in enclosing contexts, so
// optional values tested with {{#key}} must be set either way.
inline void set_optional(TemplateData& data, const std::string& key, const std::string& value) {
  if (value.empty()) {
    data.set(key, false);
  } else {
    put(data, key, value);
  }
}

class Templates {
 public:
  // Loads every *.mustache file of `dir`: pages ("search.mustache") and
  // partials, whose names start with '_' ({{>_header}}). Fails with kIo when the folder cannot be read and
  // kInvalidInput (naming the file) when a template does not parse.
  static Result<Templates> load(const std::filesystem::path& dir);

  // Renders template `name` with `data`. Fails with kNotFound for an unknown
  // template and kInternal when rendering fails. Safe to call from many threads.
  // Templates render through their TemplateProgram (compiled at load); one
  // that only kainjow renders (template_program.h) is rendered by kainjow,
  // each thread parsing it once and keeping it (templates do not change after
  // load).
  Result<std::string> render(std::string_view name, const TemplateData& data) const;

  bool has(std::string_view name) const { return sources_.contains(std::string(name)); }

 private:
  std::map<std::string, std::string, std::less<>> sources_;
  // Sources with their partials written in ({{>_header}} replaced by the
  // partial's text), so a render parses nothing.
  std::map<std::string, std::string, std::less<>> expanded_;
  // The expanded templates compiled, where they compile (shared by copies),
  // with the size of the last page each rendered: the next page's buffer.
  struct Compiled {
    std::shared_ptr<const TemplateProgram> program;
    std::shared_ptr<std::atomic<std::size_t>> last_size;
  };
  std::map<std::string, Compiled, std::less<>> programs_;
  // Partials by name, for any {{>name}} left (nested too deep to write in),
  // as kainjow renders them.
  kainjow::mustache::data kainjow_partials_;
  // The same names as empty objects: the bottom of a program's context stack,
  // where they stand for the partials in lookups as kainjow's partial values
  // do (shown as sections, pushing nothing a name is found in, written as
  // nothing).
  TemplateData partials_;
  // Tells the per-thread parsed templates of one load from another's.
  std::uint64_t generation_ = 0;
};

}  // namespace chancery::web
