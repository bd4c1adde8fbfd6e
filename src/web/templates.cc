#include "web/templates.h"

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "web/template_program.h"

namespace chancery::web {
namespace {

std::atomic<std::uint64_t> next_generation{1};
constexpr int kMaxPartialDepth = 8;

// What kainjow's render(context, stream) needs of a stream: `<<` of a string.
struct AppendSink {
  std::string& out;
  AppendSink& operator<<(const std::string& text) {
    out.append(text);
    return *this;
  }
};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// `source` with each {{>_name}} of a known partial replaced by the partial's
// text, itself expanded (to a bounded depth: deeper tags stay, and resolve
// when rendering). Mustache renders a partial in the context of its tag, as
// if its text stood there, so the output is the same.
std::string expand_partials(std::string_view source, const std::map<std::string, std::string, std::less<>>& sources,
                            int depth) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = source.find("{{>", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = source.find("}}", open);
    if (close == std::string_view::npos) break;
    const std::string_view name = trimmed(source.substr(open + 3, close - open - 3));
    auto found = sources.find(name);
    if (depth >= kMaxPartialDepth || !name.starts_with('_') || found == sources.end()) {
      out.append(source.substr(pos, close + 2 - pos));
    } else {
      out.append(source.substr(pos, open - pos));
      out += expand_partials(found->second, sources, depth + 1);
    }
    pos = close + 2;
  }
  out.append(source.substr(pos));
  return out;
}

}  // namespace

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
  for (const auto& [name, source] : templates.sources_) {
    templates.expanded_[name] = expand_partials(source, templates.sources_, 0);
    if (auto program = TemplateProgram::compile(templates.expanded_[name])) {
      templates.programs_[name] = {std::make_shared<const TemplateProgram>(std::move(*program)),
                                   std::make_shared<std::atomic<std::size_t>>(0)};
    }
    if (name.starts_with('_')) {  // "_header" is {{>_header}}
      templates.kainjow_partials_.set(name, kainjow::mustache::partial([text = source] { return text; }));
      templates.partials_.set(name, TemplateData());
    }
  }
  templates.generation_ = next_generation.fetch_add(1);
  return templates;
}

Result<std::string> Templates::render(std::string_view name, const TemplateData& data) const {
  if (auto compiled = programs_.find(name); compiled != programs_.end()) {
    std::atomic<std::size_t>& last_size = *compiled->second.last_size;
    const std::size_t hint = last_size.load(std::memory_order_relaxed);
    std::string html;
    html.reserve(hint + hint / 8);
    // The page's data first, then the partials (innermost last).
    if (compiled->second.program->render({&partials_, &data}, html)) {
      last_size.store(html.size(), std::memory_order_relaxed);
      return html;
    }
  }
  auto found = expanded_.find(name);
  if (found == expanded_.end()) return fail(ErrorCode::kNotFound, "no template " + std::string(name));
  // Parsed templates of this thread, for the Templates they came from.
  thread_local std::uint64_t cached_generation = 0;
  thread_local std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>, std::less<>> cached;
  if (cached_generation != generation_) {
    cached.clear();
    cached_generation = generation_;
  }
  auto slot = cached.find(name);
  if (slot == cached.end()) {
    slot = cached.emplace(std::string(name), std::make_unique<kainjow::mustache::mustache>(found->second)).first;
    slot->second->set_custom_escape(template_escape);
  }
  kainjow::mustache::mustache& page = *slot->second;
  // The page's data first, then the partials.
  const kainjow::mustache::data copy = to_kainjow(data);
  kainjow::mustache::context<std::string> context;
  context.push(&kainjow_partials_);
  context.push(&copy);
  // Rendered straight into the page's string: the library's own
  // render(context) goes through an ostringstream and copies the page out of
  // it (a stream insert per line, 6% of a document page's instructions).
  std::string html;
  AppendSink sink{html};
  page.render(context, sink);
  if (!page.is_valid()) {
    std::string message = page.error_message();
    cached.erase(slot);  // a failed render leaves its error behind
    return fail(ErrorCode::kInternal, "template " + std::string(name) + ": " + message);
  }
  return html;
}

namespace {

bool escaped_byte(char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\''; }

// The first byte of `text` from `from` on that escaping replaces, or
// text.size(). A page's text goes through here in pieces of up to a few KB
// (most of a document page's escaping time went to the byte-by-byte search).
std::size_t find_escaped(std::string_view text, std::size_t from) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i quot = _mm_set1_epi8('"');
  const __m128i apos = _mm_set1_epi8('\'');
  for (; from + 16 <= text.size(); from += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)),
                                                  _mm_cmpeq_epi8(v, apos)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return from + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (from < text.size() && !escaped_byte(text[from])) ++from;
  return from;
}

// Appends `text` escaped to `out`; `at`: its first byte to replace
// (find_escaped(text, 0)).
void append_escaped(std::string& out, std::string_view text, std::size_t at) {
  std::size_t run = 0;   // start of the plain text not yet copied
  for (; at < text.size(); at = find_escaped(text, run)) {
    out.append(text, run, at - run);
    switch (text[at]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&apos;"; break;
    }
    run = at + 1;
  }
  out.append(text, run, std::string_view::npos);
}

}  // namespace

kainjow::mustache::data to_kainjow(const TemplateData& data) {
  using K = kainjow::mustache::data;
  switch (data.kind()) {
    case TemplateData::type::string: return K(data.string_value());
    case TemplateData::type::bool_true: return K(true);
    case TemplateData::type::bool_false: return K(false);
    case TemplateData::type::list: {
      K list(K::type::list);
      for (const TemplateData& item : data.list_value()) list.push_back(to_kainjow(item));
      return list;
    }
    case TemplateData::type::object: break;
  }
  K object;
  for (std::size_t i = 0; i < data.size(); ++i) object.set(data.key_at(i), to_kainjow(data.value_at(i)));
  return object;
}

void append_template_escaped(std::string& out, std::string_view text) {
  append_escaped(out, text, find_escaped(text, 0));
}

std::string template_escape(const std::string& text) {
  const std::size_t at = find_escaped(text, 0);
  if (at == text.size()) return text;
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  append_escaped(out, text, at);
  return out;
}

}  // namespace chancery::web
