// Related records found ahead (index/related_table.h): a reader that serves
// pages answers SearchIndex::similar from a table filled for its revision,
// with the same records, order and scores as a match gives, exclusions
// included, and falls back to the match where the table cannot tell.
#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>

#include "index/related_table.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

using namespace std::chrono_literals;

class RelatedAhead : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    // As ParallelRelated's: a vocabulary of made-up words, the first far
    // more common, so that records share words with a few dozen others.
    for (int i = 0; i < 300; ++i) {
      std::string word;
      for (int n = i + 1; n > 0; n /= 20) word += static_cast<char>('a' + n % 20);
      vocabulary_.push_back(word + "ka");
    }
    put_all(records(0, 300));
  }

  std::vector<Record> records(int from, int to) {
    std::mt19937 random(6122026 + from);
    std::vector<Record> out;
    for (int i = from; i < to; ++i) {
      std::string text;
      const int length = 20 + static_cast<int>(random() % 60);
      for (int w = 0; w < length; ++w) {
        const std::size_t scale = 1 + random() % vocabulary_.size();
        text += (w ? " " : "") + vocabulary_[random() % scale];
      }
      out.push_back(make_record(id(i), "Record " + std::to_string(i), text));
    }
    return out;
  }

  static std::string id(int i) { return "r" + std::to_string(1000 + i); }

  std::unique_ptr<SearchIndex> reader(bool ahead) {
    XapianIndexOptions options;
    options.related_ahead = ahead;
    options.related_ahead_at_idle_priority = false;   // a busy test machine would starve it
    auto opened = open_xapian_index(dir_, false, options);
    EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
    return opened ? std::move(*opened) : nullptr;
  }

  // Waits (at most two minutes) until `count` more records' related records
  // have been found ahead than `before`.
  static bool wait_for_found(std::uint64_t before, std::uint64_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (related_records_found_ahead() < before + count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  // The two answers are the same records, in the same order, with the same
  // scores; returns how many hits they have.
  static std::size_t expect_same(SearchIndex& ahead, SearchIndex& matched, const std::string& record, int limit,
                                 const std::vector<std::string>& exclude) {
    const std::string what = record + " limit " + std::to_string(limit) + " excluding " + std::to_string(exclude.size());
    auto a = ahead.similar(record, limit, exclude);
    auto b = matched.similar(record, limit, exclude);
    EXPECT_TRUE(a.has_value() && b.has_value()) << what;
    if (!a || !b) return 0;
    EXPECT_EQ(a->size(), b->size()) << what;
    for (std::size_t h = 0; h < std::min(a->size(), b->size()); ++h) {
      EXPECT_EQ((*a)[h].id, (*b)[h].id) << what << " hit " << h;
      EXPECT_EQ((*a)[h].title, (*b)[h].title) << what << " hit " << h;
      EXPECT_DOUBLE_EQ((*a)[h].score, (*b)[h].score) << what << " hit " << h;
      for (const std::string& left_out : exclude) EXPECT_NE((*a)[h].id, left_out) << what;
    }
    return a->size();
  }

  std::vector<std::string> vocabulary_;
};

TEST_F(RelatedAhead, SameAnswersAsAMatch) {
  const std::uint64_t found_before = related_records_found_ahead();
  const std::uint64_t tables_before = related_tables_made();
  auto ahead = reader(true);
  auto matched = reader(false);
  ASSERT_TRUE(ahead && matched);
  ASSERT_TRUE(ahead->warm_up().has_value());   // starts the table's filling
  ASSERT_TRUE(wait_for_found(found_before, 300)) << related_records_found_ahead() - found_before << " of 300";
  EXPECT_EQ(related_tables_made(), tables_before + 1);
  EXPECT_EQ(matched->warm_up().has_value(), true);
  EXPECT_EQ(related_tables_made(), tables_before + 1);   // a reader without related_ahead makes none

  const std::uint64_t answers_before = related_answers_from_tables();
  std::size_t hits = 0;
  int asked = 0;
  for (int i = 0; i < 300; i += 3) {
    for (const int limit : {0, 1, 5, 6}) {
      hits += expect_same(*ahead, *matched, id(i), limit, {});
      ++asked;
    }
    // A record left out that is not among the six the table keeps, and
    // its best related record: five are left of the six.
    auto six = matched->similar(id(i), 6);
    ASSERT_TRUE(six.has_value());
    auto kept = [&](const std::string& other) {
      return std::any_of(six->begin(), six->end(), [&](const Hit& hit) { return hit.id == other; });
    };
    std::vector<std::string> exclude;
    for (int j = i + 150; exclude.empty(); ++j) {
      if (!kept(id(j % 300)) && j % 300 != i) exclude.push_back(id(j % 300));
    }
    if (!six->empty()) exclude.push_back(six->front().id);
    hits += expect_same(*ahead, *matched, id(i), 5, exclude);
    ++asked;
  }
  EXPECT_GE(hits, static_cast<std::size_t>(100) * 15);   // the records do have others like them
  // Every one of those was answered from the table.
  EXPECT_EQ(related_answers_from_tables(), answers_before + static_cast<std::uint64_t>(asked));
}

TEST_F(RelatedAhead, MatchesWhereTheTableCannotTell) {
  const std::uint64_t found_before = related_records_found_ahead();
  auto ahead = reader(true);
  auto matched = reader(false);
  ASSERT_TRUE(ahead && matched);
  ASSERT_TRUE(ahead->warm_up().has_value());
  ASSERT_TRUE(wait_for_found(found_before, 300));
  const std::uint64_t answers_before = related_answers_from_tables();
  // More than the table keeps.
  EXPECT_GE(expect_same(*ahead, *matched, id(7), 12, {}), 7u);
  // So many of its related records left out that fewer than five of those
  // the table keeps are left: the ranking goes on past them.
  auto six = matched->similar(id(8), 6);
  ASSERT_TRUE(six.has_value());
  ASSERT_EQ(six->size(), 6u);
  std::vector<std::string> exclude;
  for (std::size_t h = 0; h < 3; ++h) exclude.push_back((*six)[h].id);
  EXPECT_EQ(expect_same(*ahead, *matched, id(8), 5, exclude), 5u);
  EXPECT_EQ(related_answers_from_tables(), answers_before);
  // An unknown record fails as before.
  auto missing = ahead->similar("no-such-record", 5);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(RelatedAhead, NewRevisionNewTable) {
  const std::uint64_t found_before = related_records_found_ahead();
  const std::uint64_t tables_before = related_tables_made();
  auto ahead = reader(true);
  ASSERT_TRUE(ahead);
  ASSERT_TRUE(ahead->warm_up().has_value());
  ASSERT_TRUE(wait_for_found(found_before, 300));

  // A writer adds records; the reader's refresh starts the new revision's table.
  for (const Record& r : records(300, 400)) ASSERT_TRUE(index_->put(r).has_value()) << r.id;
  ASSERT_TRUE(index_->commit(2).has_value());
  ASSERT_TRUE(ahead->refresh().has_value());
  EXPECT_EQ(related_tables_made(), tables_before + 2);
  ASSERT_TRUE(wait_for_found(found_before + 300, 400));
  auto matched = reader(false);
  ASSERT_TRUE(matched);
  const std::uint64_t answers_before = related_answers_from_tables();
  bool new_record_related = false;
  for (int i = 0; i < 400; i += 5) {
    expect_same(*ahead, *matched, id(i), 5, {});
    auto hits = ahead->similar(id(i), 5);
    ASSERT_TRUE(hits.has_value());
    for (const Hit& hit : *hits) new_record_related = new_record_related || hit.id >= id(300);
  }
  EXPECT_TRUE(new_record_related);   // the new records are among the answers: not the old table's
  // Each asked twice: the second answer is the one the reader kept.
  EXPECT_EQ(related_answers_from_tables(), answers_before + 80);
}

// Pages asked while the table fills: some answers from the table, some
// matched, all the same as a match gives (ThreadSanitizer sees the table
// read while it is written here).
TEST_F(RelatedAhead, AnswersWhileTheTableFills) {
  auto ahead = reader(true);
  auto matched = reader(false);
  ASSERT_TRUE(ahead && matched);
  ASSERT_TRUE(ahead->warm_up().has_value());
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 300; ++i) expect_same(*ahead, *matched, id(i), 5, {id((i + 1) % 300)});
  }
}

TEST(RelatedTable, EntriesOnceFoundAndAThreadThatStops) {
  auto table = std::make_shared<RelatedTable>(10);
  EXPECT_EQ(table->last_docid(), 10u);
  EXPECT_EQ(table->find(3), nullptr);
  RelatedTable::Entry entry{};
  entry.docids[0] = 7;
  entry.weights[0] = 1.5;
  entry.count = 1;
  table->put(3, entry);
  table->put(11, entry);   // out of range: ignored
  ASSERT_NE(table->find(3), nullptr);
  EXPECT_EQ(table->find(3)->docids[0], 7u);
  EXPECT_EQ(table->find(11), nullptr);
  EXPECT_EQ(table->found(), 1u);
  // A filling that only ends when asked to: the table's end stops it.
  std::atomic<bool> running{false};
  table->start([&running](RelatedTable&, std::stop_token stop) {
    running = true;
    while (!stop.stop_requested()) std::this_thread::sleep_for(1ms);
  });
  while (!running) std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(table->finished());
  table.reset();   // returns: the thread was stopped and joined
}

TEST(RelatedTable, AFillingThatFailsEndsAlone) {
  auto table = std::make_shared<RelatedTable>(4);
  table->start([](RelatedTable& filled, std::stop_token) {
    RelatedTable::Entry entry{};
    filled.put(1, entry);
    throw std::runtime_error("out of something");
  });
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!table->finished() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(table->finished());   // the process goes on
  EXPECT_NE(table->find(1), nullptr);
  EXPECT_EQ(table->find(2), nullptr);
}

TEST(RelatedTable, OneTableForAKeyWhileHeld) {
  int made = 0;
  auto make = [&made] {
    ++made;
    return std::make_shared<RelatedTable>(5);
  };
  auto a = shared_related_table("k1", make);
  auto b = shared_related_table("k1", make);
  EXPECT_EQ(a, b);
  EXPECT_EQ(made, 1);
  auto c = shared_related_table("k2", make);
  EXPECT_NE(a, c);
  EXPECT_EQ(made, 2);
  a.reset();
  b.reset();
  auto d = shared_related_table("k1", make);   // none held: a new one
  EXPECT_EQ(made, 3);
}

}  // namespace
}  // namespace chancery::testing
