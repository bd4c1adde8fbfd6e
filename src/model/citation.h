// Recognising the parts of a citation as written.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "model/record.h"

namespace chancery {

// Parses a Wilson-Center-style citation ("\"Title\", November 3, 1956, Wilson
// Center Digital Archive, TsKhSD, F. 3, Op. 12, D. 1005, LI. 67-69, compiled by
// V. N. Malin. Translated for CWIHP by Mark Kramer.\n<https://...>").
// Keeps `as_written` byte for byte; fills the parts it recognises and leaves the
// others empty. Never fails.
Citation parse_citation(std::string_view text);

// Splits an archival reference into named components: Russian fond/opis/delo/
// list(y) ("F. 3, Op. 12, D. 1005, Ll. 67-69", also "f. 5, op. 49, d. 12, l. 3"
// and the mistyped "LI."), German "BArch, B 136/59748, 403-410", and generic
// box/folder/file/page forms. Returns an empty vector when nothing is recognised.
std::vector<std::pair<std::string, std::string>> parse_archival_reference(std::string_view text);

}  // namespace chancery
