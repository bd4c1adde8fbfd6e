// libFuzzer target: a collection's texts indexed in memory and searched
// (index/collection_text_search.h). The input is a text (its title, then
// paragraphs, then a note, split at NUL bytes) and, after the last NUL, a
// query: a front matter's words are untrusted, and so is a reader's query.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/collection_text_search.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t last = input.rfind('\0');
  const std::string_view query = last == std::string_view::npos ? input : input.substr(last + 1);
  std::vector<std::string> parts;
  if (last != std::string_view::npos) {
    std::string_view rest = input.substr(0, last);
    for (std::size_t at = 0; at <= rest.size();) {
      const std::size_t end = std::min(rest.find('\0', at), rest.size());
      parts.emplace_back(rest.substr(at, end - at));
      at = end + 1;
    }
  }
  chancery::CollectionText text;
  text.id = "sources";
  if (!parts.empty()) text.title = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (i + 1 == parts.size() && parts.size() > 2) {
      text.notes.push_back({"1", "n1", "[1]", parts[i], ""});
    } else {
      text.body.push_back({chancery::BlockKind::kParagraph, parts[i], "", {}});
    }
  }
  auto search = chancery::CollectionTextSearch::build({{"vol", {text}}, {"other", {text}}});
  if (!search) return 0;
  auto found = (*search)->search(query, 3);
  if (found) {
    for (const auto& hit : found->hits) {
      // Snippets are HTML-safe: no markup but the marks.
      std::string rest = hit.snippet;
      for (std::string_view tag : {"<mark>", "</mark>"}) {
        for (std::size_t at; (at = rest.find(tag)) != std::string::npos;) rest.erase(at, tag.size());
      }
      if (rest.find('<') != std::string::npos || rest.find('>') != std::string::npos) __builtin_trap();
    }
  }
  return 0;
}
