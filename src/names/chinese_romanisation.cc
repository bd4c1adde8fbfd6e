#include "names/chinese_romanisation.h"

#include "names/name_key.h"
#include "names/place_names.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

namespace chancery::names {
namespace {

// A syllable in pinyin terms. Aspirated initials are stored as their
// unaspirated partner (p -> b, t -> d, k -> g, c -> z, ch -> zh, q -> j) with
// `aspirated` set; `aspiration_known` is false for a Wade-Giles initial printed
// without its apostrophe, which may stand for either.
struct Syllable {
  std::string initial;  // "" for a zero-initial syllable, whose `final` is the whole spelling
  std::string final;    // pinyin spelling after the initial, ü written u
  bool aspirated = false;
  bool aspiration_known = true;

  std::string canonical() const { return initial + final; }
};

using Word = std::vector<Syllable>;

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool has_aspirated_partner(std::string_view initial) {
  return one_of(initial, {"b", "d", "g", "z", "zh", "j"});
}

std::string aspirate(std::string_view initial) {
  if (initial == "b") return "p";
  if (initial == "d") return "t";
  if (initial == "g") return "k";
  if (initial == "z") return "c";
  if (initial == "zh") return "ch";
  if (initial == "j") return "q";
  return std::string(initial);
}

bool is_i_final(std::string_view f) {
  return one_of(f, {"i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong"});
}

// ---- pinyin ---------------------------------------------------------------

// Whole spellings of the syllables with no initial consonant.
bool pinyin_zero_initial(std::string_view s) {
  return one_of(s, {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er",
                    "yi", "ya", "ye", "yao", "you", "yan", "yin", "yang", "ying", "yong", "yu",
                    "yue", "yuan", "yun", "wu", "wa", "wo", "wai", "wei", "wan", "wen", "wang",
                    "weng"});
}

bool pinyin_final_fits(std::string_view initial, std::string_view f) {
  const bool u_umlaut_final = one_of(f, {"ue", "uan", "un", "u"});
  if (one_of(initial, {"j", "x"})) return is_i_final(f) || u_umlaut_final;
  if (!one_of(f, {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "i",
                  "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo",
                  "uai", "ui", "uan", "un", "uang", "ue"}))
    return false;
  if (one_of(initial, {"zh", "sh", "r", "z", "s"}))
    return (!is_i_final(f) || f == "i") && f != "ue" && f != "o";
  if (one_of(initial, {"g", "h"})) return !is_i_final(f) && f != "ue" && f != "o";
  if (one_of(initial, {"b", "m", "f"}))
    return one_of(f, {"a", "o", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "i", "ie", "iao",
                      "iu", "ian", "in", "ing", "u"});
  if (one_of(initial, {"d", "n", "l"}))
    return f != "o" && (f != "ue" || initial != "d") && !one_of(f, {"iong"});
  return false;
}

// Reads one pinyin syllable spelled exactly `s`.
std::optional<Syllable> pinyin_syllable(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (pinyin_zero_initial(s)) return Syllable{"", std::string(s)};
  static constexpr std::array<std::string_view, 21> kInitials = {
      "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l",
      "g",  "k",  "h",  "j", "q", "x", "r", "z", "c", "s"};
  for (std::string_view ini : kInitials) {
    if (!s.starts_with(ini)) continue;
    Syllable syl;
    syl.final = std::string(s.substr(ini.size()));
    if (ini == "p") syl.initial = "b", syl.aspirated = true;
    else if (ini == "t") syl.initial = "d", syl.aspirated = true;
    else if (ini == "k") syl.initial = "g", syl.aspirated = true;
    else if (ini == "c") syl.initial = "z", syl.aspirated = true;
    else if (ini == "ch") syl.initial = "zh", syl.aspirated = true;
    else if (ini == "q") syl.initial = "j", syl.aspirated = true;
    else syl.initial = std::string(ini);
    if (!pinyin_final_fits(syl.initial, syl.final)) return std::nullopt;
    return syl;
  }
  return std::nullopt;
}

// Splits a pinyin word into syllables, preferring long syllables first and
// backtracking ("xian" is one syllable, "jingguo" is jing+guo). Positions from
// which no segmentation exists are remembered, so a long non-Chinese word
// fails in linear time.
bool segment_pinyin(std::string_view s, Word& out) {
  if (s.size() > 64 || s.find('v') != std::string_view::npos) return false;
  std::uint64_t dead = 0;  // bit p: no segmentation of s.substr(p)
  auto from = [&](auto& self, std::size_t pos) -> bool {
    if (pos == s.size()) return true;
    if (dead & (std::uint64_t{1} << pos)) return false;
    // A syllable starting with a, o or e is set off by an apostrophe
    // within a word (Xi'an, Yan'an): "Dean" is no de+an.
    if (pos > 0 && (s[pos] == 'a' || s[pos] == 'o' || s[pos] == 'e')) return false;
    for (std::size_t len = std::min<std::size_t>(6, s.size() - pos); len >= 1; --len) {
      if (auto syl = pinyin_syllable(s.substr(pos, len))) {
        out.push_back(*syl);
        if (self(self, pos + len)) return true;
        out.pop_back();
      }
    }
    dead |= std::uint64_t{1} << pos;
    return false;
  };
  return from(from, 0);
}

// ---- Wade-Giles -------------------------------------------------------------

std::string wade_giles_zero_initial(std::string_view s) {
  if (s == "yeh") return "ye";
  if (s == "yen") return "yan";
  if (s == "yung") return "yong";
  if (s == "yueh") return "yue";
  if (s == "i" || s == "yi") return "yi";
  if (s == "erh") return "er";
  if (one_of(s, {"a", "o", "e", "eh", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ya",
                 "yao", "yu", "yin", "yang", "ying", "yuan", "yun", "yo", "wu", "wa", "wo",
                 "wai", "wei", "wan", "wen", "wang", "weng"}))
    return s == "eh" ? "e" : std::string(s);
  return "";
}

// Reads one Wade-Giles syllable spelled `s` (apostrophe after an initial marks
// aspiration; ü, ê and ŭ have been folded to u, e and u).
std::optional<Syllable> wade_giles_syllable(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (std::string zero = wade_giles_zero_initial(s); !zero.empty()) return Syllable{"", zero};

  struct Initial {
    std::string_view wg;
    std::string_view pinyin;  // unaspirated partner
  };
  static constexpr std::array<Initial, 17> kInitials = {{
      {"ch", "zh"}, {"hs", "x"}, {"ts", "z"}, {"tz", "z"}, {"ss", "s"}, {"sz", "s"},
      {"sh", "sh"}, {"k", "g"},  {"p", "b"},  {"t", "d"},  {"j", "r"},  {"s", "s"},
      {"h", "h"},   {"l", "l"},  {"m", "m"},  {"n", "n"},  {"f", "f"},
  }};
  for (const Initial& ini : kInitials) {
    if (!s.starts_with(ini.wg)) continue;
    std::string_view rest = s.substr(ini.wg.size());
    Syllable syl;
    syl.initial = std::string(ini.pinyin);
    if (rest.starts_with('\'')) {
      if (!has_aspirated_partner(syl.initial)) return std::nullopt;
      syl.aspirated = true;
      rest.remove_prefix(1);
    } else if (has_aspirated_partner(syl.initial)) {
      syl.aspiration_known = false;
    }
    std::string f;
    if (rest == "ih") {
      if (!one_of(ini.wg, {"ch", "sh", "j"})) return std::nullopt;
      f = "i";
    } else if (rest == "u" && one_of(ini.wg, {"tz", "ss", "sz"})) {
      f = "i";
    } else if (rest == "o") {
      if (one_of(ini.wg, {"k", "h"})) f = "e";
      else if (one_of(ini.wg, {"p", "m", "f"})) f = "o";
      else f = "uo";
    } else if (rest == "ung") f = "ong";
    else if (rest == "iung") f = "iong";
    else if (rest == "ien") f = "ian";
    else if (rest == "ieh") f = "ie";
    else if (rest == "ueh") f = "ue";
    else if (rest == "uei") f = "ui";
    else if (rest == "eh") f = "e";
    else if (one_of(rest, {"a", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "i", "ia",
                           "iao", "iu", "in", "iang", "ing", "u", "ua", "uo", "uai", "ui", "uan",
                           "un", "uang"}))
      f = std::string(rest);
    else
      return std::nullopt;
    if (ini.wg == "ss" || ini.wg == "sz" || ini.wg == "tz") {
      if (f != "i") return std::nullopt;  // ssu, szu, tzu only
    }
    if (ini.wg == "ch" && is_i_final(f) && rest != "ih") syl.initial = "j";
    if (ini.wg == "hs" && !(is_i_final(f) || one_of(f, {"u", "ue", "uan", "un"}))) return std::nullopt;
    if (one_of(ini.wg, {"k", "h"}) && is_i_final(f)) return std::nullopt;
    syl.final = f;
    return syl;
  }
  return std::nullopt;
}

// ---- names -----------------------------------------------------------------

struct Reading {
  std::vector<Word> words;
  bool wade_giles = false;
};

std::vector<std::string> split_words(std::string_view folded) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\n' || c == ',') {
      if (!cur.empty()) words.push_back(std::move(cur)), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::vector<std::string_view> split_hyphens(std::string_view word) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= word.size(); ++i) {
    if (i == word.size() || word[i] == '-') {
      if (i > start) parts.push_back(word.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// Normalises the apostrophes ICU leaves (’ ʻ become ') and strips dots.
std::string clean_word(std::string_view w) {
  std::string out;
  for (char c : w)
    if ((c >= 'a' && c <= 'z') || c == '\'' || c == '-' || c == '`') out.push_back(c == '`' ? '\'' : c);
  return out;
}

std::optional<Word> read_word_wade_giles(std::string_view word) {
  Word out;
  for (std::string_view part : split_hyphens(word)) {
    auto syl = wade_giles_syllable(part);
    if (!syl) return std::nullopt;
    out.push_back(*syl);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<Word> read_word_pinyin(std::string_view word) {
  Word out;
  for (std::string_view part : split_hyphens(word)) {
    // Pinyin marks a syllable boundary with an apostrophe (Xi'an).
    std::size_t start = 0;
    for (std::size_t i = 0; i <= part.size(); ++i) {
      if (i == part.size() || part[i] == '\'') {
        if (i == start || !segment_pinyin(part.substr(start, i - start), out)) return std::nullopt;
        start = i + 1;
      }
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool wade_giles_marked(std::string_view word) {
  return word.find('-') != std::string_view::npos || word.find('\'') != std::string_view::npos;
}

bool has_ascii_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; });
}

std::optional<Reading> read_name(std::string_view name) {
  std::vector<std::string> raw = split_words(fold_ascii(name));
  if (raw.empty()) return std::nullopt;
  if (!has_ascii_letter(name) && raw.size() > 2) {
    // Han characters romanise one syllable per word (毛泽东 -> mao ze dong):
    // the first is the family name, the rest one given name.
    for (std::size_t i = 2; i < raw.size(); ++i) raw[1] += raw[i];
    raw.resize(2);
  }
  Reading wg{{}, true}, py{{}, false};
  bool wg_ok = true, py_ok = true, hyphen = false, polysyllabic_unhyphenated = false;
  for (const std::string& r : raw) {
    const std::string w = clean_word(r);
    if (w.empty() || is_country_name(w)) return std::nullopt;
    hyphen = hyphen || wade_giles_marked(w);
    if (wg_ok) {
      if (auto word = read_word_wade_giles(w)) wg.words.push_back(std::move(*word));
      else wg_ok = false;
    }
    if (py_ok) {
      if (auto word = read_word_pinyin(w)) {
        if (word->size() > 1 && w.find('-') == std::string::npos) polysyllabic_unhyphenated = true;
        py.words.push_back(std::move(*word));
      } else {
        py_ok = false;
      }
    }
  }
  // Where both systems read the name, hyphens decide for Wade-Giles and
  // unhyphenated polysyllabic words for pinyin; names of one-syllable words
  // (Chou, Lin Piao) are read as Wade-Giles, the older and more common in our sources.
  if (wg_ok && (!py_ok || hyphen || !polysyllabic_unhyphenated)) return wg;
  if (py_ok) return py;
  return std::nullopt;
}

std::string word_canonical(const Word& w) {
  std::string out;
  for (const Syllable& s : w) out += s.canonical();
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// ---- spelling a reading out ---------------------------------------------------

std::string pinyin_spelling(const Syllable& s, bool aspirated) {
  return (aspirated ? aspirate(s.initial) : s.initial) + s.final;
}

// The Wade-Giles spelling of a pinyin syllable; `apostrophe` writes aspiration.
std::string wade_giles_spelling(const Syllable& s, bool apostrophe) {
  if (s.initial.empty()) {
    const std::string& f = s.final;
    if (f == "ye") return "yeh";
    if (f == "yan") return "yen";
    if (f == "yong") return "yung";
    if (f == "yue") return "yueh";
    if (f == "yi") return "i";
    if (f == "er") return "erh";
    if (f == "you") return "yu";
    return f;
  }
  const std::string& ini = s.initial;
  std::string f = s.final;
  std::string wg;
  if (ini == "b") wg = "p";
  else if (ini == "d") wg = "t";
  else if (ini == "g") wg = "k";
  else if (ini == "z") wg = f == "i" ? "tz" : "ts";
  else if (ini == "zh" || ini == "j") wg = "ch";
  else if (ini == "x") wg = "hs";
  else if (ini == "r") wg = "j";
  else if (ini == "s" && f == "i") wg = "ss";
  else wg = ini;
  if (s.aspirated && apostrophe) wg += '\'';

  if (f == "i" && one_of(ini, {"zh", "sh", "r"})) f = "ih";
  else if (f == "i" && one_of(ini, {"z", "s"})) f = "u";
  else if (f == "ong") f = "ung";
  else if (f == "iong") f = "iung";
  else if (f == "ian") f = "ien";
  else if (f == "ie") f = "ieh";
  else if (f == "ue") f = "ueh";
  else if (f == "ui" && ini == "g") f = "uei";
  else if (f == "e" && one_of(ini, {"g", "h"})) f = "o";
  else if (f == "uo" && !one_of(ini, {"g", "h", "sh"})) f = "o";
  return wg + f;
}

}  // namespace

std::string chinese_name_key(std::string_view name) {
  auto reading = read_name(name);
  if (!reading) return "";
  std::string key;
  for (const Word& w : reading->words) {
    if (!key.empty()) key.push_back(' ');
    key += word_canonical(w);
  }
  return key;
}

std::vector<std::string> chinese_word_keys(std::string_view word) {
  std::vector<std::string> keys;
  const std::string w = clean_word(fold_ascii(word));
  if (w.empty()) return keys;
  if (auto wg = read_word_wade_giles(w)) keys.push_back(word_canonical(*wg));
  if (auto py = read_word_pinyin(w)) {
    std::string k = word_canonical(*py);
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  }
  return keys;
}

namespace {

// The spellings of a reading in the system it is not written in, at most 16:
// see chinese_variants().
std::vector<std::string> spell_in_other_system(const Reading& reading) {
  constexpr std::size_t kMaxVariants = 16;
  std::vector<std::string> out;
  auto add = [&](std::string v) {
    if (out.size() < kMaxVariants && std::find(out.begin(), out.end(), v) == out.end())
      out.push_back(std::move(v));
  };
  if (reading.wade_giles) {
    // Every syllable whose aspiration is unknown doubles the readings.
    std::vector<const Syllable*> all;
    for (const Word& w : reading.words)
      for (const Syllable& s : w) all.push_back(&s);
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (!all[i]->aspiration_known) open.push_back(i);
    const std::size_t combos = open.size() >= 4 ? 16 : (std::size_t{1} << open.size());
    for (std::size_t mask = 0; mask < combos; ++mask) {
      std::vector<bool> asp(all.size());
      for (std::size_t i = 0; i < all.size(); ++i) asp[i] = all[i]->aspirated;
      for (std::size_t b = 0; b < open.size() && b < 4; ++b) asp[open[b]] = (mask >> b) & 1;
      std::string v;
      std::size_t k = 0;
      for (const Word& w : reading.words) {
        std::string word;
        for (const Syllable& s : w) word += pinyin_spelling(s, asp[k++]);
        if (!v.empty()) v.push_back(' ');
        v += capitalised(word);
      }
      add(std::move(v));
    }
  } else {
    for (bool apostrophe : {true, false}) {
      std::string v;
      for (const Word& w : reading.words) {
        std::string word;
        for (const Syllable& s : w) {
          if (!word.empty()) word.push_back('-');
          word += wade_giles_spelling(s, apostrophe);
        }
        if (!v.empty()) v.push_back(' ');
        v += capitalised(word);
      }
      add(std::move(v));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> chinese_variants(std::string_view name) {
  auto reading = read_name(name);
  if (!reading) return {};
  return spell_in_other_system(*reading);
}

namespace {

// Names the period's English wrote in neither system: the postal
// romanisation of places (Peking, Canton, Amoy), Cantonese readings of
// persons' names (Kai-shek, Yat-sen) and a few older names of places
// (Formosa, Mukden), each with its pinyin. FRUS volumes write these; a
// historian today types the pinyin.
struct Conventional {
  std::string_view pinyin, conventional;
};
constexpr Conventional kConventionalNames[] = {
    {"Beijing", "Peking"},      {"Beijing", "Peiping"},     {"Guangzhou", "Canton"},   {"Nanjing", "Nanking"},
    {"Xiamen", "Amoy"},         {"Jinmen", "Quemoy"},       {"Jinmen", "Kinmen"},      {"Tianjin", "Tientsin"},
    {"Qingdao", "Tsingtao"},    {"Chongqing", "Chungking"}, {"Xinjiang", "Sinkiang"},  {"Shenyang", "Mukden"},
    {"Dalian", "Dairen"},       {"Hankou", "Hankow"},       {"Sichuan", "Szechwan"},   {"Sichuan", "Szechuan"},
    {"Guangdong", "Kwangtung"}, {"Fujian", "Fukien"},       {"Zhejiang", "Chekiang"},  {"Jiangsu", "Kiangsu"},
    {"Shandong", "Shantung"},   {"Guizhou", "Kweichow"},    {"Guangxi", "Kwangsi"},    {"Hebei", "Hopeh"},
    {"Hebei", "Hopei"},         {"Henan", "Honan"},         {"Hubei", "Hupeh"},        {"Hubei", "Hupei"},
    {"Shanxi", "Shansi"},       {"Shaanxi", "Shensi"},      {"Gansu", "Kansu"},        {"Qinghai", "Tsinghai"},
    {"Fuzhou", "Foochow"},      {"Shantou", "Swatow"},      {"Yan'an", "Yenan"},       {"Xi'an", "Sian"},
    {"Jiangxi", "Kiangsi"},     {"Anhui", "Anhwei"},        {"Jilin", "Kirin"},        {"Heilongjiang", "Heilungkiang"},
    {"Hangzhou", "Hangchow"},   {"Suzhou", "Soochow"},      {"Guilin", "Kweilin"},     {"Lanzhou", "Lanchow"},
    {"Urumqi", "Urumchi"},      {"Taiwan", "Formosa"},      {"Penghu", "Pescadores"},  {"Xizang", "Tibet"},
    {"Jieshi", "Kai-shek"},     {"Yixian", "Yat-sen"},      {"Zhongshan", "Yat-sen"},
};

}  // namespace

std::vector<std::string> word_in_other_system(std::string_view word) {
  std::vector<std::string> out;
  const std::string w = clean_word(fold_ascii(word));
  if (w.empty()) return out;
  // The table's spellings as `w` is compared, made once.
  static const std::vector<std::pair<std::string, std::string>> folded = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Conventional& name : kConventionalNames) {
      out.emplace_back(clean_word(fold_ascii(name.pinyin)), clean_word(fold_ascii(name.conventional)));
    }
    return out;
  }();
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const Conventional& name = kConventionalNames[i];
    std::string_view other = w == folded[i].first    ? name.conventional
                             : w == folded[i].second ? name.pinyin
                                                     : std::string_view();
    if (!other.empty() && std::find(out.begin(), out.end(), other) == out.end()) out.emplace_back(other);
    // The period's other names of the same place: "Peking" is also "Peiping".
    if (w == folded[i].second) {
      for (std::size_t j = 0; j < folded.size(); ++j) {
        if (j == i || folded[j].first != folded[i].first || folded[j].second == w) continue;
        const std::string_view also = kConventionalNames[j].conventional;
        if (std::find(out.begin(), out.end(), also) == out.end()) out.emplace_back(also);
      }
    }
  }
  auto add_all = [&](std::optional<Word> read, bool wade_giles) {
    if (!read) return;
    for (std::string& spelling : spell_in_other_system(Reading{{std::move(*read)}, wade_giles})) {
      if (fold_ascii(spelling) != w && std::find(out.begin(), out.end(), spelling) == out.end()) {
        out.push_back(std::move(spelling));
      }
    }
  };
  // A country's or city's name is none of syllables: "Cuba" is no Ts'u-pa,
  // "Chile" no Ch'ih-le, "Riga" no Jih-ka (the table above still gives
  // "Taiwan" its "Formosa").
  if (is_country_name(w) || is_place_name(word)) return out;
  std::optional<Word> wade_giles = read_word_wade_giles(w);
  std::optional<Word> pinyin = read_word_pinyin(w);
  // A word of fewer syllables in Wade-Giles is not the pinyin of more:
  // "Chiang" is one syllable (jiang), not chi-ang.
  if (wade_giles && pinyin && wade_giles->size() < pinyin->size()) pinyin.reset();
  add_all(std::move(wade_giles), true);
  add_all(std::move(pinyin), false);
  return out;
}

}  // namespace chancery::names
