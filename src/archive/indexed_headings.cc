#include "archive/indexed_headings.h"

#include <algorithm>
#include <unordered_set>

#include <xapian.h>

#include "util/word_tokenizer.h"

namespace chancery {
namespace {

// Words longer than this are no heading's (the index keeps none longer).
constexpr std::size_t kMaxWordBytes = 64;
// Words of a value looked up at most.
constexpr std::size_t kMaxValueWords = 16;

// A word of a heading or of a value, folded as the index folds it, and
// whether it is written as names are (util/word_tokenizer.h).
struct ValueWord {
  std::string folded;
  bool as_name = false;
};

std::vector<ValueWord> value_words(std::string_view text) {
  std::vector<ValueWord> out;
  for (const Word& word : split_words(text)) {
    std::string folded = folded_word(text, word);
    if (folded.empty() || folded.size() > kMaxWordBytes) continue;
    out.push_back({std::move(folded), written_as_name(text.substr(word.begin, word.end - word.begin))});
  }
  return out;
}

// Its English stem ("revolutions", "revolution": "revolut"); the word itself
// when the stemmer gives nothing. A Stem is not to be shared between threads.
std::string stem_of(const Xapian::Stem& stem, const std::string& word) {
  std::string stemmed = stem(word);
  return stemmed.empty() ? word : stemmed;
}

}  // namespace

IndexedHeadings::IndexedHeadings(const std::vector<CollectionAbout>& abouts) {
  for (const CollectionAbout& about : abouts) add(about.index, {});
}

const std::vector<std::uint32_t>* IndexedHeadings::words_with_stem(const std::string& stemmed) const {
  if (!stems_) return nullptr;
  // Made by the first value that needs it, not at start: made with the
  // headings, it delayed a server's first page by 0.05-0.09 s (22 FRUS
  // volumes).
  std::call_once(stems_->made, [this] {
    const Xapian::Stem stem("english");
    for (const auto& [word, id] : words_) stems_->by_stem[stem_of(stem, word)].push_back(id);
    for (auto& [key, ids] : stems_->by_stem) std::sort(ids.begin(), ids.end());
  });
  auto found = stems_->by_stem.find(stemmed);
  return found == stems_->by_stem.end() ? nullptr : &found->second;
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
    for (const ValueWord& word : value_words(entry.heading)) words.push_back(word_id(word.folded));
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
  // For each word of the value, the heading words that match it.
  std::vector<std::vector<std::uint32_t>> wanted;
  const Xapian::Stem stem("english");
  for (const ValueWord& word : value_words(value)) {
    if (wanted.size() == kMaxValueWords) break;
    std::vector<std::uint32_t> ids;
    if (word.as_name) {
      if (auto found = words_.find(word.folded); found != words_.end()) ids.push_back(found->second);
    } else if (const std::vector<std::uint32_t>* same = words_with_stem(stem_of(stem, word.folded))) {
      ids = *same;
    }
    if (ids.empty()) return {};
    wanted.push_back(std::move(ids));
  }
  if (wanted.empty() || limit == 0) return {};
  // The headings of the rarest value word, checked for the others.
  auto headings_of = [&](const std::vector<std::uint32_t>& ids) {
    std::size_t n = 0;
    for (const std::uint32_t id : ids) n += by_word_[id].size();
    return n;
  };
  const auto rarest = std::min_element(wanted.begin(), wanted.end(), [&](const auto& a, const auto& b) {
    return headings_of(a) < headings_of(b);
  });
  std::vector<std::uint32_t> candidates;
  for (const std::uint32_t id : *rarest) candidates.insert(candidates.end(), by_word_[id].begin(), by_word_[id].end());
  // In the order the headings were read (the volumes', and their indexes').
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::string> out;
  std::unordered_set<std::uint32_t> listed;
  for (const std::uint32_t index : candidates) {
    const Heading& heading = headings_[index];
    const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const std::vector<std::uint32_t>& ids) {
      return std::any_of(ids.begin(), ids.end(), [&](std::uint32_t word) {
        return std::binary_search(heading.words.begin(), heading.words.end(), word);
      });
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
