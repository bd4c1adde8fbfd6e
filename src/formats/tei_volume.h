// Private to the TEI reader: one volume (a TEI element) -> Collections, Records,
// Persons and Terms.
#pragma once

#include <string>

#include <pugixml.hpp>

#include "formats/tei_text.h"
#include "model/record.h"

namespace chancery::tei {

// Reads the volume rooted at `tei` into `unit`: its collection (id TEI/@xml:id,
// else its idno[@type="frus"], else `fallback_id`), one sub-collection per
// chapter, compilation or section holding documents, one record per document,
// and the persons and terms lists. Warns when the volume has no documents.
void read_volume(const pugi::xml_node& tei, const Names& names, const std::string& fallback_id,
                 ImportUnit& unit);

}  // namespace chancery::tei
