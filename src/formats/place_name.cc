#include "formats/place_name.h"

#include <algorithm>
#include <vector>

namespace chancery {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::string joined(const std::vector<std::string_view>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

bool holds_number(std::string_view word) {
  for (char c : word) {
    if ((c >= '0' && c <= '9') || c == '/') return true;
  }
  return false;
}

// A capitalised word: an ASCII capital or a letter outside ASCII first.
bool is_capitalised(std::string_view word) {
  const auto c = static_cast<unsigned char>(word.front());
  return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "[place not declassified]", spaces collapsed.
std::string bracketed(std::string_view text) {
  std::string out = "[";
  out += joined(words_of(text), 0);
  out += ']';
  return out;
}

}  // namespace

bool is_withheld_place(std::string_view place) {
  const std::string lower = ascii_lower(place);
  for (std::string_view marker : {"not declassified", "unknown", "not identified", "not given", "no place", "withheld"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

std::string place_named(std::string_view written) {
  std::string text = joined(words_of(written), 0);
  auto trim = [&text]() {
    while (!text.empty() && (text.back() == ',' || text.back() == ';' || text.back() == ':' || text.back() == ' ')) {
      text.pop_back();
    }
  };
  trim();
  // Brackets an editor opened before the place or closed after it.
  auto count = [&text](char c) { return std::count(text.begin(), text.end(), c); };
  if (text.starts_with('[') && count('[') > count(']')) text.erase(0, 1);
  if (text.ends_with(']') && count(']') > count('[')) text.pop_back();
  trim();
  if (text.starts_with('[') && text.ends_with(']')) {
    // Supplied by the editors: the place all the same, unless withheld.
    if (is_withheld_place(text)) return bracketed(text.substr(1, text.size() - 2));
    text = text.substr(1, text.size() - 2);
    trim();
  } else if (is_withheld_place(text)) {
    return bracketed(text);
  }
  const std::vector<std::string_view> words = words_of(text);
  std::size_t last_number = words.size();
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (holds_number(words[i])) last_number = i;
  }
  if (last_number + 1 < words.size() && is_capitalised(words[last_number + 1])) return joined(words, last_number + 1);
  return joined(words, 0);
}

}  // namespace chancery
