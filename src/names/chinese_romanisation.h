// Wade-Giles and pinyin: reading romanised Chinese names in either system.
//
// FRUS volumes of the 1950s-60s write Mao Tse-tung, Chou En-lai, Chiang
// Ching-kuo; later sources write Mao Zedong, Zhou Enlai, Jiang Jingguo. Both
// spell the same syllables. A name is read as a sequence of syllables in one
// system, each syllable turned into its pinyin form, and the key compares those
// with aspiration ignored (p/b, t/d, k/g, q/j, ch/zh, c/z count as one), since
// Wade-Giles marks aspiration only with an apostrophe that printers drop:
// "Teng Hsiao-ping" (for Hsiao-p'ing) must meet "Deng Xiaoping".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chancery::names {

// The aspiration-insensitive key of a romanised Chinese name: one group per
// word, the word's syllables in canonical pinyin joined, groups separated by
// one space. "Mao Tse-tung" and "Mao Zedong" -> "mao zedong"; "Chou En-lai"
// and "Zhou Enlai" -> "zhou enlai"; "Chiang Ching-kuo" and "Jiang Jingguo" ->
// "jiang jingguo". Returns "" when some word is not a sequence of Chinese
// syllables in either system ("Khrushchev", "Imre Nagy").
//
// The system is chosen for the whole name: hyphenated syllables, apostrophes of
// aspiration and syllables that only Wade-Giles has (hsiao, tung, ch'ing) mean
// Wade-Giles; unhyphenated polysyllabic words and pinyin-only syllables (xiao,
// zhou, dong) mean pinyin.
std::string chinese_name_key(std::string_view name);

// The canonical keys one word of running text may have: one per system in
// which the word reads as Chinese syllables (hyphenated words count as one
// word), duplicates removed. "Tse-tung" -> {"zedong"}; "Chi" -> {"ji", "zhi"}
// (Wade-Giles chi, pinyin chi); "the" -> {}. Used to match a name written in one
// system in text that uses the other.
std::vector<std::string> chinese_word_keys(std::string_view word);

// Spellings of `name` in the other system, for display and query expansion.
// From Wade-Giles: pinyin spellings; where an apostrophe-less initial may be
// aspirated or not (p/p'), both readings are given, at most 16 spellings in
// all: "Teng Hsiao-ping" -> {"Deng Xiaobing", "Teng Xiaobing", "Deng Xiaoping",
// "Teng Xiaoping"}; match with chinese_name_key(), not these. From pinyin:
// the Wade-Giles spelling with and without aspiration apostrophes: "Zhou
// Enlai" -> {"Chou En-lai"}; "Deng Xiaoping" -> {"Teng Hsiao-p'ing", "Teng
// Hsiao-ping"}. Returns {} when the name is not Chinese (see chinese_name_key).
std::vector<std::string> chinese_variants(std::string_view name);

// The spellings of one word in the other system, for each system in which it
// reads as Chinese syllables, capitalised as chinese_variants() writes them,
// without the word itself: "Zedong" (pinyin) -> {"Tse-tung"}; "Xiaoping" ->
// {"Hsiao-p'ing", "Hsiao-ping"}; "Piao" (Wade-Giles, and pinyin) -> {"Biao"};
// "Chiang" -> {"Jiang", "Qiang"} (one syllable in Wade-Giles, so not the
// pinyin chi-ang). At most 16 for each system; {} for a
// word that reads as neither ("Khrushchev"). Also the names the period wrote
// in neither system, by a table, both ways: the postal romanisation of places
// ("Beijing" -> {"Peking", "Peiping"}, "Amoy" -> {"Xiamen"}), Cantonese
// readings ("Jieshi" -> {"Kai-shek"}) and older names ("Taiwan" -> {"Formosa"}).
// Used to search a word of a name in text that writes it in the other
// system: the caller keeps the spellings the text has.
std::vector<std::string> word_in_other_system(std::string_view word);

}  // namespace chancery::names
