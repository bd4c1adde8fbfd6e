#include "model/record_json.h"

#include <gtest/gtest.h>

namespace chancery {
namespace {

using nlohmann::json;

// A record with every field set to something distinctive.
Record full_record() {
  Record r;
  r.id = "117079";
  r.source_format = "record-text";
  r.number = "159";
  r.title = "Notes of a Call from Хрущёв to Gomułka";
  r.title_lines = {"Notes of a Call from Хрущёв", "to Gomułka"};
  r.date.from = Date{1956, 11, 1, DatePrecision::kDay};
  r.date.to = Date{1956, 11, 4, DatePrecision::kDay};
  r.date.approximate = true;
  r.date.time = "noon";
  r.date.as_written = "November 1-4, 1956";
  r.place = "Moscow";
  r.citation.as_written = "\"Notes\", November 3, 1956, TsKhSD, F. 3.  \n<https://x/document/117079>";
  r.citation.title = "Notes";
  r.citation.date = "November 3, 1956";
  r.citation.publisher = "Wilson Center Digital Archive";
  r.citation.archive = "TsKhSD";
  r.citation.reference = "F. 3";
  r.citation.reference_parts = {{"fond", "3"}, {"opis", "12"}};
  r.citation.compiler = "V. N. Malin";
  r.citation.translator = "Mark Kramer";
  r.citation.translated_for = "CWIHP";
  r.citation.url = "https://x/document/117079";
  r.summary = "Summary with \"quotes\" and a\nline break";
  r.credits = "Credits";
  r.languages = {"Russian", "Hungarian"};
  r.contents = "Translation - English";
  r.body = {Block{BlockKind::kParagraph, "3/XI/56(1)", "", {"1"}},
            Block{BlockKind::kPageBreak, "", "123", {}},
            Block{BlockKind::kTableRow, "a\tb", "", {}}};
  r.notes = {Note{"1", "fn1", "(1)", "A note.", ""}, Note{"*", "d158fn0", "", "Source note", "source"}};
  r.links = {Link{"body", "frus1955-57v25/d159", "Document 159"}};
  r.people = {NameRef{"Rákosi, Mátyás", "frus1955-57v25/p_RM1"}};
  r.places = {NameRef{"Budapest", ""}};
  r.organisations = {NameRef{"CPSU", "o1"}};
  r.subjects = {"Hungarian Revolution, 1956"};
  r.author = "Epishev";
  r.sender = "Embassy in the Soviet Union";
  r.recipient = "Department of State";
  r.sender_id = "frus1955-57v25/p_BCE1";
  r.recipient_id = "frus1955-57v25/p_DJF1";
  r.source = "Source note";
  r.archive = "TsKhSD";
  r.rights = "Public domain";
  r.record_type = "telegram";
  r.classification = "Secret";
  r.collections = {"frus1955-57v25", "frus1955-57v25/ch3"};
  r.sections = {Section{"Summary", "line one  \nline two"}, Section{"Donors", "Someone"}};
  r.original = "<div type=\"document\"/>";
  return r;
}

TEST(RecordJson, RoundTripsEveryField) {
  Record r = full_record();
  auto back = record_from_json(to_json(r));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, r);
  // Through text as well.
  auto reparsed = record_from_json(json::parse(to_json(r).dump()));
  ASSERT_TRUE(reparsed);
  EXPECT_EQ(*reparsed, r);
}

TEST(RecordJson, EmptyRecordRoundTrips) {
  Record r;
  r.id = "x";
  auto back = record_from_json(to_json(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, r);
}

TEST(RecordJson, CanonicalIsSortedAndCompact) {
  Record r = full_record();
  std::string a = canonical_json(r);
  EXPECT_EQ(a, canonical_json(*record_from_json(json::parse(a))));
  EXPECT_EQ(a.find('\n'), std::string::npos);
  EXPECT_LT(a.find("\"archive\""), a.find("\"title\""));
  Record other = r;
  other.summary += ".";
  EXPECT_NE(a, canonical_json(other));
}

// canonical_json writes the JSON itself; nlohmann's dump of to_json() is the
// reference it must equal byte for byte (stored revisions are compared by it).
std::string reference_json(const Record& r) {
  return to_json(r).dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(RecordJson, CanonicalEqualsTheTreeDump) {
  EXPECT_EQ(canonical_json(full_record()), reference_json(full_record()));
  EXPECT_EQ(canonical_json(Record{}), reference_json(Record{}));
  Record r = full_record();
  r.notes.push_back(Note{"*", "", "", "", ""});
  r.links.clear();
  r.people.clear();
  EXPECT_EQ(canonical_json(r), reference_json(r));
}

// The persons-list ids of sender and recipient only where there are some:
// a record's JSON reads, and hashes, as before they were added.
TEST(RecordJson, CorrespondentIdsOnlyWhereGiven) {
  Record r = full_record();
  EXPECT_NE(canonical_json(r).find("\"sender_id\":\"frus1955-57v25/p_BCE1\""), std::string::npos);
  r.sender_id.clear();
  r.recipient_id.clear();
  const std::string plain = canonical_json(r);
  EXPECT_EQ(plain.find("sender_id"), std::string::npos);
  EXPECT_EQ(plain.find("recipient_id"), std::string::npos);
  EXPECT_EQ(plain, reference_json(r));
  r.recipient_id = "x/p_1";
  EXPECT_EQ(canonical_json(r), reference_json(r));
  EXPECT_EQ(record_from_json_text(canonical_json(r))->recipient_id, "x/p_1");
}

TEST(RecordJson, CanonicalEscapesLikeTheTreeDump) {
  const std::vector<std::string> texts = {
      std::string("nul\0and\x01\x1f\x7f", 10), "tab\tcr\rlf\nff\fbs\b", "quote\" back\\ slash /",
      "Хрущёв Gomułka 毛泽东 \xF0\x9F\x93\x9C", "\xC3", "\x80lone", "ab\xE2\x82", "\xC0\xAF overlong",
      "\xED\xA0\x80 surrogate", "\xF4\x90\x80\x80 too high", "\xF8\x88\x80\x80\x80", "ok\xFF\xFEok",
      "\xE0\x80\x80", "\xF0\x80\x80\x80", "mixed \xC3\xA9\xC3 end"};
  for (const std::string& text : texts) {
    Record r;
    r.id = "x";
    r.title = text;
    r.body = {Block{BlockKind::kQuote, text, text, {text}}};
    r.citation.reference_parts = {{text, text}};
    r.people = {NameRef{text, text}};
    EXPECT_EQ(canonical_json(r), reference_json(r)) << "text: " << json(text).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

TEST(RecordJson, MissingIdFails) {
  json j = to_json(full_record());
  j.erase("id");
  auto r = record_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("id"), std::string::npos);
}

TEST(RecordJson, MistypedFieldsFail) {
  auto mistype = [](const char* key, json value) {
    json j = to_json(full_record());
    j[key] = std::move(value);
    return record_from_json(j);
  };
  EXPECT_FALSE(mistype("title", 5));
  EXPECT_FALSE(mistype("languages", json::array({"Russian", 3})));
  EXPECT_FALSE(mistype("body", "text"));
  EXPECT_FALSE(mistype("date", json::array()));
  EXPECT_FALSE(mistype("citation", "x"));
  json bad_kind = to_json(full_record());
  bad_kind["body"][0]["kind"] = "poem";
  EXPECT_FALSE(record_from_json(bad_kind));
  json bad_parts = to_json(full_record());
  bad_parts["citation"]["reference_parts"] = json::array({json::array({"fond"})});
  auto e = record_from_json(bad_parts);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("reference_parts"), std::string::npos) << e.error().message;
  EXPECT_FALSE(record_from_json(json::array()));
}

TEST(RecordJson, AbsentOptionalFieldsAreEmpty) {
  auto r = record_from_json(json{{"id", "a"}, {"title", "T"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, "a");
  EXPECT_EQ(r->title, "T");
  EXPECT_TRUE(r->body.empty());
}

// The text reader (simdjson, how the store is read) and the tree reader
// (nlohmann) read the same JSON alike: the same record, or the same error.
void expect_same_reading(const std::string& text) {
  auto from_tree = [&]() -> Result<Record> {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail(ErrorCode::kInvalidInput, "unparsed");
    return record_from_json(j);
  }();
  auto from_text = record_from_json_text(text);
  ASSERT_EQ(from_text.has_value(), from_tree.has_value()) << text;
  if (from_text) {
    EXPECT_EQ(*from_text, *from_tree) << text;
    EXPECT_EQ(canonical_json(*from_text), canonical_json(*from_tree));
  } else {
    EXPECT_EQ(from_text.error().code, ErrorCode::kInvalidInput);
    if (from_tree.error().message != "unparsed") {
      EXPECT_EQ(from_text.error().message, from_tree.error().message) << text;
    }
  }
}

TEST(RecordJsonText, ReadsWhatTheTreeReads) {
  const Record full = full_record();
  auto back = record_from_json_text(canonical_json(full));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, full);
  expect_same_reading(canonical_json(full));
  expect_same_reading(to_json(full).dump(2));   // whitespace, other key order
  // Escapes, control characters, scripts and numbers at the edges.
  Record odd;
  odd.id = "odd";
  odd.title = std::string("tab\there \"quoted\" back\\slash \x01 nul") + std::string(1, '\0') + " end";
  odd.summary = "Хрущёв · Gomułka · 毛泽东 · 😀";
  odd.date.from = Date{-44, 3, 15, DatePrecision::kDay};
  odd.date.to = Date{2147483647, 12, 31, DatePrecision::kYear};
  expect_same_reading(canonical_json(odd));
  back = record_from_json_text(canonical_json(odd));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, odd);
  expect_same_reading(R"({"id":"a","title":"T"})");
  expect_same_reading(R"({"id":"a","date":{"from":{"year":1956.5}}})");
  expect_same_reading(R"({"id":"a","date":{"from":{"year":18446744073709551615}}})");
}

TEST(RecordJsonText, FailsAsTheTreeFails) {
  auto mistyped = [](const char* key, json value) {
    json j = to_json(full_record());
    j[key] = std::move(value);
    return j.dump();
  };
  for (const std::string& text :
       {mistyped("title", 5), mistyped("languages", json::array({"Russian", 3})), mistyped("body", "text"),
        mistyped("date", json::array()), mistyped("citation", "x"), mistyped("people", json::array({1})),
        mistyped("notes", json::array({json{{"number", false}}})), std::string(R"({"title":"no id"})"),
        std::string("[]"), std::string("\"a string\""), std::string(R"({"id":5})")}) {
    expect_same_reading(text);
    EXPECT_FALSE(record_from_json_text(text)) << text;
  }
  json bad_kind = to_json(full_record());
  bad_kind["body"][1]["kind"] = "poem";
  expect_same_reading(bad_kind.dump());
  json bad_parts = to_json(full_record());
  bad_parts["citation"]["reference_parts"] = json::array({json::array({"fond", 3})});
  expect_same_reading(bad_parts.dump());
  auto e = record_from_json_text(bad_parts.dump());
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("record 117079.citation: field \"reference_parts\""), std::string::npos)
      << e.error().message;
  // Not JSON at all: a clear error, never a crash.
  for (const std::string text : {"", "{", R"({"id":"a",})", "{\"id\":\"\xff\"}", "nul", R"({"id":"a"} x)"}) {
    auto r = record_from_json_text(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find("record: unreadable JSON"), std::string::npos) << r.error().message;
  }
}

TEST(OtherEntitiesJson, RoundTrip) {
  Collection c{"frus1955-57v25/ch3", "frus1955-57v25", 3, "Hungary", "FRUS", {"Editor One"}, {}, {"a", "b"}};
  c.coverage.from = Date{1955, 0, 0, DatePrecision::kYear};
  c.coverage.to = Date{1957, 0, 0, DatePrecision::kYear};
  auto cb = collection_from_json(to_json(c));
  ASSERT_TRUE(cb);
  EXPECT_EQ(*cb, c);
  Person p{"pocom/x", "Adams, Sherman", "Assistant", {"S. Adams"}, "pocom", ""};
  auto pb = person_from_json(to_json(p));
  ASSERT_TRUE(pb);
  EXPECT_EQ(*pb, p);
  Term t{"v/t_ACEN1", "ACEN", "Assembly of Captive European Nations"};
  auto tb = term_from_json(to_json(t));
  ASSERT_TRUE(tb);
  EXPECT_EQ(*tb, t);
  EXPECT_EQ(*collection_from_json_text(to_json(c).dump()), c);
  EXPECT_EQ(*person_from_json_text(to_json(p).dump()), p);
  EXPECT_EQ(*term_from_json_text(to_json(t).dump()), t);
  EXPECT_FALSE(person_from_json_text(R"({"name":"no id"})"));
  EXPECT_FALSE(term_from_json_text(R"({"id":1})"));
  EXPECT_FALSE(collection_from_json_text(R"({"id":"c","position":"first"})"));
  EXPECT_FALSE(person_from_json(json{{"name", "no id"}}));
  EXPECT_FALSE(term_from_json(json{{"id", 1}}));
  EXPECT_FALSE(collection_from_json(json{{"id", "c"}, {"position", "first"}}));
}

TEST(UnitJson, RoundTripsAUnit) {
  ImportUnit unit;
  unit.records = {full_record()};
  Record second;
  second.id = "2";
  second.title = "Second";
  unit.records.push_back(second);
  unit.collections = {Collection{"c", "", 0, "Examples", "", {}, {}, {"117079", "2"}}};
  unit.persons = {Person{"p", "Nagy, Imre", "", {}, "x", ""}, Person{"p2", "Nagy, I.", "", {}, "x", "p"}};
  unit.terms = {Term{"t", "CWIHP", "Cold War International History Project"}};
  json j = unit_to_json(unit);
  EXPECT_EQ(j["chancery_export"], 1);
  // same_as only where there is one: a person's JSON reads as before it was added.
  EXPECT_FALSE(j["persons"][0].contains("same_as"));
  EXPECT_EQ(j["persons"][1]["same_as"], "p");
  auto back = unit_from_json(json::parse(j.dump(2)));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->records, unit.records);
  EXPECT_EQ(back->collections, unit.collections);
  EXPECT_EQ(back->persons, unit.persons);
  EXPECT_EQ(back->terms, unit.terms);
}

TEST(UnitJson, RejectsWhatIsNotAnExport) {
  EXPECT_FALSE(unit_from_json(json::array()));
  EXPECT_FALSE(unit_from_json(json{{"records", json::array()}}));
  EXPECT_FALSE(unit_from_json(json{{"chancery_export", 2}}));
  EXPECT_FALSE(unit_from_json(json{{"chancery_export", "1"}}));
  EXPECT_FALSE(unit_from_json(json{{"chancery_export", 1}, {"records", json::object()}}));
  auto bad = unit_from_json(json{{"chancery_export", 1}, {"records", json::array({json{{"id", "a"}}, json{{"title", "no id"}}})}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("records[1]"), std::string::npos) << bad.error().message;
  auto empty = unit_from_json(json{{"chancery_export", 1}});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->records.empty());
}

}  // namespace
}  // namespace chancery
