// Spelling-insensitive keys for personal-name words.
//
// Cold War sources spell one Russian, Polish or Romanian name many ways: the
// English (Khrushchev), German (Chruschtschow), French (Krouchtchev), Polish
// (Chruszczow), Czech (Hruščov) and Romanian (Hrușciov) transliterations, the
// Cyrillic original (Хрущёв), with or without diacritics. word_key() maps each
// of them to one short key, so that an index term or a hash-map lookup finds
// the others. The key is deliberately coarse (a skeleton of consonant classes
// with three vowel classes), so unrelated words can share a key; callers use it
// to find candidates, not to prove identity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chancery::names {

// Folds `text` to lowercase ASCII: Cyrillic by the BGN/PCGN scheme, other
// scripts by ICU's Any-Latin, then diacritics removed. Letters whose diacritic
// carries the sound are spelled out first (š -> sh, č -> ch, ž/ż -> zh,
// ŝ -> shch, ț -> ts); Romanian ş/ș become plain s, as Romanian names are so
// often printed without the cedilla. Pure-ASCII input takes a fast path that
// only lowercases. Non-letters are kept. Thread-safe: each thread keeps its
// own ICU transliterator, created on first use.
std::string fold_ascii(std::string_view text);

// fold_ascii() keeping only letters and digits: "Gheorghiu-Dej" ->
// "gheorghiudej", "Ul'brikht" -> "ulbrikht".
std::string fold_letters(std::string_view text);

// The spelling-insensitive key of one name word (UTF-8; any script). Letters
// are folded with fold_ascii(), characters other than letters and digits are
// ignored, and transliteration schemes are normalised into one skeleton:
//   word_key("Khrushchev") == word_key("Chruschtschow") == word_key("Хрущёв")
//   word_key("Zhukov") == word_key("Joukov") == word_key("Schukow")
//   word_key("Malnasan") != word_key("Malnasanu")
// Returns "" for a word with no letters or digits. The key is printable ASCII;
// consonant classes are lowercase letters, vowel classes 'A', 'E', 'O'.
std::string word_key(std::string_view word);

// word_key() of an input already folded by fold_ascii() (lowercase ASCII);
// saves the fold when the caller has folded a whole text at once.
std::string word_key_folded(std::string_view folded_word);

// Whether a key tells names apart well enough to stand for every word that
// has it: at least two consonant classes (digits count as such), and a vowel
// class or a digit. A key of one consonant or none is shared by initials,
// numerals, abbreviations and short words of every kind: "E" is the key of
// Jay, Eu, III and Ye, "sO" that of Zhou, Joe and Sue, "s" that of S. and of
// zzzz. A key of consonants alone is an abbreviation's, never a name's
// ("sr" of Sr., Jr. and SSSR, "kp" of CP and CCCP, "kgb" of KGB).
bool key_is_distinctive(std::string_view key);

// Whether a key is short enough (three characters or fewer: "Eng" of Young
// and Jiang, "lEn" of Lin and Lyon) that different names share it, so it
// joins two names only when they are also spelled alike.
bool key_is_short(std::string_view key);

// Of `spellings`, words with the same key as `word` (word_key()), those that
// spell the same name by a finer test than the key, in their order, at most
// `limit`: equal to `word` once folded (fold_ascii()), a near spelling of it
// (near_spellings(): "Gheorgiu" for "Gheorghiu"; not "George"), or read as the
// same Chinese syllables in Wade-Giles and pinyin (chinese_word_keys(): "chou"
// for "Zhou"; not "joe"). For words whose key does not stand for them.
std::vector<std::string> same_name_words(std::string_view word, std::vector<std::string> spellings,
                                         std::size_t limit);

// The edit distance (insertions, deletions, substitutions and swaps of two
// neighbours) between two words, counted up to `bound` (returns at most
// bound + 1). Bytes are compared: give it fold_ascii() forms.
std::size_t spelling_distance(std::string_view a, std::string_view b, std::size_t bound);

// Whether two folded words are spellings of one name that differ by a slip or
// a variant letter: no edit for words of up to four letters, one from five
// letters ("Kuznetzov", "Nassir"), two from nine ("Gheorghe" for
// "Gheorghiu"), counted on the shorter word.
bool near_spellings(std::string_view a, std::string_view b);

// Whether two written names (a word or a few) read as spellings of one name,
// letters folded and run together: the same word_key() ("Sukarno",
// "Soekarno"; "Darmasetiawan", "Darma Setiawan") or near_spellings()
// ("Caramanlis", "Karamanlis"). Not "Aksal" and "Turkey".
bool spelled_alike(std::string_view a, std::string_view b);

// Whether a name key, shared by the known family names `family_words` (folded
// with fold_ascii()), stands for another name too when `word` is searched:
// `word` spells one of them as written (equal or near_spellings()) and another
// is a different name, more than two edits and a third of its letters away
// ("gErgE": Gheorghiu and George), or, between names of four letters or fewer
// (which near_spellings() allows no edit), any other spelling ("lEn": Lin and
// Lyon, Len, Lynn). Then `word` should be searched as itself
// and its near spellings, not as its key. When `word` spells none of them,
// false ("Chruschtschow" searches for "Khrushchev" by the key), unless the
// key has three characters or fewer, which too many names share ("Lin", no
// known family name, is not taken for Lyon or Lynn by "lEn"), or `word` reads
// as Chinese syllables and none of them does ("Sichuan" is not Sisson).
bool key_names_another(std::string_view word, const std::vector<std::string>& family_words);

}  // namespace chancery::names
