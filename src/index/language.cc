#include "index/language.h"


#include <array>

#include "util/text_fold.h"

namespace chancery {
namespace {

constexpr std::string_view kDefaultStemmer = "english";

// Trims spaces and the Markdown line-break spaces of record-text values.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The language named after `kind` in a Contents line: "Translation - English".
std::string language_after(std::string_view contents, std::string_view kind) {
  std::size_t start = 0;
  while (start <= contents.size()) {
    std::size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = trim(contents.substr(start, end - start));
    if (line.size() > kind.size() && fold(line.substr(0, kind.size())) == kind) {
      std::string_view rest = line.substr(kind.size());
      std::size_t dash = rest.find('-');
      if (dash != std::string_view::npos) {
        std::string stemmer = stemmer_for_language(trim(rest.substr(dash + 1)));
        if (!stemmer.empty()) return stemmer;
      }
    }
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string stemmer_for_language(std::string_view language) {
  const std::string name = fold(trim(language));
  if (name.empty() || name == "none") return {};
  static constexpr std::array<std::string_view, 23> kXapianStemmers = {
      "arabic",  "armenian", "basque",    "catalan",    "danish",  "dutch",
      "english", "finnish",  "french",    "german",     "hungarian", "indonesian",
      "irish",   "italian",  "lithuanian", "nepali",    "norwegian", "portuguese",
      "romanian", "russian", "spanish",   "swedish",    "turkish"};
  for (std::string_view stemmer : kXapianStemmers) {
    if (name == stemmer) return std::string(stemmer);
  }
  return {};
}

std::string_view language_for_code(std::string_view code) {
  struct Code {
    std::string_view two, bibliographic, terminology, name;
  };
  static constexpr std::array<Code, 39> kCodes = {{
      {"ar", "ara", "ara", "Arabic"},     {"be", "bel", "bel", "Belarusian"}, {"bg", "bul", "bul", "Bulgarian"},
      {"cs", "cze", "ces", "Czech"},      {"da", "dan", "dan", "Danish"},     {"de", "ger", "deu", "German"},
      {"el", "gre", "ell", "Greek"},      {"en", "eng", "eng", "English"},    {"es", "spa", "spa", "Spanish"},
      {"et", "est", "est", "Estonian"},   {"fa", "per", "fas", "Persian"},    {"fi", "fin", "fin", "Finnish"},
      {"fr", "fre", "fra", "French"},     {"he", "heb", "heb", "Hebrew"},     {"hr", "hrv", "hrv", "Croatian"},
      {"hu", "hun", "hun", "Hungarian"},  {"it", "ita", "ita", "Italian"},    {"ja", "jpn", "jpn", "Japanese"},
      {"ka", "geo", "kat", "Georgian"},   {"ko", "kor", "kor", "Korean"},     {"lt", "lit", "lit", "Lithuanian"},
      {"lv", "lav", "lav", "Latvian"},    {"mk", "mac", "mkd", "Macedonian"}, {"mn", "mon", "mon", "Mongolian"},
      {"nl", "dut", "nld", "Dutch"},      {"no", "nor", "nor", "Norwegian"},  {"pl", "pol", "pol", "Polish"},
      {"pt", "por", "por", "Portuguese"}, {"ro", "rum", "ron", "Romanian"},   {"ru", "rus", "rus", "Russian"},
      {"sk", "slo", "slk", "Slovak"},     {"sl", "slv", "slv", "Slovenian"},  {"sq", "alb", "sqi", "Albanian"},
      {"sr", "srp", "srp", "Serbian"},    {"sv", "swe", "swe", "Swedish"},    {"tr", "tur", "tur", "Turkish"},
      {"uk", "ukr", "ukr", "Ukrainian"},  {"vi", "vie", "vie", "Vietnamese"}, {"zh", "chi", "zho", "Chinese"},
  }};
  if (code.size() < 2 || code.size() > 3) return {};
  std::string lower;
  for (char c : code) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  for (const Code& c : kCodes) {
    if (lower == c.two || lower == c.bibliographic || lower == c.terminology) return c.name;
  }
  return {};
}

std::string record_stemmer(const Record& record) {
  if (std::string s = language_after(record.contents, "translation"); !s.empty()) return s;
  if (std::string s = language_after(record.contents, "transcript"); !s.empty()) return s;
  if (record.languages.size() == 1) {
    if (std::string s = stemmer_for_language(record.languages.front()); !s.empty()) return s;
  }
  return std::string(kDefaultStemmer);
}

}  // namespace chancery
