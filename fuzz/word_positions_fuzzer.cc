// libFuzzer target: the phrase check on a record's block of word positions
// (index/word_positions.h), which reads whatever the index holds. The input's
// first byte picks a phrase; the rest is the block, as stored or damaged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "index/word_positions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const chancery::PhrasePattern kPhrases[] = {
      {"", {{"secure"}, {"phone"}, {"call"}}},
      {"S", {{"notes"}, {"of"}}},
      {"XP", {{"хрущёв", "khrushchev"}, {"spoke"}}},
      {"", {{"a"}}},
  };
  const chancery::PhrasePattern& phrase = kPhrases[data[0] % 4];
  std::string_view block(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)chancery::block_has_phrase(block, phrase);
  return 0;
}
