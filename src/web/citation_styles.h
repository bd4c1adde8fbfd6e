// Citations of a record in the common styles and exchange formats. Pure
// functions of the record and the URL to cite (the document's canonical page);
// parts the record lacks are left out, never invented.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/record.h"

namespace chancery::web {

// What a citation takes beyond the record: the editors of the published
// edition whose document it is (a FRUS volume's primary editors).
//
// A document of a published edition (a TEI record with its number in its
// volume: FRUS) is cited as that edition cites it, a document in an edited
// volume: its title without the number the volume prints before it, "in"
// the volume, edited by its editors, "document 67"; as a book section in
// BibTeX (@incollection), RIS (CHAP) and CSL-JSON (chapter). Other records
// are cited as archival documents: their holding archive and reference.
struct CitedEdition {
  std::vector<std::string> editors;
};

// Chicago (notes and bibliography), plain text.
std::string cite_chicago(const Record& record, std::string_view url, const CitedEdition& edition = {});
// MLA 9th edition, plain text.
std::string cite_mla(const Record& record, std::string_view url, const CitedEdition& edition = {});
// APA 7th edition, plain text.
std::string cite_apa(const Record& record, std::string_view url, const CitedEdition& edition = {});
// A BibTeX @misc (an edition's document: @incollection) entry; field values
// escaped for LaTeX.
std::string cite_bibtex(const Record& record, std::string_view url, const CitedEdition& edition = {});
// An RIS record (CRLF line ends, "ER  - " last); values are single lines.
std::string cite_ris(const Record& record, std::string_view url, const CitedEdition& edition = {});
// One CSL-JSON item (an object; a CSL-JSON file is an array of them).
nlohmann::json cite_csl_json(const Record& record, std::string_view url, const CitedEdition& edition = {});
// A CSL-JSON file of that one item, as the page and the .json download give
// it: what nlohmann's dump(2) writes for [cite_csl_json(record, url)] (bad
// UTF-8 replaced as its error_handler_t::replace does), written directly.
std::string cite_csl_json_text(const Record& record, std::string_view url, const CitedEdition& edition = {});

// Whether `record` is cited as a document of a published edition (above).
bool is_edition_document(const Record& record);
// Its title as a citation gives it: without the number an edition prints
// before it ("67. Telegram From ..." -> "Telegram From ...").
std::string cited_title(const Record& record);

// Escapes LaTeX specials for a BibTeX value: \ { } % & $ # _ ^ ~.
std::string bibtex_escape(std::string_view text);
// A BibTeX citation key from a record id: "chancery:frus1955-57v25/d159" with
// characters BibTeX does not allow in keys replaced by '_'.
std::string bibtex_key(std::string_view id);
// An RIS value: line breaks and tabs become spaces, other control characters
// are dropped, runs of spaces collapse, ends are trimmed.
std::string ris_value(std::string_view text);

}  // namespace chancery::web
