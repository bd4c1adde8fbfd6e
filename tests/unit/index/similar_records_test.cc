// "More like this" on a reader: answers kept for the revision being read are
// the answers, and a new revision answers afresh.
#include <gtest/gtest.h>

#include <algorithm>

#include "index_fixture.h"

namespace chancery::testing {
namespace {

std::vector<std::string> ids_of(const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const Hit& hit : hits) out.push_back(hit.id);
  return out;
}

TEST_F(IndexTest, ReaderSimilarRecordsFollowNewRevisions) {
  put_all({make_record("a", "Wheat shipments", "Wheat shipments to India under the surplus agreement."),
           make_record("b", "Wheat for India", "The surplus wheat agreement with India and its shipments."),
           make_record("c", "Berlin", "Soviet notes on Berlin access.")});
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  auto first = (*reader)->similar("a", 5);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(ids_of(*first), Ids{"b"});
  auto again = (*reader)->similar("a", 5);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(ids_of(*again), ids_of(*first));
  EXPECT_EQ(again->front().title, first->front().title);
  EXPECT_EQ(first->front().title, "Wheat for India");
  EXPECT_TRUE(first->front().snippet.empty());   // listed by title: no text read for a snippet

  ASSERT_TRUE(index_->put(make_record("d", "India wheat", "Wheat shipments to India: the surplus agreement again."))
                  .has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  ASSERT_TRUE((*reader)->refresh().has_value());
  auto after = (*reader)->similar("a", 5);
  ASSERT_TRUE(after.has_value());
  std::vector<std::string> found = ids_of(*after);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (Ids{"b", "d"}));
  EXPECT_FALSE((*reader)->similar("missing", 5).has_value());
}

// A record of many words: the rare word it shares with one record counts
// for more than the common words it shares with every record.
TEST_F(IndexTest, SimilarRecordsShareTheTellingWords) {
  std::string common;
  for (int i = 0; i < 40; ++i) common += "common" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i) + " ";
  std::vector<Record> records = {make_record("a", "A", common + "zeppelin zulu"),
                                 make_record("z", "Z", "zeppelin zulu flights " + common.substr(0, 60))};
  for (int i = 0; i < 8; ++i) records.push_back(make_record("o" + std::to_string(i), "O", common + "ordinary"));
  put_all(records);
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  auto similar = (*reader)->similar("a", 3);
  ASSERT_TRUE(similar.has_value()) << similar.error().message;
  ASSERT_FALSE(similar->empty());
  EXPECT_EQ(similar->front().id, "z");
}

// A word in more than 5% of the records (and in more than 50 of them) tells
// nothing, as Lucene's MoreLikeThis.setMaxDocFreqPct has it: records sharing
// only such words are not similar. Below the floor of 50 records it still
// counts, so a small archive finds its like.
TEST_F(IndexTest, SimilarRecordsIgnoreWordsMostRecordsHave) {
  std::vector<Record> records;
  records.push_back(make_record("lone", "Lone", "telegram embassy report"));
  records.push_back(make_record("pair", "Pair", "telegram embassy report zeppelin"));
  for (int i = 0; i < 60; ++i) {
    std::string id = "r", text = "telegram embassy report word";
    id += std::to_string(i);
    text += std::to_string(i);
    text += " other";
    text += std::to_string(i);
    records.push_back(make_record(id, "R", text));
  }
  records.push_back(make_record("few", "Few", "zeppelin"));
  put_all(records);
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  // telegram, embassy and report are in 62 of 63 records (> 50 and > 5%).
  auto lone = (*reader)->similar("lone", 5);
  ASSERT_TRUE(lone.has_value()) << lone.error().message;
  EXPECT_TRUE(lone->empty()) << lone->front().id;
  // zeppelin is in two: it still tells.
  auto pair = (*reader)->similar("pair", 5);
  ASSERT_TRUE(pair.has_value()) << pair.error().message;
  EXPECT_EQ(ids_of(*pair), Ids{"few"});
}

}  // namespace
}  // namespace chancery::testing
