// libFuzzer target: the name matcher. The input is split at its first '\n':
// the first part is a written name, the rest running text for MentionFinder.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "names/chinese_romanisation.h"
#include "names/mention_finder.h"
#include "names/name_key.h"
#include "names/person_name.h"
#include "names/place_names.h"

namespace cn = chancery::names;

namespace {

const cn::MentionFinder& finder() {
  static const std::vector<cn::NameVariant> variants = {
      {"p/khrushchev", "Khrushchev, Nikita Sergeyevich"}, {"p/khrushchev", "Хрущёв, Никита Сергеевич"},
      {"p/nagy", "Nagy, Imre"},                           {"p/bohlen", "Bohlen, Charles Eustis"},
      {"p/bohlen", "Chip Bohlen"},                        {"p/mao", "Mao Tse-tung"},
      {"p/zhou", "Zhou Enlai"},                           {"p/gd", "Gheorghiu-Dej, Gheorghe"},
      {"p/white", "White, Lincoln"},                      {"p/degaulle", "de Gaulle, Charles"},
      {"p/bennett", "Bennett, William Tapley, Jr."},      {"p/teng", "Teng Hsiao-ping"},
      {"p/allen", "Allen, George V."},                    {"p/dulles", "Dulles, Allen (Ascham, Robert A.)"},
      {"p/hodding", "Carter, W. Hodding"},                {"p/nasser", "Nasser (Nasr, Nassir), Col. Gamal Abdul"},
  };
  static const cn::MentionFinder instance(variants);
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t cut = input.find('\n');
  std::string_view name = input.substr(0, cut);
  std::string_view text = cut == std::string_view::npos ? input : input.substr(cut + 1);

  (void)cn::fold_ascii(name);
  (void)cn::word_key(name);
  cn::PersonName parsed = cn::parse_person_name(name);
  (void)parsed.display();
  (void)cn::family_key(parsed);
  (void)cn::person_name_readings(name);
  (void)cn::name_variants(name);
  (void)cn::chinese_name_key(name);
  (void)cn::chinese_word_keys(name);
  (void)cn::chinese_variants(name);
  // A word's other romanisation: bounded, never the word itself.
  const std::vector<std::string> others = cn::word_in_other_system(name);
  if (others.size() > 32) __builtin_trap();
  for (const std::string& spelling : others) {
    if (spelling.empty() || cn::fold_ascii(spelling) == cn::fold_ascii(name)) __builtin_trap();
  }
  // A place's names in other languages: bounded, non-empty, never the word
  // as written; the word is a place's name exactly when it has some.
  const std::vector<std::string> places = cn::place_in_other_languages(name);
  if (places.size() > cn::kMaxPlaceNames) __builtin_trap();
  for (const std::string& place : places) {
    if (place.empty() || place == name) __builtin_trap();
  }
  if (!places.empty() && !cn::is_place_name(name)) __builtin_trap();
  if (cn::word_elsewhere(name).size() > 32 + cn::kMaxPlaceNames) __builtin_trap();
  (void)cn::is_name_title(name);
  const std::string_view other = text.substr(0, 200);
  const bool written = cn::names_compatible(name, other);
  // Prepared readings give the written names' answer.
  bool prepared = false;
  for (const cn::PersonName& x : cn::person_name_readings(name)) {
    const cn::PreparedName px = cn::prepare_name(x);
    for (const cn::PersonName& y : cn::person_name_readings(other)) prepared = prepared || cn::names_compatible(px, cn::prepare_name(y));
  }
  if (prepared != written) __builtin_trap();

  // The edit distance: symmetric, bounded, zero only between equal words.
  const std::string a = cn::fold_ascii(name.substr(0, 64));
  const std::string b = cn::fold_ascii(text.substr(0, 64));
  for (std::size_t bound : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{6}}) {
    const std::size_t d = cn::spelling_distance(a, b, bound);
    if (d != cn::spelling_distance(b, a, bound) || d > bound + 1 || ((d == 0) != (a == b))) __builtin_trap();
  }
  if (cn::near_spellings(a, b) != cn::near_spellings(b, a)) __builtin_trap();
  (void)cn::key_names_another(name, {a, b});
  (void)cn::same_name_words(name, {a, b, std::string(text.substr(0, 32))}, 2);

  std::vector<cn::Mention> mentions = finder().find(text);
  std::size_t last = 0;
  for (const cn::Mention& m : mentions) {
    // Documented: in the text, left to right, not overlapping.
    if (m.begin < last || m.end < m.begin || m.end > text.size()) __builtin_trap();
    last = m.end;
  }
  (void)cn::common_lowercase_words(text);
  return 0;
}
