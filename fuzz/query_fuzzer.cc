// libFuzzer target: the search query parser, configured as the Xapian index
// configures it (English and Russian stemmers, name-word keys, a synonym table),
// without a database; and the mending of refused queries (query_repair.h),
// whose offer is parsed in turn and must need no second mending.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "index/query_parser.h"
#include "index/query_repair.h"
#include "names/name_key.h"

namespace {

std::vector<std::string> synonyms(const std::string& key) {
  if (key == "acen") return {"assembly of captive european nations"};
  if (key == "ussr") return {"soviet union", "soviet"};
  // A glossary abbreviation that is also an ordinary word (its stem group has
  // inflections), and a one-letter one (Parser::glossary_synonyms).
  if (key == "aid") return {"agency for international development"};
  if (key == "Zaid") return {"aid", "aided", "aiding"};
  if (key == "president") return {"p", "pres"};
  if (key == "p") return {"president"};
  return {};
}

const chancery::QueryParser& parser() {
  static const chancery::QueryParser instance(
      {Xapian::Stem("english"), Xapian::Stem("russian")}, synonyms, chancery::QueryLimits{},
      [](std::string_view word) { return chancery::names::word_key(word); });
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parser().parse(text);
  if (parsed) (void)parsed->query.get_description();
  if (!parsed && size <= 4096) {
    const std::string mended = chancery::repair_query(text);
    if (!mended.empty()) {
      if (auto again = parser().parse(mended)) (void)again->query.get_description();
      if (!chancery::repair_query(mended).empty()) __builtin_trap();   // mended twice
    }
  }
  return 0;
}
