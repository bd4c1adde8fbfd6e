#include "index/query_parser.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "index/date_query.h"
#include "index/facets.h"
#include "index/glossary_forms.h"
#include "index/index_terms.h"
#include "index/language.h"
#include "index/record_set.h"
#include "index/word_pairs.h"
#include "model/date.h"
#include "util/text_fold.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

namespace t = index_terms;

// Every record: every document but the shards' sentinels (index_terms.h).
// Made anew: Xapian::Query::MatchAll is one static object whose reference
// count is not atomic, so the server's worker threads copying it at once
// could free it under each other (a crash seen under load: a search on an
// empty query called through a freed object).
Xapian::Query match_all() {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(std::string()),
                       Xapian::Query(std::string(t::kSentinelTerm)));
}

constexpr std::size_t kMaxSynonymWords = 6;
// The words of a place's name a run of query words is looked up as
// (Parser::place_names_of: "North Korea", "Union of Burma" no more).
constexpr std::size_t kMaxPlaceNameWords = 3;
constexpr std::size_t kMaxSynonymsPerKey = 10;
// A search for a glossary expansion does not look for its abbreviation when
// that has at most this many bytes, folded (Parser::glossary_synonyms).
constexpr std::size_t kMaxInitialBytes = 2;
// Words of one stem group a query word expands to (the rest are dropped).
constexpr std::size_t kMaxStemGroupWords = 32;
// The spellings a query marks in its hits for each name key it searched by
// (Parser::add_name_spellings), and the name keys it looks up at most.
constexpr std::size_t kMaxSpellingsPerNameKey = 16;
constexpr std::size_t kMaxSpelledNameKeys = 8;
// The spellings of a name key a field's word (sender:Chruschtschow) is
// searched as in that field.
constexpr std::size_t kMaxFieldSpellings = 64;
// The words of a name-key group that a query word whose key is not
// distinctive is compared with (same_name_spellings()).
constexpr std::size_t kMaxSpellingsChecked = 256;
// Spellings of a word in the other romanisation of Chinese searched for it.
constexpr std::size_t kMaxOtherRomanisations = 8;
// A quoted name is also searched in its other spellings (phrase_query()) when
// of at most this many words, as at most this many phrases.
constexpr std::size_t kMaxSpelledPhraseWords = 4;
constexpr std::size_t kMaxSpelledPhrases = 16;
constexpr std::size_t kMaxSpelledPhraseChecks = 64;
// The weight of a listed person's family name found alone, against the
// phrase of the whole name (which it also matches, so the phrase ranks first).
constexpr double kListedFamilyNameWeight = 0.25;
// Records indexed: finds at most (the printed indexes' headings' records:
// "indexed:Soviet" lists thousands in the 22 FRUS volumes).
constexpr std::size_t kMaxIndexedRecords = 20'000;

enum class FieldKind { kText, kId, kCollection, kDate, kIndexed };

struct Field {
  std::string_view name;
  FieldKind kind;
  std::string_view prefix;
};

constexpr Field kFields[] = {
    {"title", FieldKind::kText, t::kTitle},         {"person", FieldKind::kText, t::kPerson},
    {"place", FieldKind::kText, t::kPlace},         {"lang", FieldKind::kText, t::kLanguage},
    {"language", FieldKind::kText, t::kLanguage},   {"archive", FieldKind::kText, t::kArchive},
    {"type", FieldKind::kText, t::kType},           {"sender", FieldKind::kText, t::kSender},
    {"recipient", FieldKind::kText, t::kRecipient}, {"author", FieldKind::kText, t::kAuthor},
    {"subject", FieldKind::kText, t::kSubject},     {"id", FieldKind::kId, t::kIdPrefix},
    {"collection", FieldKind::kCollection, ""},     {"date", FieldKind::kDate, ""},
    {"indexed", FieldKind::kIndexed, ""},
    // As mail clients write them.
    {"from", FieldKind::kText, t::kSender},         {"to", FieldKind::kText, t::kRecipient},
};

const Field* find_field(std::string_view name) {
  if (name.size() > 16) return nullptr;
  std::string lower = fold(name);
  for (const Field& field : kFields) {
    if (field.name == lower) return &field;
  }
  return nullptr;
}

using NameWordKey = std::function<std::string(std::string_view)>;

// Free text and the fields holding names: where name word keys apply.
// A name word without its possessive ending ("Chruschtschow's",
// "Khrushchev’s", "Dulles'"): the name whose key it has.
std::string_view without_possessive(std::string_view word) {
  for (std::string_view ending : {std::string_view("'s"), std::string_view("'S"), std::string_view("\u2019s"),
                                  std::string_view("\u2019S"), std::string_view("'"), std::string_view("\u2019")}) {
    if (word.size() > ending.size() && word.ends_with(ending)) return word.substr(0, word.size() - ending.size());
  }
  return word;
}

// Where a word may be a name, searched in its other spellings: the text, the
// fields of people and places, and titles ("Letter From Chairman Khrushchev
// to President Kennedy": title:Chruschtschow).
bool is_name_context(std::string_view prefix) {
  return prefix.empty() || prefix == t::kPerson || prefix == t::kPlace || prefix == t::kSender ||
         prefix == t::kRecipient || prefix == t::kAuthor || prefix == t::kTitle;
}

// The fields of who wrote and to whom, each one name (not the people a
// record names, whose many names would give a name's words from several).
bool is_correspondent_field(std::string_view prefix) {
  return prefix == t::kSender || prefix == t::kRecipient || prefix == t::kAuthor;
}

enum class Tok { kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot, kMinus, kPlus };

struct Token {
  Tok kind;
  std::string_view text;          // word or phrase text (without quotes)
  const Field* field = nullptr;   // "title:" before it
  std::size_t begin = 0;          // byte range of `text` in the query
  std::size_t end = 0;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool ends_run(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

Result<std::vector<Token>> lex(std::string_view q) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  const Field* pending_field = nullptr;
  auto read_phrase = [&](const Field* field) -> Result<void> {
    std::size_t close = q.find('"', pos + 1);
    if (close == std::string_view::npos) {
      // Named by the words after it (up to about 30 bytes, whole characters).
      std::string_view after = q.substr(pos + 1);
      while (!after.empty() && is_space(after.front())) after.remove_prefix(1);
      std::size_t cut = std::min<std::size_t>(after.size(), 30);
      while (cut < after.size() && cut > 0 && (static_cast<unsigned char>(after[cut]) & 0xC0) == 0x80) --cut;
      while (cut > 0 && is_space(after[cut - 1])) --cut;
      if (cut == 0) return fail(ErrorCode::kInvalidInput, "a quotation mark at the end of the query is not closed");
      return fail(ErrorCode::kInvalidInput, "the quotation mark before \u201c" + std::string(after.substr(0, cut)) +
                                                (cut < after.size() ? "\u2026" : "") + "\u201d is not closed");
    }
    tokens.push_back({Tok::kPhrase, q.substr(pos + 1, close - pos - 1), field, pos + 1, close});
    pos = close + 1;
    return {};
  };
  while (pos < q.size()) {
    const char c = q[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '(') {
      tokens.push_back({Tok::kOpen, q.substr(pos, 1), pending_field, pos, pos + 1});
      ++pos;
    } else if (c == ')') {
      tokens.push_back({Tok::kClose, q.substr(pos, 1), nullptr, pos, pos + 1});
      ++pos;
    } else if (c == '"') {
      if (auto r = read_phrase(pending_field); !r) return std::unexpected(r.error());
    } else if ((c == '-' || c == '+') && pos + 1 < q.size() && !is_space(q[pos + 1]) &&
               q[pos + 1] != ')') {
      tokens.push_back({c == '-' ? Tok::kMinus : Tok::kPlus, q.substr(pos, 1), nullptr, pos, pos + 1});
      ++pos;
    } else {
      std::size_t end = pos;
      while (end < q.size() && !ends_run(q[end])) ++end;
      std::string_view run = q.substr(pos, end - pos);
      if (run == "AND") {
        tokens.push_back({Tok::kAnd, run, nullptr, pos, end});
      } else if (run == "OR") {
        tokens.push_back({Tok::kOr, run, nullptr, pos, end});
      } else if (run == "NOT") {
        tokens.push_back({Tok::kNot, run, nullptr, pos, end});
      } else {
        std::size_t colon = run.find(':');
        const Field* field = colon == std::string_view::npos || colon == 0 ? nullptr
                                                                           : find_field(run.substr(0, colon));
        if (field == nullptr) {
          tokens.push_back({Tok::kWord, run, nullptr, pos, end});
        } else if (colon + 1 < run.size()) {
          tokens.push_back({Tok::kWord, run.substr(colon + 1), field, pos + colon + 1, end});
        } else if (end < q.size() && q[end] == '"') {
          pos = end;
          if (auto r = read_phrase(field); !r) return std::unexpected(r.error());
          continue;
        } else if (end < q.size() && q[end] == '(') {
          tokens.push_back({Tok::kOpen, q.substr(end, 1), field, end, end + 1});
          end += 1;
        } else {
          return fail(ErrorCode::kInvalidInput, std::string(field->name) + ": needs a value");
        }
      }
      pos = end;
    }
  }
  return tokens;
}

Xapian::Query unweighted(Xapian::Query q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& subs) {
  if (subs.size() == 1) return subs.front();
  return Xapian::Query(op, subs.begin(), subs.end());
}

// Fields that say what a record is (its language, its type, its holding
// archive), not what it is about: they filter and do not rank. Weighted, a
// search for lang:english alone ranked the records by their length (every
// one holds the word once), and could not be ranked shard by shard as a
// weightless query is (shard_ranking.h: rank_weightless).
bool unweighted_field(std::string_view prefix) {
  return prefix == t::kLanguage || prefix == t::kType || prefix == t::kArchive;
}

// One item of an AND group: its query, and for a plain free-text word its key,
// so runs of such words can be matched against multi-word synonyms.
struct Item {
  std::optional<Xapian::Query> query;   // nullopt: the token had no words ("&")
  std::string plain_key;
  bool in_capitals = false;   // a plain word written in ASCII capitals ("AID", "US", "K"; not "De", "Deptel")
  std::string written{};      // a plain word as the query writes it
};

// A plain free-text word of a run: its query, key and whether it was written
// in capitals.
struct RunWord {
  Xapian::Query query;
  std::string key;
  bool in_capitals = false;
  std::size_t word = 0;   // its QueryWord, an index into the parser's words
  std::string written;    // as the query writes it
};

bool has_ascii_capital(std::string_view raw) {
  return std::any_of(raw.begin(), raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool in_ascii_capitals(std::string_view raw) {
  return has_ascii_capital(raw) && std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

class Parser {
 public:
  Parser(const std::vector<Xapian::Stem>& stemmers, const SynonymLookup& synonyms, const QueryLimits& limits,
         const NameWordKey& name_word_key, const NameQuerySupport& names, std::vector<Token> tokens,
         std::vector<QueryWord>& words, bool word_pairs,
         const std::function<std::optional<DatedYears>()>& dated_years, const WildcardExpander& wildcard_words)
      : stemmers_(stemmers), synonyms_(synonyms), limits_(limits), name_word_key_(name_word_key), names_(names),
        tokens_(std::move(tokens)), words_(words), word_pairs_(word_pairs), dated_years_(dated_years),
        wildcard_words_(wildcard_words) {}

  Result<Xapian::Query> parse_all() {
    auto q = parse_or(0, "");
    if (!q) return q;
    if (next_ < tokens_.size()) return fail(ErrorCode::kInvalidInput, "unmatched ')'");
    add_name_spellings();
    return q;
  }

  const std::vector<std::string>& other_spellings() const { return other_spellings_; }
  std::vector<std::pair<std::string, Xapian::Query>>& spellings_to_confirm() { return spellings_to_confirm_; }
  const std::vector<std::string>& glossary_entries() const { return glossary_entries_; }
  const std::vector<std::string>& unmarked() const { return unmarked_; }
  std::vector<LimitedWildcard>& limited_wildcards() { return limited_wildcards_; }

 private:
  bool at_end() const { return next_ >= tokens_.size(); }
  bool peek_is(Tok kind) const { return !at_end() && tokens_[next_].kind == kind; }
  bool group_ends() const { return at_end() || peek_is(Tok::kClose) || peek_is(Tok::kOr); }

  Result<void> count_term() {
    if (++terms_ > limits_.max_terms) {
      return fail(ErrorCode::kInvalidInput,
                  "the query has more than " + std::to_string(limits_.max_terms) + " terms");
    }
    return {};
  }

  Result<Xapian::Query> parse_or(int depth, std::string_view prefix) {
    std::vector<Xapian::Query> alternatives;
    for (;;) {
      auto q = parse_and(depth, prefix);
      if (!q) return q;
      alternatives.push_back(std::move(*q));
      if (!peek_is(Tok::kOr)) break;
      ++next_;
      if (group_ends()) return fail(ErrorCode::kInvalidInput, "OR needs a term after it");
    }
    return combine(Xapian::Query::OP_OR, alternatives);
  }

  Result<Xapian::Query> parse_and(int depth, std::string_view prefix) {
    if (group_ends()) {
      if (peek_is(Tok::kOr)) return fail(ErrorCode::kInvalidInput, "OR needs a term before it");
      return fail(ErrorCode::kInvalidInput, at_end() ? "the query ends where a term is expected"
                                                     : "empty parentheses");
    }
    std::vector<Xapian::Query> positives;
    std::vector<Xapian::Query> negatives;
    std::vector<RunWord> run;  // consecutive plain words
    bool any_token = false;
    while (!group_ends()) {
      if (peek_is(Tok::kAnd)) {
        ++next_;
        if (!any_token) return fail(ErrorCode::kInvalidInput, "AND needs a term before it");
        if (group_ends() || peek_is(Tok::kAnd)) return fail(ErrorCode::kInvalidInput, "AND needs a term after it");
        continue;
      }
      any_token = true;
      bool negate = false;
      bool exact = false;
      while (peek_is(Tok::kNot) || peek_is(Tok::kMinus) || peek_is(Tok::kPlus)) {
        const Tok kind = tokens_[next_++].kind;
        if (kind == Tok::kPlus) {
          exact = true;
        } else {
          negate = !negate;
        }
      }
      if (group_ends() || peek_is(Tok::kAnd)) {
        return fail(ErrorCode::kInvalidInput, "NOT, - and + need a term after them");
      }
      const std::size_t word = words_.size();
      auto item = parse_primary(depth, prefix, !negate, exact);
      if (!item) return std::unexpected(item.error());
      if (!item->query) continue;
      if (negate) {
        negatives.push_back(std::move(*item->query));
      } else if (!item->plain_key.empty()) {
        run.push_back({std::move(*item->query), std::move(item->plain_key), item->in_capitals, word, std::move(item->written)});
      } else {
        flush_run(run, positives);
        positives.push_back(std::move(*item->query));
      }
    }
    flush_run(run, positives);
    if (positives.empty() && negatives.empty()) {
      return fail(ErrorCode::kInvalidInput, "the query has no words to search for");
    }
    Xapian::Query result = positives.empty() ? match_all() : combine(Xapian::Query::OP_AND, positives);
    if (!negatives.empty()) {
      result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, combine(Xapian::Query::OP_OR, negatives));
    }
    return result;
  }

  Result<Item> parse_primary(int depth, std::string_view prefix, bool positive, bool exact) {
    const Token& token = tokens_[next_++];
    switch (token.kind) {
      case Tok::kOpen: {
        std::string_view inner = prefix;
        if (token.field != nullptr) {
          if (token.field->kind != FieldKind::kText) {
            return fail(ErrorCode::kInvalidInput, std::string(token.field->name) + ": does not take a group");
          }
          inner = token.field->prefix;
        }
        if (depth + 1 > limits_.max_depth) {
          return fail(ErrorCode::kInvalidInput,
                      "parentheses nest deeper than " + std::to_string(limits_.max_depth));
        }
        auto q = parse_or(depth + 1, inner);
        if (!q) return std::unexpected(q.error());
        if (!peek_is(Tok::kClose)) return fail(ErrorCode::kInvalidInput, "missing ')'");
        ++next_;
        if (unweighted_field(inner) && !unweighted_field(prefix)) return Item{unweighted(std::move(*q)), {}};
        return Item{std::move(*q), {}};
      }
      case Tok::kWord:
      case Tok::kPhrase: {
        if (token.field != nullptr && token.field->kind != FieldKind::kText) return field_value(token);
        std::string_view field = token.field != nullptr ? token.field->prefix : prefix;
        if (field == t::kPerson && names_.person_ids) return person_value(token, positive, exact);
        auto item = text(token, field, positive, exact);
        if (item && item->query && unweighted_field(field) && !unweighted_field(prefix)) {
          item->query = unweighted(*item->query);
        }
        return item;
      }
      case Tok::kClose:
        return fail(ErrorCode::kInvalidInput, "unmatched ')'");
      default:
        return fail(ErrorCode::kInvalidInput, "unexpected " + std::string(token.text));
    }
  }

  Result<Item> field_value(const Token& token) {
    if (auto r = count_term(); !r) return std::unexpected(r.error());
    std::string_view value = token.text;
    switch (token.field->kind) {
      case FieldKind::kId:
        return Item{unweighted(Xapian::Query(std::string(t::kIdPrefix) + std::string(value))), {}};
      case FieldKind::kCollection:
        return Item{unweighted(Xapian::Query(facet_term('C', value))), {}};
      case FieldKind::kDate:
        return date_range(value);
      case FieldKind::kIndexed:
        return indexed_value(value);
      case FieldKind::kText:
        break;
    }
    return fail(ErrorCode::kInternal, "text field passed as a value field");
  }

  // indexed:VALUE: the records the printed indexes list under the headings
  // holding VALUE's words (NameQuerySupport::indexed_records), at most
  // kMaxIndexedRecords; unweighted, as collection: is.
  Result<Item> indexed_value(std::string_view value) {
    std::vector<std::string> ids;
    if (names_.indexed_records) ids = names_.indexed_records(value, kMaxIndexedRecords);
    return Item{unweighted(record_set_query(std::move(ids))), {}};
  }

  Result<Item> date_range(std::string_view value) {
    std::optional<DateSpan> span = parse_query_date_range(value);
    if (!span || !span->known()) {
      return fail(ErrorCode::kInvalidInput, "date: cannot read '" + std::string(value) +
                                                "' (use 1956, 1956-11, 1956-11-03, 1960s, \"October 1962\" in quotation marks, or a range a..b)");
    }
    // The record's [first_day, last_day] overlaps the range: it starts before
    // the range ends and ends after the range starts.
    return Item{date_query(*span, dated_years_ ? dated_years_() : std::nullopt), {}};
  }

  // Records linked (certainly or as a candidate) to any of `ids`; unweighted.
  static std::optional<Xapian::Query> linked_to(const std::vector<std::string>& ids) {
    std::vector<Xapian::Query> terms;
    for (const std::string& id : ids) {
      if (id.empty() || id.size() > t::kMaxTermBytes) continue;
      terms.emplace_back(std::string(t::kLinkedPerson) + id);
      terms.emplace_back(std::string(t::kCandidatePerson) + id);
    }
    if (terms.empty()) return std::nullopt;
    return unweighted(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }

  // person:VALUE: the field's words, or records linked to what VALUE resolves to.
  Result<Item> person_value(const Token& token, bool positive, bool exact) {
    std::optional<Xapian::Query> linked = linked_to(names_.person_ids(token.text));
    // An id ("pocom/bohlen-charles-eustis") is not a run of words.
    const bool id_like = token.text.find('/') != std::string_view::npos;
    if (linked && id_like) {
      if (auto r = count_term(); !r) return std::unexpected(r.error());
      return Item{std::move(*linked), {}};
    }
    auto field = text(token, t::kPerson, positive, exact);
    if (!field || !linked) return field;
    if (!field->query) return Item{std::move(*linked), {}};
    return Item{Xapian::Query(Xapian::Query::OP_OR, *field->query, *linked), {}};
  }

  // The name key of `raw` when the word stands for a known person's family
  // name in every spelling: its key is a family-name key and the index holds
  // the word itself in no more documents than the key (so "Korea", frequent
  // in its own right, is not taken for "Korry"). "" otherwise.
  std::string person_key(std::string_view prefix, const std::string& folded, std::string_view raw) {
    if (!names_.word_key || !names_.is_person_key || !names_.term_frequency) return {};
    std::string key = names_.word_key(raw);
    if (key.empty() || key.size() > t::kMaxWordBytes || !names_.is_person_key(key) || !key_stands_for(key, raw)) {
      return {};
    }
    const std::string key_term = std::string(t::kNameKey) + key;
    const std::size_t key_docs = names_.term_frequency(key_term);
    if (key_docs == 0) return {};
    std::size_t word_docs = names_.term_frequency(std::string(prefix) + folded);
    if (!is_ascii(folded)) {
      std::string latin = latin_key(raw);
      if (!latin.empty()) word_docs = std::max(word_docs, names_.term_frequency(std::string(prefix) + latin));
    }
    // A few unlinked occurrences (a name in a citation) are tolerated.
    if (!key_outnumbers_word(word_docs, key_docs)) return {};
    name_key_terms_.push_back(key_term);
    person_words_.emplace_back(raw);
    return key_term;
  }

  // Whether a name key stands for every word that has it (NameQuerySupport::
  // key_is_distinctive): "krOsEv" for Khrushchev and Chruschtschow does, "E"
  // (Jay, III, Ye) and "s" (S., zzzz) do not.
  bool distinctive(std::string_view key) const {
    return !names_.key_is_distinctive || names_.key_is_distinctive(key);
  }

  // Whether a name key may stand for `raw`, a word with that key: it tells
  // names apart (distinctive()), no known family name that `raw` does not
  // spell shares it (NameQuerySupport::key_names_another: "gErgE" of
  // Gheorghiu is George's), and the index gives it no common word of the text
  // ("Est" of Yost: east, just). Otherwise the word is searched as itself and
  // the words of its key that spell the same name (same_name_spellings()).
  // Decided once per word and query: a name word asks it up to three times
  // (person_key(), unstemmed_family_word(), word_query()).
  bool key_stands_for(const std::string& key, std::string_view raw) {
    if (!distinctive(key)) return false;
    std::string memo_key = key;
    memo_key += '\n';
    memo_key += raw;
    if (auto memo = key_stands_.find(memo_key); memo != key_stands_.end()) return memo->second;
    bool stands = true;
    // Keys of no known family name ("Union") are not looked into.
    if (names_.is_person_key && names_.is_person_key(key)) {
      stands = !(names_.key_names_another && names_.key_names_another(key, without_possessive(raw))) && !key_has_common_word(key);
    }
    key_stands_.emplace(std::move(memo_key), stands);
    return stands;
  }

  // Whether the index gives the name key a common word of the text.
  bool key_has_common_word(const std::string& key) const {
    if (!names_.common_words_among || !synonyms_) return false;
    std::vector<std::string> group = synonyms_(std::string(t::kNameKey) + key);
    if (group.size() > kMaxSpellingsChecked) group.resize(kMaxSpellingsChecked);
    return !names_.common_words_among(group).empty();
  }

  // For a word whose key does not stand for it (key_stands_for()): the words
  // of the index with that key (its name-key group) that spell the same name
  // (same_name_words): "chou" for "Zhou", not "joe"; the word itself left out.
  // Function words ("to", "of") and the text's common words ("craft") are
  // words of the text, not names, and get no other spellings.
  std::vector<std::string> same_name_spellings(const std::string& key_term, const std::string& folded,
                                               std::string_view raw) const {
    if (!synonyms_ || !names_.same_name_words || !common_word(folded).word.empty()) return {};
    std::vector<std::string> group = synonyms_(key_term);
    if (group.size() > kMaxSpellingsChecked) group.resize(kMaxSpellingsChecked);
    std::erase_if(group, [&](const std::string& spelling) {
      return spelling.empty() || spelling == folded || !common_word(spelling).word.empty();
    });
    // Nor a common word of the text that spells like the name ("craft" for
    // "Kraft", "march" for "Marsh"); and a common word searched for is not
    // taken for a name ("craft" does not find Kraft).
    if (names_.common_words_among && !group.empty()) {
      group.push_back(folded);
      std::vector<std::string> common = names_.common_words_among(group);
      group.pop_back();
      if (std::find(common.begin(), common.end(), folded) != common.end()) return {};
      std::erase_if(group, [&](const std::string& spelling) {
        return std::find(common.begin(), common.end(), spelling) != common.end();
      });
    }
    return names_.same_name_words(without_possessive(raw), std::move(group), kMaxSpellingsPerNameKey);
  }

  // For words that all stand for family names (person_key()), the AND of
  // their name keys; nullopt otherwise.
  std::optional<Xapian::Query> family_name_query(std::string_view prefix, std::string_view raw,
                                                 const std::vector<Word>& words) {
    std::vector<Xapian::Query> keys;
    std::vector<std::pair<std::string, std::string_view>> folded_written;
    bool by_key = false;
    bool coarse = false;
    for (const Word& word : words) {
      std::string folded = folded_word(raw, word);
      if (folded.empty() || folded.size() > t::kMaxWordBytes) return std::nullopt;
      const std::string_view written = raw.substr(word.begin, word.end - word.begin);
      std::string key_term = person_key(prefix, folded, written);
      folded_written.emplace_back(std::move(folded), written);
      if (!key_term.empty()) {
        keys.emplace_back(std::move(key_term));
        by_key = true;
        continue;
      }
      // A word of a family name whose key is too coarse to stand for its
      // spellings ("Dej": "dE", also the key of "de"): the words are then
      // searched as words, each with its key or its spellings, since a record
      // holds the key of a name only where a mention of it was linked.
      // So is a word whose distinctive key another family name or a common
      // word shares (key_stands_for(): "Gheorghiu" and "George"), and it
      // names a person as a key would.
      if (!coarse_family_word(written)) return std::nullopt;
      coarse = true;
      if (distinctive(names_.word_key(written))) by_key = true;
    }
    if (!by_key) return std::nullopt;
    if (!coarse) return combine(Xapian::Query::OP_AND, keys);
    // Each word with its key or spellings (word_query()), built only here:
    // the lookups are wasted on a name whose words all have distinctive keys.
    std::vector<Xapian::Query> as_words;
    as_words.reserve(folded_written.size());
    for (const auto& [folded, written] : folded_written) {
      as_words.push_back(word_query(prefix, folded, written, false));
    }
    return combine(Xapian::Query::OP_AND, as_words);
  }

  // Whether `written` is a word of some known person's family name whose key
  // does not stand for it: too coarse (distinctive()), or shared by another
  // known family name that `written` does not spell (key_names_another).
  bool coarse_family_word(std::string_view written) {
    if (!names_.word_key || !names_.is_person_key) return false;
    const std::string key = names_.word_key(written);
    if (key.empty() || key.size() > t::kMaxWordBytes || !names_.is_person_key(key)) return false;
    if (!distinctive(key)) return true;
    return names_.key_names_another && names_.key_names_another(key, without_possessive(written));
  }

  // Whether `written`, written as a name, is a known family name whose
  // distinctive key does not stand for it (key_stands_for(): "Cooper", whose
  // key the index also gives "copper"). It is searched as written, without
  // the words sharing its stem ("cooperation"), as its key would have been;
  // unless it is a common word of the text too ("Post", "Fish": a capital
  // may only start a query).
  bool unstemmed_family_word(std::string_view written, const std::string& folded) {
    if (!names_.word_key || !names_.is_person_key || !chancery::written_as_name(written)) return false;
    const std::string key = names_.word_key(written);
    if (key.empty() || key.size() > t::kMaxWordBytes || !names_.is_person_key(key) || !distinctive(key) ||
        key_stands_for(key, written)) {
      return false;
    }
    return !names_.common_words_among || names_.common_words_among({folded}).empty();
  }


  // Whether a word (its term) found by its name key (`key_term`) stands for
  // the names with that key rather than for itself: the key is in some
  // records, and the word itself in no more of them than the key (as for
  // person_key()). "Chruschtschow" (in no record) and "Khrushchev" (in about
  // as many as his key) do; "Union" (in thousands, its key in a few) does not.
  bool names_by_key(const std::string& word_term, const std::string& key_term) const {
    if (!names_.term_frequency) return false;
    const std::size_t key_docs = names_.term_frequency(key_term);
    return key_docs > 0 && key_outnumbers_word(names_.term_frequency(word_term), key_docs);
  }

  // The rule person_key() and names_by_key() share: a word stands for the
  // names of its key when the records holding the word itself are at most a
  // quarter more than those holding the key.
  static bool key_outnumbers_word(std::size_t word_docs, std::size_t key_docs) {
    return word_docs * 4 <= key_docs * 5;
  }

  // Two to four capitalised words ("Imre Nagy", not "secure phone call"),
  // with the syllables a hyphen joins to them in any case ("Mao Tse-tung":
  // three words, two capitalised), five words at most.
  static bool written_as_name(std::string_view raw, const std::vector<Word>& words) {
    if (words.size() < 2 || words.size() > 5) return false;
    std::size_t capitalised = 0;
    for (const Word& word : words) {
      if (chancery::written_as_name(raw.substr(word.begin))) {
        ++capitalised;
      } else if (!word.hyphen_joined) {
        return false;
      }
    }
    return capitalised >= 2 && capitalised <= 4;
  }

  // A quoted personal name no authority knows but a persons list lists
  // ("Imre Nagy" ~ "Nagy, Imre"): its family-name words as free-text words
  // (stems, Latin key and name key as for any word), weighted below the
  // phrase. nullopt when no persons list lists it ("Secure Phone Call").
  std::optional<Xapian::Query> listed_name_query(std::string_view raw, const std::vector<Word>& words) {
    if (!names_.listed_family_name || !written_as_name(raw, words)) return std::nullopt;
    std::vector<Xapian::Query> family;
    for (const std::string& name_word : names_.listed_family_name(raw)) {
      for (const Word& word : split_words(name_word)) {
        std::string key = folded_word(name_word, word);
        if (key.empty() || key.size() > t::kMaxWordBytes) continue;
        std::string_view written = std::string_view(name_word).substr(word.begin, word.end - word.begin);
        std::string key_term = person_key("", key, written);
        family.push_back(key_term.empty() ? word_query("", key, written, false) : Xapian::Query(key_term));
      }
    }
    if (family.empty()) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_AND, family),
                         kListedFamilyNameWeight);
  }

  // For a personal name in a field of who wrote or was written to
  // (sender:"Nikita Khrushchev"): the field giving its family name alone, as
  // most do ("Khrushchev"), in a record linked for certain to a person the
  // name resolves to (at most kMaxFieldPersons of them): the field alone
  // cannot tell John Kennedy from Robert, the record's links can. nullopt
  // when the name resolves to no person or to too many.
  std::optional<Xapian::Query> family_alone_of(std::string_view prefix, std::string_view raw,
                                               const std::vector<Word>& words) {
    constexpr std::size_t kMaxFieldPersons = 4;
    if (!names_.person_ids || words.size() < 2) return std::nullopt;
    const std::vector<std::string> ids = names_.person_ids(raw);
    if (ids.empty() || ids.size() > kMaxFieldPersons) return std::nullopt;
    // The family name: the word before a comma ("Khrushchev, Nikita"), else the last.
    const std::size_t comma = raw.find(',');
    const Word& family = comma == std::string_view::npos ? words.back() : words.front();
    const std::string key = folded_word(raw, family);
    if (key.size() <= 1 || key.size() > t::kMaxWordBytes) return std::nullopt;
    std::vector<Xapian::Query> linked;
    for (const std::string& id : ids) {
      if (!id.empty() && id.size() <= t::kMaxTermBytes) linked.emplace_back(std::string(t::kLinkedPerson) + id);
    }
    if (linked.empty()) return std::nullopt;
    Xapian::Query alone(Xapian::Query::OP_FILTER,
                        word_query(prefix, key, raw.substr(family.begin, family.end - family.begin), false),
                        Xapian::Query(Xapian::Query::OP_OR, linked.begin(), linked.end()));
    // Where the record ties the field to a person (the title's persName and
    // its persons-list entry), that person, and no namesake the record also
    // names: a telegram from Allen Dulles that mentions his brother is not
    // one from John Foster.
    std::string_view authority, known;
    if (prefix == t::kSender) authority = t::kSenderAuthority, known = t::kSenderKnown;
    if (prefix == t::kRecipient) authority = t::kRecipientAuthority, known = t::kRecipientKnown;
    if (authority.empty()) return alone;
    std::vector<Xapian::Query> tied;
    for (const std::string& id : ids) {
      if (!id.empty() && authority.size() + id.size() <= t::kMaxTermBytes) tied.emplace_back(std::string(authority) + id);
    }
    // Weighed by the field's word where it has it, as the rest are.
    Xapian::Query by_entry(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_OR, tied.begin(), tied.end()),
                           word_query(prefix, key, raw.substr(family.begin, family.end - family.begin), false));
    return Xapian::Query(Xapian::Query::OP_OR, by_entry,
                         Xapian::Query(Xapian::Query::OP_AND_NOT, alone, Xapian::Query(std::string(known))));
  }

  // A quoted personal name ("Imre Nagy"): records linked to an authority it
  // resolves to whose text has a word of the name that is a known family
  // name's: by its name key where that stands for it, otherwise as a word
  // (its spellings, in either romanisation of Chinese: "Mao Zedong" finds
  // the records linked to Mao Tse-tung that say "Mao"). nullopt when it
  // resolves to no authority.
  std::optional<Xapian::Query> personal_name_query(std::string_view raw, const std::vector<Word>& words) {
    if (!names_.person_ids || !written_as_name(raw, words)) return std::nullopt;
    // Only a phrase that is a known authority's name or variant is broadened;
    // capitalised words that merely end in a family name ("Secure Phone Call")
    // stay a phrase.
    std::optional<Xapian::Query> linked = linked_to(names_.person_ids(raw));
    if (!linked) return std::nullopt;
    std::vector<Xapian::Query> keys;
    if (names_.word_key && names_.is_person_key) {
      for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& word = words[i];
        const std::string_view written = raw.substr(word.begin, word.end - word.begin);
        std::string key = names_.word_key(written);
        if (key.empty() || key.size() > t::kMaxWordBytes || !names_.is_person_key(key)) continue;
        if (key_stands_for(key, written)) {
          keys.emplace_back(std::string(t::kNameKey) + key);
          name_key_terms_.push_back(std::string(t::kNameKey) + key);
          continue;
        }
        // A family name whose key stands for other words too ("Mao"), as a
        // word; hyphenated ("Gheorghiu-Dej"), as the index joins it.
        std::string folded;
        std::size_t end = i + 1;
        while (end < words.size() && words[end].hyphen_joined) ++end;
        for (std::size_t k = i; k < end; ++k) folded += folded_word(raw, words[k]);
        if (folded.empty() || folded.size() > t::kMaxWordBytes) {
          // nothing to add
        } else if (end > i + 1) {
          keys.emplace_back(folded);
        } else {
          keys.push_back(word_query("", folded, written, false, false));
        }
        i = end - 1;
      }
    }
    if (keys.empty()) return linked;
    // Any of them weights the match: the text may give the family name alone.
    return Xapian::Query(Xapian::Query::OP_FILTER, combine(Xapian::Query::OP_OR, keys), *linked);
  }

  // Of the words that share a stem with a query word (`key`), those that are
  // a known person's family name and no common word of the text are that
  // person, not the word: "cooperation" does not find "Cooper", nor "bushes"
  // "Bush". They are left out, and the hits do not mark them. "post", a
  // family name and a common word, stays; so do the word with an ending
  // ("Vietnam's" for "Vietnam", should a name be read so) and without its
  // possessive ("Cooper" for "Cooper's").
  void leave_out_family_names(const std::string& key, std::vector<std::string>& stem_words) {
    if (stem_words.empty() || !names_.family_words_among) return;
    std::vector<std::string> family = names_.family_words_among(stem_words);
    const std::string_view base = without_possessive(key);
    std::erase_if(family, [&](const std::string& word) { return word.starts_with(key) || word == base; });
    if (family.empty()) return;
    if (names_.common_words_among) {
      const std::vector<std::string> common = names_.common_words_among(family);
      std::erase_if(family, [&](const std::string& word) {
        return std::find(common.begin(), common.end(), word) != common.end();
      });
    }
    for (std::string& word : family) {
      std::erase(stem_words, word);
      if (std::find(unmarked_.begin(), unmarked_.end(), word) == unmarked_.end()) unmarked_.push_back(std::move(word));
    }
  }

  // Query for one word key: the word itself, its stems and its Latin key.
  Xapian::Query word_query(std::string_view prefix, const std::string& key, std::string_view raw, bool exact,
                           bool stems = true) {
    std::vector<std::string> terms;
    terms.push_back(std::string(prefix) + key);
    const bool numeric = key[0] >= '0' && key[0] <= '9';
    if (!exact && stems && !numeric && synonyms_) {
      // The words of the index that share a stem with `key`, in the same
      // field (stem groups: index_terms.h).
      std::vector<std::string> stem_words;
      for (const Xapian::Stem& stemmer : stemmers_) {
        std::string group(t::kStemPrefix);
        group += stemmer(key);
        for (std::string& word : synonyms_(group)) {
          if (stem_words.size() >= kMaxStemGroupWords) break;
          if (word != key && std::find(stem_words.begin(), stem_words.end(), word) == stem_words.end()) {
            stem_words.push_back(std::move(word));
          }
        }
      }
      leave_out_family_names(key, stem_words);
      for (const std::string& word : stem_words) terms.push_back(std::string(prefix) + word);
    } else if (!exact && !numeric && !key.ends_with("'s") && key.size() + 2 <= t::kMaxWordBytes &&
               names_.term_frequency) {
      // A family name searched without its stem's words is still the name
      // in its possessive: "Gaulle" finds "de Gaulle's proposals".
      std::string possessive = std::string(prefix) + key + "'s";
      if (names_.term_frequency(possessive) > 0) terms.push_back(std::move(possessive));
    }
    if (!is_ascii(key)) {
      std::string latin = latin_key(raw);
      if (!latin.empty()) terms.push_back(std::string(prefix) + latin);
    }
    if (name_word_key_ && !exact && is_name_context(prefix)) {
      std::string name_key = name_word_key_(raw);
      if (!name_key.empty() && name_key.size() <= t::kMaxWordBytes && !key_stands_for(name_key, raw)) {
        // Not the key, which stands for too many words: the other spellings
        // of the same name among them, marked in the hits too.
        for (std::string& spelling : same_name_spellings(std::string(t::kNameKey) + name_key, key, raw)) {
          std::string term = std::string(prefix) + spelling;
          if (std::find(terms.begin(), terms.end(), term) != terms.end()) continue;
          terms.push_back(std::move(term));
          add_other_spelling(std::move(spelling));
        }
      } else if (!name_key.empty() && name_key.size() <= t::kMaxWordBytes && !prefix.empty()) {
        // A field (sender:Thompson): the name's spellings in that field. The
        // key term is the record's, whatever field or mention gave it, so it
        // would find every record naming Thompson.
        const std::string key_term = std::string(t::kNameKey) + name_key;
        for (std::string& spelling : field_spellings(prefix, key_term)) {
          if (std::find(terms.begin(), terms.end(), spelling) == terms.end()) terms.push_back(std::move(spelling));
        }
        // Marked in every spelling as the word alone is (below).
        if (chancery::written_as_name(raw) && names_by_key(std::string(prefix) + key, key_term)) {
          name_key_terms_.push_back(key_term);
        }
      } else if (!name_key.empty() && name_key.size() <= t::kMaxWordBytes) {
        terms.push_back(std::string(t::kNameKey) + name_key);
        // Marked in every spelling only for a word written as a name is
        // (a capital, or a script other than Latin: "Хрущёв") whose key is
        // what it is searched for (names_by_key): the key of "Union" is also
        // that of "Onnen", a name somewhere. Lower-case words cost no lookup.
        if (chancery::written_as_name(raw) && names_by_key(std::string(prefix) + key, terms.back())) {
          name_key_terms_.push_back(terms.back());
        }
      }
    }
    Romanised romanised;
    if (!exact && is_name_context(prefix)) {
      romanised = other_romanisations(prefix, key, raw);
      for (std::string& term : romanised.terms) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
      }
    }
    return with_phrases(terms, std::move(romanised.phrases));
  }

  // The terms as one (a synonym of them all), or that or any of the phrases.
  static Xapian::Query with_phrases(const std::vector<std::string>& terms, std::vector<Xapian::Query> phrases) {
    Xapian::Query words = terms.size() == 1 ? Xapian::Query(terms.front())
                                            : Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    if (phrases.empty()) return words;
    phrases.insert(phrases.begin(), std::move(words));
    return combine(Xapian::Query::OP_OR, phrases);
  }

  // The field's terms of the spellings a name key's group holds (index_terms.h:
  // name-key groups), at most kMaxFieldSpellings, each with its possessive
  // (a title's "Khrushchev's"): "XSkhrushchev", "XSkhrushchev's", "XSchruschtschow", ...
  std::vector<std::string> field_spellings(std::string_view prefix, const std::string& key_term) const {
    std::vector<std::string> out;
    if (!synonyms_) return out;
    std::size_t spellings = 0;
    for (const std::string& spelling : synonyms_(key_term)) {
      if (spellings == kMaxFieldSpellings) break;
      if (spelling.empty() || prefix.size() + spelling.size() + 2 > t::kMaxTermBytes) continue;
      ++spellings;
      out.push_back(std::string(prefix) + spelling);
      if (!spelling.ends_with("'s")) out.push_back(out.back() + "'s");
    }
    return out;
  }

  // A word's spellings in the other romanisation of Chinese: the terms the
  // index holds, and the phrases of a spelling's syllables written apart.
  struct Romanised {
    std::vector<std::string> terms;
    std::vector<Xapian::Query> phrases;
  };

  // The word's spellings in the other romanisation of Chinese
  // (NameQuerySupport::word_in_other_system) that the index holds, at most
  // kMaxOtherRomanisations: "Zedong" -> "tsetung", the joined form the index
  // gives "Tse-tung"; "Biao" -> "piao". A spelling of several syllables is
  // also their phrase, as typists wrote them apart: "Enlai" finds "Chou En Lai"
  // (its joined form "enlai" is the word itself), "Zedong" "MAO TSE TUNG".
  // Neither the word nor a spelling may be a common word of the text ("ran"
  // is not "Jan"). Each is said and marked as an other spelling, a
  // hyphenated one by its syllables ("tse", "tung").
  Romanised other_romanisations(std::string_view prefix, const std::string& key, std::string_view raw) {
    Romanised out;
    for (std::vector<std::string>& terms : other_spelling_sequences(prefix, key, raw)) {
      if (terms.size() == 1) {
        out.terms.push_back(std::move(terms.front()));
      } else {
        out.phrases.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
      }
    }
    return out;
  }

  // A spelling other_romanisations() found: what the reader is told and the
  // hits marked, and the sequences of terms that write it: its joined term
  // alone where the index holds it ({"tsetung"}), its syllables' terms where
  // the index holds each ({"tse", "tung"}).
  struct OtherSpelling {
    std::string said;                                 // "tse-tung"
    std::vector<std::string> parts;                   // folded syllables or words
    bool spaced = false;                              // words apart ("North Korea"): searched and marked, not said
    bool confirm = false;                             // said only where a record holds its syllables in order
    std::string written;                              // a free-text word held: said only where a record's text writes it
    std::vector<std::vector<std::string>> sequences;
  };

  // Tells the reader of a spelling searched (other_spellings_), one to
  // confirm only where some record holds its syllables in order
  // (NameQuerySupport::matches_some), and marks it in the hits.
  void say(const OtherSpelling& spelling) {
    if (std::find(other_spellings_.begin(), other_spellings_.end(), spelling.said) != other_spellings_.end()) return;
    bool said = !spelling.spaced;
    if (said && spelling.confirm && names_.matches_some && !spelling.sequences.empty()) {
      const std::vector<std::string>& terms = spelling.sequences.back();
      said = names_.matches_some(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size()));
    }
    if (said && !spelling.written.empty() && names_.written_in_text && !names_.written_in_text(spelling.written)) {
      // Held, but no record's text writes it joined: said if one writes its
      // syllables in order ("MAO TSE TUNG").
      const std::vector<std::string>* apart = nullptr;
      for (const std::vector<std::string>& terms : spelling.sequences) {
        if (terms.size() >= 2) apart = &terms;
      }
      said = apart != nullptr && names_.matches_some &&
             names_.matches_some(Xapian::Query(Xapian::Query::OP_PHRASE, apart->begin(), apart->end(), apart->size()));
    }
    if (said) {
      other_spellings_.push_back(spelling.said);
      std::vector<Xapian::Query> finds;
      for (const std::vector<std::string>& terms : spelling.sequences) {
        if (terms.size() == 1) {
          finds.emplace_back(terms.front());
        } else if (!terms.empty()) {
          finds.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
        }
      }
      if (!finds.empty()) spellings_to_confirm_.emplace_back(spelling.said, combine(Xapian::Query::OP_OR, finds));
    }
    for (const std::string& part : spelling.parts) words_.push_back({0, 0, part, "", false});
  }

  // other_romanisations() as the sequences of terms that write each spelling,
  // each spelling said.
  std::vector<std::vector<std::string>> other_spelling_sequences(std::string_view prefix, const std::string& key,
                                                                 std::string_view raw) {
    std::vector<std::vector<std::string>> out;
    for (OtherSpelling& spelling : other_spellings_of(prefix, key, raw)) {
      say(spelling);
      for (std::vector<std::string>& terms : spelling.sequences) out.push_back(std::move(terms));
    }
    return out;
  }

  // The spellings other_romanisations() finds, neither said nor marked.
  std::vector<OtherSpelling> other_spellings_of(std::string_view prefix, const std::string& key, std::string_view raw) {
    std::vector<OtherSpelling> out;
    if (!names_.word_in_other_system || !names_.term_frequency) return out;
    std::vector<std::string> spellings = names_.word_in_other_system(without_possessive(raw));
    if (spellings.empty()) return out;
    struct Spelling {
      std::string joined;                // the folded syllables run together, as the index joins a hyphen chain
      std::vector<std::string> parts;    // folded syllables
      bool spaced = false;               // words apart ("North Korea"), not a hyphen chain: no joined term
    };
    std::vector<std::string> written_parts;
    for (const Word& word : split_words(raw)) written_parts.push_back(folded_word(raw, word));
    std::vector<Spelling> found;
    for (const std::string& spelling : spellings) {
      Spelling f;
      for (const Word& word : split_words(spelling)) {
        std::string part = folded_word(spelling, word);
        if (part.empty()) continue;
        if (!f.parts.empty() && !word.hyphen_joined) f.spaced = true;
        f.joined += part;
        f.parts.push_back(std::move(part));
      }
      if (f.joined.empty() || f.joined.size() > t::kMaxWordBytes) continue;
      if (f.joined == key && f.parts.size() < 2) continue;
      if (f.parts == written_parts) continue;   // "Šri Lanka" for "Sri Lanka": the words themselves
      if (std::any_of(found.begin(), found.end(), [&](const Spelling& other) { return other.joined == f.joined; })) {
        continue;
      }
      found.push_back(std::move(f));
    }
    if (names_.common_words_among && !found.empty()) {
      std::vector<std::string> asked{key};
      for (const Spelling& f : found) asked.push_back(f.joined);
      const std::vector<std::string> common = names_.common_words_among(asked);
      if (std::find(common.begin(), common.end(), key) != common.end()) return out;
      std::erase_if(found, [&](const Spelling& f) {
        return std::find(common.begin(), common.end(), f.joined) != common.end();
      });
    }
    for (Spelling& f : found) {
      if (out.size() >= kMaxOtherRomanisations) break;
      std::string term = std::string(prefix) + f.joined;
      const bool joined_held = !f.spaced && f.joined != key && names_.term_frequency(term) > 0;
      std::vector<std::string> part_terms;
      if (f.parts.size() >= 2) {
        for (const std::string& part : f.parts) {
          std::string part_term = std::string(prefix) + part;
          if (names_.term_frequency(part_term) == 0) {
            part_terms.clear();
            break;
          }
          part_terms.push_back(std::move(part_term));
        }
      }
      if (!joined_held && part_terms.empty()) continue;
      // Said if the index holds it as a word, else if some record holds its
      // syllables in order (say()): a name of
      // several words ("Nueva York") is searched and marked, but not said.
      OtherSpelling o;
      for (const std::string& part : f.parts) o.said += (o.said.empty() ? "" : "-") + part;
      o.parts = std::move(f.parts);
      o.spaced = f.spaced;
      o.confirm = !joined_held && !f.spaced;
      if (joined_held && prefix.empty()) o.written = f.joined;
      if (joined_held) o.sequences.push_back({std::move(term)});
      if (!part_terms.empty()) o.sequences.push_back(std::move(part_terms));
      out.push_back(std::move(o));
    }
    return out;
  }

  // Phrase (or, for a hyphenated compound, phrase OR joined form) of words in
  // `text`; with `other_systems`, a hyphenated compound also finds its
  // spellings in the other romanisation of Chinese ("Tse-tung": "Zedong",
  // other_romanisations()).
  Xapian::Query phrase_query(std::string_view prefix, std::string_view text, const std::vector<Word>& words,
                             bool other_systems = false) {
    std::vector<Xapian::Query> parts;
    std::vector<std::string> keys;
    std::string joined;
    bool all_hyphenated = true;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const Word& word = words[i];
      if (i > 0 && !word.hyphen_joined) all_hyphenated = false;
      std::string key = folded_word(text, word);
      joined += key;
      std::string term = std::string(prefix) + key;
      std::string latin = is_ascii(key) ? std::string() : latin_key(text.substr(word.begin, word.end - word.begin));
      if (latin.empty()) {
        parts.emplace_back(term);
      } else {
        parts.emplace_back(Xapian::Query::OP_OR, Xapian::Query(term), Xapian::Query(std::string(prefix) + latin));
      }
      keys.push_back(std::move(key));
    }
    Xapian::Query phrase = filtered_by_pairs(Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size()),
                                             prefix, keys);
    if (other_systems && !all_hyphenated && is_name_context(prefix)) {
      std::vector<Xapian::Query> spelled = phrase_in_other_spellings(prefix, text, words, parts);
      if (!spelled.empty()) {
        spelled.insert(spelled.begin(), std::move(phrase));
        return combine(Xapian::Query::OP_OR, spelled);
      }
    }
    if (all_hyphenated && joined.size() <= t::kMaxWordBytes) {
      std::vector<Xapian::Query> alternatives{phrase, Xapian::Query(std::string(prefix) + joined)};
      if (other_systems && is_name_context(prefix)) add_other_romanisations(prefix, joined, text, alternatives);
      return combine(Xapian::Query::OP_OR, alternatives);
    }
    return phrase;
  }

  // A hyphen chain's spellings in the other romanisation of Chinese
  // (other_romanisations(): `joined`, its folded words run together), each a
  // term or a phrase, added to `alternatives`.
  void add_other_romanisations(std::string_view prefix, const std::string& joined, std::string_view raw,
                               std::vector<Xapian::Query>& alternatives) {
    Romanised romanised = other_romanisations(prefix, joined, raw);
    for (const std::string& term : romanised.terms) alternatives.emplace_back(term);
    for (Xapian::Query& spelled_apart : romanised.phrases) alternatives.push_back(std::move(spelled_apart));
  }

  // `phrase` of the words `keys` (folded, in order), filtered by the pair
  // terms (word_pairs.h) of its adjacent common words: a record without them
  // cannot hold it, and is never a candidate for the position check.
  // Unprefixed words only; without word pairs, `phrase` as it is.
  Xapian::Query filtered_by_pairs(Xapian::Query phrase, std::string_view prefix,
                                  const std::vector<std::string>& keys) const {
    if (!word_pairs_ || !prefix.empty()) return phrase;
    std::vector<std::string> pairs;
    CommonWord previous;
    for (const std::string& key : keys) {
      const CommonWord common = common_word(key);
      if (makes_pair(previous, common)) {
        std::string pair = word_pair_term(previous.word, common.word);
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) pairs.push_back(std::move(pair));
      }
      previous = common;
    }
    if (pairs.empty()) return phrase;
    return Xapian::Query(Xapian::Query::OP_FILTER, phrase, Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
  }

  // A phrase of several words ("Lin Biao", "Mao Tse-tung") with its names
  // in their other spellings (other_spellings_of(): "Lin Piao", "Mao Zedong",
  // "Mao Tse Tung"), a hyphen chain as one name: the phrases other than the
  // one written that some record holds (NameQuerySupport::matches_some), at
  // most kMaxSpelledPhrases; a spelling is said only when one of them has
  // it ("Northern Rhodesia" is not "Northern Zimbabwe"). `parts` are the
  // phrase's own terms, a query per word.
  std::vector<Xapian::Query> phrase_in_other_spellings(std::string_view prefix, std::string_view text,
                                                       const std::vector<Word>& words,
                                                       const std::vector<Xapian::Query>& parts) {
    std::vector<Xapian::Query> out;
    if (words.size() > kMaxSpelledPhraseWords || !names_.matches_some) return out;
    // Each name (a word, or a hyphen chain) as written, then in its other spellings.
    struct Option {
      std::vector<Xapian::Query> queries;
      std::vector<std::string> terms;
      std::size_t spelling = 0;   // index into `spellings` + 1; 0 as written
    };
    std::vector<OtherSpelling> spellings;
    std::vector<std::vector<Option>> names;
    for (std::size_t i = 0; i < words.size();) {
      std::size_t end = i + 1;
      while (end < words.size() && words[end].hyphen_joined) ++end;
      Option written{{parts.begin() + i, parts.begin() + end}, {}, 0};
      std::string key;
      for (std::size_t k = i; k < end; ++k) {
        std::string folded = folded_word(text, words[k]);
        written.terms.push_back(std::string(prefix) + folded);
        key += folded;
      }
      std::vector<Option> options{std::move(written)};
      const std::string_view raw = text.substr(words[i].begin, words[end - 1].end - words[i].begin);
      if (key.size() > 1 && key.size() <= t::kMaxWordBytes) {
        for (OtherSpelling& spelling : other_spellings_of(prefix, key, raw)) {
          for (const std::vector<std::string>& terms : spelling.sequences) {
            options.push_back({{terms.begin(), terms.end()}, terms, spellings.size() + 1});
          }
          spellings.push_back(std::move(spelling));
        }
      }
      names.push_back(std::move(options));
      i = end;
    }
    if (spellings.empty()) return out;
    // Every combination but the written one, the first names' spellings
    // varying slowest, at most kMaxSpelledPhraseChecks of them looked up.
    std::vector<bool> used(spellings.size(), false);
    std::vector<std::size_t> chosen(names.size(), 0);
    for (std::size_t checked = 0; out.size() < kMaxSpelledPhrases && checked < kMaxSpelledPhraseChecks; ++checked) {
      std::size_t n = names.size();
      while (n > 0 && ++chosen[n - 1] == names[n - 1].size()) chosen[--n] = 0;
      if (n == 0) break;
      std::vector<Xapian::Query> sequence;
      std::vector<std::string> terms;
      for (std::size_t k = 0; k < names.size(); ++k) {
        const Option& option = names[k][chosen[k]];
        sequence.insert(sequence.end(), option.queries.begin(), option.queries.end());
        terms.insert(terms.end(), option.terms.begin(), option.terms.end());
      }
      // Filtered as phrase_query() filters the written phrase.
      Xapian::Query phrase = filtered_by_pairs(
          Xapian::Query(Xapian::Query::OP_PHRASE, sequence.begin(), sequence.end(), sequence.size()), prefix, terms);
      if (!names_.matches_some(phrase)) continue;
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (const std::size_t s = names[k][chosen[k]].spelling; s > 0) used[s - 1] = true;
      }
      out.push_back(std::move(phrase));
    }
    for (std::size_t s = 0; s < spellings.size(); ++s) {
      if (!used[s]) continue;
      spellings[s].confirm = false;   // a record holds it, in the phrase
      say(spellings[s]);
    }
    return out;
  }

  // The words of a field or of the free text (text_terms()); the name keys
  // of a negated token are not the query's to mark.
  Result<Item> text(const Token& token, std::string_view prefix, bool positive, bool exact) {
    const std::size_t keys_before = name_key_terms_.size();
    const std::size_t person_words_before = person_words_.size();
    const std::size_t spellings_before = other_spellings_.size();
    const std::size_t words_before = words_.size();
    auto item = text_terms(token, prefix, positive, exact);
    if (!positive) {
      name_key_terms_.resize(keys_before);
      person_words_.resize(person_words_before);
      other_spellings_.resize(spellings_before);
      std::erase_if(spellings_to_confirm_, [&](const auto& spelling) {
        return std::find(other_spellings_.begin(), other_spellings_.end(), spelling.first) == other_spellings_.end();
      });
      words_.resize(words_before);
    }
    return item;
  }

  // A spelling of a name the query also searched for (same_name_spellings()):
  // said to the reader and marked in the hits.
  void add_other_spelling(std::string spelling) {
    if (std::find(other_spellings_.begin(), other_spellings_.end(), spelling) != other_spellings_.end()) return;
    other_spellings_.push_back(spelling);
    words_.push_back({0, 0, std::move(spelling), "", false});
  }

  // For the highlighter: the spellings of every name key the query searched
  // by (index_terms.h: name-key groups), so hits found by "Chruschtschow"
  // mark the "Khrushchev" they hold.
  void add_name_spellings() {
    std::unordered_set<std::string> known;
    for (const QueryWord& word : words_) known.insert(word.key);
    // A recorded variant ("Malnasanu"): the preferred name's family name
    // ("Malnasan, Aurel": "Malnasan"), and its key's spellings below.
    if (names_.preferred_for_variant) {
      for (const std::string& raw : person_words_) {
        const std::string preferred = names_.preferred_for_variant(raw);
        const std::string_view family = std::string_view(preferred).substr(0, preferred.find(','));
        for (const Word& word : split_words(family)) {
          std::string key = folded_word(family, word);
          if (key.empty() || key.size() > t::kMaxWordBytes || !common_word(key).word.empty()) continue;
          if (names_.word_key) {
            const std::string_view written = family.substr(word.begin, word.end - word.begin);
            std::string name_key = names_.word_key(written);
            if (!name_key.empty() && name_key.size() <= t::kMaxWordBytes && key_stands_for(name_key, written)) {
              name_key_terms_.push_back(std::string(t::kNameKey) + name_key);
            }
          }
          if (known.insert(key).second) {
            other_spellings_.push_back(key);
            words_.push_back({0, 0, std::move(key), "", false});
          }
        }
      }
    }
    if (!synonyms_ || name_key_terms_.empty()) return;
    std::sort(name_key_terms_.begin(), name_key_terms_.end());
    name_key_terms_.erase(std::unique(name_key_terms_.begin(), name_key_terms_.end()), name_key_terms_.end());
    if (name_key_terms_.size() > kMaxSpelledNameKeys) name_key_terms_.resize(kMaxSpelledNameKeys);
    for (const std::string& key_term : name_key_terms_) {
      std::size_t added = 0;
      for (std::string& spelling : synonyms_(key_term)) {
        if (added == kMaxSpellingsPerNameKey) break;
        if (spelling.empty() || !known.insert(spelling).second) continue;
        // The key is coarse: a common word that shares it ("with" for
        // "Wheat") is no spelling of the name.
        if (!common_word(spelling).word.empty()) continue;
        // Nor is a word only names' generated spellings hold ("cedong").
        if (names_.written_in_text && !names_.written_in_text(spelling)) continue;
        other_spellings_.push_back(spelling);
        words_.push_back({0, 0, std::move(spelling), "", false});
        ++added;
      }
    }
  }

  Result<Item> text_terms(const Token& token, std::string_view prefix, bool positive, bool exact) {
    std::string_view raw = token.text;
    if (prefix == t::kLanguage && token.kind == Tok::kWord) {
      // An ISO 639 code (lang:ru): the language it names, and the code itself.
      if (std::string_view name = language_for_code(raw); !name.empty()) {
        if (auto r = count_term(); !r) return std::unexpected(r.error());
        return Item{Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(std::string(prefix) + fold(name)),
                                  Xapian::Query(std::string(prefix) + fold(raw))),
                    {}};
      }
    }
    if (token.kind == Tok::kWord && raw.find('*') != std::string_view::npos) {
      return wildcard(token, prefix, positive);
    }
    std::vector<Word> words = split_words(raw);
    if (words.empty()) return Item{};
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (auto r = count_term(); !r) return std::unexpected(r.error());
    }
    const bool single = words.size() == 1;
    const std::size_t first_word = words_.size();
    if (positive) {
      for (const Word& word : words) {
        std::string key = folded_word(raw, word);
        words_.push_back({token.begin + word.begin, token.begin + word.end, key, std::string(prefix),
                          single && token.kind == Tok::kWord});
      }
    }
    if (single) {
      const Word& word = words.front();
      std::string key = folded_word(raw, word);
      if (key.empty() || key.size() > t::kMaxWordBytes) return Item{};
      // A quoted single word is exact, as in Xapian's own parser.
      const bool unstemmed = exact || token.kind == Tok::kPhrase;
      if (!unstemmed && prefix.empty()) {
        // A family name in any spelling: one query whatever the spelling (and
        // no glossary expansion, which would differ between spellings).
        const std::string_view written = raw.substr(word.begin, word.end - word.begin);
        std::string key_term = person_key(prefix, key, written);
        if (!key_term.empty()) {
          if (positive) words_[first_word].by_name_key = true;
          std::vector<std::string> terms{std::move(key_term)};
          Romanised romanised = other_romanisations(prefix, key, written);
          for (std::string& term : romanised.terms) terms.push_back(std::move(term));
          return Item{with_phrases(terms, std::move(romanised.phrases)), {}};
        }
      }
      const std::string_view written = raw.substr(word.begin, word.end - word.begin);
      const bool stems = unstemmed || !prefix.empty() || !unstemmed_family_word(written, key);
      Xapian::Query q = word_query(prefix, key, written, unstemmed, stems);
      const bool plain = prefix.empty() && !unstemmed && token.kind == Tok::kWord;
      return Item{std::move(q), plain ? key : std::string(), in_ascii_capitals(written),
                  plain ? std::string(written) : std::string()};
    }
    if (!exact && prefix.empty()) {
      // "Gheorghiu-Dej" is a family name in any spelling; a quoted personal
      // name ("Imre Nagy", "Gheorghiu Dej") is also the person it resolves to.
      std::optional<Xapian::Query> family = family_name_query(prefix, raw, words);
      std::optional<Xapian::Query> person;
      if (token.kind == Tok::kPhrase) person = personal_name_query(raw, words);
      if (family && !person) {
        // A hyphenated name is also its spellings in the other romanisation
        // of Chinese, as phrase_query() gives them ("Hsiao-p'ing": "Xiaoping").
        const bool chain = std::all_of(words.begin() + 1, words.end(), [](const Word& w) { return w.hyphen_joined; });
        if (chain && token.kind == Tok::kWord) {
          std::string joined;
          for (const Word& word : words) joined += folded_word(raw, word);
          if (joined.size() <= t::kMaxWordBytes) {
            std::vector<Xapian::Query> alternatives{std::move(*family)};
            add_other_romanisations(prefix, joined, raw, alternatives);
            return Item{combine(Xapian::Query::OP_OR, alternatives), {}};
          }
        }
        return Item{std::move(*family), {}};
      }
      if (person) {
        std::vector<Xapian::Query> alternatives{phrase_query(prefix, raw, words, true), *person};
        if (family) alternatives.push_back(*family);
        return Item{combine(Xapian::Query::OP_OR, alternatives), {}};
      }
      if (token.kind == Tok::kPhrase) {
        // Before `names link`: a name some persons list lists also finds its family name alone.
        if (std::optional<Xapian::Query> listed = listed_name_query(raw, words)) {
          return Item{Xapian::Query(Xapian::Query::OP_OR, phrase_query(prefix, raw, words, true), *listed), {}};
        }
      }
    }
    if (!exact && token.kind == Tok::kPhrase && is_correspondent_field(prefix) && written_as_name(raw, words)) {
      // A personal name in a field of who wrote or was written to
      // (sender:"Llewellyn Thompson"): also the field holding its words in
      // any order, among others ("Llewellyn E. Thompson", "Thompson,
      // Llewellyn"), each in any spelling (word_query()); initials are
      // passed over ("John F. Kennedy": "John Fitzgerald Kennedy").
      std::vector<Xapian::Query> each;
      each.reserve(words.size());
      for (const Word& word : words) {
        std::string key = folded_word(raw, word);
        if (key.size() <= 1 || key.size() > t::kMaxWordBytes) continue;
        each.push_back(word_query(prefix, key, raw.substr(word.begin, word.end - word.begin), false));
      }
      if (!each.empty()) {
        Xapian::Query found(Xapian::Query::OP_OR, phrase_query(prefix, raw, words, true),
                            combine(Xapian::Query::OP_AND, each));
        if (std::optional<Xapian::Query> alone = family_alone_of(prefix, raw, words)) {
          found = Xapian::Query(Xapian::Query::OP_OR, found, *alone);
        }
        return Item{std::move(found), {}};
      }
    }
    for (std::size_t i = first_word; i < words_.size(); ++i) words_[i].together = true;
    return Item{phrase_query(prefix, raw, words, !exact), {}};
  }

  Result<Item> wildcard(const Token& token, std::string_view prefix, bool positive) {
    std::string_view raw = token.text;
    std::size_t star = raw.find('*');
    if (star == 0) return fail(ErrorCode::kInvalidInput, "leading wildcards are not supported: " + std::string(raw));
    if (raw.find_first_not_of('*', star) != std::string_view::npos) {
      return fail(ErrorCode::kInvalidInput, "a wildcard may only end a word: " + std::string(raw));
    }
    std::string_view stem = raw.substr(0, star);
    std::vector<Word> words = split_words(stem);
    if (words.size() != 1 || words.front().end != stem.size()) {
      return fail(ErrorCode::kInvalidInput, "a wildcard needs one word before '*': " + std::string(raw));
    }
    if (auto r = count_term(); !r) return std::unexpected(r.error());
    std::string key = folded_word(stem, words.front());
    if (key.empty() || key.size() > t::kMaxWordBytes) return Item{};
    if (positive) words_.push_back({token.begin, token.begin + stem.size(), key, std::string(prefix), false, true});
    const std::string pattern = std::string(prefix) + key;
    if (!wildcard_words_) {
      return Item{Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, limits_.max_wildcard_expansion,
                                Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT),
                  {}};
    }
    auto [terms, starting] = wildcard_words_(pattern);
    if (terms.size() < starting) {
      LimitedWildcard limited{std::string(raw), {}, starting};
      for (const std::string& term : terms) limited.words.push_back(term.substr(std::min(prefix.size(), term.size())));
      limited_wildcards_.push_back(std::move(limited));
    }
    // As Xapian's expansion: the words as one (OP_SYNONYM); none, nothing.
    if (terms.empty()) return Item{Xapian::Query::MatchNothing, {}};
    return Item{Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()), {}};
  }

  // Whether `key`, a word written in lower case, reads as an ordinary word of
  // the text rather than an abbreviation: the index holds it in an inflected
  // form ("aid": "aided", "aiding"), not only as itself, its plural and its
  // possessive ("ussr", "ussr's"; "deptel", "deptels").
  bool ordinary_word(const std::string& key) const {
    for (const Xapian::Stem& stemmer : stemmers_) {
      std::string group(t::kStemPrefix);
      group += stemmer(key);
      for (const std::string& word : synonyms_(group)) {
        if (word != key && word != key + "s" && word != key + "'s") return true;
      }
    }
    return false;
  }

  // The glossary synonyms of run[i, i + len) that a query uses. A glossary
  // pairs an abbreviation with its expansion both ways, but:
  // - a search for the expansion does not look for a one- or two-letter
  //   abbreviation ("P" for President, "US", "K" for Khrushchev): in running
  //   text such a word is mostly an initial, a page reference ("p. 45"), a
  //   pronoun ("us") or a particle ("de Gaulle");
  // - a single word that is short or an ordinary word ("aid", "us", "De" of
  //   "De Gaulle", "Un") is that word: it stands for its expansion only
  //   written in capitals ("AID", "US", "DE"), as abbreviations are; so is
  //   a word the records write with small letters where the glossary writes
  //   the abbreviation in capitals ("Ngo" of Ngo Dinh Diem, not "NGO"); a
  //   longer word no text uses otherwise ("Deptel", "deptel") stands for it
  //   however written.
  std::vector<std::string> glossary_synonyms(const std::vector<RunWord>& run, std::size_t i, std::size_t len) const {
    std::string key = run[i].key;
    for (std::size_t j = 1; j < len; ++j) key += ' ' + run[i + j].key;
    std::vector<std::string> synonyms = synonyms_(key);
    std::erase_if(synonyms, [](const std::string& synonym) { return synonym.size() <= kMaxInitialBytes; });
    if (synonyms.empty() || len > 1 || run[i].in_capitals) return synonyms;
    if (key.size() <= kMaxInitialBytes || ordinary_word(key) || written_otherwise(key, run[i].written)) synonyms.clear();
    return synonyms;
  }

  // Whether the glossary writes the abbreviation `key` in capitals and the
  // query writes the word with small letters as some record does
  // (glossary_synonyms).
  bool written_otherwise(const std::string& key, std::string_view written) const {
    if (!names_.written_forms || has_no_small_letter(written)) return false;
    const std::vector<std::string> shown = synonyms_(std::string(t::kShownForm) + key);
    if (shown.empty() || !has_no_small_letter(shown.front())) return false;
    const std::vector<std::string> forms = names_.written_forms(key);
    return std::find(forms.begin(), forms.end(), written) != forms.end();
  }

  static bool has_no_small_letter(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  }

  // The names in other languages that the index holds of the place that
  // run[i, i + len) names, two or three words ("North Korea": "nordkorea";
  // "Soviet Union": "sowjetunion", the phrase "union sovietique"), as
  // other_romanisations() gives a word's. Empty when the words name no place.
  std::vector<Xapian::Query> place_names_of(const std::vector<RunWord>& run, std::size_t i, std::size_t len) {
    if (len < 2 || len > kMaxPlaceNameWords || !names_.word_in_other_system) return {};
    std::string name = run[i].key;
    std::string joined = run[i].key;
    for (std::size_t j = 1; j < len; ++j) {
      name += ' ' + run[i + j].key;
      joined += run[i + j].key;
    }
    Romanised names = other_romanisations("", joined, name);
    std::vector<Xapian::Query> out = std::move(names.phrases);
    for (const std::string& term : names.terms) out.emplace_back(term);
    return out;
  }

  // Moves the run of plain words into `positives`, replacing each longest
  // sequence that has synonyms (a glossary's, or a place's names in other
  // languages) by (words OR synonyms).
  void flush_run(std::vector<RunWord>& run, std::vector<Xapian::Query>& positives) {
    std::size_t i = 0;
    while (i < run.size()) {
      std::size_t used = 1;
      std::vector<std::string> synonyms;
      std::vector<Xapian::Query> place_names;
      for (std::size_t len = std::min(kMaxSynonymWords, run.size() - i); len >= 1; --len) {
        if (synonyms_) synonyms = glossary_synonyms(run, i, len);
        if (synonyms.empty()) place_names = place_names_of(run, i, len);
        if (!synonyms.empty() || !place_names.empty()) {
          used = len;
          break;
        }
      }
      if (synonyms.empty() && place_names.empty()) {
        positives.push_back(std::move(run[i].query));
      } else {
        std::vector<Xapian::Query> words;
        for (std::size_t j = i; j < i + used; ++j) {
          words.push_back(std::move(run[j].query));
          if (run[j].word < words_.size()) words_[run[j].word].in_known_name = true;
        }
        std::vector<Xapian::Query> alternatives{combine(Xapian::Query::OP_AND, words)};
        for (Xapian::Query& name : place_names) alternatives.push_back(std::move(name));
        if (synonyms.size() > kMaxSynonymsPerKey) synonyms.resize(kMaxSynonymsPerKey);
        for (const std::string& synonym : synonyms) {
          if (split_words(synonym).empty()) continue;
          if (std::find(glossary_entries_.begin(), glossary_entries_.end(), synonym) == glossary_entries_.end()) {
            glossary_entries_.push_back(synonym);
          }
          // The expansion as the glossary writes it (its brackets; the
          // synonym is its folded words).
          std::string written = synonym;
          if (const std::vector<std::string> shown = synonyms_(std::string(t::kShownForm) + synonym); !shown.empty()) {
            written = shown.front();
          }
          for (const std::string& form : glossary_forms(written)) {
            std::vector<Word> syn_words = split_words(form);
            if (syn_words.empty()) continue;
            for (const Word& w : syn_words) words_.push_back({0, 0, folded_word(form, w), "", false});
            if (syn_words.size() == 1) {
              alternatives.push_back(word_query("", folded_word(form, syn_words.front()), form, false));
            } else {
              alternatives.push_back(phrase_query("", form, syn_words));
            }
          }
        }
        positives.push_back(combine(Xapian::Query::OP_OR, alternatives));
      }
      i += used;
    }
    run.clear();
  }

  // Name-key terms ("XV" + key) the query searches by, and the words it
  // searches as known persons' family names (person_key()), as written: for
  // add_name_spellings().
  std::vector<std::string> name_key_terms_;
  std::unordered_map<std::string, bool> key_stands_;   // key_stands_for(): key '\n' word -> answer
  std::vector<std::string> person_words_;
  std::vector<std::string> other_spellings_;    // ParsedQuery::other_spellings
  std::vector<std::pair<std::string, Xapian::Query>> spellings_to_confirm_;   // ParsedQuery::spellings_to_confirm
  std::vector<std::string> glossary_entries_;   // ParsedQuery::glossary_entries
  std::vector<std::string> unmarked_;           // ParsedQuery::unmarked
  std::vector<LimitedWildcard> limited_wildcards_;   // ParsedQuery::limited_wildcards
  const std::vector<Xapian::Stem>& stemmers_;
  const SynonymLookup& synonyms_;
  const QueryLimits& limits_;
  const NameWordKey& name_word_key_;
  const NameQuerySupport& names_;
  std::vector<Token> tokens_;
  std::vector<QueryWord>& words_;
  const bool word_pairs_;
  const std::function<std::optional<DatedYears>()>& dated_years_;
  const WildcardExpander& wildcard_words_;
  std::size_t next_ = 0;
  int terms_ = 0;
};

}  // namespace

QueryParser::QueryParser(std::vector<Xapian::Stem> stemmers, SynonymLookup synonyms, QueryLimits limits,
                         std::function<std::string(std::string_view)> name_word_key, NameQuerySupport names)
    : stemmers_(std::move(stemmers)), synonyms_(std::move(synonyms)), limits_(limits),
      name_word_key_(names.word_key ? names.word_key : std::move(name_word_key)), names_(std::move(names)) {
  // A possessive has its name's key: "Chruschtschow's" is searched as
  // Khrushchev, "Cooper's" as Cooper.
  if (name_word_key_) {
    name_word_key_ = [key = std::move(name_word_key_)](std::string_view word) { return key(without_possessive(word)); };
  }
  names_.word_key = name_word_key_;
}

Result<ParsedQuery> QueryParser::parse(std::string_view text) const {
  if (text.size() > limits_.max_bytes) {
    return fail(ErrorCode::kInvalidInput,
                "the query is longer than " + std::to_string(limits_.max_bytes) + " bytes");
  }
  ParsedQuery parsed;
  // An address (a record's or a collection's id, or a URL that ends with
  // it) or a FRUS citation (addresses.h): that record, or the collection's
  // records.
  if (names_.term_frequency) {
    std::vector<std::string> ids;
    for (std::string_view id : addressed_ids(text)) ids.emplace_back(id);
    if (ids.empty()) {
      // A citation is pasted as written; a query with a field searches
      // ("Zhou Enlai collection:frus1955-57v04" is its words in the volume).
      ids = cited_ids(text);
      if (!ids.empty()) {
        auto tokens = lex(text);
        if (!tokens || std::any_of(tokens->begin(), tokens->end(), [](const Token& t) { return t.field != nullptr; })) {
          ids.clear();
        }
      }
    }
    for (const std::string& id : ids) {
      for (std::string term : {std::string(t::kIdPrefix) + id, facet_term('C', id)}) {
        if (term.size() > t::kMaxTermBytes || names_.term_frequency(term) == 0) continue;
        parsed.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(std::move(term)), 0.0);
        parsed.addressed = id;
        return parsed;
      }
    }
  }
  auto tokens = lex(text);
  if (!tokens) return std::unexpected(tokens.error());
  if (tokens->empty()) {
    parsed.query = match_all();
    parsed.match_all = true;
    return parsed;
  }
  Parser parser(stemmers_, synonyms_, limits_, name_word_key_, names_, std::move(*tokens), parsed.words, word_pairs_,
                dated_years_, wildcard_words_);
  auto query = parser.parse_all();
  if (!query) return std::unexpected(query.error());
  parsed.query = std::move(*query);
  parsed.other_spellings = parser.other_spellings();
  parsed.spellings_to_confirm = std::move(parser.spellings_to_confirm());
  parsed.glossary_entries = parser.glossary_entries();
  parsed.unmarked = parser.unmarked();
  parsed.limited_wildcards = std::move(parser.limited_wildcards());
  return parsed;
}

bool is_query_field(std::string_view name) { return find_field(name) != nullptr; }

}  // namespace chancery
