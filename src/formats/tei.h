// TEI P5 editions (FRUS volumes, see ../shared/guide/frus-tei.md).
#pragma once

#include <string>
#include <string_view>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

// Reads a TEI P5 volume: every div[@type="document"] becomes a Record with id
// "VOLUME/dN"; the volume and its chapters/compilations become Collections;
// the persons and terms lists become Persons and Terms. Fails with the XML
// parser's line and column on input that is not well-formed XML or not TEI.
// Never resolves external entities or DTDs. A volume without documents yields
// an empty collection and a warning.
Result<ImportUnit> read_tei(std::string_view bytes, const std::string& path);

}  // namespace chancery
