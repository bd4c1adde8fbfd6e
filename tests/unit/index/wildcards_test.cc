// A wildcard's words (index/wildcards.h): the most frequent first, within a
// budget of postings; and searches that say when a wildcard was searched for
// some of its words only.
#include <xapian.h>

#include "index/wildcards.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

// An in-memory database where each term is in as many documents as given.
Xapian::WritableDatabase with_frequencies(const std::vector<std::pair<std::string, int>>& terms) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  int most = 0;
  for (const auto& [term, frequency] : terms) most = std::max(most, frequency);
  for (int d = 0; d < most; ++d) {
    Xapian::Document doc;
    for (const auto& [term, frequency] : terms) {
      if (d < frequency) doc.add_term(term);
    }
    doc.add_term("filler");
    db.add_document(doc);
  }
  return db;
}

TEST(WildcardWords, TheMostFrequentFirstWithinTheBudget) {
  const auto db = with_frequencies({{"sa", 50}, {"sb", 40}, {"sc", 30}, {"sd", 5}, {"se", 5}, {"ta", 90}, {"s", 1}});
  // Every word fits: all of them, the most frequent first, equals alphabetically.
  WildcardWords all = wildcard_words(db, "s", 100, 1000);
  EXPECT_EQ(all.terms, (std::vector<std::string>{"sa", "sb", "sc", "sd", "se", "s"}));
  EXPECT_EQ(all.starting, 6u);
  // At most max_terms.
  EXPECT_EQ(wildcard_words(db, "s", 2, 1000).terms, (std::vector<std::string>{"sa", "sb"}));
  // A budget of 100 postings: sa (50) and sb (40) fit, sc (30) does not, the
  // smaller ones after it do while they fit (sd: 95; se would make 100).
  EXPECT_EQ(wildcard_words(db, "s", 100, 100).terms, (std::vector<std::string>{"sa", "sb", "sd", "se"}));
  // The budget is at least twice the most frequent word's postings.
  EXPECT_EQ(wildcard_words(db, "s", 100, 10).terms, (std::vector<std::string>{"sa", "sb", "sd", "se"}));
  EXPECT_EQ(wildcard_words(db, "s", 100, 0).terms, (std::vector<std::string>{"sa", "sb", "sd", "se"}));
  EXPECT_EQ(wildcard_words(db, "t", 100, 0).terms, (std::vector<std::string>{"ta"}));
  // Nothing starts so.
  WildcardWords none = wildcard_words(db, "x", 100, 1000);
  EXPECT_TRUE(none.terms.empty());
  EXPECT_EQ(none.starting, 0u);
}

class WildcardSearches : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    std::vector<Record> records;
    // "soviet" in 30 records, "state" in 20, "sputnik" in 2, "secretary" in 1.
    for (int i = 0; i < 30; ++i) {
      std::string text = "soviet";
      if (i < 20) text += " state";
      records.push_back(make_record("r" + std::to_string(100 + i), "Record", text));
    }
    records.push_back(make_record("sputnik1", "Record", "sputnik"));
    records.push_back(make_record("sputnik2", "Record", "sputnik launch"));
    records.push_back(make_record("secretary", "Record", "secretary"));
    records.push_back(make_record("other", "Record", "treaty"));
    put_all(records);
  }

  std::unique_ptr<SearchIndex> reader(std::int64_t wildcard_postings) {
    XapianIndexOptions options;
    options.wildcard_postings = wildcard_postings;
    auto opened = open_xapian_index(dir_, false, options);
    EXPECT_TRUE(opened.has_value());
    return opened ? std::move(*opened) : nullptr;
  }
};

TEST_F(WildcardSearches, AWildcardWhoseWordsFitFindsThemAll) {
  SearchRequest request;
  request.query = "s*";
  request.limit = 100;
  auto results = index_->search(request);
  ASSERT_TRUE(results.has_value());
  EXPECT_EQ(results->total, 33);
  EXPECT_TRUE(results->limited_wildcards.empty());
}

TEST_F(WildcardSearches, AWildcardOfTooManyPostingsSaysWhichWordsItSearchedFor) {
  // 30 + 20 postings of soviet and state leave room for sputnik (2) within
  // 60 (twice soviet's), and for secretary (1).
  auto small = reader(0);
  ASSERT_NE(small, nullptr);
  SearchRequest request;
  request.query = "s*";
  request.limit = 100;
  auto results = small->search(request);
  ASSERT_TRUE(results.has_value());
  EXPECT_EQ(results->total, 33);
  EXPECT_TRUE(results->limited_wildcards.empty());
  // Beside another word, as a field's start, and excluded.
  request.query = "title:rec* s*";
  results = small->search(request);
  ASSERT_TRUE(results.has_value());
  EXPECT_EQ(results->total, 33);

  // Lower the bar with more documents: 40 more records of "state" make it the
  // most frequent (60); soviet (30) fits within 120, sputnik and secretary too.
  std::vector<Record> more;
  for (int i = 0; i < 70; ++i) more.push_back(make_record("m" + std::to_string(i), "More", "state saturday"));
  put_all(more);
  auto again = reader(0);
  request.query = "s*";
  results = again->search(request);
  ASSERT_TRUE(results.has_value());
  // state 90, saturday 70: 160 > 180? no: 90 + 70 = 160 within 180; soviet
  // (30) would make 190: left out; sputnik (2) and secretary (1) fit.
  ASSERT_EQ(results->limited_wildcards.size(), 1u);
  const LimitedWildcard& limited = results->limited_wildcards.front();
  EXPECT_EQ(limited.pattern, "s*");
  EXPECT_EQ(limited.words, (std::vector<std::string>{"state", "saturday", "sputnik", "secretary"}));
  EXPECT_EQ(limited.starting, 5u);
  // Records with soviet alone (10 of them) are not found.
  EXPECT_EQ(results->total, 70 + 20 + 3);
  // With the default budget every word fits again.
  auto fits = reader(200000);
  results = fits->search(request);
  ASSERT_TRUE(results.has_value());
  EXPECT_TRUE(results->limited_wildcards.empty());
  EXPECT_EQ(results->total, 70 + 30 + 3);
}

}  // namespace
}  // namespace chancery::testing
