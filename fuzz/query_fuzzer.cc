// libFuzzer target: the search query parser, configured as the Xapian index
// configures it (English and Russian stemmers, name-word keys, a synonym table),
// without a database, and again with the names layer's lookups (known family
// names, authorities, term counts, a recorded variant, name-key groups: the
// spellings a search also marks, which must all be among its words), date:
// ranges read from year terms, and wildcards expanded by a stand-in for the
// index's words (said to be limited only when they are fewer than start so);
// and the mending of refused queries (query_repair.h), whose offer is parsed
// in turn and must need no second mending; and the ids a pasted address could
// name (addressed_ids()) and the FRUS ids a citation names (cited_ids()); and
// the query read as a request for correspondence (correspondence_query.h),
// whose readings the parser must take, and its written date read as a date
// (dated_query.h), likewise; and a glossary expansion's searched forms
// (glossary_forms.h).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "archive/indexed_headings.h"
#include "index/correspondence_query.h"
#include "index/dated_query.h"
#include "index/glossary_forms.h"
#include "index/query_parser.h"
#include "index/query_repair.h"
#include "names/name_key.h"
#include "names/place_names.h"

namespace {

std::vector<std::string> synonyms(const std::string& key) {
  if (key == "acen") return {"assembly of captive european nations"};
  if (key == "ussr") return {"soviet union", "soviet"};
  // A glossary abbreviation that is also an ordinary word (its stem group has
  // inflections), and a one-letter one (Parser::glossary_synonyms).
  if (key == "aid") return {"agency for international development"};
  if (key == "Zaid") return {"aid", "aided", "aiding"};
  // An abbreviation the glossary writes in capitals that records also write
  // as a name ("Ngo" of Ngo Dinh Diem: written_forms below).
  if (key == "ngo") return {"non-governmental organization"};
  if (key == "XDngo") return {"NGO"};
  if (key == "president") return {"p", "pres"};
  if (key == "p") return {"president"};
  // Name-key groups ("XV" + key): the spellings indexed with a key, among
  // them a common word that must never be offered as a spelling.
  if (key.starts_with("XV")) return {key.substr(2), "khrushchev", "chruschtschow", "with"};
  return {};
}

const std::string& khrushchev_key() {
  static const std::string key = chancery::names::word_key("Khrushchev");
  return key;
}

const chancery::QueryParser& named_parser() {
  chancery::NameQuerySupport names;
  names.word_key = [](std::string_view word) { return chancery::names::word_key(word); };
  names.is_person_key = [](std::string_view key) { return key == khrushchev_key() || key.size() % 3 == 0; };
  names.person_ids = [](std::string_view value) -> std::vector<std::string> {
    if (value.find("Nagy") != std::string_view::npos) return {"person/nagy-imre"};
    return {};
  };
  // Counts that vary with the term, so both sides of names_by_key() run.
  names.term_frequency = [](const std::string& term) -> std::size_t { return term.size() % 5; };
  names.listed_family_name = [](std::string_view name) -> std::vector<std::string> {
    if (name == "Imre Nagy") return {"Nagy"};
    return {};
  };
  names.preferred_for_variant = [](std::string_view word) -> std::string {
    if (word == "Malnasanu") return "Malnasan, Aurel";
    if (word.size() == 7) return std::string(word) + ", Tested";
    return {};
  };
  // Spellings in the other romanisation of Chinese and places' names in other
  // languages (of one word, and of a run of two or three).
  names.word_in_other_system = [](std::string_view word) { return chancery::names::word_elsewhere(word); };
  // Which phrases of a quoted name's other spellings some record holds: some.
  names.matches_some = [](const Xapian::Query& query) { return query.get_length() % 2 == 0; };
  // Which held words some record writes (text_words.h): some.
  names.written_in_text = [](const std::string& word) { return word.size() % 2 == 0; };
  // How records write a word: capitalised for some, as given for others.
  names.written_forms = [](const std::string& word) -> std::vector<std::string> {
    if (word.empty() || word.size() % 3 == 0) return {};
    std::string capitalised = word;
    if (capitalised[0] >= 'a' && capitalised[0] <= 'z') capitalised[0] = static_cast<char>(capitalised[0] - 'a' + 'A');
    return {capitalised, word};
  };
  // indexed: the headings of a small printed index (archive/
  // indexed_headings.h: the value's words folded, stemmed or not), and at
  // times an id too long for a term.
  static const chancery::IndexedHeadings headings = [] {
    auto entry = [](std::string heading, std::vector<std::string> records) {
      chancery::IndexEntry e;
      e.text = heading + ", 1";
      e.heading = std::move(heading);
      e.locators.push_back(chancery::IndexLocator{e.text.size() - 1, e.text.size(), std::move(records)});
      return e;
    };
    chancery::CollectionAbout about;
    about.id = "vol";
    chancery::IndexEntry hungary = entry("Hungary", {"vol/d1"});
    hungary.entries.push_back(entry("revolution in", {"vol/d2", "vol/d3"}));
    hungary.entries.push_back(entry("Soviet intervention", {"vol/d3", "vol/d4"}));
    about.index = {entry("Nagy, Imre", {"vol/d2", "vol/d5"}), hungary, entry("Mălnăşan, Aurel", {"vol/d6"}),
                   entry("Хрущёв, Н. С.", {"vol/d7"}), entry("Rapacki, Adam", {"vol/d8"})};
    return chancery::IndexedHeadings({about});
  }();
  names.indexed_records = [](std::string_view value, std::size_t limit) {
    std::vector<std::string> ids = headings.records(value, limit);
    if (value.size() % 7 == 3) ids.push_back(std::string(300, 'x'));
    return ids;
  };
  static const chancery::QueryParser instance = [&] {
    chancery::QueryParser parser({Xapian::Stem("english"), Xapian::Stem("russian")}, synonyms,
                                 chancery::QueryLimits{}, {}, std::move(names));
    // date: from year terms (date_query.h), and wildcards with some of their
    // words only (wildcards.h): a pattern's length decides how many start so.
    parser.set_dated_years([] { return chancery::DatedYears{1850, 2000}; });
    parser.set_wildcard_words([](const std::string& pattern) {
      std::vector<std::string> terms;
      for (std::size_t i = 0; i < pattern.size() % 4; ++i) terms.push_back(pattern + static_cast<char>('a' + i));
      return std::pair{std::move(terms), pattern.size() % 3 + 1};
    });
    return parser;
  }();
  return instance;
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
  // An address's ids: at most kMaxAddressedIds, each a non-empty part of the
  // query, the longest first, without spaces, quotation marks or brackets.
  const std::vector<std::string_view> ids = chancery::addressed_ids(text);
  if (ids.size() > chancery::kMaxAddressedIds) __builtin_trap();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty() || ids[i].data() < text.data() || ids[i].data() + ids[i].size() > text.data() + text.size()) {
      __builtin_trap();
    }
    if (ids[i].find_first_of(" \t\n\"()*") != std::string_view::npos) __builtin_trap();
    if (i > 0 && ids[i].size() >= ids[i - 1].size()) __builtin_trap();
  }
  // A citation's ids: at most kMaxCitedIds FRUS ids, none for a long query.
  const std::vector<std::string> cited = chancery::cited_ids(text);
  if (cited.size() > chancery::kMaxCitedIds || (!cited.empty() && size > chancery::kMaxCitationBytes)) __builtin_trap();
  for (const std::string& id : cited) {
    if (!id.starts_with("frus") || id.size() > 40) __builtin_trap();
  }
  // Readings as correspondence: bounded, each naming a sender or a recipient,
  // each a query the parser takes that reads as none in turn.
  const std::vector<chancery::CorrespondenceReading> readings = chancery::read_as_correspondence(text);
  if (readings.size() > chancery::kMaxCorrespondenceReadings ||
      (!readings.empty() && size > chancery::kMaxCorrespondenceQueryBytes)) {
    __builtin_trap();
  }
  for (const chancery::CorrespondenceReading& reading : readings) {
    if (reading.from.empty() && reading.to.empty()) __builtin_trap();
    if (!parser().parse(reading.query)) __builtin_trap();
    if (!chancery::read_as_correspondence(reading.query).empty()) __builtin_trap();
    (void)chancery::correspondence_label(reading);
  }
  // Read as dated: bounded, a range and the words it was written as, a query
  // the parser takes that reads as no date in turn.
  if (const std::optional<chancery::DatedReading> dated = chancery::read_as_dated(text)) {
    if (size > chancery::kMaxDatedQueryBytes || dated->range.empty() || dated->written.empty()) __builtin_trap();
    if (!parser().parse(dated->query)) __builtin_trap();
    if (chancery::read_as_dated(dated->query)) __builtin_trap();
    (void)chancery::dated_label(*dated);
  }
  // A glossary expansion's searched forms (a glossary's text is untrusted
  // too): one or two a meaning (meanings apart at semicolons), none longer
  // than the expansion, and without brackets unless a meaning is kept as it
  // is written.
  const std::vector<std::string> forms = chancery::glossary_forms(text);
  const auto meanings = static_cast<std::size_t>(1 + std::count(text.begin(), text.end(), ';'));
  if (forms.empty() || forms.size() > 2 * meanings) __builtin_trap();
  for (const std::string& form : forms) {
    if (form.size() > size) __builtin_trap();
    if (form.find_first_of("()") != std::string::npos && text.find(form) == std::string_view::npos) __builtin_trap();
  }
  auto parsed = parser().parse(text);
  if (parsed) (void)parsed->query.get_description();
  if (auto named = named_parser().parse(text)) {
    (void)named->query.get_description();
    // An address is searched as its record or collection alone: no words.
    if (!named->addressed.empty() && !named->words.empty()) __builtin_trap();
    for (const chancery::LimitedWildcard& wildcard : named->limited_wildcards) {
      // Said to be limited: fewer words than start so, the pattern as written.
      if (wildcard.words.size() >= wildcard.starting || wildcard.pattern.empty() || wildcard.pattern.back() != '*') {
        __builtin_trap();
      }
    }
    for (const std::string& spelling : named->other_spellings) {
      if (spelling == "with") __builtin_trap();   // a common word offered as a spelling
      // Marked whole, or a hyphenated spelling ("tse-tung") syllable by syllable.
      auto is_marked = [&](std::string_view key) {
        return std::any_of(named->words.begin(), named->words.end(),
                           [&](const chancery::QueryWord& word) { return word.key == key; });
      };
      bool marked = is_marked(spelling);
      if (!marked && spelling.find('-') != std::string::npos) {
        marked = true;
        std::string_view rest = spelling;
        while (marked && !rest.empty()) {
          const std::size_t cut = rest.find('-');
          const std::string_view part = rest.substr(0, cut);
          marked = part.empty() || is_marked(part);
          rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
        }
      }
      if (!marked) __builtin_trap();   // said to be searched, but not marked
    }
  }
  if (!parsed && size <= 4096) {
    const std::string mended = chancery::repair_query(text);
    if (!mended.empty()) {
      if (auto again = parser().parse(mended)) (void)again->query.get_description();
      if (!chancery::repair_query(mended).empty()) __builtin_trap();   // mended twice
    }
  }
  return 0;
}
