#include "archive/indexed_headings.h"

#include <algorithm>
#include <unordered_set>

#include "util/word_tokenizer.h"

namespace chancery {
namespace {

// Words longer than this are no heading's (the index keeps none longer).
constexpr std::size_t kMaxWordBytes = 64;
// Words of a value looked up at most.
constexpr std::size_t kMaxValueWords = 16;

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> out;
  for (const Word& word : split_words(text)) {
    std::string folded = folded_word(text, word);
    if (!folded.empty() && folded.size() <= kMaxWordBytes) out.push_back(std::move(folded));
  }
  return out;
}

}  // namespace

IndexedHeadings::IndexedHeadings(const std::vector<CollectionAbout>& abouts) {
  for (const CollectionAbout& about : abouts) add(about.index, {});
}

std::uint32_t IndexedHeadings::word_id(const std::string& word) {
  auto [it, added] = words_.emplace(word, static_cast<std::uint32_t>(words_.size()));
  if (added) by_word_.emplace_back();
  return it->second;
}

std::uint32_t IndexedHeadings::record_id(const std::string& id) {
  auto [it, added] = record_lookup_.emplace(id, static_cast<std::uint32_t>(record_ids_.size()));
  if (added) record_ids_.push_back(id);
  return it->second;
}

void IndexedHeadings::add(const std::vector<IndexEntry>& entries, const std::vector<std::uint32_t>& parent_words) {
  for (const IndexEntry& entry : entries) {
    std::vector<std::uint32_t> words = parent_words;
    for (const std::string& word : folded_words(entry.heading)) words.push_back(word_id(word));
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    Heading heading;
    for (const IndexLocator& locator : entry.locators) {
      for (const std::string& id : locator.records) {
        const std::uint32_t record = record_id(id);
        if (std::find(heading.records.begin(), heading.records.end(), record) == heading.records.end()) {
          heading.records.push_back(record);
        }
      }
    }
    if (!heading.records.empty() && !words.empty()) {
      const auto index = static_cast<std::uint32_t>(headings_.size());
      for (const std::uint32_t word : words) by_word_[word].push_back(index);
      heading.words = words;
      headings_.push_back(std::move(heading));
    }
    add(entry.entries, words);
  }
}

std::vector<std::string> IndexedHeadings::records(std::string_view value, std::size_t limit) const {
  std::vector<std::uint32_t> wanted;
  for (const std::string& word : folded_words(value)) {
    if (wanted.size() == kMaxValueWords) break;
    auto found = words_.find(word);
    if (found == words_.end()) return {};
    wanted.push_back(found->second);
  }
  if (wanted.empty() || limit == 0) return {};
  // The headings of the rarest word, checked for the others.
  const std::uint32_t rarest = *std::min_element(wanted.begin(), wanted.end(), [&](std::uint32_t a, std::uint32_t b) {
    return by_word_[a].size() < by_word_[b].size();
  });
  std::vector<std::string> out;
  std::unordered_set<std::uint32_t> listed;
  for (const std::uint32_t index : by_word_[rarest]) {
    const Heading& heading = headings_[index];
    const bool all = std::all_of(wanted.begin(), wanted.end(), [&](std::uint32_t word) {
      return std::binary_search(heading.words.begin(), heading.words.end(), word);
    });
    if (!all) continue;
    for (const std::uint32_t record : heading.records) {
      if (!listed.insert(record).second) continue;
      out.push_back(record_ids_[record]);
      if (out.size() == limit) return out;
    }
  }
  return out;
}

}  // namespace chancery
