// A record's body and notes as linked pieces: note markers in block text ("(1)"
// or "[1]") become links to the note (#fn1), and each note links back to its
// first marker (#fnref1). No HTML is built here: views.h segments_html renders
// the pieces.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/record.h"

namespace chancery::web {

// A run of block text, a note marker, or a known name found in the text.
struct BodySegment {
  std::string text;        // the text, or the marker as written ("(1)")
  std::string note_anchor; // "fn1" for a marker, "" for plain text
  std::string ref_anchor;  // "fnref1" (first reference) or "fnref1-2"
  // Byte offset of `text` in the block's text; npos for a marker appended
  // because it was not found in the text.
  std::size_t offset = 0;
  // A name mention: the authorities it refers to (one when certain, else the
  // candidates). Empty for plain text and markers.
  std::vector<std::string> mention_ids;
  bool mention_certain = false;
  // A word of the search the page was opened from (or a mention holding one).
  bool query_match = false;
};

// A known name at bytes [begin, end) of a text, and who it may be.
struct TextMention {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<std::string> ids;   // one when certain, else the candidates
  bool certain = false;
};

// The anchor of a note: "fn" + its number when the number is a plain token
// ("1", "7a"), else "fn-" + its 1-based position in the record's notes.
std::string note_anchor(const Note& note, std::size_t position);

// Splits `block` into text and marker segments. Only notes the block refers
// to (block.note_refs) are linked, in order, each at its note's own marker
// (Note::marker) when the text has it after the previous link, else at the
// first "(n)" or "[n]" there; a marker at the very start of the
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

// Cuts the plain-text segments of `segments` (from link_note_markers, or one
// segment holding a whole text at offset 0) at the mentions, which are byte
// ranges of the same text, sorted and not overlapping. A mention that does not
// lie wholly inside one plain-text segment (it straddles a note marker) or
// has no ids is left as text. Concatenating the texts gives back the input's.
std::vector<BodySegment> mark_mentions(std::vector<BodySegment> segments, const std::vector<TextMention>& mentions);

// Marks the words of a search in `segments` (from mark_mentions): `matches`
// are byte ranges [begin, end) of the same text, sorted and not overlapping.
// A plain-text segment is cut at them; a mention holding one is marked whole
// (one link); note markers are left alone. Concatenating the texts gives back
// the input's.
std::vector<BodySegment> mark_query_matches(std::vector<BodySegment> segments,
                                            const std::vector<std::pair<std::size_t, std::size_t>>& matches);

}  // namespace chancery::web
