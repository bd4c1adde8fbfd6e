// Citations of a record in the common styles and exchange formats. Pure
// functions of the record and the URL to cite (the document's canonical page);
// parts the record lacks are left out, never invented.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/record.h"

namespace chancery::web {

// Chicago (notes and bibliography, archival document), plain text.
std::string cite_chicago(const Record& record, std::string_view url);
// MLA 9th edition, plain text.
std::string cite_mla(const Record& record, std::string_view url);
// APA 7th edition, plain text.
std::string cite_apa(const Record& record, std::string_view url);
// A BibTeX @misc entry; field values escaped for LaTeX.
std::string cite_bibtex(const Record& record, std::string_view url);
// An RIS record (CRLF line ends, "ER  - " last); values are single lines.
std::string cite_ris(const Record& record, std::string_view url);
// One CSL-JSON item (an object; a CSL-JSON file is an array of them).
nlohmann::json cite_csl_json(const Record& record, std::string_view url);
// A CSL-JSON file of that one item, as the page and the .json download give
// it: what nlohmann's dump(2) writes for [cite_csl_json(record, url)] (bad
// UTF-8 replaced as its error_handler_t::replace does), written directly.
std::string cite_csl_json_text(const Record& record, std::string_view url);

// Escapes LaTeX specials for a BibTeX value: \ { } % & $ # _ ^ ~.
std::string bibtex_escape(std::string_view text);
// A BibTeX citation key from a record id: "chancery:frus1955-57v25/d159" with
// characters BibTeX does not allow in keys replaced by '_'.
std::string bibtex_key(std::string_view id);
// An RIS value: line breaks and tabs become spaces, other control characters
// are dropped, runs of spaces collapse, ends are trimmed.
std::string ris_value(std::string_view text);

}  // namespace chancery::web
