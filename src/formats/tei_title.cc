#include "formats/tei_title.h"

#include <array>
#include <cctype>
#include <vector>

namespace chancery::tei {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// Titles whose kind is named by a phrase rather than one noun.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kPhrases{{
    {"editorial note", "editorial note"},
    {"memorandum of conversation", "memorandum of conversation"},
    {"memorandum of a conversation", "memorandum of conversation"},
    {"memorandum of telephone conversation", "memorandum of telephone conversation"},
    {"memorandum for the record", "memorandum for the record"},
    {"circular telegram", "circular telegram"},
    {"circular airgram", "circular airgram"},
    {"circular instruction", "circular instruction"},
    {"special national intelligence estimate", "special national intelligence estimate"},
    {"national intelligence estimate", "national intelligence estimate"},
    {"diary entry", "diary entry"},
    {"telephone conversation", "telephone conversation"},
    {"aide-mémoire", "aide-mémoire"},
    {"summary of conclusions", "summary of conclusions"},
}};

// Nouns that name a kind of document, with the type they map to.
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kNouns{{
    {"telegram", "telegram"},     {"cablegram", "telegram"},   {"memorandum", "memorandum"},
    {"letter", "letter"},         {"despatch", "despatch"},    {"dispatch", "despatch"},
    {"instruction", "instruction"}, {"note", "note"},          {"notes", "notes"},
    {"minutes", "minutes"},       {"report", "report"},        {"paper", "paper"},
    {"message", "message"},       {"airgram", "airgram"},      {"estimate", "estimate"},
    {"transcript", "transcript"}, {"record", "record"},        {"address", "address"},
    {"remarks", "remarks"},       {"statement", "statement"},  {"resolution", "resolution"},
    {"circular", "circular"},     {"study", "study"},          {"summary", "summary"},
}};

// Words after which the title no longer names the kind of document.
bool is_stop_word(std::string_view w) {
  static constexpr std::array<std::string_view, 14> kStops{
      "from", "to", "by", "of", "for", "on", "prepared", "between", "with",
      "approved", "adopted", "in", "at", "the"};
  for (auto s : kStops) {
    if (w == s) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == ':')) s.remove_suffix(1);
  return s;
}

// Cuts a recipient before what follows it: ", December 26, 1973", ". Secret.".
std::string_view cut_recipient(std::string_view s) {
  std::size_t end = s.size();
  std::size_t comma = s.find(',');
  if (comma != std::string_view::npos) end = comma;
  for (std::size_t i = 0; i + 1 < end; ++i) {
    if (s[i] != '.' || s[i + 1] != ' ') continue;
    // An abbreviation ("U.S. Embassy", "Mr. Smith") does not end the name.
    std::size_t word = s.rfind(' ', i);
    word = word == std::string_view::npos ? 0 : word + 1;
    std::string_view token = s.substr(word, i - word);
    bool abbreviation = token.size() <= 2 || token.find('.') != std::string_view::npos ||
                        token == "Mrs" || token == "Gen" || token == "Col";
    if (!abbreviation) {
      end = i;
      break;
    }
  }
  return trim(s.substr(0, end));
}

// Offices named with "to": "Ambassador to France", "Assistant to the President".
bool is_office_taking_to(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kOffices{
      "Mission",  "Representative", "Representatives", "Ambassador", "Assistant", "Delegation",
      "Delegate", "Adviser",        "Advisor",         "Minister",   "Envoy",     "Observer"};
  for (auto office : kOffices) {
    if (word == office) return true;
  }
  return false;
}

}  // namespace

std::string_view strip_document_number(std::string_view title) {
  std::size_t i = 0;
  while (i < title.size() && std::isdigit(static_cast<unsigned char>(title[i]))) ++i;
  if (i > 0 && i < title.size() && title[i] == '.') {
    title.remove_prefix(i + 1);
    while (!title.empty() && title.front() == ' ') title.remove_prefix(1);
  }
  return title;
}

std::string record_type_from_title(std::string_view title) {
  std::string text = lower(strip_document_number(title));
  for (const auto& [phrase, type] : kPhrases) {
    if (text.starts_with(phrase)) return std::string(type);
  }
  // The last document noun before the first stop word: "Summary Paper Approved
  // by ..." -> "paper", "Telegram 250151 From ..." -> "telegram".
  std::string found;
  std::vector<std::string_view> words = words_of(text);
  for (std::size_t i = 0; i < words.size() && i < 6; ++i) {
    std::string_view w = trim(words[i]);
    if (is_stop_word(w)) break;
    for (const auto& [noun, type] : kNouns) {
      if (w == noun) found = type;
    }
  }
  return found;
}

std::string strip_leading_the(std::string_view name) {
  if (name.starts_with("the ") || name.starts_with("The ")) name.remove_prefix(4);
  return std::string(name);
}

Correspondents correspondents_from_title(std::string_view title) {
  Correspondents out;
  std::string_view text = strip_document_number(title);
  std::size_t from = text.find(" From ");
  if (from == std::string_view::npos) from = text.find(" from ");
  std::string_view rest;
  if (from != std::string_view::npos) {
    rest = text.substr(from + 6);
  } else if (text.starts_with("The ")) {
    // Older volumes: "The Consul General at Batavia (Livengood) to the Secretary of State".
    rest = text;
  } else {
    return out;
  }
  // "the Special Assistant to the President (Bundy) to the Secretary": the
  // recipient follows the sender's parenthesised name, else the first " to "
  // that does not continue an office ("Mission to the United Nations").
  std::size_t to = rest.find(") to ");
  if (to != std::string_view::npos) {
    ++to;
  } else {
    to = std::string_view::npos;
    for (std::size_t at = rest.find(" to "); at != std::string_view::npos; at = rest.find(" to ", at + 1)) {
      std::size_t word = at == 0 ? std::string_view::npos : rest.rfind(' ', at - 1);
      std::size_t word_start = word == std::string_view::npos ? 0 : word + 1;
      std::string_view previous = rest.substr(word_start, at - word_start);
      if (!is_office_taking_to(previous)) {
        to = at;
        break;
      }
      to = at;  // every " to " continues an office: the last one
    }
  }
  if (to == std::string_view::npos) {
    if (from != std::string_view::npos) out.sender = strip_leading_the(cut_recipient(rest));
    return out;
  }
  out.sender = strip_leading_the(trim(rest.substr(0, to)));
  out.recipient = strip_leading_the(cut_recipient(rest.substr(to + 4)));
  return out;
}

std::string archive_from_source(std::string_view source) {
  if (source.size() >= 7 && lower(source.substr(0, 7)) == "source:") source.remove_prefix(7);
  source = trim(source);
  if (source.starts_with("Department of State, Central Files")) {
    return "Department of State, Central Files";
  }
  std::size_t end = source.find_first_of(",:.;(");
  std::string_view first = trim(source.substr(0, end));
  static constexpr std::array<std::string_view, 9> kHolders{
      "Library", "Archives", "Agency", "Department", "Center", "Congress",
      "University", "Records", "Ministry"};
  for (auto holder : kHolders) {
    if (first.find(holder) != std::string_view::npos) return std::string(first);
  }
  return {};
}

std::string classification_from_source(std::string_view source) {
  // Longest first, so "Top Secret" wins over "Secret".
  static constexpr std::array<std::string_view, 7> kMarkings{
      "No classification marking", "Limited Official Use", "Official Use Only", "Top Secret",
      "Confidential", "Unclassified", "Secret"};
  std::size_t best = std::string_view::npos;
  std::string_view found;
  for (auto marking : kMarkings) {
    for (std::size_t at = source.find(marking); at != std::string_view::npos;
         at = source.find(marking, at + 1)) {
      // A marking is a sentence of its own: "Secret;", "Top Secret.", "Confidential,".
      std::size_t end = at + marking.size();
      bool starts = at == 0 || source[at - 1] == ' ';
      bool ends = end == source.size() || source[end] == '.' || source[end] == ';' ||
                  source[end] == ',';
      if (starts && ends) {
        if (at < best) {
          best = at;
          found = marking;
        }
        break;
      }
    }
  }
  return std::string(found);
}

}  // namespace chancery::tei
