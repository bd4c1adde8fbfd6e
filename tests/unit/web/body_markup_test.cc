// Note markers in a block's text become links to their notes
// (link_note_markers): at the note's own marker, not at a paragraph number or
// another spelling that happens to come first.
#include <gtest/gtest.h>

#include "web/body_markup.h"

namespace chancery::web {
namespace {

Note note(std::string number, std::string marker) {
  Note n;
  n.number = std::move(number);
  n.marker = std::move(marker);
  n.text = "A note.";
  return n;
}

Block block(std::string text, std::vector<std::string> refs) {
  Block b;
  b.kind = BlockKind::kParagraph;
  b.text = std::move(text);
  b.note_refs = std::move(refs);
  return b;
}

// The linked markers of `segments` as "offset:text" strings, in order.
std::vector<std::string> links(const std::vector<BodySegment>& segments) {
  std::vector<std::string> out;
  for (const BodySegment& s : segments) {
    if (!s.note_anchor.empty()) out.push_back(std::to_string(s.offset) + ":" + s.text + "->" + s.note_anchor);
  }
  return out;
}

std::string joined(const std::vector<BodySegment>& segments) {
  std::string out;
  for (const BodySegment& s : segments) out += s.text;
  return out;
}

TEST(LinkNoteMarkers, TheNotesOwnMarkerWinsOverAParagraphNumber) {
  // FRUS 1958-60 v08 d30: a paragraph numbered "(2)" whose note 2 stands
  // after "statement" (the TEI reader writes "[2]" there).
  const std::string text = "(2) As far as Sov motives concerned Brandt said yesterday's statement[2] was significant.";
  std::map<std::string, int> counts;
  auto segments = link_note_markers(block(text, {"2"}), {note("1", "[1]"), note("2", "[2]")}, counts);
  EXPECT_EQ(links(segments), std::vector<std::string>({"69:[2]->fn2"}));
  EXPECT_EQ(joined(segments), text);
}

TEST(LinkNoteMarkers, OtherSpellingsWhenTheOwnMarkerIsAbsent) {
  const std::string text = "He said so (1) and left.";
  std::map<std::string, int> counts;
  auto segments = link_note_markers(block(text, {"1"}), {note("1", "[1]")}, counts);
  EXPECT_EQ(links(segments), std::vector<std::string>({"11:(1)->fn1"}));
  EXPECT_EQ(joined(segments), text);
}

TEST(LinkNoteMarkers, ALeadingMarkerRepeatedLaterIsAParagraphNumber) {
  const std::string text = "(1) First point, see (1) below.";
  std::map<std::string, int> counts;
  auto segments = link_note_markers(block(text, {"1"}), {note("1", "(1)")}, counts);
  EXPECT_EQ(links(segments), std::vector<std::string>({"21:(1)->fn1"}));
}

TEST(LinkNoteMarkers, EachReferenceAfterThePreviousOneAndUnfoundOnesAppended) {
  const std::string text = "One[1] two[2] one again[1].";
  std::map<std::string, int> counts;
  auto segments =
      link_note_markers(block(text, {"1", "2", "1", "3"}), {note("1", "[1]"), note("2", "[2]"), note("3", "[3]")}, counts);
  EXPECT_EQ(links(segments), std::vector<std::string>({"3:[1]->fn1", "10:[2]->fn2", "23:[1]->fn1", "18446744073709551615:[3]->fn3"}));
  ASSERT_EQ(segments.size(), 8u);
  EXPECT_EQ(segments[5].ref_anchor, "fnref1-2");
}

}  // namespace
// The words of a search are cut out of plain text and marked; a mention that
// holds one is marked whole (one link); note markers are left alone; the text
// comes back whole.
TEST(MarkQueryMatches, CutsPlainTextAndMarksMentionsWhole) {
  std::map<std::string, int> refs;
  const std::vector<Note> notes{note("1", "(1)")};
  const Block b = block("Talks with Imre Nagy (1) on the free world.", {"1"});
  std::vector<BodySegment> segments = link_note_markers(b, notes, refs);
  segments = mark_mentions(std::move(segments), {TextMention{11, 20, {"person/nagy"}, true}});
  // "Nagy" (16-20) inside the mention, "free" (32-36) and "world" (37-42) in plain text.
  ASSERT_EQ(b.text.substr(32, 4), "free");
  ASSERT_EQ(b.text.substr(37, 5), "world");
  const std::vector<BodySegment> marked = mark_query_matches(segments, {{16, 20}, {32, 36}, {37, 42}});
  EXPECT_EQ(joined(marked), b.text);
  std::vector<std::string> shown;
  for (const BodySegment& s : marked) {
    if (s.query_match) shown.push_back(s.text + (s.mention_ids.empty() ? "" : " (mention)"));
  }
  EXPECT_EQ(shown, (std::vector<std::string>{"Imre Nagy (mention)", "free", "world"}));
  EXPECT_EQ(links(marked), links(segments));   // the note marker as it was
  for (const BodySegment& s : marked) {
    if (!s.note_anchor.empty()) EXPECT_FALSE(s.query_match);
    if (s.offset != std::string::npos && s.note_anchor.empty()) EXPECT_EQ(b.text.substr(s.offset, s.text.size()), s.text);
  }
  // No matches: the segments as they were.
  EXPECT_EQ(mark_query_matches(segments, {}).size(), segments.size());
  // A range across a segment's end marks both sides; ranges past the text
  // change nothing.
  std::vector<BodySegment> two(2);
  two[0].text = "free ";
  two[1].text = "world";
  two[1].offset = 5;
  const std::vector<BodySegment> across = mark_query_matches(two, {{3, 7}, {40, 44}});
  EXPECT_EQ(joined(across), "free world");
  std::vector<std::string> pieces;
  for (const BodySegment& s : across) pieces.push_back((s.query_match ? "*" : "") + s.text);
  EXPECT_EQ(pieces, (std::vector<std::string>{"fre", "*e ", "*wo", "rld"}));
}

}  // namespace chancery::web
