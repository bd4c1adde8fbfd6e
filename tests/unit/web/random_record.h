// Random records for tests that check a writer against its specification:
// every optional field present or not, strings with quotes, backslashes,
// control characters, markup, non-Latin scripts and invalid UTF-8.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model/record.h"

namespace chancery::web::testing {

class RandomRecord {
 public:
  explicit RandomRecord(std::uint32_t seed) : random_(seed) {}

  Record make() {
    Record r;
    r.id = text();
    r.title = maybe();
    r.summary = maybe();
    r.archive = maybe();
    r.citation.archive = maybe();
    r.citation.publisher = maybe();
    r.citation.url = maybe();
    r.citation.reference = maybe();
    r.citation.translator = maybe();
    r.citation.compiler = maybe();
    r.author = maybe();
    r.record_type = maybe();
    if (pick(2) == 0) {
      r.date.from.year = 1900 + pick(100);
      r.date.from.month = pick(13);
      r.date.from.day = r.date.from.month == 0 ? 0 : pick(29);
      r.date.from.precision = r.date.from.month == 0 ? DatePrecision::kYear
                              : r.date.from.day == 0 ? DatePrecision::kMonth
                                                     : DatePrecision::kDay;
      r.date.to = r.date.from;
    } else {
      r.date.as_written = maybe();
    }
    for (int i = pick(4); i > 0; --i) r.languages.push_back(text());
    for (int i = pick(4); i > 0; --i) r.subjects.push_back(text());
    for (int i = pick(5); i > 0; --i) r.people.push_back(NameRef{text(), "p"});
    for (int i = pick(4); i > 0; --i) r.places.push_back(NameRef{text(), "q"});
    return r;
  }

 private:
  int pick(int n) { return static_cast<int>(random_() % static_cast<std::uint32_t>(n)); }
  std::string maybe() { return pick(3) == 0 ? std::string() : text(); }
  std::string text() {
    static const std::vector<std::string> pieces = {
        "Khrushchev", " ", "\"", "\\", "</script>", "<!--", "&amp;", ">", "\n", "\t", "\r", "\b", "\f",
        std::string(1, '\x01'), std::string(1, '\x1f'), "\x7f", "Хрущёв", "Mălnăşan", "“quoted”", "—",
        "\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "u\\u0041", "/", "{}[],:"};
    std::string out;
    for (int i = pick(6); i >= 0; --i) out += pieces[static_cast<std::size_t>(pick(static_cast<int>(pieces.size())))];
    return out;
  }

  std::mt19937 random_;
};

}  // namespace chancery::web::testing
