#include "archive/names_builder.h"

#include <algorithm>

#include "names/name_key.h"
#include "names/person_name.h"
#include "util/text_fold.h"

namespace chancery {
namespace {

std::string volume_of(const std::string& id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string::npos ? std::string() : id.substr(0, slash);
}

bool is_pocom(const std::string& id) { return id.starts_with("pocom/"); }

// A name written in a script other than Latin ("Хрущёв, Никита Сергеевич"):
// letters that folding leaves outside ASCII.
bool in_other_script(std::string_view name) { return !is_ascii(fold(name)); }

// The lookup key of an organisation's or place's spelling: its kind and its
// folded letters and digits ("place budapesthungary").
std::string spelling_key(std::string_view kind, std::string_view spelling) {
  std::string key(kind);
  key += ' ';
  for (char c : names::fold_ascii(spelling)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
  }
  return key;
}

// A word as running text writes one of a name: capitalised, letters (any
// script) with hyphens, apostrophes and full stops within, not in capitals
// throughout unless an initial, no possessive.
bool is_written_name_word(std::string_view word) {
  if (word.empty()) return false;
  const auto first = static_cast<unsigned char>(word.front());
  if (!(first >= 'A' && first <= 'Z') && first < 0x80) return false;
  std::size_t letters = 0;
  std::size_t capitals = 0;
  for (unsigned char c : word) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
      ++capitals;
    } else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
      ++letters;
    } else if (c != '-' && c != '\'' && c != '.') {
      return false;
    }
  }
  if (letters >= 2 && capitals == letters) return false;   // "GOAL", "WITH"
  if (word.ends_with("'s") || word.ends_with("\xE2\x80\x99s")) return false;
  return !names::is_calendar_word(names::fold_letters(word));
}

}  // namespace

bool text_spelling_fits(const Authority& a, std::string_view spelling) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < spelling.size();) {
    while (i < spelling.size() && spelling[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < spelling.size() && spelling[i] != ' ') ++i;
    if (i > start) words.push_back(spelling.substr(start, i - start));
  }
  if (words.size() < 2 || words.size() > 5) return false;
  for (std::string_view word : words) {
    if (!is_written_name_word(word)) return false;
  }
  const names::PersonName text = names::parse_person_name(spelling);
  if (text.family.empty() || text.forenames.empty()) return false;
  const std::string key = names::family_key(text);
  const std::vector<names::Forename> written = names::prepare_forenames(text.forenames);
  // Initials alone vouch for a spelling only two or more at a time ("A. A.
  // Epishev"; "S. With" and "R. But" are no names).
  const bool initials_only =
      std::all_of(written.begin(), written.end(), [](const names::Forename& f) { return f.initial; });
  if (initials_only && written.size() < 2) return false;
  auto fits = [&](const std::string& recorded) {
    const names::PersonName listed = names::parse_person_name(recorded);
    if (listed.forenames.empty() || names::family_key(listed) != key) return false;
    const std::vector<names::Forename> known = names::prepare_forenames(listed.forenames);
    const std::size_t pairs = std::min(known.size(), written.size());
    if (initials_only && pairs < 2) return false;
    for (std::size_t i = 0; i < pairs; ++i) {
      if (!names::forenames_compatible(std::span(&written[i], 1), std::span(&known[i], 1))) return false;
      // And begin with the same letter: the keys of "Herbert" and "Robert"
      // agree, the names do not; nor is "C." Herbert.
      if (written[i].folded.empty() || known[i].folded.empty() ||
          written[i].folded.front() != known[i].folded.front()) {
        return false;
      }
    }
    return true;
  };
  if (fits(a.name)) return true;
  return std::any_of(a.variants.begin(), a.variants.end(),
                     [&](const AuthorityVariant& v) { return !v.source.starts_with("text:") && fits(v.name); });
}

AuthorityBuilder::AuthorityBuilder(std::vector<Authority> existing) : all_(std::move(existing)), original_(all_) {
  for (std::size_t i = 0; i < all_.size(); ++i) {
    by_id_[all_[i].id] = i;
    if (!all_[i].merged_into.empty()) continue;
    for (const std::string& external : all_[i].external_ids) by_external_[external] = i;
    index_names(i);
  }
}

void AuthorityBuilder::index_names(std::size_t index) {
  if (all_[index].kind != "person") {
    for (const std::string& spelling : all_[index].spellings()) {
      auto& list = by_spelling_[spelling_key(all_[index].kind, spelling)];
      if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
    }
    return;
  }
  for (const std::string& spelling : all_[index].spellings()) {
    for (const names::PersonName& reading : names::person_name_readings(spelling)) {
      std::string key = names::family_key(reading);
      if (key.empty()) continue;
      auto& list = by_family_[key];
      if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
    }
  }
}

Authority* AuthorityBuilder::find(const std::string& id) {
  auto it = by_id_.find(id);
  for (int hops = 0; it != by_id_.end() && hops < 16; ++hops) {
    if (all_[it->second].merged_into.empty()) return &all_[it->second];
    it = by_id_.find(all_[it->second].merged_into);
  }
  if (auto ext = by_external_.find(id); ext != by_external_.end()) return &all_[ext->second];
  return nullptr;
}

namespace {

// The years (four digits standing alone, 1500-2199) a persons list's
// identification of someone gives: "Secretary of State from 1953 until 1959".
std::vector<int> years_given(std::string_view text) {
  std::vector<int> years;
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
    if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4)) {
      continue;
    }
    const int year = std::stoi(std::string(text.substr(i, 4)));
    if (year >= 1500 && year < 2200) years.push_back(year);
    i += 3;
  }
  return years;
}

}  // namespace

// A source that speaks of years [from, to] can name a person born in `birth`
// and dead in `death` when the person was alive and grown then: a persons
// list names people holding office (the Dillon Anderson of 1955-1957 is not
// Stanton D. Anderson, born 1940). A later volume's list also names the dead
// by what they did when alive, and then speaks of those years: the John
// Foster Dulles of 1977-1980, "Secretary of State from 1953 until 1959", is
// the one who died in 1959.
bool AuthorityBuilder::dates_agree(const Authority& a, const SourceEntry& e) const {
  constexpr int kYearsBeforeOffice = 20;
  if (a.birth_year != 0 && e.birth_year != 0 && a.birth_year != e.birth_year) return false;
  if (a.death_year != 0 && e.death_year != 0 && a.death_year != e.death_year) return false;
  if (e.from_year != 0) {
    if (a.birth_year != 0 && e.to_year != 0 && e.to_year < a.birth_year + kYearsBeforeOffice) return false;
    if (a.death_year != 0 && e.from_year > a.death_year) {
      const std::vector<int> years = years_given(e.identification);
      const bool in_life = !years.empty() && std::all_of(years.begin(), years.end(), [&a](int year) {
        return year <= a.death_year && (a.birth_year == 0 || year >= a.birth_year + kYearsBeforeOffice);
      });
      if (!in_life) return false;
    }
  }
  return true;
}

std::vector<std::size_t> AuthorityBuilder::candidates(const SourceEntry& e) const {
  std::vector<std::size_t> found;
  if (e.kind != "person") {
    std::vector<std::string> spellings{e.name};
    spellings.insert(spellings.end(), e.variants.begin(), e.variants.end());
    for (const std::string& spelling : spellings) {
      auto it = by_spelling_.find(spelling_key(e.kind, spelling));
      if (it == by_spelling_.end()) continue;
      for (std::size_t i : it->second) {
        if (all_[i].merged_into.empty() && std::find(found.begin(), found.end(), i) == found.end()) found.push_back(i);
      }
    }
    return found;
  }
  const std::string volume = volume_of(e.external_id);
  for (const names::PersonName& reading : names::person_name_readings(e.name)) {
    auto it = by_family_.find(names::family_key(reading));
    if (it == by_family_.end()) continue;
    for (std::size_t i : it->second) {
      const Authority& a = all_[i];
      if (!a.merged_into.empty() || std::find(found.begin(), found.end(), i) != found.end()) continue;
      if (!dates_agree(a, e)) continue;
      // Two entries of one persons list, or two POCOM persons, are two people.
      bool same_list = std::any_of(a.external_ids.begin(), a.external_ids.end(), [&](const std::string& x) {
        return (!volume.empty() && volume_of(x) == volume) || (is_pocom(x) && is_pocom(e.external_id));
      });
      if (same_list) continue;
      bool compatible = false;
      for (const std::string& spelling : a.spellings()) {
        if (names::names_compatible(spelling, e.name)) {
          compatible = true;
          break;
        }
      }
      if (compatible) found.push_back(i);
    }
  }
  // Same spelling first, then the best documented.
  std::stable_sort(found.begin(), found.end(), [&](std::size_t x, std::size_t y) {
    const bool sx = all_[x].has_spelling(e.name);
    const bool sy = all_[y].has_spelling(e.name);
    if (sx != sy) return sx;
    return all_[x].external_ids.size() > all_[y].external_ids.size();
  });
  return found;
}

std::string AuthorityBuilder::add(const SourceEntry& entry) {
  if (!entry.external_id.empty()) {
    if (Authority* a = find(entry.external_id)) {
      apply(by_id_[a->id], entry);
      return a->id;
    }
  }
  // Another name a persons list gives one of its entries in the same item:
  // that person, whatever the two spellings.
  if (!entry.same_as.empty()) {
    if (Authority* a = find(entry.same_as)) {
      apply(by_id_[a->id], entry);
      return a->id;
    }
  }
  std::vector<std::size_t> found = candidates(entry);
  if (!found.empty()) {
    if (!entry.only_if_new) apply(found.front(), entry);
    return all_[found.front()].id;
  }
  return all_[create(entry)].id;
}

std::size_t AuthorityBuilder::create(const SourceEntry& entry) {
  Authority a;
  const std::string base = entry.kind == "person"
                               ? authority_slug("person", names::parse_person_name(entry.name).display())
                               : authority_slug(entry.kind, entry.name);
  a.id = base;
  a.kind = entry.kind;
  for (int n = 2; by_id_.contains(a.id); ++n) a.id = base + "-" + std::to_string(n);
  a.name = entry.name;
  all_.push_back(std::move(a));
  const std::size_t index = all_.size() - 1;
  by_id_[all_[index].id] = index;
  ++created_;
  apply(index, entry);
  return index;
}

void AuthorityBuilder::apply(std::size_t index, const SourceEntry& entry) {
  Authority& a = all_[index];
  // A person first named in another script (by a Russian record) takes the
  // Latin-script name of the first persons list that joins them: the reading
  // room, its citations and the id read so; the other script stays a variant.
  const bool latin_for_other_script = a.kind == "person" && !entry.external_id.empty() &&
                                      !is_pocom(entry.external_id) && in_other_script(a.name) &&
                                      !in_other_script(entry.name);
  if ((entry.authoritative || latin_for_other_script) &&
      !std::any_of(a.external_ids.begin(), a.external_ids.end(), is_pocom) && a.name != entry.name) {
    std::string previous = a.name;
    std::string previous_source;
    a.name = entry.name;
    // The old preferred name stays a variant, with the source it had (a
    // list's, else that of the spellings it came with).
    if (!a.external_ids.empty()) previous_source = volume_of(a.external_ids.front());
    if (previous_source.empty() && !a.variants.empty()) previous_source = a.variants.front().source;
    if (previous_source.empty()) previous_source = "import";
    if (latin_for_other_script) {
      // Kept as written even where it transliterates to the new name: its
      // script is what the record wrote.
      if (std::none_of(a.variants.begin(), a.variants.end(), [&](const AuthorityVariant& v) { return v.name == previous; })) {
        a.variants.push_back({previous, previous_source, {}});
      }
    } else {
      a.add_variant(previous, previous_source);
    }
    std::erase_if(a.variants, [&](const AuthorityVariant& v) { return v.name == entry.name; });
  }
  a.add_variant(entry.name, entry.source);
  for (const std::string& v : entry.variants) a.add_variant(v, entry.source);
  // Natural order of an inverted listing ("Imre Nagy") is a spelling too.
  if (a.kind == "person") {
    for (const std::string& v : names::name_variants(entry.name)) a.add_variant(v, entry.source);
  }
  a.add_external_id(entry.external_id);
  if (!entry.external_id.empty()) by_external_[entry.external_id] = index;
  if (entry.birth_year != 0 && a.birth_year == 0) a.birth_year = entry.birth_year;
  if (entry.death_year != 0 && a.death_year == 0) a.death_year = entry.death_year;
  if (!entry.identification.empty() && (a.identification.empty() || entry.authoritative)) {
    a.identification = entry.identification;
  }
  for (const AuthorityRole& role : entry.roles) {
    if (std::find(a.roles.begin(), a.roles.end(), role) == a.roles.end()) a.roles.push_back(role);
  }
  index_names(index);
}

std::vector<const Authority*> AuthorityBuilder::changed() const {
  std::vector<const Authority*> out;
  for (std::size_t i = 0; i < all_.size(); ++i) {
    if (i >= original_.size() || !(all_[i] == original_[i])) out.push_back(&all_[i]);
  }
  return out;
}

std::size_t AuthorityBuilder::live() const {
  return static_cast<std::size_t>(
      std::count_if(all_.begin(), all_.end(), [](const Authority& a) { return a.merged_into.empty(); }));
}

}  // namespace chancery
