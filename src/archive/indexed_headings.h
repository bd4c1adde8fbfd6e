// The records a volume's printed index lists under a heading: what the
// editors indexed under "Nagy, Imre" or "Hungary: revolution in", for the
// query field indexed: (NameHooks::indexed_records). The printed index is
// the editors' own reading of the volume: it lists a document under a
// person or a subject whether or not the document writes the name ("the
// Hungarian Premier"), and its sub-entries say in what regard.
//
// A heading matches a value when its words, with its parents' (a sub-entry
// is read under its entry: "Hungary: revolution in"), folded as the index
// folds them (case and accents aside), hold every word of the value. A word
// of the value written as names are (a capital first: "Adams") is matched
// as written; another by its English stem, as a search of the text matches
// it ("revolutions" finds "Revolution"), as Xapian's own query parser does
// (STEM_SOME): "Adams" does not find "Rapacki, Adam". Its records are those
// its page or document numbers give (IndexLocator::records).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/record.h"

namespace chancery {

class IndexedHeadings {
 public:
  IndexedHeadings() = default;
  explicit IndexedHeadings(const std::vector<CollectionAbout>& abouts);

  // The records listed under the headings matching `value`, each once, in
  // the order of the volumes and their indexes, at most `limit`; {} when no
  // heading matches or `value` has no words.
  std::vector<std::string> records(std::string_view value, std::size_t limit) const;
  // The headings kept (entries and sub-entries that list a record).
  std::size_t size() const { return headings_.size(); }

 private:
  struct Heading {
    std::vector<std::uint32_t> words;     // word ids, sorted, once each
    std::vector<std::uint32_t> records;   // record ids (record_ids_), in the index's order
  };
  void add(const std::vector<IndexEntry>& entries, const std::vector<std::uint32_t>& parent_words);
  std::uint32_t word_id(const std::string& word);
  std::uint32_t record_id(const std::string& id);

  // The word ids of each English stem, sorted; made on first use.
  struct Stems {
    std::once_flag made;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_stem;
  };
  const std::vector<std::uint32_t>* words_with_stem(const std::string& stemmed) const;

  std::unordered_map<std::string, std::uint32_t> words_;
  std::unique_ptr<Stems> stems_ = std::make_unique<Stems>();
  std::unordered_map<std::string, std::uint32_t> record_lookup_;
  std::vector<std::string> record_ids_;
  std::vector<std::vector<std::uint32_t>> by_word_;   // word id -> headings holding it
  std::vector<Heading> headings_;
};

}  // namespace chancery
