// Private to the TEI reader: one FRUS document (div[@type="document"]) -> Record.
#pragma once

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "formats/tei_text.h"
#include "model/record.h"

namespace chancery::tei {

// What a document needs to know about the volume it belongs to.
struct VolumeInfo {
  std::string id;               // "frus1955-57v25"
  std::string title;            // complete title: "Foreign Relations of the United States, 1955–1957, ..."
  Names names{""};              // element names without the file's TEI prefix
};

// Reads the document `div`: title, type, correspondents, place and date, source
// note, body blocks, footnotes, links, people and places, and its TEI as
// written. `collections` are the ids of the volume and the chapters holding it,
// outermost first.
Record read_document(const pugi::xml_node& div, const VolumeInfo& volume,
                     std::vector<std::string> collections);

}  // namespace chancery::tei
