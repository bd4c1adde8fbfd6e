#include "names/name_key.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "names/chinese_romanisation.h"

namespace chancery::names {
namespace {

// Letters whose diacritic carries the sound are spelled out before ICU strips
// diacritics; then Cyrillic goes through BGN/PCGN (Хрущёв -> Khrushchëv, where
// plain Any-Latin would give ISO 9 Hruŝëv) and everything else through Any-Latin.
constexpr const char* kFoldRules =
    "::NFC;"
    "š > sh; Š > Sh; č > ch; Č > Ch; ž > zh; Ž > Zh; ż > zh; Ż > Zh;"
    "ŝ > shch; Ŝ > Shch; ć > ch; Ć > Ch;"
    "ş > s; Ş > S; ș > s; Ș > S; ţ > ts; Ţ > Ts; ț > ts; Ț > Ts;"
    "::Russian-Latin/BGN; ::Any-Latin; ::Latin-ASCII; ::Lower;";

// One transliterator per thread: creating one parses rules and costs about a
// millisecond; transliterate() is not safe to call concurrently on one object.
icu::Transliterator* thread_folder() {
  thread_local std::unique_ptr<icu::Transliterator> folder;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    folder.reset(icu::Transliterator::createFromRules(
        "chancery-name-fold", icu::UnicodeString::fromUTF8(kFoldRules), UTRANS_FORWARD,
        parse_error, status));
    if (U_FAILURE(status)) folder.reset();
  }
  return folder.get();
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}
bool is_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_consonant(char c) { return is_letter(c) && !is_vowel(c); }

constexpr char kSibilant = 's';  // s z sh zh ch j sch tsch szcz shch tch ts dzh...
constexpr char kVelar = 'k';     // k c q kh ch- h

bool is_vowel_class(char c) { return c == 'A' || c == 'E' || c == 'O'; }

// Builds the skeleton: runs of one consonant class collapse to one, and a
// vowel cluster keeps only the class of its first vowel.
class Skeleton {
 public:
  void consonant(char cls) {
    if (!out_.empty() && out_.back() == cls) return;
    out_.push_back(cls);
  }
  void vowel(char cls) {
    if (!out_.empty() && is_vowel_class(out_.back())) return;
    out_.push_back(cls);
  }
  void digit(char d) { out_.push_back(d); }
  char last() const { return out_.empty() ? '\0' : out_.back(); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

char vowel_class(char c) {
  switch (c) {
    case 'a': return 'A';
    case 'o':
    case 'u': return 'O';
    default: return 'E';  // e i y
  }
}

}  // namespace

std::string fold_ascii(std::string_view text) {
  std::string out;
  if (is_ascii(text)) {
    out.resize(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = ascii_lower(text[i]);
    return out;
  }
  if (icu::Transliterator* folder = thread_folder()) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    folder->transliterate(u);
    u.toUTF8String(out);
    if (is_ascii(out)) return out;
    text = out;  // a script ICU could not romanise: keep only its ASCII
  }
  std::string ascii;
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x80) ascii.push_back(ascii_lower(c));
  return ascii;
}

namespace {
// The skeleton of `w`, lowercase ASCII letters and digits only.
std::string skeleton_of(std::string_view w);
}  // namespace

std::string fold_letters(std::string_view text) {
  std::string out;
  for (char c : fold_ascii(text)) {
    if (is_letter(c) || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

std::string word_key(std::string_view word) {
  if (!is_ascii(word)) return word_key_folded(fold_ascii(word));
  // Fast path: lowercase and keep letters and digits in one pass, no ICU.
  std::string w;
  w.reserve(word.size());
  for (char c : word) {
    c = ascii_lower(c);
    if (is_letter(c) || (c >= '0' && c <= '9')) w.push_back(c);
  }
  return skeleton_of(w);
}

std::string word_key_folded(std::string_view folded_word) {
  // Keep letters and digits only: "ul'brikht" -> "ulbrikht".
  std::string w;
  w.reserve(folded_word.size());
  for (char c : folded_word)
    if (is_letter(c) || (c >= '0' && c <= '9')) w.push_back(c);
  return skeleton_of(w);
}

namespace {

std::string skeleton_of(std::string_view w) {
  const std::size_t n = w.size();
  auto at = [&](std::size_t k) { return k < n ? w[k] : '\0'; };
  auto has = [&](std::size_t k, std::string_view p) {
    return w.substr(k).starts_with(p);
  };

  Skeleton key;
  std::size_t i = 0;
  while (i < n) {
    const char c = w[i];
    if (c >= '0' && c <= '9') {
      key.digit(c);
      ++i;
      continue;
    }
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': {
        // Russian ё is written e, o, yo or ë: in the -ёв ending after a
        // sibilant (Khrushchev, Khrushchov, Gorbatschow) o counts as e.
        char cls = vowel_class(c);
        if (c == 'o' && key.last() == kSibilant && (at(i + 1) == 'v' || at(i + 1) == 'w'))
          cls = 'E';
        key.vowel(cls);
        ++i;
        break;
      }
      case 'c':
        if (at(i + 1) == 'h') {
          const char after = at(i + 2);
          const bool german_velar_initial = i == 0 && is_consonant(after) && after != 'h';
          const bool german_velar_cht = after == 't' && !(at(i + 3) == 'c' && at(i + 4) == 'h') &&
                                        !(at(i + 3) == 's' && at(i + 4) == 'c');
          key.consonant(german_velar_initial || german_velar_cht ? kVelar : kSibilant);
          i += 2;
        } else if (at(i + 1) == 'z') {  // Polish cz
          key.consonant(kSibilant);
          i += 2;
        } else if (at(i + 1) == 'k') {
          key.consonant(kVelar);
          i += 2;
        } else if (at(i + 1) == 'i' && is_vowel(at(i + 2))) {  // Romanian/Italian cio, cia
          key.consonant(kSibilant);
          i += 2;
        } else if (at(i + 1) == 'e' || at(i + 1) == 'i' || at(i + 1) == 'y') {
          key.consonant(kSibilant);
          i += 1;
        } else {
          key.consonant(kVelar);
          i += 1;
        }
        break;
      case 's':
        key.consonant(kSibilant);
        if (has(i, "shch") || has(i, "szcz")) i += 4;
        else if (has(i, "sch")) i += 3;
        else if (has(i, "sh") || has(i, "sz")) i += 2;
        else i += 1;
        break;
      case 'z':
        key.consonant(kSibilant);
        i += at(i + 1) == 'h' ? 2 : 1;
        break;
      case 't':
        if (has(i, "tsch")) { key.consonant(kSibilant); i += 4; }
        else if (has(i, "tch") || has(i, "tsh")) { key.consonant(kSibilant); i += 3; }
        else if (has(i, "ts") || has(i, "tz")) { key.consonant(kSibilant); i += 2; }
        else if (has(i, "th")) { key.consonant('t'); i += 2; }
        else { key.consonant('t'); i += 1; }
        break;
      case 'd':
        if (has(i, "dsch")) { key.consonant(kSibilant); i += 4; }
        else if (has(i, "dzh")) { key.consonant(kSibilant); i += 3; }
        else if (has(i, "dz") || has(i, "dj")) { key.consonant(kSibilant); i += 2; }
        else if (has(i, "dh")) { key.consonant('d'); i += 2; }
        else { key.consonant('d'); i += 1; }
        break;
      case 'j': {
        // French j (Joukov, Brejnev) is a sibilant; German, Polish and Czech j
        // (Jepischew, Mikojan, Uljanow, Sergej) is the vowel-glide y.
        const char next = at(i + 1);
        const bool next_vowel = is_vowel(next);
        bool sibilant;
        if (i == 0) sibilant = next == 'o' || !next_vowel;
        else if (is_vowel(w[i - 1])) sibilant = !next_vowel && next != '\0';
        else sibilant = false;
        if (sibilant) key.consonant(kSibilant);
        else key.vowel('E');
        ++i;
        break;
      }
      case 'k':
        key.consonant(kVelar);
        i += at(i + 1) == 'h' ? 2 : 1;
        break;
      case 'q':
        key.consonant(kVelar);
        ++i;
        break;
      case 'h':  // Czech/Romanian/ISO h for Russian х (Hruščov)
        key.consonant(kVelar);
        ++i;
        break;
      case 'x':
        key.consonant(kVelar);
        key.consonant(kSibilant);
        ++i;
        break;
      case 'g':
        key.consonant('g');
        i += at(i + 1) == 'h' ? 2 : 1;
        break;
      case 'p':
        if (at(i + 1) == 'h') { key.consonant('f'); i += 2; }
        else { key.consonant('p'); i += 1; }
        break;
      case 'w':  // German and Polish w (Breschnew, Chruszczow)
        key.consonant('v');
        i += at(i + 1) == 'h' ? 2 : 1;
        break;
      case 'b':
      case 'r':
        key.consonant(c);
        i += at(i + 1) == 'h' ? 2 : 1;
        break;
      default:  // f l m n v
        key.consonant(c);
        ++i;
        break;
    }
  }
  return key.take();
}

}  // namespace

bool key_is_short(std::string_view key) { return key.size() <= 3; }

bool key_is_distinctive(std::string_view key) {
  int consonants = 0;
  bool vowel_or_digit = false;
  for (char c : key) {
    if (c >= 'a' && c <= 'z') ++consonants;
    if (c >= '0' && c <= '9') {
      ++consonants;
      vowel_or_digit = true;
    }
    if (c == 'A' || c == 'E' || c == 'O') vowel_or_digit = true;
  }
  return consonants >= 2 && vowel_or_digit;
}

std::vector<std::string> same_name_words(std::string_view word, std::vector<std::string> spellings,
                                         std::size_t limit) {
  std::vector<std::string> out;
  const std::string folded = fold_ascii(word);
  if (folded.empty()) return out;
  const std::vector<std::string> chinese = chinese_word_keys(folded);
  for (std::string& spelling : spellings) {
    if (out.size() >= limit) break;
    const std::string other = fold_ascii(spelling);
    bool same = other == folded || near_spellings(folded, other);
    if (!same && !chinese.empty()) {
      for (const std::string& key : chinese_word_keys(other)) {
        if (std::find(chinese.begin(), chinese.end(), key) != chinese.end()) same = true;
      }
    }
    if (same) out.push_back(std::move(spelling));
  }
  return out;
}

std::size_t spelling_distance(std::string_view a, std::string_view b, std::size_t bound) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > bound) return bound + 1;
  // Optimal string alignment, three rows of the table; words are short.
  const std::size_t n = a.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t i = 0; i <= n; ++i) previous[i] = i;
  for (std::size_t j = 1; j <= b.size(); ++j) {
    current[0] = j;
    std::size_t row_min = current[0];
    for (std::size_t i = 1; i <= n; ++i) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({previous[i] + 1, current[i - 1] + 1, previous[i - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[i - 2] + 1);
      current[i] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > bound) return bound + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[n], bound + 1);
}

bool near_spellings(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const std::size_t shorter = std::min(a.size(), b.size());
  const std::size_t allowed = shorter >= 9 ? 2 : shorter >= 5 ? 1 : 0;
  return allowed > 0 && spelling_distance(a, b, allowed) <= allowed;
}

bool spelled_alike(std::string_view a, std::string_view b) {
  const std::string fa = fold_letters(a), fb = fold_letters(b);
  if (fa.empty() || fb.empty()) return false;
  return fa == fb || word_key_folded(fa) == word_key_folded(fb) || near_spellings(fa, fb);
}

bool key_names_another(std::string_view word, const std::vector<std::string>& family_words) {
  const std::string folded = fold_letters(word);
  if (folded.empty()) return false;
  bool spells_one = false;
  bool another = false;
  for (const std::string& family : family_words) {
    if (near_spellings(folded, family)) {
      spells_one = true;
      continue;
    }
    const std::size_t shorter = std::min(folded.size(), family.size());
    const std::size_t apart = shorter <= 4 ? 0 : std::max<std::size_t>(2, shorter / 3);
    if (spelling_distance(folded, family, apart) > apart) another = true;
  }
  // A word that spells none of them is taken for a transliteration of one
  // ("Chruschtschow"), but a key of three characters or fewer is shared by
  // too many names to say which ("lEn": Lin is none of Lyon, Len, Lynn).
  if (!spells_one) {
    if (family_words.empty()) return false;
    if (key_is_short(word_key(word))) return true;
    // Nor is a word of Chinese syllables taken for a name that is none
    // ("Sichuan" for Sisson by "sIsn"): a Chinese word names a Chinese name.
    if (!word_in_other_system(word).empty()) {
      return std::none_of(family_words.begin(), family_words.end(),
                          [](const std::string& family) { return !word_in_other_system(family).empty(); });
    }
    return false;
  }
  return another;
}

}  // namespace chancery::names
