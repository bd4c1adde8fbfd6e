#include "archive/names_directory.h"

#include <algorithm>
#include <map>
#include <cctype>
#include <array>
#include <nlohmann/json.hpp>

#include "archive/archive_impl.h"
#include "index/xapian_index.h"
#include "names/chinese_romanisation.h"
#include "names/name_key.h"
#include "names/place_names.h"
#include "store/sqlite_store.h"
#include "names/person_name.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

std::size_t word_count(std::string_view text) { return split_words(text).size(); }

// The word of `text` just before `begin`, spaces between; "" when
// punctuation or nothing comes first.
std::string_view word_before(std::string_view text, std::size_t begin) {
  std::size_t end = begin;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end == begin || end == 0) return {};
  std::size_t start = end;
  while (start > 0 && (std::isalpha(static_cast<unsigned char>(text[start - 1])) ||
                       static_cast<unsigned char>(text[start - 1]) >= 0x80 || text[start - 1] == '.')) {
    --start;
  }
  return text.substr(start, end - start);
}

// A word for an office that is also a family name ("Chancellor Adenauer",
// "the Marshal"): alone, the office.
bool is_office_word(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kOffices = {
      "chancellor", "premier",  "president", "minister", "secretary", "ambassador", "general", "marshal",
      "admiral",    "major",    "colonel",   "captain",  "governor",  "senator",    "king",    "queen",
      "prince",     "pope",     "bishop",    "consul",   "judge",     "chairman",   "director", "chief"};
  const std::string folded = names::fold_letters(word);
  return std::find(kOffices.begin(), kOffices.end(), folded) != kOffices.end();
}

// Whether every letter of `text` that has a case is a capital ASCII letter,
// with two letters at least ("COULD COVER", "KHRUSHCHEV").
bool in_capitals(std::string_view text) {
  std::size_t capitals = 0;
  for (unsigned char c : text) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 0x80) return false;   // another script, or a letter with a diacritic: not judged
    if (c >= 'A' && c <= 'Z') ++capitals;
  }
  return capitals >= 2;
}

// A person appears in records from this age on: a mention in a record
// written before then is someone else's.
constexpr int kYearsBeforeAnActor = 18;

// The volume of a source entry id: "frus1955-57v25/p_KNS1" -> "frus1955-57v25".
std::string volume_of(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(id.substr(0, slash));
}

}  // namespace

Result<void> bump_names_generation(Store& store) {
  auto current = store.get_meta(kNamesGenerationKey);
  if (!current) return std::unexpected(current.error());
  long long n = 0;
  if (*current) n = std::atoll((*current)->c_str());
  return store.set_meta(kNamesGenerationKey, std::to_string(n + 1));
}

Result<std::vector<Authority>> load_authorities(Store& store) {
  std::vector<Authority> out;
  Result<void> failure;
  auto walked = store.for_each(EntityKind::kAuthority, [&](const Revision& revision) {
    try {
      auto authority = authority_from_json(nlohmann::json::parse(revision.json));
      if (!authority) {
        failure = std::unexpected(authority.error());
        return false;
      }
      out.push_back(std::move(*authority));
      return true;
    } catch (const nlohmann::json::exception& e) {
      failure = fail(ErrorCode::kStorage, "authority " + revision.id + ": stored JSON is unreadable: " + e.what());
      return false;
    }
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());
  return out;
}

NameSnapshot::NameSnapshot(std::vector<Authority> authorities, std::unordered_set<std::string> common_words) {
  std::vector<names::NameVariant> variants;
  for (Authority& a : authorities) {
    if (!a.merged_into.empty()) {
      aliases_[a.id] = a.merged_into;
      continue;
    }
    live_.push_back(std::move(a));
  }
  // Chains of merges resolve to the end of the chain.
  for (auto& [from, to] : aliases_) {
    for (int hops = 0; hops < 16; ++hops) {
      auto next = aliases_.find(to);
      if (next == aliases_.end()) break;
      to = next->second;
    }
    merged_[to].push_back(from);
  }
  std::unordered_map<std::string, int> variant_word_uses;
  std::vector<names::NameVariant> named_variants;
  for (std::size_t i = 0; i < live_.size(); ++i) {
    const Authority& a = live_[i];
    by_id_[a.id] = i;
    if (a.kind != "person") {
      for (const std::string& external : a.external_ids) aliases_.emplace(external, a.id);
      for (const std::string& spelling : a.spellings()) {
        std::string folded = names::fold_letters(spelling);
        if (folded.empty()) continue;
        named_variants.push_back({a.id, spelling});
        // Its words two by two ("new york"): a person's name word there is the place's.
        const std::vector<Word> words = split_words(spelling);
        for (std::size_t w = 1; w < words.size(); ++w) {
          place_pairs_.insert(
              names::fold_letters(spelling.substr(words[w - 1].begin, words[w - 1].end - words[w - 1].begin)) + ' ' +
              names::fold_letters(spelling.substr(words[w].begin, words[w].end - words[w].begin)));
        }
        auto& list = by_spelling_[folded];
        if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
      }
      continue;
    }
    if (!a.external_ids.empty() && std::all_of(a.external_ids.begin(), a.external_ids.end(), [](const std::string& x) {
          return x.starts_with("pocom/");
        })) {
      pocom_only_.insert(a.id);
    }
    for (const std::string& external : a.external_ids) {
      aliases_.emplace(external, a.id);
      std::string volume = volume_of(external);
      if (!volume.empty()) volume_ids_[a.id].insert(volume);
    }
    std::unordered_set<std::string> families;
    for (const std::string& spelling : a.spellings()) {
      variants.push_back({a.id, spelling});
      for (const names::PersonName& reading : names::person_name_readings(spelling)) {
        std::string key = names::family_key(reading);
        if (key.empty()) continue;
        families.insert(key);
        for (const std::string& word : reading.family) {
          std::string word_key = names::word_key(word);
          if (word_key.empty()) continue;
          std::vector<std::string>& words = person_keys_[word_key];
          std::string folded = names::fold_letters(word);
          if (!folded.empty() && words.size() < kMaxFamilyWordsPerKey &&
              std::find(words.begin(), words.end(), folded) == words.end()) {
            words.push_back(std::move(folded));
          }
        }
      }
    }
    for (const std::string& key : families) by_family_[key].push_back(i);
    const std::string preferred_family = names::fold_letters(names::parse_person_name(a.name).family.empty()
                                                            ? a.name
                                                            : names::parse_person_name(a.name).family.back());
    for (const AuthorityVariant& v : a.variants) {
      if (word_count(v.name) != 1) continue;
      std::string folded = names::fold_letters(v.name);
      if (folded.empty() || folded == preferred_family) continue;
      // A spelling of the family name ("Malnasanu"), not another name of the
      // person (a list's cross-reference "Harlech, see Ormsby Gore").
      if (!names::spelled_alike(folded, preferred_family)) continue;
      if (variant_word_uses[folded]++ == 0) variant_words_[folded] = i;
    }
  }
  for (const auto& [word, uses] : variant_word_uses) {
    if (uses > 1) variant_words_.erase(word);
  }
  names::MentionFinderOptions options;
  options.common_words = std::move(common_words);
  finder_ = std::make_unique<names::MentionFinder>(variants, options);
  names::MentionFinderOptions named_options;
  named_options.family_name_alone = false;
  named_options.common_words = std::move(options.common_words);
  named_finder_ = std::make_unique<names::MentionFinder>(named_variants, std::move(named_options));
}

std::vector<const Authority*> NameSnapshot::find_named(std::string_view name) const {
  std::vector<const Authority*> out;
  auto it = by_spelling_.find(names::fold_letters(name));
  if (it == by_spelling_.end()) return out;
  for (std::size_t i : it->second) out.push_back(&live_[i]);
  std::sort(out.begin(), out.end(), [](const Authority* x, const Authority* y) { return x->id < y->id; });
  return out;
}

void NameSnapshot::scan_named(std::string_view field, std::size_t block, std::string_view text,
                              const std::vector<names::MentionToken>& tokens, std::vector<RecordMention>& out) const {
  if (text.empty()) return;
  for (const names::Mention& m : named_finder_->find(text, tokens)) {
    // Organisations and places are found by a recorded spelling, never by key alone.
    if (!m.exact_spelling || m.ids.empty()) continue;
    std::string_view written = text.substr(m.begin, m.end - m.begin);
    out.push_back({std::string(field), block, m.begin, m.end, std::string(written), m.ids, m.ids.size() == 1, true});
  }
}

std::vector<RecordMention> NameSnapshot::all_mentions(const Record& record) const {
  if (by_spelling_.empty()) return mentions(record);
  std::vector<RecordMention> out = collect_mentions(record, true);
  // In reading order: by field, block, position.
  auto rank = [](const std::string& field) {
    static constexpr std::array<std::string_view, 5> kOrder = {"title", "summary", "body", "notes", "people"};
    return std::find(kOrder.begin(), kOrder.end(), field) - kOrder.begin();
  };
  std::stable_sort(out.begin(), out.end(), [&](const RecordMention& a, const RecordMention& b) {
    if (a.field != b.field) return rank(a.field) < rank(b.field);
    if (a.block != b.block) return a.block < b.block;
    return a.begin < b.begin;
  });
  return out;
}


bool NameSnapshot::has_common_word(std::string_view text) const {
  const auto& common = finder_->common_words();
  if (common.empty()) return false;
  for (const Word& word : split_words(text)) {
    // An initial ("A." of "A. A. Epishev") is no word.
    const std::string folded = names::fold_letters(text.substr(word.begin, word.end - word.begin));
    if (folded.size() > 1 && common.contains(folded)) return true;
  }
  return false;
}

bool NameSnapshot::follows_place_word(std::string_view text, std::size_t begin, std::string_view word) const {
  if (place_pairs_.empty()) return false;
  const std::string_view before = word_before(text, begin);
  if (before.empty()) return false;
  return place_pairs_.contains(names::fold_letters(before) + ' ' + names::fold_letters(word));
}

bool NameSnapshot::after_place_preposition(std::string_view text, std::size_t begin, std::size_t end) {
  // Not "of", "to" or "toward", which come before people as often ("the
  // overthrow of Castro"), nor before a possessive ("in Castro's speech").
  static constexpr std::array<std::string_view, 9> kPrepositions = {"in",     "into",   "within",  "throughout", "across",
                                                                     "inside", "outside", "near", "via"};
  const std::string_view after = text.substr(end);
  if (after.starts_with("'s") || after.starts_with("\xE2\x80\x99s")) return false;
  const std::string_view before = word_before(text, begin);
  return std::find(kPrepositions.begin(), kPrepositions.end(), before) != kPrepositions.end();
}

const Authority* NameSnapshot::resolve(std::string_view id) const {
  std::string key(id);
  if (auto it = aliases_.find(key); it != aliases_.end()) key = it->second;
  auto it = by_id_.find(key);
  return it == by_id_.end() ? nullptr : &live_[it->second];
}

std::vector<std::string> NameSnapshot::merged_ids(const std::string& id) const {
  auto it = merged_.find(id);
  return it == merged_.end() ? std::vector<std::string>{} : it->second;
}

void NameSnapshot::prepare_readings() const {
  readings_.resize(live_.size());
  for (std::size_t i = 0; i < live_.size(); ++i) {
    if (live_[i].kind != "person") continue;
    for (const std::string& spelling : live_[i].spellings()) {
      for (const names::PersonName& reading : names::person_name_readings(spelling)) {
        names::PreparedName prepared = names::prepare_name(reading);
        if (!prepared.family_key.empty()) readings_[i].push_back(std::move(prepared));
      }
    }
  }
}

std::vector<const Authority*> NameSnapshot::find(std::string_view name) const {
  // Prepared on the first lookup, not when the snapshot is built: imports
  // rebuild it and never look a name up.
  std::call_once(readings_once_, [this] { prepare_readings(); });
  // The name's readings in order, the way it is written first: a later
  // reading ("Carmichael" as a forename of a family name "William") is tried
  // only when no authority fits an earlier one, so "William Carmichael" is
  // not every William with a forename or initial that may stand for it.
  std::vector<std::pair<int, const Authority*>> ranked;
  for (const names::PersonName& reading : names::person_name_readings(name)) {
    const names::PreparedName query = names::prepare_name(reading);
    auto it = by_family_.find(query.family_key);
    if (it == by_family_.end()) continue;
    std::vector<std::size_t> candidates = it->second;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t i : candidates) {
      const Authority& a = live_[i];
      // The readings of its spellings, prepared by the first lookup.
      const bool compatible = std::any_of(readings_[i].begin(), readings_[i].end(),
                                          [&](const names::PreparedName& r) { return names::names_compatible(r, query); });
      if (compatible) ranked.emplace_back(a.has_spelling(name) ? -1 : 0, &a);
    }
    if (!ranked.empty()) break;
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second->id < y.second->id;
  });
  std::vector<const Authority*> out;
  for (const auto& [rank, a] : ranked) out.push_back(a);
  return out;
}

void NameSnapshot::scan(const Record& record, const std::vector<std::string>& tagged, std::string_view field,
                        std::size_t block, std::string_view text, const std::vector<names::MentionToken>& tokens,
                        std::vector<RecordMention>& out) const {
  if (text.empty()) return;
  const std::string volume = record.collections.empty() ? std::string() : record.collections.front();
  const int record_year = record.date.from.known() ? record.date.from.year : 0;
  for (const names::Mention& m : finder_->find(text, tokens)) {
    std::string_view written = text.substr(m.begin, m.end - m.begin);
    // One word matched by its key alone ("Korea" for Korry) is too weak to
    // keep; so are words in capitals throughout (a cable's text) matched by
    // key alone: "COULD COVER" is not Herbert C. Hoover.
    // Nor, matched by key alone, a list that reads as a name inverted
    // ("Ecuador, Brazil" is not E. Brazeal), nor words of which one is a
    // common lower-case word of the archive ("S. With" is not C. G. De Witt,
    // "If Brazil" not A. E. Brazeal).
    if (!m.exact_spelling &&
        (word_count(written) < 2 || in_capitals(written) || written.find(',') != std::string_view::npos ||
         has_common_word(written))) {
      continue;
    }
    RecordMention mention{std::string(field), block, m.begin, m.end, std::string(written), m.ids, false,
                          m.exact_spelling};
    if (word_count(written) == 1) {
      // A lone word is a weak sign: not for very short names ("Nu", "Eu"), and
      // not for people only POCOM knows, whose surnames are often places or
      // words ("Washington", "March"); they need a forename in the text.
      if (written.size() <= 2) continue;
      // Nor within the name of a known place or organisation: "York" of "New
      // York" is not Herbert York; nor such a name itself ("Jordan", the
      // country, is not Amos Jordan), nor a title ("the Chancellor" is not
      // John Chancellor).
      if (follows_place_word(text, m.begin, written)) continue;
      if (by_spelling_.contains(names::fold_letters(written)) || is_office_word(written)) continue;
      // Nor the end of a hyphened name ("Trans-Jordan"), nor a word a
      // preposition of place comes before ("in Lincoln", "via Houston"), nor,
      // without a title before it ("Mr. Jordan"), a country's name.
      if (m.begin >= 2 && text[m.begin - 1] == '-' && std::isalpha(static_cast<unsigned char>(text[m.begin - 2]))) {
        std::size_t start = m.begin - 2;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
        if (std::isupper(static_cast<unsigned char>(text[start]))) continue;   // "anti-Castro" is about Castro
      }
      if (after_place_preposition(text, m.begin, m.end)) continue;
      if (names::is_country_name(written) && !names::is_name_title(word_before(text, m.begin))) continue;
      std::erase_if(mention.ids, [this](const std::string& id) { return pocom_only_.contains(id); });
      if (mention.ids.empty()) continue;
    }
    // Nor a person not yet grown when the record was written: "Consul Ray"
    // in 1919 is not Charles Ray, born 1942, nor "Thompson" in 1918
    // Llewellyn E. Thompson, born 1904.
    // A namesake left alone so is no more than likely: ruling the others out
    // does not say the name is his ("George" in 1918, the others born later,
    // may be Lloyd George), unless the record or its volume lists him.
    bool doubtful = false;
    if (record_year != 0) {
      const std::size_t candidates = mention.ids.size();
      std::erase_if(mention.ids, [this, record_year](const std::string& id) {
        const Authority* a = resolve(id);
        return a != nullptr && a->birth_year != 0 && record_year < a->birth_year + kYearsBeforeAnActor;
      });
      if (mention.ids.empty()) continue;
      doubtful = candidates > 1 && mention.ids.size() < candidates;
    }
    if (mention.ids.size() > 1 || doubtful) {
      // The record's own tagging decides between namesakes: "President-elect
      // Kennedy" in a document whose people list names Kennedy, John F. by
      // his persons-list id is he, not Robert F. of the same list.
      std::vector<std::string> own;
      for (const std::string& id : mention.ids) {
        if (std::find(tagged.begin(), tagged.end(), id) != tagged.end()) own.push_back(id);
      }
      if (own.size() == 1) {
        mention.ids = std::move(own);
        doubtful = false;
      }
    }
    if ((mention.ids.size() > 1 || doubtful) && !volume.empty()) {
      // Then the record's own volume's persons list: its namesakes, when it
      // lists any of them (the Kennedys of a volume, not every Kennedy).
      std::vector<std::string> local;
      for (const std::string& id : mention.ids) {
        auto it = volume_ids_.find(id);
        if (it != volume_ids_.end() && it->second.contains(volume)) local.push_back(id);
      }
      if (local.size() == 1) doubtful = false;
      if (!local.empty()) mention.ids = std::move(local);
    }
    mention.certain = mention.ids.size() == 1 && !doubtful;
    out.push_back(std::move(mention));
  }
}

std::vector<RecordMention> NameSnapshot::mentions(const Record& record) const { return collect_mentions(record, false); }

std::vector<RecordMention> NameSnapshot::collect_mentions(const Record& record, bool named) const {
  std::vector<RecordMention> out;
  // The authorities the record's people list names by id.
  std::vector<std::string> tagged;
  for (const NameRef& ref : record.people) {
    if (ref.id.empty()) continue;
    if (const Authority* a = resolve(ref.id)) tagged.push_back(a->id);
  }
  // The people's names first, then (with `named`) the other names, which the
  // caller puts in reading order; in a text both finders read the same words.
  std::vector<RecordMention> others;
  const bool any_names = finder_->pattern_count() > 0 || (named && named_finder_->pattern_count() > 0);
  auto text = [&](std::string_view field, std::size_t block, std::string_view written) {
    if (written.empty() || !any_names) return;
    const std::vector<names::MentionToken> tokens = names::mention_tokens(written);
    scan(record, tagged, field, block, written, tokens, out);
    if (named) scan_named(field, block, written, tokens, others);
  };
  text("title", 0, record.title);
  text("summary", 0, record.summary);
  for (std::size_t i = 0; i < record.body.size(); ++i) {
    if (record.body[i].kind != BlockKind::kPageBreak) text("body", i, record.body[i].text);
  }
  for (std::size_t i = 0; i < record.notes.size(); ++i) text("notes", i, record.notes[i].text);
  for (std::size_t i = 0; i < record.people.size(); ++i) {
    const NameRef& ref = record.people[i];
    std::vector<std::string> ids;
    if (!ref.id.empty()) {
      if (const Authority* a = resolve(ref.id)) ids.push_back(a->id);
    } else {
      for (const Authority* a : find(ref.name)) ids.push_back(a->id);
    }
    if (ids.empty()) continue;
    out.push_back({"people", i, 0, ref.name.size(), ref.name, ids, ids.size() == 1, true});
  }
  out.insert(out.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
  return out;
}

std::vector<LinkedName> NameSnapshot::linked_names(const Record& record) const {
  std::vector<LinkedName> out;
  for (RecordMention& m : mentions(record)) {
    LinkedName linked;
    linked.certain = m.certain;
    if (m.certain) {
      if (const Authority* a = resolve(m.ids.front())) linked.preferred = a->name;
    }
    if (m.field == "people") linked.person = static_cast<int>(m.block);
    linked.ids = std::move(m.ids);
    linked.text = std::move(m.text);
    out.push_back(std::move(linked));
  }
  return out;
}

std::vector<std::string> NameSnapshot::person_ids(std::string_view value) const {
  std::vector<const Authority*> found;
  if (const Authority* a = resolve(value)) {
    found.push_back(a);
  } else if (value.find('/') == std::string_view::npos) {
    found = find(value);
  }
  std::vector<std::string> ids;
  for (const Authority* a : found) {
    ids.push_back(a->id);
    for (const std::string& merged : merged_ids(a->id)) ids.push_back(merged);
  }
  return ids;
}

bool NameSnapshot::is_person_key(std::string_view key) const { return person_keys_.contains(std::string(key)); }

bool NameSnapshot::key_names_another(std::string_view key, std::string_view word) const {
  auto found = person_keys_.find(std::string(key));
  return found != person_keys_.end() && names::key_names_another(word, found->second);
}

std::vector<std::string> NameSnapshot::common_words_among(const std::vector<std::string>& words) const {
  std::vector<std::string> out;
  for (const std::string& word : words) {
    if (finder_->common_words().contains(word)) out.push_back(word);
  }
  return out;
}

std::vector<std::string> NameSnapshot::family_words_among(const std::vector<std::string>& words) const {
  std::vector<std::string> out;
  for (const std::string& word : words) {
    auto found = person_keys_.find(names::word_key(word));
    if (found == person_keys_.end()) continue;
    if (std::find(found->second.begin(), found->second.end(), names::fold_letters(word)) != found->second.end()) {
      out.push_back(word);
    }
  }
  return out;
}

std::string NameSnapshot::preferred_for_variant(std::string_view word) const {
  auto it = variant_words_.find(names::fold_letters(word));
  return it == variant_words_.end() ? std::string() : live_[it->second].name;
}

std::shared_ptr<const NameSnapshot> NameDirectory::snapshot(std::optional<std::int64_t> store_version) {
  std::lock_guard lock(mutex_);
  auto empty = [this] {
    if (!snapshot_) snapshot_ = std::make_shared<NameSnapshot>(std::vector<Authority>{}, std::unordered_set<std::string>{});
    return snapshot_;
  };
  // The caller's version, read before this call: unchanged since the
  // generation was last read, so is the generation (a document page saves
  // a statement on the directory's connection).
  if (snapshot_ && store_version && store_version == generation_known_at_) return snapshot_;
  if (store_locked() == nullptr) return empty();
  Store& store = *store_;
  // A commit version is cheaper to read than the generation (a page asks
  // for every request), and tells of commits on other connections only.
  std::optional<std::int64_t> version;
  if (owned_store_) {
    if (auto v = store.commit_version()) version = *v;
  }
  if (snapshot_ && version && version == generation_checked_at_) {
    generation_known_at_ = store_version;
    return snapshot_;
  }
  auto generation = store.get_meta(kNamesGenerationKey);
  std::string current = generation && *generation ? **generation : std::string();
  if (snapshot_ && current == generation_) {
    if (generation) {
      generation_checked_at_ = version;
      generation_known_at_ = store_version;
    }
    return snapshot_;
  }
  auto authorities = load_authorities(store);
  if (!authorities) return empty();
  std::unordered_set<std::string> common;
  if (auto lexicon = store.get_meta(kNamesLexiconKey); lexicon && *lexicon) {
    for (const Word& word : split_words(**lexicon)) common.insert((**lexicon).substr(word.begin, word.end - word.begin));
  }
  snapshot_ = std::make_shared<NameSnapshot>(std::move(*authorities), std::move(common));
  generation_ = current;
  generation_checked_at_ = generation ? version : std::nullopt;
  generation_known_at_ = generation ? store_version : std::nullopt;
  return snapshot_;
}

Store* NameDirectory::store_locked() {
  if (store_ == nullptr) {
    auto opened = open_store(store_location_, /*read_only=*/true);
    if (!opened) return nullptr;
    owned_store_ = std::move(*opened);
    store_ = owned_store_.get();
  }
  return store_;
}

std::shared_ptr<const ListedPersons> NameDirectory::listed_persons() {
  std::lock_guard lock(mutex_);
  auto previous = [this] {
    if (!listed_) listed_ = std::make_shared<ListedPersons>(std::vector<Person>{});
    return listed_;
  };
  Store* store = store_locked();
  if (store == nullptr) return previous();
  auto seq = store->last_seq();
  if (!seq) return previous();
  if (listed_ && *seq == listed_seq_) return listed_;
  auto persons = load_listed_persons(*store);
  if (!persons) return previous();
  listed_ = std::make_shared<ListedPersons>(*persons);
  listed_seq_ = *seq;
  return listed_;
}

namespace {

// The printed indexes' spellings and headings (IndexSpellings, with its
// IndexedHeadings) of the store at `location` while its indexes have
// `signature`, made once for the process: the server's workers each have a
// directory, and each made its own (30-75 ms at start for the FRUS volumes,
// and a copy in memory per worker). Kept while some directory holds them;
// `make` runs under the lock, so two workers starting together make them once.
template <typename Make>
std::shared_ptr<const IndexSpellings> shared_index_spellings(const std::string& location,
                                                             const std::string& signature, Make make) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const IndexSpellings>> made;
  const std::string key = location + '\0' + signature;
  std::lock_guard lock(mutex);
  if (auto found = made.find(key); found != made.end()) {
    if (auto kept = found->second.lock()) return kept;
  }
  std::shared_ptr<const IndexSpellings> now = make();
  std::erase_if(made, [](const auto& entry) { return entry.second.expired(); });
  if (now) made[key] = now;
  return now;
}

}  // namespace

std::shared_ptr<const IndexSpellings> NameDirectory::index_spellings() {
  std::lock_guard lock(mutex_);
  auto previous = [this] {
    if (!spellings_) spellings_ = std::make_shared<IndexSpellings>();
    return spellings_;
  };
  Store* store = store_locked();
  if (store == nullptr) return previous();
  auto seq = store->last_seq();
  if (!seq) return previous();
  if (spellings_ && *seq == spellings_seq_) return spellings_;
  // Most changes (records, annotations, names) leave the indexes as they were.
  auto signature = printed_indexes_signature(*store);
  if (!signature) return previous();
  if (!spellings_ || *signature != spellings_signature_) {
    auto make = [store]() -> std::shared_ptr<const IndexSpellings> {
      auto indexes = load_printed_indexes(*store);
      if (!indexes) return nullptr;
      return std::make_shared<const IndexSpellings>(*indexes);
    };
    // A directory over a store location (each of the server's workers has
    // one) shares them with the process's other directories over it.
    std::shared_ptr<const IndexSpellings> made =
        store_location_.empty() ? make() : shared_index_spellings(store_location_, *signature, make);
    if (!made) return previous();
    spellings_ = std::move(made);
    spellings_signature_ = std::move(*signature);
  }
  spellings_seq_ = *seq;
  return spellings_;
}

namespace {

// The view `pinned` holds, else the one `make` reads (outside the lock: it
// may read the store), pinned unless another caller pinned one meanwhile.
template <typename T, typename Make>
std::shared_ptr<const T> pin(std::mutex& mutex, std::shared_ptr<const T>& pinned, Make make) {
  {
    std::lock_guard lock(mutex);
    if (pinned) return pinned;
  }
  std::shared_ptr<const T> now = make();
  std::lock_guard lock(mutex);
  if (!pinned) pinned = std::move(now);
  return pinned;
}

}  // namespace

std::shared_ptr<const IndexSpellings> NameDirectory::pinned_index_spellings() {
  return pin(pinned_mutex_, pinned_spellings_, [this] { return index_spellings(); });
}

std::shared_ptr<const NameSnapshot> NameDirectory::pinned_snapshot() {
  return pin(pinned_mutex_, pinned_snapshot_, [this] { return snapshot(); });
}

std::shared_ptr<const ListedPersons> NameDirectory::pinned_listed_persons() {
  {
    std::lock_guard lock(pinned_mutex_);
    listed_asked_ = true;
    if (pinned_listed_) return pinned_listed_;
  }
  std::shared_ptr<const ListedPersons> now = listed_persons();
  std::lock_guard lock(pinned_mutex_);
  if (!pinned_listed_) pinned_listed_ = std::move(now);
  return pinned_listed_;
}

void NameDirectory::refresh() {
  bool listed_asked = false;
  {
    std::lock_guard lock(pinned_mutex_);
    listed_asked = listed_asked_;
    listed_asked_ = false;
  }
  std::shared_ptr<const NameSnapshot> names = snapshot();
  // Lists nobody asked for are dropped: the next ask loads them afresh.
  std::shared_ptr<const ListedPersons> listed = listed_asked ? listed_persons() : nullptr;
  std::lock_guard lock(pinned_mutex_);
  pinned_snapshot_ = std::move(names);
  pinned_listed_ = std::move(listed);
  pinned_spellings_ = nullptr;   // checked again when next asked
}

std::shared_ptr<NameDirectory> archive_name_directory(const std::filesystem::path& archive_dir) {
  return std::make_shared<NameDirectory>(archive_store_location(archive_dir));
}

NameHooks name_hooks(std::shared_ptr<NameDirectory> directory, NameChecks checks) {
  const bool pinned = checks == NameChecks::kOnRefresh;
  auto snapshot = [directory, pinned] { return pinned ? directory->pinned_snapshot() : directory->snapshot(); };
  auto lists = [directory, pinned] { return pinned ? directory->pinned_listed_persons() : directory->listed_persons(); };
  NameHooks hooks;
  hooks.word_key = [](std::string_view word) { return names::word_key(word); };
  hooks.variants = [](std::string_view name) { return names::name_variants(name); };
  hooks.linked_names = [directory](const Record& record) { return directory->snapshot()->linked_names(record); };
  hooks.person_ids = [snapshot](std::string_view value) { return snapshot()->person_ids(value); };
  hooks.is_person_key = [snapshot](std::string_view key) { return snapshot()->is_person_key(key); };
  hooks.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  hooks.same_name_words = [](std::string_view word, std::vector<std::string> spellings, std::size_t limit) {
    return names::same_name_words(word, std::move(spellings), limit);
  };
  hooks.key_names_another = [snapshot](std::string_view key, std::string_view word) {
    return snapshot()->key_names_another(key, word);
  };
  hooks.common_words_among = [snapshot](const std::vector<std::string>& words) {
    return snapshot()->common_words_among(words);
  };
  auto spellings = [directory, pinned] { return pinned ? directory->pinned_index_spellings() : directory->index_spellings(); };
  // Its other romanisation and names in other languages, then the spellings
  // the printed indexes give ("Soekarno" -> "Sukarno").
  hooks.word_in_other_system = [spellings](std::string_view word) {
    std::vector<std::string> out = names::word_elsewhere(word);
    for (std::string& other : spellings()->of(word)) {
      if (std::find(out.begin(), out.end(), other) == out.end()) out.push_back(std::move(other));
    }
    return out;
  };
  hooks.indexed_records = [spellings](std::string_view value, std::size_t limit) {
    return spellings()->headings().records(value, limit);
  };
  hooks.family_words_among = [snapshot](const std::vector<std::string>& words) {
    return snapshot()->family_words_among(words);
  };
  hooks.preferred_for_variant = [snapshot](std::string_view word) { return snapshot()->preferred_for_variant(word); };
  hooks.listed_family_name = [lists](std::string_view name) { return lists()->family_name(name); };
  if (pinned) hooks.refresh = [directory] { directory->refresh(); };
  hooks.load = [snapshot, spellings] {
    (void)snapshot();
    (void)spellings();
    // The tables of place and country names, made once per process.
    (void)names::is_place_name("Peking");
    (void)names::is_country_name("Peking");
  };
  return hooks;
}

Result<std::unique_ptr<SearchIndex>> open_index_with_names(const std::filesystem::path& index_dir, bool writable,
                                                            const std::string& store_location, bool related_ahead) {
  XapianIndexOptions options;
  options.related_ahead = related_ahead && !writable;
  options.names = name_hooks(std::make_shared<NameDirectory>(store_location),
                             writable ? NameChecks::kEveryLookup : NameChecks::kOnRefresh);
  return open_xapian_index(index_dir, writable, std::move(options));
}

}  // namespace chancery
