#include "names/person_name.h"

#include "names/chinese_romanisation.h"
#include "names/name_key.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace chancery::names {
namespace {

std::string lower_letters(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

bool is_name_title(std::string_view token) {
  // Sorted, for a binary search: the finder asks for every word before a name.
  static constexpr std::array<std::string_view, 76> kTitles = [] {
    std::array<std::string_view, 76> titles = {
        "cde", "comrade", "tov", "tovarishch", "mr", "mrs", "ms", "miss", "mister",
        "dr", "prof", "professor", "sir", "lord", "lady", "hon", "honorable",
        "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major",
        "capt", "captain", "cdr", "commander", "adm", "admiral", "marshal", "brig",
        "brigadier", "sgt", "sergeant", "amb", "ambassador", "president", "premier",
        "prime", "minister", "secretary", "sec", "senator", "sen", "rep",
        "representative", "governor", "gov", "chairman", "deputy", "vice",
        "rev", "reverend", "father", "msgr", "monsignor", "cardinal", "archbishop",
        "bishop", "king", "queen", "prince", "princess", "count", "countess", "baron",
        "herr", "frau", "mme", "mlle", "madame", "monsieur", "judge", "justice"};
    std::sort(titles.begin(), titles.end());
    return titles;
  }();
  // Its letters and digits in lower case, as lower_letters() gives them;
  // no title has more than 16.
  std::array<char, 16> buffer{};
  std::size_t n = 0;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c))) continue;
    if (n == buffer.size()) return false;
    buffer[n++] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (n == 0) return false;
  return std::binary_search(kTitles.begin(), kTitles.end(), std::string_view(buffer.data(), n));
}

namespace {

bool is_suffix(std::string_view token) {
  const std::string t = lower_letters(token);
  return one_of(t, {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"});
}

bool is_particle(std::string_view token) {
  return one_of(token, {"de", "da", "di", "del", "della", "der", "den", "von", "van", "le", "la",
                        "du", "dos", "das", "ten", "ter", "zu"});
}

bool is_initial(std::string_view token) {
  if (token.empty()) return false;
  const std::size_t letters = lower_letters(token).size();
  return letters == 1 || (token.back() == '.' && letters <= 3);
}

// Splits on whitespace; "A.A." becomes "A." "A."; trailing commas dropped.
std::vector<std::string> tokens_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      cur.push_back(c);
      // An initial's dot followed directly by a capital starts a new token.
      if (c == '.' && i + 1 < s.size() && std::isupper(static_cast<unsigned char>(s[i + 1])) &&
          lower_letters(cur).size() <= 3)
        flush();
    }
  }
  flush();
  return out;
}

std::vector<std::string> split_family(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const std::string& w : words) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= w.size(); ++i) {
      if (i == w.size() || w[i] == '-') {
        if (i > start) out.push_back(w.substr(start, i - start));
        start = i + 1;
      }
    }
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ',')) s.remove_suffix(1);
  return std::string(s);
}

// Moves leading titles of `tokens` to `titles`, never the last token.
void strip_titles(std::vector<std::string>& tokens, std::vector<std::string>& titles) {
  std::size_t n = 0;
  while (n + 1 < tokens.size() && is_name_title(tokens[n])) ++n;
  titles.insert(titles.end(), tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(n));
  tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(n));
}

// A persons list writes beside a name, in parentheses, another name of the
// person: other spellings of the family name ("Nasser (Nasr, Nassir), Col.
// Gamal Abdul"), another forename or a nickname ("Zhukov, Georgi (Yuri) A.",
// "Whitney, John Hay (Jock)"), a whole other name ("Myerson, Goldie (Meir,
// Golda)", "Dulles, Allen (Ascham, Robert A.)", the cover name of an officer),
// or a remark ("(ret.)", "(code named ...)", "(“Big Minh”)"). The name proper
// is the text without them; an unclosed parenthesis runs to the end.
struct Aside {
  std::string text;
  bool in_family = false;  // before the name's first comma (of a name with one)
};

struct WithoutAsides {
  std::string main;
  std::vector<Aside> asides;
};

WithoutAsides take_asides(std::string_view text) {
  WithoutAsides out;
  if (text.find('(') == std::string_view::npos) {
    out.main = std::string(text);
    return out;
  }
  std::string current;
  int depth = 0;
  bool comma_seen = false, in_family = false;
  for (const char c : text) {
    if (c == '(') {
      if (depth++ == 0) {
        current.clear();
        in_family = !comma_seen;
        out.main.push_back(' ');
        continue;
      }
    } else if (c == ')' && depth > 0) {
      if (--depth == 0) {
        out.asides.push_back({trim(current), in_family});
        continue;
      }
    } else if (depth == 0 && c == ',') {
      comma_seen = true;
    }
    (depth > 0 ? current : out.main).push_back(c);
  }
  if (depth > 0) out.asides.push_back({trim(current), in_family});
  if (lower_letters(out.main).empty()) {
    // The whole name in parentheses: "(Teng Hsiao-p'ing)".
    std::string inner;
    for (const Aside& a : out.asides) inner += (inner.empty() ? "" : " ") + a.text;
    return {std::move(inner), {}};
  }
  // In a name without a comma every aside is a whole name.
  if (!comma_seen) {
    for (Aside& a : out.asides) a.in_family = false;
  }
  return out;
}

// An aside worth reading as a name: it begins with a capital letter (not
// "ret.", "code named", nor a quotation: "“Big Minh”").
bool names_someone(const Aside& a) {
  return !a.text.empty() && std::isupper(static_cast<unsigned char>(a.text.front()));
}

struct Parts {
  std::vector<std::string> core;  // name tokens without titles and suffix
  std::string suffix;
  std::vector<std::string> titles;
  bool comma = false;
  std::vector<std::string> comma_family, comma_forenames;
};

Parts split_parts(std::string_view written) {
  Parts p;
  const std::string text = take_asides(written).main;
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      std::string seg = trim(text.substr(start, i - start));
      if (!seg.empty()) segments.push_back(std::move(seg));
      start = i + 1;
    }
  }
  if (segments.empty()) return p;
  if (segments.size() >= 2 && is_suffix(segments.back())) {
    p.suffix = segments.back();
    segments.pop_back();
  }
  if (segments.size() >= 2) {
    p.comma = true;
    p.comma_family = tokens_of(segments[0]);
    strip_titles(p.comma_family, p.titles);
    for (std::size_t i = 1; i < segments.size(); ++i)
      for (std::string& t : tokens_of(segments[i])) p.comma_forenames.push_back(std::move(t));
    while (!p.comma_forenames.empty() && is_name_title(p.comma_forenames.front())) {
      p.titles.push_back(p.comma_forenames.front());
      p.comma_forenames.erase(p.comma_forenames.begin());
    }
    return p;
  }
  p.core = tokens_of(segments[0]);
  if (p.core.size() >= 2 && is_suffix(p.core.back())) {
    p.suffix = p.core.back();
    p.core.pop_back();
  }
  strip_titles(p.core, p.titles);
  return p;
}

PersonName family_last(const Parts& p, std::size_t family_words) {
  PersonName n;
  n.titles = p.titles;
  n.suffix = p.suffix;
  std::size_t first_family = p.core.size() - family_words;
  while (first_family > 1 && is_particle(p.core[first_family - 1])) --first_family;
  n.forenames.assign(p.core.begin(), p.core.begin() + static_cast<std::ptrdiff_t>(first_family));
  n.family = split_family({p.core.begin() + static_cast<std::ptrdiff_t>(first_family), p.core.end()});
  return n;
}

PersonName family_first(const Parts& p) {
  PersonName n;
  n.titles = p.titles;
  n.suffix = p.suffix;
  n.family = split_family({p.core.front()});
  n.forenames.assign(p.core.begin() + 1, p.core.end());
  return n;
}

bool is_chinese(const Parts& p) {
  std::string joined;
  for (const std::string& t : p.core) joined += t + " ";
  return p.core.size() >= 2 && p.core.size() <= 3 && !chinese_name_key(joined).empty();
}

bool tokens_compatible(const Forename& x, const Forename& y) {
  if (x.folded.empty() || y.folded.empty()) return false;
  if (x.initial || y.initial) {
    const Forename& init = x.initial ? x : y;
    const Forename& other = x.initial ? y : x;
    if (other.folded.starts_with(init.folded) || (x.initial && y.initial && init.folded.starts_with(other.folded)))
      return true;
    // "Iu." / "Yu." for Yuri, "Ye." for Egor: compare the first key class.
    return init.key.size() == 1 && !other.key.empty() && init.key.front() == other.key.front();
  }
  if (x.key == y.key) return true;
  // Wade-Giles given names are hyphenated (Tse-tung, En-lai): only then is a
  // Chinese reading worth trying (Zedong, Enlai).
  if (!x.hyphenated && !y.hyphenated) return false;
  const auto cx = chinese_word_keys(x.written), cy = chinese_word_keys(y.written);
  for (const std::string& k : cx)
    if (std::find(cy.begin(), cy.end(), k) != cy.end()) return true;
  return false;
}

// The letters of a family name, particles left out: "de Gaulle" -> "gaulle".
std::string family_letters(const PersonName& name) {
  std::string letters;
  for (const std::string& w : name.family) {
    if (!is_particle(w)) letters += fold_letters(w);
  }
  return letters;
}

// Whether a family key alone makes two family names with it one: a short
// key (key_is_short: "Eng" of Young and Jiang, "sEn" of Sean and Chen) is
// shared by different names, which must then also be spelled alike
// (near_spellings) or read as the same Chinese syllables.
bool key_alone_decides(std::string_view key) { return !key_is_short(key); }

bool family_matches(const PersonName& a, const PersonName& b) {
  const std::string ka = family_key(a), kb = family_key(b);
  if (ka.empty() || kb.empty()) return false;
  if (ka == kb && (key_alone_decides(ka) || near_spellings(family_letters(a), family_letters(b)))) return true;
  if (a.family.size() != b.family.size()) return false;
  for (std::size_t i = 0; i < a.family.size(); ++i) {
    const auto ca = chinese_word_keys(a.family[i]), cb = chinese_word_keys(b.family[i]);
    bool meet = false;
    for (const std::string& k : ca) meet = meet || std::find(cb.begin(), cb.end(), k) != cb.end();
    if (!meet) return false;
  }
  return true;
}

}  // namespace

std::string PersonName::display() const {
  std::string out;
  for (std::size_t i = 0; i < family.size(); ++i) {
    if (i > 0) out += is_particle(family[i - 1]) ? " " : "-";
    out += family[i];
  }
  if (!forenames.empty()) {
    out += ", ";
    for (std::size_t i = 0; i < forenames.size(); ++i) out += (i ? " " : "") + forenames[i];
  }
  if (!suffix.empty()) out += ", " + suffix;
  return out;
}

PersonName parse_person_name(std::string_view text) {
  Parts p = split_parts(text);
  if (p.comma) {
    PersonName n;
    n.titles = p.titles;
    n.suffix = p.suffix;
    n.family = split_family(p.comma_family);
    n.forenames = p.comma_forenames;
    return n;
  }
  if (p.core.empty()) return PersonName{{}, {}, p.suffix, p.titles};
  if (is_chinese(p)) return family_first(p);
  return family_last(p, 1);
}

std::vector<PersonName> person_name_readings(std::string_view text) {
  const PersonName proper = parse_person_name(text);
  std::vector<PersonName> out{proper};
  Parts p = split_parts(text);
  auto add = [&](PersonName n) {
    if (!n.family.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  };
  if (!p.comma && p.core.size() >= 2) {
    if (!is_initial(p.core.front())) add(family_first(p));
    add(family_last(p, 1));
    if (p.core.size() >= 3 && !is_initial(p.core[p.core.size() - 2])) add(family_last(p, 2));
  }
  // The other names in parentheses.
  for (const Aside& aside : take_asides(text).asides) {
    if (!names_someone(aside) || proper.family.empty()) continue;
    std::vector<std::string> segments;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= aside.text.size(); ++i) {
      if (i == aside.text.size() || aside.text[i] == ',') {
        if (std::string seg = trim(std::string_view(aside.text).substr(start, i - start)); !seg.empty()) {
          segments.push_back(std::move(seg));
        }
        start = i + 1;
      }
    }
    if (aside.in_family) {
      // Other spellings of the family name: "Nasser (Nasr, Nassir)".
      for (const std::string& family : segments) {
        PersonName n = proper;
        n.family = split_family(tokens_of(family));
        add(std::move(n));
      }
      continue;
    }
    if (segments.size() >= 2) {
      add(parse_person_name(aside.text));  // "Meir, Golda"
      continue;
    }
    // A forename, a nickname or forenames ("Yuri", "Jock", "Adrian
    // Christopher Ian") in place of the name's own, or a whole name ("Walter
    // Turner Monckton", the cover name "Walter C. Twicker", "Lord Harlech").
    std::vector<std::string> words = tokens_of(aside.text);
    std::vector<std::string> titles;
    strip_titles(words, titles);
    if (words.size() >= 2 || !titles.empty()) add(parse_person_name(aside.text));
    PersonName n = proper;
    n.forenames = std::move(words);
    add(std::move(n));
  }
  return out;
}

std::vector<std::string> name_variants(std::string_view name) {
  std::vector<std::string> out;
  auto add = [&](std::string v) {
    if (!v.empty() && v != name && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  const Parts p = split_parts(name);
  if (p.comma && !p.comma_family.empty() && !p.comma_forenames.empty() && p.comma_forenames.size() <= 4) {
    std::string natural;
    for (const std::string& t : p.comma_forenames) natural += t + " ";
    for (std::size_t i = 0; i < p.comma_family.size(); ++i) natural += (i ? " " : "") + p.comma_family[i];
    if (!p.suffix.empty()) natural += " " + p.suffix;
    add(std::move(natural));
  }
  for (std::string& v : chinese_variants(name)) add(std::move(v));
  return out;
}

std::string family_key(const PersonName& name) {
  std::string key;
  for (const std::string& w : name.family) {
    if (is_particle(w)) continue;
    const std::string k = word_key(w);
    if (k.empty()) continue;
    if (!key.empty()) key.push_back(' ');
    key += k;
  }
  return key;
}

Forename prepare_forename(std::string_view written) {
  Forename f;
  f.written = std::string(written);
  f.folded = lower_letters(fold_ascii(written));
  f.key = word_key_folded(f.folded);
  f.initial = is_initial(written);
  f.hyphenated = written.find_first_of("-'") != std::string_view::npos;
  return f;
}

std::vector<Forename> prepare_forenames(const std::vector<std::string>& written) {
  std::vector<Forename> out;
  out.reserve(written.size());
  for (const std::string& w : written) out.push_back(prepare_forename(w));
  return out;
}

bool forenames_compatible(std::span<const Forename> a, std::span<const Forename> b) {
  const auto shorter = a.size() <= b.size() ? a : b;
  const auto longer = a.size() <= b.size() ? b : a;
  std::size_t j = 0;
  for (const Forename& s : shorter) {
    bool passed_full = false;
    while (j < longer.size() && !tokens_compatible(s, longer[j])) {
      passed_full = passed_full || !longer[j].initial;
      ++j;
    }
    if (j == longer.size()) return false;
    // A forename written in full may pass over another ("Dean Rusk" is David
    // Dean Rusk) only to meet itself, not an initial: "Robert Ford" is not
    // Gerald R. Ford.
    if (passed_full && !s.initial && longer[j].initial) return false;
    ++j;
  }
  return true;
}

bool forenames_compatible(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return forenames_compatible(prepare_forenames(a), prepare_forenames(b));
}

bool names_compatible(const PersonName& a, const PersonName& b) {
  if (!family_matches(a, b)) return false;
  if (!a.suffix.empty() && !b.suffix.empty() && lower_letters(a.suffix) != lower_letters(b.suffix))
    return false;
  return forenames_compatible(a.forenames, b.forenames);
}

PreparedName prepare_name(const PersonName& name) {
  PreparedName out;
  out.family_key = family_key(name);
  out.family_letters = family_letters(name);
  for (const std::string& word : name.family) out.chinese.push_back(chinese_word_keys(word));
  out.forenames = prepare_forenames(name.forenames);
  out.suffix = lower_letters(name.suffix);
  return out;
}

bool names_compatible(const PreparedName& a, const PreparedName& b) {
  if (a.family_key.empty() || b.family_key.empty()) return false;
  if (a.family_key != b.family_key ||
      !(key_alone_decides(a.family_key) || near_spellings(a.family_letters, b.family_letters))) {
    if (a.chinese.size() != b.chinese.size()) return false;
    for (std::size_t i = 0; i < a.chinese.size(); ++i) {
      bool meet = false;
      for (const std::string& k : a.chinese[i]) {
        meet = meet || std::find(b.chinese[i].begin(), b.chinese[i].end(), k) != b.chinese[i].end();
      }
      if (!meet) return false;
    }
  }
  if (!a.suffix.empty() && !b.suffix.empty() && a.suffix != b.suffix) return false;
  return forenames_compatible(a.forenames, b.forenames);
}

bool names_compatible(std::string_view a, std::string_view b) {
  const auto ra = person_name_readings(a), rb = person_name_readings(b);
  for (const PersonName& x : ra)
    for (const PersonName& y : rb)
      if (names_compatible(x, y)) return true;
  return false;
}

bool is_calendar_word(std::string_view folded) {
  static constexpr std::array<std::string_view, 19> kWords = {
      "january", "february", "march",  "april",   "may",       "june",     "july",   "august",   "september", "october",
      "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  return std::find(kWords.begin(), kWords.end(), folded) != kWords.end();
}

}  // namespace chancery::names
