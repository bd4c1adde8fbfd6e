// Search over collections' own texts: a volume's preface, its list of
// unpublished sources, its introduction (CollectionAbout, model/record.h).
// A historian looking for "Whitman File" or "Eisenhower Library" wants the
// volumes whose front matter names them, which the records' index does not
// hold. The texts are few (about three a volume, 540 KB for the 22 FRUS
// volumes), so they are indexed in memory, each as a record's text is
// (DocumentBuilder: the same words, stems, phrases and word pairs), and
// searched with the records' query syntax (QueryParser), snippets marked as
// a hit's are. Built from the store by the archive (Archive::
// search_collection_texts), never written to disk, so it needs no layout,
// replica or backup of its own.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/index.h"
#include "index/query_parser.h"
#include "model/record.h"
#include "util/error.h"

namespace chancery {

// "Sukarno (Soekarno)" of a printed index: the heading before its brackets
// and the other name in them, when that is another spelling of it
// (names::spelled_alike) of a few words; false for a qualifier ("Aksal
// (Turkey)"), an acronym ("Vietnamese (RVN) concurrence") or anything else.
bool bracketed_other_name(std::string_view heading, std::string_view& name, std::string_view& other);

class CollectionTextSearch {
 public:
  // Indexes every text of `abouts` (a collection with no texts adds nothing),
  // and keeps the cross-references of their printed indexes ("see", "see
  // also", a heading's bracketed other name) by heading. kStorage when
  // Xapian fails.
  static Result<std::unique_ptr<CollectionTextSearch>> build(const std::vector<CollectionAbout>& abouts,
                                                             QueryLimits limits = {});
  CollectionTextSearch(const CollectionTextSearch&) = delete;
  CollectionTextSearch& operator=(const CollectionTextSearch&) = delete;

  // The texts matching `query` (records' syntax; fields a text lacks, such
  // as person: or date:, match nothing). An empty query matches nothing.
  // Fails with kInvalidInput as a records' search would. Thread-safe: the
  // in-memory index is read under a lock, the snippets are made outside it.
  // The answers of the last kMemoEntries queries are kept (all dropped when
  // full): the texts never change (a change builds a new search), and a
  // reader who sorts or filters a search asks the same query again, whose
  // snippets of long prefaces cost more than the rest of it.
  Result<CollectionTextResults> search(std::string_view query, std::size_t limit) const;
  static constexpr std::size_t kMemoEntries = 1024;

  // The number of texts indexed.
  std::size_t size() const { return texts_.size(); }

  // The cross-references of printed indexes headed by `query` (its words,
  // case, accents and punctuation aside), at most kMaxIndexCrossReferences.
  std::vector<IndexCrossReference> references(std::string_view query) const;

 private:
  explicit CollectionTextSearch(QueryLimits limits);
  struct Text {
    std::string collection_id;
    std::string text_id;
    std::string title;
    std::string snippet_text;   // the text snippets are made from (decode_snippet_text)
  };
  Xapian::WritableDatabase db_;
  // The stemmers' names: each search makes stemmers of its own, since the
  // copies of a Xapian::Stem share its Snowball state, which stemming changes.
  std::vector<std::string> stemmer_names_;
  std::vector<Text> texts_;   // by docid - 1
  // Stem groups ({"Z" + stem, word}, DocumentBuilder), which the records'
  // index keeps as synonyms: Xapian's in-memory databases keep none.
  std::map<std::string, std::vector<std::string>> synonym_groups_;
  QueryLimits limits_;
  // Printed indexes' cross-references by heading key (heading_key).
  std::unordered_map<std::string, std::vector<IndexCrossReference>> references_;
  void add_references(const std::string& collection_id, const std::vector<IndexEntry>& entries);
  mutable std::mutex mutex_;   // db_, in search()
  // Answers by limit and query ("10\nquery"), under memo_mutex_.
  mutable std::mutex memo_mutex_;
  mutable std::unordered_map<std::string, CollectionTextResults> memo_;
};

}  // namespace chancery
