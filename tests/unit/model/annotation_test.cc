// Editors' annotations as data: what is accepted, and the stored JSON.
#include "model/annotation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "model/date.h"

namespace chancery {
namespace {

Annotation correction() {
  Annotation a;
  a.target = "frus1955-57v25/d10";
  a.type = AnnotationType::kCorrection;
  a.field = "body";
  a.quote = "Malnasanu";
  a.text = "Malnasan";
  a.comment = "The volume misprints the surname.";
  a.author = "editor:ann";
  return a;
}

Annotation restriction() {
  Annotation a;
  a.target = "frus1955-57v25";
  a.target_kind = AnnotationTarget::kCollection;
  a.type = AnnotationType::kRestriction;
  a.text = "Under review";
  a.until = "2031-01-01";
  a.author = "editor:ann";
  return a;
}

Annotation withdrawal() {
  Annotation a;
  a.target = "frus1955-57v25/d12";
  a.type = AnnotationType::kWithdrawal;
  a.text = "Removed at the request of the rights holder";
  a.hide_description = true;
  a.author = "editor:ann";
  return a;
}

std::string error_of(const Annotation& a) {
  auto r = validate_annotation(a);
  return r ? std::string() : r.error().message;
}

TEST(Annotation, AcceptsWhatEditorsWrite) {
  EXPECT_EQ(error_of(correction()), "");
  EXPECT_EQ(error_of(restriction()), "");
  Annotation note;
  note.target = "117079";
  note.type = AnnotationType::kNote;
  note.text = "Compare the Hungarian record.\nSee also d12.";
  EXPECT_EQ(error_of(note), "");
  Annotation open_ended = restriction();
  open_ended.until.clear();
  EXPECT_EQ(error_of(open_ended), "");
}

TEST(Annotation, RefusesWhatCannotBeRight) {
  auto with = [](Annotation a, auto change) {
    change(a);
    return error_of(a);
  };
  EXPECT_NE(with(correction(), [](Annotation& a) { a.target.clear(); }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "  \n"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.field = "bodies"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.field.clear(); }), "");   // a quote needs its field
  EXPECT_NE(with(correction(), [](Annotation& a) { a.until = "2031-01-01"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.target_kind = AnnotationTarget::kCollection; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = std::string(kMaxAnnotationText + 1, 'x'); }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.quote = std::string(kMaxAnnotationQuote + 1, 'x'); }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "bad \xff byte"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "overlong \xc0\xaf"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "surrogate \xed\xa0\x80"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "cut \xe2\x82"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = std::string("nul \0 byte", 10); }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.text = "escape \x1b[31m"; }), "");
  EXPECT_NE(with(correction(), [](Annotation& a) { a.author = "ann\nroot"; }), "");
  EXPECT_EQ(with(correction(), [](Annotation& a) { a.text = "Mălnăşan, Хрущёв, 毛泽东\ttab"; }), "");
  Annotation note = correction();
  note.type = AnnotationType::kNote;
  EXPECT_NE(error_of(note), "");   // a note has no comment of its own
  note.comment.clear();
  EXPECT_EQ(error_of(note), "");
  EXPECT_NE(with(restriction(), [](Annotation& a) { a.until = "2031-02-30"; }), "");
  EXPECT_NE(with(restriction(), [](Annotation& a) { a.until = "31.01.2031"; }), "");
  EXPECT_NE(with(restriction(), [](Annotation& a) { a.field = "body"; }), "");
  EXPECT_NE(with(restriction(), [](Annotation& a) { a.text.clear(); }), "");   // a reason is required
}

TEST(Annotation, RestrictionInForceUntilItsDay) {
  const std::int64_t until = days_from_civil(2031, 1, 1);
  Annotation a = restriction();
  EXPECT_TRUE(restriction_in_force(a, until - 1));
  EXPECT_FALSE(restriction_in_force(a, until));
  a.until.clear();
  EXPECT_TRUE(restriction_in_force(a, until + 100000));
  EXPECT_FALSE(restriction_in_force(correction(), 0));
  EXPECT_EQ(iso_day("1970-01-02"), 1);
  EXPECT_EQ(iso_day("2024-02-29"), days_from_civil(2024, 2, 29));
  EXPECT_EQ(iso_day("2023-02-29"), std::nullopt);
  EXPECT_EQ(iso_day("2023-13-01"), std::nullopt);
  EXPECT_EQ(iso_day("2023-1-01"), std::nullopt);
  EXPECT_GT(today_utc_day(), days_from_civil(2020, 1, 1));
}

TEST(Annotation, JsonRoundTrip) {
  for (Annotation a : {correction(), restriction(), withdrawal()}) {
    a.id = a.target + "#3";
    a.created = "2026-12-02T04:30:18.092Z";
    auto back = annotation_from_json(annotation_to_json(a));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, a);
    auto object = annotation_from_json_object(annotation_json(a));
    ASSERT_TRUE(object);
    EXPECT_EQ(*object, a);
  }
  EXPECT_FALSE(annotation_from_json("{"));
  EXPECT_FALSE(annotation_from_json(R"({"id":"x#1","target":"x"})"));                       // no type
  EXPECT_FALSE(annotation_from_json(R"({"id":"x#1","target":"x","type":"erratum"})"));      // unknown type
  EXPECT_FALSE(annotation_from_json(R"({"id":"x#1","target":"x","type":"note","text":7})"));  // mistyped
  EXPECT_FALSE(annotation_from_json(R"({"id":"x#1","target":"x","type":"note","target_kind":"shelf"})"));
  EXPECT_TRUE(annotation_from_json(R"({"id":"x#1","target":"x","type":"note"})"));
  EXPECT_FALSE(annotation_from_json(R"({"id":"x#1","target":"x","type":"withdrawal","hide_description":"yes"})"));
  // Written only when set: annotations stored before it existed stay byte for byte.
  EXPECT_EQ(annotation_to_json(correction()).find("hide_description"), std::string::npos);
}

TEST(Annotation, OnlyAWithdrawalHidesTheDescription) {
  EXPECT_EQ(error_of(withdrawal()), "");
  Annotation note = correction();
  note.hide_description = true;
  EXPECT_EQ(error_of(note), "only a withdrawal hides the record's description");
  Annotation no_reason = withdrawal();
  no_reason.text = " ";
  EXPECT_EQ(error_of(no_reason), "a withdrawal needs a reason");
}

}  // namespace
}  // namespace chancery
