// Private to the TEI reader: a volume's printed index (the back of a FRUS
// volume, `div[@xml:id="index"]`) -> IndexEntry, each page or document
// number it prints resolved to the documents it leads to.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "formats/tei_text.h"
#include "model/record.h"

namespace chancery::tei {

// The pages of a volume in printed order (pb/@n, pb/@xml:id) and the pages
// each document is printed on, read in one pass over the volume.
class VolumePages {
 public:
  // Reads every pb and div[@type="document"] under `text` in document order;
  // a document's id is `volume`/its xml:id, as read_document gives it.
  void read(const pugi::xml_node& text, const Names& names, const std::string& volume);

  // The ids of the documents printed on the pages from `first` through
  // `last` (pb/@n or pb/@xml:id), in published order; {} when a page is
  // unknown. At most `limit`.
  std::vector<std::string> documents_on(std::string_view first, std::string_view last, std::size_t limit) const;
  bool empty() const { return documents_.empty(); }

 private:
  struct Printed {
    std::string id;
    std::size_t first = 0;   // ordinals of its first and last pages
    std::size_t last = 0;
  };
  void walk(const pugi::xml_node& node, const Names& names, const std::string& volume, Printed* open);
  void page(const pugi::xml_node& pb);
  std::size_t ordinal_of(std::string_view page, bool& found) const;

  std::map<std::string, std::size_t, std::less<>> by_number_;   // pb/@n -> ordinal (the first such page)
  std::map<std::string, std::size_t, std::less<>> by_id_;       // pb/@xml:id -> ordinal
  std::size_t pages_ = 0;
  std::vector<Printed> documents_;
};

struct PrintedIndex {
  std::vector<IndexEntry> entries;
  std::string note;        // "References are to document numbers"
  std::vector<std::string> warnings;
};

// Reads the index division `div` of volume `volume`. `record_ids` are the ids
// of the volume's documents (an index of document numbers points at them).
PrintedIndex read_printed_index(const pugi::xml_node& div, const Names& names, const std::string& volume,
                                const VolumePages& pages, const std::vector<std::string>& record_ids);

// Bounds: entries of one index, depth of sub-entries, documents a locator leads to.
inline constexpr std::size_t kMaxIndexEntries = 100000;
inline constexpr std::size_t kMaxIndexDepth = 6;
inline constexpr std::size_t kMaxLocatorRecords = 200;

}  // namespace chancery::tei
