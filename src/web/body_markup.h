// A record's body and notes as linked pieces: note markers in block text ("(1)"
// or "[1]") become links to the note (#fn1), and each note links back to its
// first marker (#fnref1). The templates render the pieces; no HTML is built here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/record.h"

namespace chancery::web {

// A run of block text, or a note marker.
struct BodySegment {
  std::string text;        // the text, or the marker as written ("(1)")
  std::string note_anchor; // "fn1" for a marker, "" for plain text
  std::string ref_anchor;  // "fnref1" (first reference) or "fnref1-2"
};

// The anchor of a note: "fn" + its number when the number is a plain token
// ("1", "7a"), else "fn-" + its 1-based position in the record's notes.
std::string note_anchor(const Note& note, std::size_t position);

// Splits `block` into text and marker segments. Only notes the block refers
// to (block.note_refs) are linked, in order; a marker at the very start of the
// block is skipped when the same marker occurs later (a numbered paragraph,
// not a reference). A referenced note whose marker is not found in the text is
// appended as a marker segment. `ref_counts` numbers repeated references to one
// note across blocks (fnref1, fnref1-2, ...).
std::vector<BodySegment> link_note_markers(const Block& block, const std::vector<Note>& notes,
                                           std::map<std::string, int>& ref_counts);

// For records whose reader filled no Block::note_refs at all: a block refers
// to a note when the note's marker ("(1)", else "[1]"/"(1)" from its number)
// occurs in its text anywhere but at the very start. Refs are ordered by
// position. Leaves records that have any note_refs unchanged.
void infer_note_refs(Record& record);

}  // namespace chancery::web
