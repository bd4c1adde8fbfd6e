// Comparing two revisions of a record: word-level spans that spell both
// versions, fields and blocks matched as a reader expects, bounded work.
#include "model/record_diff.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace chancery {
namespace {

std::string spelled(const std::vector<DiffSpan>& spans, DiffOp side) {
  std::string out;
  for (const DiffSpan& s : spans) {
    if (s.op == DiffOp::kEqual || s.op == side) out += s.text;
  }
  return out;
}

void expect_spells_both(std::string_view older, std::string_view newer, const std::vector<DiffSpan>& spans) {
  EXPECT_EQ(spelled(spans, DiffOp::kDelete), older);
  EXPECT_EQ(spelled(spans, DiffOp::kInsert), newer);
  for (std::size_t i = 1; i < spans.size(); ++i) EXPECT_NE(spans[i - 1].op, spans[i].op) << "span " << i;
  for (const DiffSpan& s : spans) EXPECT_FALSE(s.text.empty());
}

TEST(DiffText, SameTextIsOneEqualSpan) {
  auto spans = diff_text("Imre Nagy reports.", "Imre Nagy reports.");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (DiffSpan{DiffOp::kEqual, "Imre Nagy reports."}));
  EXPECT_TRUE(diff_text("", "").empty());
}

TEST(DiffText, InsertedWordsAreOneInsertion) {
  const std::string older = "The city is quiet in the early morning.";
  const std::string newer = "The city is quiet in the early hours of the morning.";
  auto spans = diff_text(older, newer);
  expect_spells_both(older, newer, spans);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[1].op, DiffOp::kInsert);
  EXPECT_EQ(spans[1].text, "hours of the ");
}

TEST(DiffText, AChangedPhraseReadsAsOneDeletionAndOneInsertion) {
  const std::string older = "He said that Soviet troops entered Budapest at dawn.";
  const std::string newer = "He said that Red Army units entered Budapest at dawn.";
  auto spans = diff_text(older, newer);
  expect_spells_both(older, newer, spans);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0], (DiffSpan{DiffOp::kEqual, "He said that "}));
  EXPECT_EQ(spans[1], (DiffSpan{DiffOp::kDelete, "Soviet troops"}));
  EXPECT_EQ(spans[2], (DiffSpan{DiffOp::kInsert, "Red Army units"}));
  EXPECT_EQ(spans[3], (DiffSpan{DiffOp::kEqual, " entered Budapest at dawn."}));
}

TEST(DiffText, WordsOfAnyScriptStayWhole) {
  auto spans = diff_text("to Cde. Хрущёв(2)", "to Cde. Хрущев(2)");
  expect_spells_both("to Cde. Хрущёв(2)", "to Cde. Хрущев(2)", spans);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[1], (DiffSpan{DiffOp::kDelete, "Хрущёв"}));
  EXPECT_EQ(spans[2], (DiffSpan{DiffOp::kInsert, "Хрущев"}));
  // A misprint corrected inside a word replaces the word, not a letter.
  spans = diff_text("Mr. Malnasanu called.", "Mr. Malnasan called.");
  EXPECT_EQ(spans[1], (DiffSpan{DiffOp::kDelete, "Malnasanu"}));
  EXPECT_EQ(spans[2], (DiffSpan{DiffOp::kInsert, "Malnasan"}));
}

TEST(DiffText, TextsBeyondTheBudgetAreReplacedWholeBetweenTheirCommonEnds) {
  std::string older = "Start. ", newer = "Start. ";
  for (int i = 0; i < 300; ++i) {   // 1,200 tokens a side: within the default budget
    const std::string n = std::to_string(i);
    older.append("a").append(n).append(" kept ");
    newer.append("b").append(n).append(" kept ");
  }
  older += "End.";
  newer += "End.";
  DiffLimits limits;
  limits.max_work = 1000;
  auto spans = diff_text(older, newer, limits);
  expect_spells_both(older, newer, spans);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].text, "Start. ");
  EXPECT_EQ(spans[1].op, DiffOp::kDelete);
  EXPECT_EQ(spans[2].op, DiffOp::kInsert);
  EXPECT_EQ(spans[3].text, " kept End.");
  // Within the default budget the same texts are compared word by word.
  auto fine = diff_text(older, newer);
  expect_spells_both(older, newer, fine);
  EXPECT_GT(fine.size(), 4u);
}

TEST(DiffText, RandomEditsAlwaysSpellBothVersions) {
  std::mt19937 rng(20261202);
  const std::vector<std::string> words = {"Nagy", "the", "Embassy", " ", "  ", "\n", ".", ",", "Хрущёв", "Mălnăşan",
                                          "1956", "(1)", "troops", "a", "\xff", "-"};
  for (int round = 0; round < 300; ++round) {
    std::string older, newer;
    const int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      const std::string& w = words[rng() % words.size()];
      older += w;
      switch (rng() % 5) {
        case 0: break;                                   // dropped
        case 1: newer += words[rng() % words.size()]; break;   // replaced
        case 2: newer += w + words[rng() % words.size()]; break;   // one added after
        default: newer += w;
      }
    }
    DiffLimits limits;
    limits.max_work = round % 3 == 0 ? 50 : DiffLimits{}.max_work;   // some past the budget
    expect_spells_both(older, newer, diff_text(older, newer, limits));
  }
}

Record sample() {
  Record r;
  r.id = "117079";
  r.title = "Notes of a Secure Phone Call";
  r.date.as_written = "November 3, 1956";
  r.summary = "Soviet troops in Budapest.";
  r.languages = {"Russian"};
  r.body = {Block{BlockKind::kParagraph, "First paragraph.", "", {}},
            Block{BlockKind::kParagraph, "Second paragraph, about Nagy.", "", {}},
            Block{BlockKind::kSignature, "Malin", "", {}}};
  r.notes = {Note{"1", "fn1", "(1)", "A note.", ""}};
  r.collections = {"samples"};
  return r;
}

TEST(CompareRecords, NothingChangedIsNoChange) {
  EXPECT_TRUE(compare_records(sample(), sample()).empty());
  EXPECT_TRUE(changed_fields(sample(), sample()).empty());
}

TEST(CompareRecords, AnInsertedParagraphIsOneAdditionNotEveryLaterOneChanged) {
  Record older = sample(), newer = sample();
  newer.body.insert(newer.body.begin() + 1, Block{BlockKind::kParagraph, "A paragraph found later.", "", {}});
  auto changes = compare_records(older, newer);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "body");
  EXPECT_EQ(changes[0].kind, FieldChange::Kind::kAdded);
  EXPECT_EQ(changes[0].label, "Document, paragraph 2");
  ASSERT_EQ(changes[0].spans.size(), 1u);
  EXPECT_EQ(changes[0].spans[0], (DiffSpan{DiffOp::kInsert, "A paragraph found later."}));
  EXPECT_EQ(changed_fields(older, newer), std::vector<std::string>{"body"});
}

TEST(CompareRecords, ChangedFieldsInReadingOrderWithWordSpans) {
  Record older = sample(), newer = sample();
  newer.summary = "Soviet troops near Budapest.";
  newer.body[1].text = "Second paragraph, about Imre Nagy.";
  newer.body.pop_back();   // the signature removed
  newer.notes[0].text = "A longer note.";
  newer.title = "Notes of a Secure Telephone Call";
  auto changes = compare_records(older, newer);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].field, "title");
  EXPECT_EQ(changes[0].kind, FieldChange::Kind::kChanged);
  expect_spells_both(older.title, newer.title, changes[0].spans);
  EXPECT_EQ(changes[1].field, "summary");
  EXPECT_EQ(changes[2].label, "Document, paragraph 2");
  expect_spells_both(older.body[1].text, newer.body[1].text, changes[2].spans);
  ASSERT_EQ(changes[2].spans.size(), 3u);
  EXPECT_EQ(changes[2].spans[1].op, DiffOp::kInsert);
  EXPECT_TRUE(changes[2].spans[1].text == "Imre " || changes[2].spans[1].text == " Imre") << changes[2].spans[1].text;
  EXPECT_EQ(changes[3].label, "Document, signature 3");
  EXPECT_EQ(changes[3].kind, FieldChange::Kind::kRemoved);
  EXPECT_EQ(changes[3].spans, (std::vector<DiffSpan>{{DiffOp::kDelete, "Malin"}}));
  EXPECT_EQ(changes[4].label, "Note 1");
  expect_spells_both("(1) A note.", "(1) A longer note.", changes[4].spans);
  EXPECT_EQ(changed_fields(older, newer), (std::vector<std::string>{"title", "summary", "body", "notes"}));
}

TEST(CompareRecords, FieldsAddedAndRemovedKeepTheirPlace) {
  Record older = sample(), newer = sample();
  older.place = "Moscow";
  newer.credits = "Translated by Mark Kramer.";
  newer.collections = {"samples", "samples/1956"};
  auto changes = compare_records(older, newer);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "place");
  EXPECT_EQ(changes[0].kind, FieldChange::Kind::kRemoved);
  EXPECT_EQ(changes[1].field, "credits");
  EXPECT_EQ(changes[1].kind, FieldChange::Kind::kAdded);
  EXPECT_EQ(changes[2].field, "collections");
  expect_spells_both("samples", "samples\nsamples/1956", changes[2].spans);
}

TEST(CompareRecords, RecordTextSectionsAreComparedAsWritten) {
  Record older = sample(), newer = sample();
  older.sections = {Section{"Summary", "Soviet troops in Budapest."}, Section{"Donors", "A foundation"}};
  newer.sections = {Section{"Summary", "Soviet troops in Budapest."}, Section{"Donors", "Two foundations"}};
  // Typed fields parsed from the sections do not count twice.
  newer.summary = "parsed differently";
  auto changes = compare_records(older, newer);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "section");
  EXPECT_EQ(changes[0].label, "Donors");
}

TEST(CompareRecords, ABlockTurnedIntoAnotherKindShowsBothLabels) {
  Record older = sample(), newer = sample();
  newer.body[0].kind = BlockKind::kHeading;
  auto changes = compare_records(older, newer);
  ASSERT_EQ(changes.size(), 1u);
  ASSERT_EQ(changes[0].spans.size(), 2u);
  EXPECT_EQ(changes[0].spans[0].text, "Document, paragraph 1: First paragraph.");
  EXPECT_EQ(changes[0].spans[1].text, "Document, heading 1: First paragraph.");
}

TEST(CompareRecords, ManyBlocksPastTheBudgetAreReplacedNotCompared) {
  Record older = sample(), newer = sample();
  for (int i = 0; i < 500; ++i) {
    older.body.push_back(Block{BlockKind::kParagraph, "old " + std::to_string(i), "", {}});
    newer.body.push_back(Block{BlockKind::kParagraph, "new " + std::to_string(i), "", {}});
  }
  DiffLimits limits;
  limits.max_block_work = 100;
  auto changes = compare_records(older, newer, limits);
  // The three common blocks are not reported; 500 old paired with 500 new.
  ASSERT_EQ(changes.size(), 500u);
  expect_spells_both("old 0", "new 0", changes[0].spans);
}

}  // namespace
}  // namespace chancery
