// The headings of a volume's printed index under which each of its documents
// is listed (a page of the document printed after them), for the document's
// page: "Air strike suspension: decision to implement". Built from the
// volume's CollectionAbout once while the store is unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/record.h"
#include "util/error.h"

namespace chancery {
class Archive;
}

namespace chancery::web {

class IndexHeadings {
 public:
  struct Heading {
    std::string path;     // the entry's heading after its parents' ("Acheson, Dean G.: Hong Kong, status of")
    std::string anchor;   // its id on the index's page ("i-4-2")
    // Its item in a document page's list, as heading_item_html() gives it:
    // made once for every document the entry lists (a document may be
    // listed under dozens, and escaping and encoding their links took about
    // a twentieth of a document page's time).
    std::string item_html;
  };

  // The headings of the printed index of the collection `about.id`.
  explicit IndexHeadings(const CollectionAbout& about);

  // Whether the index's numbers are document numbers (its headnote says
  // "References are to document numbers"), not the printed volume's pages.
  bool by_document_number() const { return by_document_number_; }
  // index_letters() of the index.
  const std::vector<char>& letters() const { return letters_; }

  // The headings listing `record_id`, in the index's order, each once; null for none.
  const std::vector<const Heading*>* of(std::string_view record_id) const;
  std::size_t bytes() const { return bytes_; }

 private:
  void add(const std::vector<IndexEntry>& entries, const std::string& prefix, const std::string& parent);

  std::string collection_id_;
  std::deque<Heading> headings_;   // the entries that list a document (a deque: by_record_ points into it)
  std::unordered_map<std::string, std::vector<const Heading*>> by_record_;
  std::size_t bytes_ = 0;
  bool by_document_number_ = false;
  std::vector<char> letters_;
};

// Whether `about`'s printed index numbers documents rather than pages.
bool index_numbers_documents(const CollectionAbout& about);

// The letter each top-level entry is filed under: 'A' to 'Z', '#' for one
// that starts with a digit or none. Letters only advance: an entry printed out
// of order ("U.S.-Soviet relations" among the B's of a volume that files "US"
// so) stays under the letter before it, so each letter is one run.
std::vector<char> index_letters(const std::vector<IndexEntry>& entries);
// How a letter is written in an address and a page: "A", "0-9".
std::string letter_name(char letter);

// The top-level entry (1-based) an entry's id on the index page belongs to:
// "i-164-3" -> 164; 0 for an id of no entry.
std::size_t top_entry_of(std::string_view anchor);

// A heading's item in the list of a document page of `collection_id`: a link
// to its entry on the index page and one to the search of every document the
// volumes' indexes list under its words (indexed:).
std::string heading_item_html(std::string_view collection_id, const std::vector<char>& letters,
                              const std::string& path, std::string_view anchor);

// An index of more entries than this is shown one letter a page (?letter=).
inline constexpr std::size_t kIndexEntriesOnOnePage = 400;

// The address of the entry with id `anchor` ("i-164-3") on the index page of
// `collection_id`, whose letters are `letters`: with its letter where the
// index is shown a letter a page.
std::string printed_index_entry_url(std::string_view collection_id, const std::vector<char>& letters,
                                    std::string_view anchor);

// IndexHeadings by volume, while the volume's printed index stays at one
// revision: checked by the store's version, and when that moved (any record,
// annotation or volume changed) by the seq of the volume's own texts
// (Store::latest_seq), so an editor's correction does not make every volume's
// next page read its index again (25-50 ms a FRUS volume). At most about
// `max_bytes` kept (beyond that it starts afresh). Thread-safe.
class IndexHeadingsCache {
 public:
  explicit IndexHeadingsCache(std::size_t max_bytes = 32u << 20) : max_bytes_(max_bytes) {}

  // The headings of `volume`'s printed index as `archive` reads it at
  // `store_version`; null when it has none. Fails like Archive::collection_about.
  Result<std::shared_ptr<const IndexHeadings>> get(Archive& archive, const std::string& volume,
                                                  std::int64_t store_version);

  // Reads ahead the headings of every collection with texts of its own, as
  // get() would, until `stop` is set or the volumes read take half the
  // budget: the first document page of each volume then does not wait for
  // its printed index (25-50 ms a FRUS volume). The server runs it at idle
  // priority after its start (util/idle_thread.h). How many volumes it read.
  std::size_t read_ahead(Archive& archive, std::int64_t store_version, std::stop_token stop);

  // Volumes' indexes read, and headings kept across a change of the store
  // that left their volume alone.
  std::size_t reads() const;
  std::size_t kept_across_changes() const;

 private:
  struct Entry {
    std::int64_t store_version = 0;                  // the newest version it was checked at
    std::optional<std::int64_t> about_seq;           // of the volume's texts read (nullopt: none)
    std::shared_ptr<const IndexHeadings> headings;
    std::size_t bytes = 0;
  };
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  std::size_t reads_ = 0;
  std::size_t kept_across_changes_ = 0;
};

// The headings of `volume`'s printed index without a cache; null for none.
Result<std::shared_ptr<const IndexHeadings>> read_index_headings(Archive& archive, const std::string& volume);

}  // namespace chancery::web
