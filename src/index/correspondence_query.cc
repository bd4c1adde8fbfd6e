#include "index/correspondence_query.h"

#include <array>
#include <optional>
#include <utility>

#include "index/dated_query.h"
#include "index/index_terms.h"
#include "index/plain_query.h"
#include "util/word_tokenizer.h"

namespace chancery {

namespace {

constexpr std::size_t kMaxSideWords = 6;
// A personal name whose family name alone is tried: "John F. Kennedy".
constexpr std::size_t kMaxPersonalNameWords = 3;
constexpr std::size_t kMaxTokens = 24;

struct Token {
  std::string text;  // as written, without its quotation marks
  std::string key;   // ASCII lower case, trailing punctuation gone: for the keywords
  bool quoted = false;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <std::size_t N>
bool among(std::string_view key, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (key == word) return true;
  }
  return false;
}

// Words for a document, passed over wherever they stand; those of a type the
// index facets give that type.
struct DocumentWord {
  std::string_view word;
  std::string_view type;  // "" for any document
};
constexpr auto kDocumentWords = std::to_array<DocumentWord>({
    {"letter", ""},
    {"letters", ""},
    {"message", ""},
    {"messages", ""},
    {"correspondence", ""},
    {"communication", ""},
    {"communications", ""},
    {"reply", ""},
    {"replies", ""},
    {"response", ""},
    {"responses", ""},
    {"answer", ""},
    {"exchange", ""},
    {"exchanges", ""},
    {"documents", ""},
    {"sent", ""},
    {"telegram", "telegram"},
    {"telegrams", "telegram"},
    {"cable", "telegram"},
    {"cables", "telegram"},
    {"memorandum", "memorandum"},
    {"memoranda", "memorandum"},
    {"memo", "memorandum"},
    {"memos", "memorandum"},
    {"memorandums", "memorandum"},
    {"airgram", "airgram"},
    {"airgrams", "airgram"},
    {"despatch", "despatch"},
    {"despatches", "despatch"},
    {"dispatch", "despatch"},
    {"dispatches", "despatch"},
    {"instructions", ""},
});

const DocumentWord* document_word(std::string_view key) {
  for (const DocumentWord& word : kDocumentWords) {
    if (key == word.word) return &word;
  }
  return nullptr;
}

// Words a side starts with that name an office, not the person or body:
// "President Kennedy", "Secretary of State Rusk", "the Embassy ...".
constexpr auto kLeadingWords = std::to_array<std::string_view>(
    {"the",        "a",        "an",        "of",         "president", "president-elect",
     "vice",       "chairman", "premier",   "prime",      "minister",  "secretary",
     "ambassador", "general",  "gen.",      "mr",         "mr.",       "mrs",
     "mrs.",       "ms",       "dr",        "dr.",        "sir",       "senator",
     "governor",   "admiral",  "colonel",   "marshal",    "comrade",   "first",
     "deputy",     "under",    "assistant", "chancellor", "king",      "queen",
     "shah",       "pope",     "foreign",   "state",      "defense",   "chief",
     "director",   "acting"});

// Words that make a side more than a personal name ("Embassy in the Soviet
// Union", "Khrushchev and Castro"): its family name alone is not tried.
constexpr auto kJoiningWords =
    std::to_array<std::string_view>({"the", "a", "an", "of", "in", "for", "at", "and", "or"});

// Words that say which nations or sides, not who wrote: "US-Soviet
// exchanges" and "Anglo-American correspondence" are programmes and
// relations, not letters between two persons.
constexpr auto kNationWords = std::to_array<std::string_view>(
    {"us",      "u.s.",     "usa",      "uk",        "u.k.",      "ussr",     "soviet",   "american", "british",
     "french",  "german",   "chinese",  "sino",      "anglo",     "franco",   "russo",    "indo",     "russian",
     "polish",  "italian",  "japanese", "israeli",   "arab",      "egyptian", "cuban",    "turkish",  "greek",
     "yugoslav", "romanian", "hungarian", "czech",   "austrian",  "canadian", "mexican",  "korean",   "vietnamese",
     "indian",  "pakistani", "iranian", "iraqi",     "western",   "eastern",  "allied",   "east",     "west",
     "north",   "south",    "nato",     "un",        "european", "atlantic", "latin"});

// Whether the side is a nation's word alone ("Soviet"), not a correspondent.
bool nation_word_alone(const std::vector<Token>& side) {
  return side.size() == 1 && among(side.front().key, kNationWords);
}

// Words after the recipient that start what the correspondence is about.
constexpr auto kSubjectWords =
    std::to_array<std::string_view>({"on", "about", "concerning", "regarding", "re", "over"});

// Months as a date writes them before its day or year ("October 1962").
constexpr auto kMonthWords = std::to_array<std::string_view>(
    {"january", "february", "march", "april", "may",  "june", "july", "august", "september", "october", "november",
     "december", "jan.",    "feb.",  "mar.",  "apr.", "jun.", "jul.", "aug.",   "sep.",      "sept.",   "oct.",
     "nov.",     "dec."});

// A word of a name: letters (any script), and hyphens, apostrophes and full
// stops within ("Quaison-Sackey", "O'Brien", "F."); bytes that are no UTF-8
// letters, or letters that fold to nothing, are no name ("\xff\xff" would be
// searched as no word at all).
bool is_name_word(std::string_view word) {
  bool letter = false;
  bool other_script = false;
  for (unsigned char c : word) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      letter = true;
    } else if (c >= 0x80) {
      other_script = true;
    } else if (c != '-' && c != '\'' && c != '.') {
      return false;
    }
  }
  if (!letter && !other_script) return false;
  // And a word the search takes: a combining mark alone (U+0617 of
  // "\xd8\x97") is read as a word but searched as none, and so is a word
  // longer than the index keeps (a run of letters between bytes that are no
  // UTF-8).
  for (const Word& w : split_words(word)) {
    const std::string key = folded_word(word, w);
    if (!key.empty() && key.size() <= index_terms::kMaxWordBytes) return true;
  }
  return false;
}

bool has_digit(std::string_view word) {
  for (char c : word) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// Two names a dash or a slash joins, each capitalised: "Kennedy-Khrushchev",
// "Kennedy–Khrushchev", "Rusk/Dobrynin"; nullopt for any other word
// ("Quaison-Sackey" is read so too, and its search finds nothing).
std::optional<std::pair<Token, Token>> paired_names(const Token& token) {
  if (token.quoted) return std::nullopt;
  const std::string& text = token.text;
  for (std::string_view joint : {"\xE2\x80\x93", "\xE2\x80\x94", "-", "/"}) {
    const std::size_t at = text.find(joint);
    if (at == std::string::npos) continue;
    std::pair<Token, Token> pair;
    pair.first.text = text.substr(0, at);
    pair.second.text = text.substr(at + joint.size());
    for (Token* side : {&pair.first, &pair.second}) {
      const std::string& word = side->text;
      if (word.size() < 2 || !is_name_word(word) || word.find_first_of("-/") != std::string::npos) return std::nullopt;
      const auto c = static_cast<unsigned char>(word.front());
      if (!((c >= 'A' && c <= 'Z') || c >= 0x80)) return std::nullopt;
      side->key = ascii_lower(word);
    }
    return pair;
  }
  return std::nullopt;
}

// The query's words and phrases; nullopt when it uses the query language or
// cannot be read so (a phrase of other than at most kMaxSideWords name words).
std::optional<std::vector<Token>> tokens_of(std::string_view query) {
  // Trailing punctuation of a sentence goes: "Khrushchev," "Kennedy?".
  std::optional<std::vector<PlainToken>> plain = plain_query_tokens(query, kMaxTokens, ",;?!");
  if (!plain) return std::nullopt;
  std::vector<Token> tokens;
  tokens.reserve(plain->size());
  for (PlainToken& written : *plain) {
    Token token;
    token.text = std::move(written.text);
    token.quoted = written.quoted;
    if (token.quoted) {
      // A phrase of words only: no quotation mark or field within to carry.
      std::size_t words = 0;
      for (std::size_t i = 0; i < token.text.size();) {
        while (i < token.text.size() && is_space(token.text[i])) ++i;
        const std::size_t start = i;
        while (i < token.text.size() && !is_space(token.text[i])) ++i;
        if (i > start && !is_name_word(std::string_view(token.text).substr(start, i - start))) return std::nullopt;
        if (i > start) ++words;
      }
      if (words == 0 || words > kMaxSideWords) return std::nullopt;
    }
    token.key = ascii_lower(token.text);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// "Kennedy's" -> "Kennedy" (straight or typographic apostrophe).
void drop_possessive(Token& token) {
  for (std::string_view suffix : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
    if (!token.quoted && token.text.size() > suffix.size() && token.key.ends_with(suffix)) {
      token.text = token.text.substr(0, token.text.size() - suffix.size());
      token.key = token.key.substr(0, token.key.size() - suffix.size());
      return;
    }
  }
}

struct Side {
  std::vector<std::string> words;  // honorifics passed over
  bool quoted = false;             // one phrase as the query quoted it
  bool joined = false;             // has a joining word: no family name alone
  bool office = false;             // an office written before it ("President Kennedy"): a person or a body
};

// A sender or recipient from its tokens; nullopt when they are no name.
std::optional<Side> side_of(std::vector<Token> tokens) {
  Side side;
  if (tokens.empty()) return side;
  if (tokens.size() == 1 && tokens[0].quoted) {
    side.quoted = true;
    side.joined = true;
    side.words.push_back(tokens[0].text);
    return side;
  }
  drop_possessive(tokens.back());
  for (const Token& token : tokens) {
    if (token.quoted || !is_name_word(token.text) || token.key == "to" || token.key == "from") return std::nullopt;
  }
  std::size_t first = 0;
  while (first < tokens.size() && among(tokens[first].key, kLeadingWords)) ++first;
  if (first == tokens.size()) {
    // An office alone ("the President"): the words after its articles.
    first = 0;
    while (first + 1 < tokens.size() && (tokens[first].key == "the" || tokens[first].key == "a")) ++first;
  }
  if (tokens.size() - first > kMaxSideWords) return std::nullopt;
  for (const Token& token : tokens) {
    if (among(token.key, kLeadingWords) && token.key != "the" && token.key != "a" && token.key != "an") {
      side.office = true;
    }
  }
  for (std::size_t i = first; i < tokens.size(); ++i) {
    side.words.push_back(tokens[i].text);
    if (among(tokens[i].key, kJoiningWords)) side.joined = true;
  }
  return side;
}

// A side that may name a place: one to three capitalised words as written,
// no joining word ("Moscow", "New York"; not "the Embassy in Moscow").
bool may_be_place(const Side& side) {
  if (side.quoted || side.joined || side.office || side.words.empty() || side.words.size() > 3) return false;
  for (const std::string& word : side.words) {
    const auto c = static_cast<unsigned char>(word.front());
    if (!((c >= 'A' && c <= 'Z') || c >= 0x80)) return false;
  }
  return true;
}

bool has_family_name_alone(const Side& side) {
  return !side.joined && side.words.size() > 1 && side.words.size() <= kMaxPersonalNameWords;
}

// sender:Kennedy, sender:"Embassy in the Soviet Union"; the family name
// alone when `family_only` and the side is a personal name of several words.
std::string field_value(const Side& side, bool family_only) {
  if (family_only && has_family_name_alone(side)) return side.words.back();
  if (side.words.size() == 1 && !side.quoted) return side.words[0];
  std::string phrase;
  for (const std::string& word : side.words) {
    if (!phrase.empty()) phrase += ' ';
    phrase += word;
  }
  return "\"" + phrase + "\"";
}

std::string shown(const Side& side, bool family_only) {
  std::string text = field_value(side, family_only);
  if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

std::vector<CorrespondenceReading> read_as_correspondence(std::string_view query) {
  if (query.size() > kMaxCorrespondenceQueryBytes) return {};
  std::optional<std::vector<Token>> read = tokens_of(query);
  if (!read || read->empty()) return {};

  // Document words go wherever they stand; the first of a type asks for it.
  std::vector<Token> tokens;
  std::string kind;
  bool document_words = false;
  for (Token& token : *read) {
    const DocumentWord* word = token.quoted ? nullptr : document_word(token.key);
    if (word == nullptr) {
      tokens.push_back(std::move(token));
      continue;
    }
    document_words = true;
    if (kind.empty()) kind = std::string(word->type);
  }
  // A leading article of the whole ("the letters from ...", "a telegram to").
  while (!tokens.empty() && !tokens.front().quoted &&
         (tokens.front().key == "the" || tokens.front().key == "a" || tokens.front().key == "an")) {
    tokens.erase(tokens.begin());
  }
  if (tokens.empty()) return {};

  auto find = [&tokens](std::string_view key, std::size_t from) {
    for (std::size_t i = from; i < tokens.size(); ++i) {
      if (!tokens[i].quoted && tokens[i].key == key) return i;
    }
    return tokens.size();
  };
  auto slice = [&tokens](std::size_t begin, std::size_t end) {
    return std::vector<Token>(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                              tokens.begin() + static_cast<std::ptrdiff_t>(end));
  };
  // Where the second side ends: a subject word, a word with digits or a
  // month before one ("October 1962").
  auto subject_from = [&tokens](std::size_t begin) {
    for (std::size_t i = begin + 1; i < tokens.size(); ++i) {
      if (tokens[i].quoted) continue;
      if (among(tokens[i].key, kSubjectWords) || has_digit(tokens[i].key)) return i;
      if (among(tokens[i].key, kMonthWords) && i + 1 < tokens.size() && has_digit(tokens[i + 1].key)) return i;
    }
    return tokens.size();
  };

  std::vector<Token> first;
  std::vector<Token> second;
  std::size_t rest = tokens.size();
  bool both_ways = false;
  const std::size_t n = tokens.size();
  if (!tokens[0].quoted && tokens[0].key == "between") {
    const std::size_t and_at = find("and", 1);
    if (and_at == n || and_at == 1 || and_at + 1 == n) return {};
    rest = subject_from(and_at + 1);
    first = slice(1, and_at);
    second = slice(and_at + 1, rest);
    both_ways = true;
  } else {
    const std::size_t from_at = find("from", 0);
    const std::size_t to_at = find("to", 0);
    if (from_at < n && from_at != 0) return {};  // words before "from" other than a document's
    if (from_at == 0) {
      const std::size_t end = to_at < n ? to_at : subject_from(0);
      first = slice(1, end);
      if (first.empty()) return {};
      if (to_at < n) {
        if (to_at + 1 == n) return {};
        rest = subject_from(to_at + 1);
        second = slice(to_at + 1, rest);
      } else {
        rest = end;
      }
    } else if (to_at < n) {
      if (to_at + 1 == n) return {};
      first = slice(0, to_at);
      rest = subject_from(to_at + 1);
      second = slice(to_at + 1, rest);
    } else if (!document_words) {
      return {};
    } else if (auto pair = paired_names(tokens[0])) {
      // "the Kennedy-Khrushchev letters", "Rusk/Dobrynin exchanges on Berlin".
      rest = subject_from(0);
      if (rest != 1) return {};
      first.push_back(std::move(pair->first));
      second.push_back(std::move(pair->second));
      both_ways = true;
      if (nation_word_alone(first) || nation_word_alone(second)) return {};
    } else if (const std::size_t and_at = find("and", 0); and_at > 0 && and_at + 1 < n) {
      // "Kennedy and Khrushchev letters", "letters of Rusk and Dobrynin".
      rest = subject_from(and_at + 1);
      first = slice(0, and_at);
      second = slice(and_at + 1, rest);
      both_ways = true;
      if (nation_word_alone(first) || nation_word_alone(second)) return {};
    } else {
      return {};
    }
    // One side alone is a request for correspondence only with a document
    // word ("letters to Khrushchev"; "trip to Moscow" is none).
    if ((first.empty() || second.empty()) && !document_words) return {};
  }
  // The subject: words searched as they are.
  if (rest < n && !tokens[rest].quoted && among(tokens[rest].key, kSubjectWords)) ++rest;
  // What the subject says, a date written in it read as one ("on Berlin
  // October 1962" -> Berlin date:1962-10).
  std::string subject_query;
  for (const Token& token : slice(rest, n)) {
    if (!subject_query.empty()) subject_query += ' ';
    subject_query += token.quoted ? "\"" + token.text + "\"" : token.text;
  }
  std::string dated;
  if (std::optional<DatedReading> date = read_as_dated(subject_query)) {
    subject_query = std::move(date->query);
    dated = std::move(date->written);
  }

  std::optional<Side> sender = side_of(std::move(first));
  std::optional<Side> recipient = side_of(std::move(second));
  if (!sender || !recipient || (sender->words.empty() && recipient->words.empty())) return {};
  if (both_ways && (sender->words.empty() || recipient->words.empty())) return {};

  std::vector<CorrespondenceReading> readings;
  // The type asked for, then any (a telegram may be filed as a message).
  std::vector<std::string> kinds{kind};
  if (!kind.empty()) kinds.emplace_back();
  // A sender alone that may be a place: where the documents were written first.
  if (recipient->words.empty() && !both_ways && may_be_place(*sender)) {
    for (const std::string& asked : kinds) {
      CorrespondenceReading reading;
      reading.kind = asked;
      reading.written_at = true;
      reading.from = shown(*sender, false);
      std::string& q = reading.query;
      if (!asked.empty()) q = "type:" + asked + " ";
      q += "place:" + field_value(*sender, false);
      if (!subject_query.empty()) q += ' ' + subject_query;
      reading.dated = dated;
      readings.push_back(std::move(reading));
    }
  }
  for (const std::string& asked : kinds) {
    for (bool family_only : {false, true}) {
      if (family_only && !has_family_name_alone(*sender) && !has_family_name_alone(*recipient)) break;
      CorrespondenceReading reading;
      reading.kind = asked;
      reading.both_ways = both_ways;
      std::string fields;
      auto add = [&fields](std::string_view field, const std::string& value) {
        if (!fields.empty()) fields += ' ';
        fields += field;
        fields += value;
      };
      if (!sender->words.empty()) {
        reading.from = shown(*sender, family_only);
        add("sender:", field_value(*sender, family_only));
      }
      if (!recipient->words.empty()) {
        reading.to = shown(*recipient, family_only);
        add("recipient:", field_value(*recipient, family_only));
      }
      if (both_ways) {
        const std::string sender_value = field_value(*sender, family_only);
        const std::string recipient_value = field_value(*recipient, family_only);
        fields = "((sender:" + sender_value + " recipient:" + recipient_value + ") OR (sender:" + recipient_value +
                 " recipient:" + sender_value + "))";
      }
      std::string& q = reading.query;
      if (!asked.empty()) q = "type:" + asked + " ";
      q += fields;
      if (!subject_query.empty()) q += ' ' + subject_query;
      reading.dated = dated;
      readings.push_back(std::move(reading));
    }
  }
  return readings;
}

std::string correspondence_label(const CorrespondenceReading& reading) {
  std::string label = reading.kind == "telegram"     ? "Telegrams"
                      : reading.kind == "memorandum" ? "Memoranda"
                      : reading.kind == "airgram"    ? "Airgrams"
                      : reading.kind == "despatch"   ? "Despatches"
                                                     : "Documents";
  const std::string when = reading.dated.empty() ? std::string() : ", " + reading.dated;
  if (reading.both_ways) return label + " between " + reading.from + " and " + reading.to + when + ", either way";
  if (reading.written_at) return label + " written at " + reading.from + when;
  if (!reading.from.empty()) label += " from " + reading.from;
  if (!reading.to.empty()) label += " to " + reading.to;
  return label + when;
}

}  // namespace chancery
