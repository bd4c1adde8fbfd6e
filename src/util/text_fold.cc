#include "util/text_fold.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <memory>

namespace chancery {
namespace {

constexpr const char* kFoldRules =
    "Any-Lower; NFKD; [:Nonspacing Mark:] Remove; NFKC; Latin-ASCII";
constexpr const char* kLatinKeyRules =
    "Russian-Latin/BGN; Any-Latin; Any-Lower; NFKD; [:Nonspacing Mark:] Remove; NFKC; Latin-ASCII";

std::unique_ptr<icu::Transliterator> make_transliterator(const char* rules) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

// The transliterators of one thread. ICU transliterators are not safe to share
// between threads while transliterating, so each thread builds its own once.
struct ThreadTransliterators {
  std::unique_ptr<icu::Transliterator> fold = make_transliterator(kFoldRules);
  std::unique_ptr<icu::Transliterator> latin_key = make_transliterator(kLatinKeyRules);
};

ThreadTransliterators& thread_transliterators() {
  thread_local ThreadTransliterators transliterators;
  return transliterators;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string transliterate(icu::Transliterator* t, std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (t != nullptr) {
    t->transliterate(u);
  } else {
    u.toLower();  // ICU data missing: still fold case
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool has_non_latin_letter(std::string_view text) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0x80) continue;
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && script != USCRIPT_LATIN && script != USCRIPT_COMMON &&
        script != USCRIPT_INHERITED) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool starts_cyrillic(std::string_view text) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_CYRILLIC && U_SUCCESS(status);
  }
  return false;
}

namespace {

// ASCII apart from right single quotation marks (U+2019, the typographic
// apostrophe of "Khrushchev’s"): folded without ICU, the mark becoming '.
bool ascii_with_apostrophes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) < 0x80) continue;
    if (text.substr(i, 3) != "\xE2\x80\x99") return false;
    i += 2;
  }
  return true;
}

}  // namespace

std::string fold(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);
  if (ascii_with_apostrophes(text)) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (static_cast<unsigned char>(c) >= 0x80) {
        out += '\'';
        i += 2;
      } else {
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
    return out;
  }
  return transliterate(thread_transliterators().fold.get(), text);
}

std::string latin_key(std::string_view text) {
  if (is_ascii(text) || !has_non_latin_letter(text)) return {};
  std::string latin = transliterate(thread_transliterators().latin_key.get(), text);
  std::string key;
  key.reserve(latin.size());
  for (char c : latin) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
  }
  return key;
}

std::string capitalise_words(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool word_start = true;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(text.size());
  while (i < length) {
    const std::int32_t begin = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0) {   // invalid: copied as it is
      out.append(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(i - begin)));
      word_start = false;
      continue;
    }
    if (word_start && u_isalpha(c)) c = u_totitle(c);
    word_start = c == ' ';
    char buffer[U8_MAX_LENGTH];
    std::int32_t n = 0;
    [[maybe_unused]] UBool error = false;
    U8_APPEND(buffer, n, U8_MAX_LENGTH, c, error);
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace chancery
