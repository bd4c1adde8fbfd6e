#include "index/word_pairs.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "index/index_terms.h"

namespace chancery {
namespace {

// The 128 words found in the most documents of the 22 FRUS volumes (their
// index's term frequencies), in two sorted lists: function words, and the
// others. Part of the index layout: see word_pairs.h.
constexpr std::array kFunctionWords = std::to_array<std::string_view>({
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "between", "both", "but", "by", "can", "could", "do", "for", "from", "further", "had", "has",
    "have", "he", "him", "his", "however", "i", "if", "in", "into", "is", "it", "its", "made",
    "may", "might", "more", "most", "no", "not", "now", "of", "on", "one", "only", "or", "other",
    "our", "out", "over", "see", "should", "since", "so", "some", "such", "take", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "to", "under", "up", "us", "was",
    "we", "well", "were", "what", "when", "which", "will", "with", "would",
});
constexpr std::array kFrequentWords = std::to_array<std::string_view>({
    "action", "agreement", "ambassador", "central", "conversation", "department", "document",
    "files", "first", "following", "foreign", "general", "government", "make", "meeting",
    "memorandum", "military", "national", "new", "policy", "political", "position", "possible",
    "present", "president", "question", "relations", "said", "secret", "secretary", "security",
    "situation", "source", "soviet", "state", "states", "subject", "telegram", "text", "time",
    "two", "united", "view", "washington",
});

template <std::size_t N>
constexpr bool sorted_and_unique(const std::array<std::string_view, N>& words) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(words[i - 1] < words[i])) return false;
  }
  return true;
}
static_assert(sorted_and_unique(kFunctionWords), "kFunctionWords must stay sorted, without repeats");
static_assert(sorted_and_unique(kFrequentWords), "kFrequentWords must stay sorted, without repeats");
constexpr bool disjoint() {
  for (std::string_view a : kFunctionWords) {
    for (std::string_view b : kFrequentWords) {
      if (a == b) return false;
    }
  }
  return true;
}
static_assert(disjoint(), "a word is either a function word or a frequent one");

// The longest common word: longer words skip the lookup.
constexpr std::size_t longest() {
  std::size_t most = 0;
  for (std::string_view word : kFunctionWords) most = std::max(most, word.size());
  for (std::string_view word : kFrequentWords) most = std::max(most, word.size());
  return most;
}
constexpr std::size_t kLongestCommonWord = longest();

// Every folded word is looked up, so the lists are an open-addressing hash
// table (FNV-1a, linear probing), built once.
class CommonWordTable {
 public:
  CommonWordTable() {
    for (std::string_view word : kFunctionWords) insert({word, true});
    for (std::string_view word : kFrequentWords) insert({word, false});
  }

  CommonWord find(std::string_view word) const {
    for (std::size_t slot = hash(word) & kMask;; slot = (slot + 1) & kMask) {
      const CommonWord& entry = slots_[slot];
      if (entry.word.empty() || entry.word == word) return entry;
    }
  }

 private:
  static constexpr std::size_t kSlots = 512;   // a power of two, over 3x the words
  static constexpr std::size_t kMask = kSlots - 1;
  static_assert(kFunctionWords.size() + kFrequentWords.size() < kSlots / 2);

  static std::uint32_t hash(std::string_view word) {
    std::uint32_t h = 2166136261u;
    for (const char c : word) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }

  void insert(CommonWord entry) {
    std::size_t slot = hash(entry.word) & kMask;
    while (!slots_[slot].word.empty()) slot = (slot + 1) & kMask;
    slots_[slot] = entry;
  }

  std::array<CommonWord, kSlots> slots_{};
};

}  // namespace

CommonWord common_word(std::string_view folded) {
  if (folded.empty() || folded.size() > kLongestCommonWord) return {};
  static const CommonWordTable table;
  return table.find(folded);
}

std::string word_pair_term(std::string_view first, std::string_view second) {
  std::string term;
  term.reserve(index_terms::kWordPair.size() + first.size() + 1 + second.size());
  term.append(index_terms::kWordPair);
  term.append(first);
  term += ' ';
  term.append(second);
  return term;
}

}  // namespace chancery
