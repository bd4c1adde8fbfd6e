#include "index/document_builder.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <set>
#include <tuple>

#include "index/facets.h"
#include "index/index_terms.h"
#include "index/language.h"
#include "index/snippets.h"
#include "index/word_pairs.h"
#include "util/text_fold.h"

namespace chancery {
namespace {

namespace t = index_terms;

// Snippets look at no more than the first 64 KiB of the text (snippets.cc),
// so storing more only costs compression at import and inflation per hit.
constexpr std::size_t kMaxStoredTextBytes = 64 * 1024;
constexpr std::size_t kMinSpellingBytes = 3;
constexpr std::size_t kMaxSpellingBytes = 32;
// Words a builder remembers having given a stem group; beyond this it starts
// again (the groups are sets: giving a word twice is harmless).
constexpr std::size_t kMaxSeenWords = 1 << 20;
// Names whose variants a builder remembers; beyond this it starts again.
constexpr std::size_t kMaxMemoNames = 1 << 16;

void put_netstring(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

bool take_netstring(std::string_view& in, std::string& out) {
  std::size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::size_t size = 0;
  auto [ptr, ec] = std::from_chars(in.data(), in.data() + colon, size);
  if (ec != std::errc() || ptr != in.data() + colon || size > in.size() - colon - 1) return false;
  out.assign(in.substr(colon + 1, size));
  in.remove_prefix(colon + 1 + size);
  return true;
}

std::string_view cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string date_text(const DateSpan& span) {
  if (!span.known()) return {};
  std::string out = span.from.iso();
  if (span.to.known() && span.to != span.from) out += "/" + span.to.iso();
  return out;
}

std::string join_prefix(std::string_view prefix, std::string_view word) {
  std::string term;
  term.reserve(prefix.size() + word.size());
  term += prefix;
  term += word;
  return term;
}

}  // namespace

std::string encode_stored_hit(const StoredHit& hit) {
  std::string out;
  out.reserve(hit.id.size() + hit.title.size() + hit.date.size() + hit.text.size() + 24);
  put_netstring(out, hit.id);
  put_netstring(out, hit.title);
  put_netstring(out, hit.date);
  put_netstring(out, hit.text);
  if (hit.collection) put_netstring(out, *hit.collection);
  return out;
}

std::optional<StoredHit> decode_stored_hit(std::string_view data) {
  StoredHit hit;
  if (!take_netstring(data, hit.id) || !take_netstring(data, hit.title) ||
      !take_netstring(data, hit.date) || !take_netstring(data, hit.text)) {
    return std::nullopt;
  }
  if (data.empty()) return hit;   // written before the collection was kept
  std::string collection;
  if (!take_netstring(data, collection) || !data.empty()) return std::nullopt;
  hit.collection = std::move(collection);
  return hit;
}

bool has_text_of_its_own(const Record& record) {
  if (!record.summary.empty()) return true;
  return std::any_of(record.body.begin(), record.body.end(), [](const Block& block) {
    return block.kind != BlockKind::kPageBreak && !block.text.empty();
  });
}

std::string snippet_source_text(const Record& record) {
  std::string text = record.summary;
  for (const Block& block : record.body) {
    if (block.kind == BlockKind::kPageBreak || block.text.empty()) continue;
    if (!text.empty()) text += '\n';
    text += block.text;
    if (text.size() >= kMaxStoredTextBytes) break;
  }
  if (text.empty()) {
    for (const Note& note : record.notes) {
      if (!text.empty()) text += '\n';
      text += note.text;
    }
  }
  return std::string(cut_utf8(text, kMaxStoredTextBytes));
}

// Per-record state while building one document.
struct DocumentBuilder::State {
  Xapian::Document doc;
  const Xapian::Stem* stem = nullptr;
  const Xapian::Stem* cyrillic_stem = nullptr;
  Xapian::termpos pos = 0;
  // Positions [first, last] of the text of fields kept out of the spelling
  // table (citations, sources, name variants...): a word counts as a spelling
  // when it occurs anywhere else.
  std::vector<std::pair<Xapian::termpos, Xapian::termpos>> unspelled;
  std::set<std::string> stemmers;
  std::vector<std::pair<std::string, std::string>> synonym_groups;
};

DocumentBuilder::DocumentBuilder(NameHooks names) : names_(std::move(names)), seen_words_(kMaxSeenWords) {}

const Xapian::Stem& DocumentBuilder::stemmer(const std::string& name) {
  auto it = stemmers_.find(name);
  if (it == stemmers_.end()) it = stemmers_.emplace(name, Xapian::Stem(name)).first;
  return it->second;
}

void DocumentBuilder::add_text(State& state, std::string_view text,
                               std::initializer_list<std::string_view> prefixes, bool spell,
                               bool name_words) {
  if (text.empty()) return;
  split_words(text, words_);
  std::string joined;   // the hyphenated chain so far, parts concatenated
  int joined_parts = 0;
  const Xapian::termpos first_pos = state.pos + 1;
  // Word pairs (word_pairs.h) of the unprefixed copy: the previous word when
  // it was common, and its position.
  const bool unprefixed = std::find(prefixes.begin(), prefixes.end(), std::string_view()) != prefixes.end();
  CommonWord previous_common;
  Xapian::termpos previous_pos = 0;
  auto flush_joined = [&] {
    if (joined_parts >= 2 && joined.size() <= t::kMaxWordBytes) {
      for (std::string_view prefix : prefixes) state.doc.add_term(join_prefix(prefix, joined));
    }
    joined.clear();
    joined_parts = 0;
  };
  for (const Word& word : words_) {
    if (!word.hyphen_joined) flush_joined();
    ++state.pos;
    std::string key = folded_word(text, word);
    if (key.empty() || key.size() > t::kMaxWordBytes) continue;
    std::string latin;
    if (!is_ascii(key)) {
      latin = latin_key(text.substr(word.begin, word.end - word.begin));
      if (starts_cyrillic(key)) state.stemmers.insert("russian");
    }
    if (unprefixed) {
      const CommonWord common = latin.empty() ? common_word(key) : CommonWord{};
      if (makes_pair(previous_common, common) && previous_pos + 1 == state.pos) {
        state.doc.add_boolean_term(word_pair_term(previous_common.word, common.word));
      }
      previous_common = common;
      previous_pos = state.pos;
    }
    for (std::string_view prefix : prefixes) {
      if (prefix.empty()) {   // no copy of the word
        state.doc.add_posting(key, state.pos);
        if (!latin.empty()) state.doc.add_posting(latin, state.pos);
        continue;
      }
      state.doc.add_posting(join_prefix(prefix, key), state.pos);
      if (!latin.empty()) state.doc.add_posting(join_prefix(prefix, latin), state.pos);
    }
    if (name_words && names_.word_key) {
      std::string name_key = names_.word_key(text.substr(word.begin, word.end - word.begin));
      if (!name_key.empty() && name_key.size() <= t::kMaxWordBytes) {
        note_name_key(state, join_prefix(t::kNameKey, name_key), key);
      }
    }
    joined += key;
    ++joined_parts;
  }
  flush_joined();
  if (!spell && state.pos >= first_pos) state.unspelled.emplace_back(first_pos, state.pos);
  state.pos += t::kFieldGap;
}

// Stems are not indexed per document: a stem group (synonym key "Z" + stem ->
// the words with that stem) is recorded once per word, the first time this
// builder meets the word, and queries expand a word to its group.
void DocumentBuilder::note_stem(State& state, const Xapian::Stem& stem, const std::string& key) {
  // A fingerprint shared by two words (FingerprintSet: below 3e-8 at a
  // million) would leave the second word's group to the next import.
  if (!seen_words_.insert(key, reinterpret_cast<std::uintptr_t>(&stem))) return;
  std::string stemmed = stem(key);
  if (stemmed.empty() || t::kStemPrefix.size() + stemmed.size() > t::kMaxTermBytes) return;
  state.synonym_groups.emplace_back(join_prefix(t::kStemPrefix, stemmed), key);
}

namespace {
// Its address salts the fingerprints of name words given a name-key group,
// as a stemmer's address salts those of words given a stem group.
const char kNameKeySalt = 0;
}  // namespace

void DocumentBuilder::note_name_key(State& state, const std::string& key_term, const std::string& word) {
  state.doc.add_term(key_term);
  if (word.empty() || word.size() > t::kMaxWordBytes) return;
  if (!seen_words_.insert(word, reinterpret_cast<std::uintptr_t>(&kNameKeySalt))) return;
  state.synonym_groups.emplace_back(key_term, word);
}

void DocumentBuilder::forget_seen_words() { seen_words_.clear(); }

void DocumentBuilder::add_name(State& state, std::string_view name, std::string_view prefix) {
  add_text(state, name, {"", prefix}, true, true);
  if (!names_.variants || name.empty()) return;
  std::string key(name);
  auto memo = variants_memo_.find(key);
  if (memo == variants_memo_.end()) {
    if (variants_memo_.size() >= kMaxMemoNames) variants_memo_.clear();
    memo = variants_memo_.emplace(std::move(key), names_.variants(name)).first;
  }
  for (const std::string& variant : memo->second) {
    add_text(state, variant, {"", prefix}, false, true);
  }
}

void DocumentBuilder::add_linked_names(State& state, const std::vector<LinkedName>& linked) {
  std::set<std::string> preferred;
  for (const LinkedName& name : linked) {
    std::string_view prefix = name.certain ? t::kLinkedPerson : t::kCandidatePerson;
    for (const std::string& id : name.ids) {
      if (!id.empty() && prefix.size() + id.size() <= t::kMaxTermBytes) state.doc.add_boolean_term(join_prefix(prefix, id));
    }
    if (names_.word_key) {
      for (const Word& word : split_words(name.text)) {
        std::string key = names_.word_key(std::string_view(name.text).substr(word.begin, word.end - word.begin));
        if (!key.empty() && key.size() <= t::kMaxWordBytes) {
          note_name_key(state, join_prefix(t::kNameKey, key), folded_word(name.text, word));
        }
      }
    }
    if (name.certain && !name.preferred.empty()) preferred.insert(name.preferred);
  }
  // The preferred names of the people mentioned count as person-field words,
  // so person:Khrushchev finds a document that only says "Chruschtschow".
  for (const std::string& name : preferred) add_text(state, name, {t::kPerson}, false, true);
}

BuiltDocument DocumentBuilder::build(const Record& record, const std::vector<std::string>& editorial) {
  State state;
  const std::string stem_name = record_stemmer(record);
  state.stem = &stemmer(stem_name);
  state.cyrillic_stem = &stemmer("russian");
  state.stemmers.insert(stem_name);

  BuiltDocument built;
  built.id_term = join_prefix(t::kIdPrefix, record.id);
  state.doc.add_boolean_term(built.id_term);

  add_text(state, record.title, {"", t::kTitle}, true);
  add_text(state, record.summary, {""}, true);
  for (const Block& block : record.body) {
    if (block.kind != BlockKind::kPageBreak) add_text(state, block.text, {""}, true);
  }
  for (const Note& note : record.notes) add_text(state, note.text, {""}, true);
  for (const NameRef& person : record.people) add_name(state, person.name, t::kPerson);
  for (const NameRef& org : record.organisations) add_name(state, org.name, t::kPerson);
  for (const NameRef& place : record.places) add_name(state, place.name, t::kPlace);
  add_name(state, record.place, t::kPlace);
  add_name(state, record.sender, t::kSender);
  add_name(state, record.recipient, t::kRecipient);
  add_name(state, record.author, t::kAuthor);
  std::vector<LinkedName> linked;
  if (names_.linked_names) linked = names_.linked_names(record);
  add_linked_names(state, linked);
  for (const std::string& subject : record.subjects) add_text(state, subject, {"", t::kSubject}, true);
  const std::string& archive = record.archive.empty() ? record.citation.archive : record.archive;
  add_text(state, archive, {"", t::kArchive}, false);
  if (!record.citation.as_written.empty()) {
    add_text(state, record.citation.as_written, {""}, false);
  } else {
    add_text(state, record.citation.title, {""}, false);
    add_text(state, record.citation.reference, {""}, false);
    add_text(state, record.citation.compiler, {""}, false);
    add_text(state, record.citation.translator, {""}, false);
  }
  for (const std::string& language : record.languages) add_text(state, language, {t::kLanguage}, false);
  add_text(state, record.record_type, {t::kType}, false);
  add_text(state, record.classification, {""}, false);
  add_text(state, record.source, {""}, false);
  add_text(state, record.credits, {""}, false);
  for (const std::string& text : editorial) add_text(state, text, {""}, false);

  FacetValueSet facets;
  if (record.date.known()) {
    const std::int64_t first = record.date.first_day();
    const std::int64_t last = std::max(first, record.date.last_day());
    state.doc.add_value(t::kFirstDaySlot, Xapian::sortable_serialise(static_cast<double>(first)));
    state.doc.add_value(t::kLastDaySlot, Xapian::sortable_serialise(static_cast<double>(last)));
    state.doc.add_value(t::kSortAscSlot, Xapian::sortable_serialise(static_cast<double>(first)));
    state.doc.add_value(t::kSortDescSlot, Xapian::sortable_serialise(-static_cast<double>(first)));
    const int from_year = record.date.from.year;
    const int to_year = record.date.to.known() ? std::max(from_year, record.date.to.year) : from_year;
    for (int year = from_year; year <= to_year && year < from_year + t::kMaxYearTermsPerRecord; ++year) {
      facets.add('Y', std::to_string(year));
      facets.add('D', std::to_string(year / 10 * 10) + "s");
    }
  } else {
    // Undated records sort after every dated one, in both directions.
    state.doc.add_value(t::kSortAscSlot, std::string(1, '\xff'));
    state.doc.add_value(t::kSortDescSlot, std::string(1, '\xff'));
  }
  for (const std::string& language : record.languages) facets.add('L', language);
  facets.add('T', record.record_type);
  for (const std::string& collection : record.collections) facets.add('C', collection);
  facets.add('A', archive);
  // Who sent and who received it, where the record ties the field to a list
  // entry linked for certain.
  for (const auto& [entry_id, prefix, known] :
       {std::tuple{&record.sender_id, t::kSenderAuthority, t::kSenderKnown},
        std::tuple{&record.recipient_id, t::kRecipientAuthority, t::kRecipientKnown}}) {
    if (entry_id->empty()) continue;
    for (const LinkedName& name : linked) {
      if (!name.certain || name.ids.size() != 1 || name.person < 0 ||
          static_cast<std::size_t>(name.person) >= record.people.size() ||
          record.people[name.person].id != *entry_id) {
        continue;
      }
      if (prefix.size() + name.ids.front().size() <= t::kMaxTermBytes) {
        state.doc.add_boolean_term(join_prefix(prefix, name.ids.front()));
        state.doc.add_boolean_term(std::string(known));
      }
      break;
    }
  }
  // A person once: under the authority's name where the record's entry is
  // linked to one for certain ("Dulles, John Foster", not also "Dulles" as
  // the record writes him), else as the record writes the name.
  std::vector<bool> named(record.people.size(), false);
  for (const LinkedName& name : linked) {
    if (!name.certain || name.preferred.empty()) continue;
    facets.add('P', name.preferred);
    if (name.person >= 0 && static_cast<std::size_t>(name.person) < named.size()) named[name.person] = true;
  }
  for (std::size_t i = 0; i < record.people.size(); ++i) {
    if (!named[i]) facets.add('P', record.people[i].name);
  }
  for (const NameRef& place : record.places) facets.add('G', place.name);
  if (record.scanned) facets.add('S', kScannedFacetValue);
  for (const auto& [code, value] : facets.values()) state.doc.add_boolean_term(facet_term(code, value));
  state.doc.add_value(t::kFacetSlot, facets.encode());

  // The text goes to a value slot, compressed by us (snippets.h): a hit
  // reads its small data without the text, and a snippet decompresses the
  // text faster than zlib (Xapian's compression of the data) would inflate it.
  state.doc.set_data(encode_stored_hit({record.id, record.title, date_text(record.date), {},
                                        record.collections.empty() ? std::string() : record.collections.back()}));
  if (std::string text = snippet_source_text(record); !text.empty()) {
    state.doc.add_value(t::kTextSlot, encode_snippet_text(text));
  }
  // The notes apart, for a hit whose text has no match (unless the text slot
  // holds them: a record with no text of its own).
  if (!record.notes.empty() && has_text_of_its_own(record)) {
    std::vector<SnippetNote> notes;
    notes.reserve(record.notes.size());
    for (const Note& note : record.notes) notes.push_back({note.number, note.type == "source", note.text});
    if (std::string value = encode_snippet_notes(notes, kMaxStoredTextBytes); !value.empty()) {
      state.doc.add_value(t::kNotesSlot, value);
    }
  }

  // Each distinct word once (the term list is sorted): a spelling if it occurs
  // in a field that gives spellings, and its stem group if this builder has
  // not given it yet.
  auto spelled = [&state](const Xapian::TermIterator& it) {
    for (Xapian::PositionIterator p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
      const Xapian::termpos pos = *p;
      bool unspelled = false;
      for (const auto& [first, last] : state.unspelled) {
        if (pos >= first && pos <= last) {
          unspelled = true;
          break;
        }
      }
      if (!unspelled) return true;
    }
    return false;
  };
  for (Xapian::TermIterator it = state.doc.termlist_begin(); it != state.doc.termlist_end(); ++it) {
    std::string term = *it;
    const auto c = static_cast<unsigned char>(term[0]);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;   // prefixed, or a number
    note_stem(state, starts_cyrillic(term) ? *state.cyrillic_stem : *state.stem, term);
    if (term.size() >= kMinSpellingBytes && term.size() <= kMaxSpellingBytes && spelled(it)) {
      built.spellings.push_back(std::move(term));
    }
  }
  built.document = std::move(state.doc);
  built.stemmers.assign(state.stemmers.begin(), state.stemmers.end());
  built.synonym_groups = std::move(state.synonym_groups);
  return built;
}

}  // namespace chancery
