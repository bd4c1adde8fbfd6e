#include "index/glossary_forms.h"

#include <algorithm>

#include "util/word_tokenizer.h"

namespace chancery {

namespace {

// The forms of one meaning of an expansion (no semicolon outside brackets).
std::vector<std::string> forms_of_meaning(std::string_view expansion) {
  std::string outside;
  std::string first_inside;
  bool seen_inside = false;
  std::size_t depth = 0;
  std::string inside;
  for (char c : expansion) {
    if (c == '(') {
      if (depth++ == 0) inside.clear();
      outside += ' ';
      continue;
    }
    if (c == ')') {
      if (depth == 0) return {std::string(expansion)};
      if (--depth == 0) {
        // Words in lower case go on the expansion ("Communist Party (of the
        // Soviet Union)"): they are its words, bracketed.
        const std::size_t first = inside.find_first_not_of(' ');
        if (first != std::string::npos && inside[first] >= 'a' && inside[first] <= 'z') {
          outside += inside;
        } else if (!seen_inside) {
          first_inside = inside;
          seen_inside = true;
        }
      }
      outside += ' ';
      continue;
    }
    (depth == 0 ? outside : inside) += c;
  }
  if (depth == 0 && !seen_inside && outside != expansion) return {std::move(outside)};
  if (depth != 0 || !seen_inside) return {std::string(expansion)};
  std::vector<std::string> forms;
  if (!split_words(outside).empty()) forms.push_back(std::move(outside));
  if (split_words(first_inside).size() >= kMinTranslationWords) forms.push_back(std::move(first_inside));
  if (forms.empty()) forms.emplace_back(expansion);
  return forms;
}

}  // namespace

std::vector<std::string> glossary_forms(std::string_view expansion) {
  const std::vector<std::string_view> meanings = parts_outside_brackets(expansion, ';');
  if (meanings.size() == 1) return forms_of_meaning(expansion);
  std::vector<std::string> forms;
  for (std::string_view meaning : meanings) {
    if (split_words(meaning).empty()) continue;
    if (meaning.starts_with("or ")) meaning.remove_prefix(3);   // "Commanding General; or Coast Guard"
    for (std::string& form : forms_of_meaning(meaning)) {
      if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(std::move(form));
    }
  }
  if (forms.empty()) forms.emplace_back(expansion);
  return forms;
}

}  // namespace chancery
