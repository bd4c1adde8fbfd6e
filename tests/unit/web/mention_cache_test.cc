// The records' mentions kept for pages: what the cache gives is what the names
// snapshot finds, for the record as it is now and the names as they are now,
// within its memory budget.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "archive/names_builder.h"
#include "archive/names_directory.h"
#include "model/date.h"
#include "web/mention_cache.h"
#include "archive/archive.h"
#include "model/record_json.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

SourceEntry listed(std::string id, std::string name) {
  SourceEntry e;
  e.external_id = std::move(id);
  e.name = std::move(name);
  e.source = e.external_id.substr(0, e.external_id.find('/'));
  e.from_year = 1955;
  e.to_year = 1957;
  return e;
}

std::shared_ptr<const NameSnapshot> snapshot_of(const std::vector<SourceEntry>& entries) {
  AuthorityBuilder builder({});
  for (const SourceEntry& e : entries) builder.add(e);
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  return std::make_shared<const NameSnapshot>(std::move(all), std::unordered_set<std::string>{});
}

std::vector<SourceEntry> people() {
  return {listed("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich"),
          listed("frus1955-57v25/p_BCE1", "Bohlen, Charles E."), listed("frus1955-57v25/p_BAB1", "Bohlen, Avis B."),
          listed("frus1955-57v25/p_NI1", "Nagy, Imre")};
}

Record sample(const std::string& id, const std::string& body) {
  Record r;
  r.id = id;
  r.collections = {"frus1955-57v25"};
  r.date = *parse_date("1956-11-03");
  r.title = "Bohlen to Khrushchev";
  r.summary = "Nagy and Chruschtschow.";
  r.body.push_back({BlockKind::kParagraph, body, "", {}});
  r.body.push_back({BlockKind::kPageBreak, "", "", {}});
  r.body.push_back({BlockKind::kParagraph, "Хрущёв replied to Charles E. Bohlen.", "", {}});
  Note note;
  note.number = "1";
  note.text = "Imre Nagy's note.";
  r.notes.push_back(note);
  r.people.push_back({"Bohlen, Charles E.", "frus1955-57v25/p_BCE1"});
  r.people.push_back({"Nagy, Imre", ""});
  return r;
}

void expect_same(const std::vector<RecordMention>& got, const std::vector<RecordMention>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].field, want[i].field) << i;
    EXPECT_EQ(got[i].block, want[i].block) << i;
    EXPECT_EQ(got[i].begin, want[i].begin) << i;
    EXPECT_EQ(got[i].end, want[i].end) << i;
    EXPECT_EQ(got[i].text, want[i].text) << i;
    EXPECT_EQ(got[i].ids, want[i].ids) << i;
    EXPECT_EQ(got[i].certain, want[i].certain) << i;
    EXPECT_EQ(got[i].exact, want[i].exact) << i;
  }
}

TEST(MentionCache, GivesWhatTheNamesFindAndKeepsIt) {
  auto names = snapshot_of(people());
  MentionCache cache(1 << 20);
  Record r = sample("frus1955-57v25/d1", "Khrushchev met Bohlen and Mr. Nagy.");
  r.people[0].id.clear();  // untagged: "Bohlen" may be either
  const std::vector<RecordMention> want = names->all_mentions(r);
  ASSERT_GE(want.size(), 8u);  // in the title, summary, both paragraphs, the note and the people
  bool ambiguous = false, people_field = false;
  for (const RecordMention& m : want) {
    ambiguous = ambiguous || m.ids.size() > 1;
    people_field = people_field || m.field == "people";
  }
  EXPECT_TRUE(ambiguous);   // "Bohlen" in the title: two Bohlens
  EXPECT_TRUE(people_field);

  expect_same(cache.mentions(names, r), want);
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.stats().hits, 0u);
  expect_same(cache.mentions(names, r), want);
  expect_same(cache.mentions(names, r), want);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().records, 1u);
  EXPECT_GT(cache.stats().bytes, 0u);
}

TEST(MentionCache, ARecordChangedUnderItsIdIsReadAgain) {
  auto names = snapshot_of(people());
  MentionCache cache(1 << 20);
  const Record before = sample("frus1955-57v25/d2", "Khrushchev met Bohlen.");
  expect_same(cache.mentions(names, before), names->all_mentions(before));
  // A corrected text, an older revision: the same id, other words.
  Record after = sample("frus1955-57v25/d2", "Nagy met Bohlen and Khrushchev.");
  expect_same(cache.mentions(names, after), names->all_mentions(after));
  // Only the people tagged changed: the namesakes are decided otherwise.
  Record retagged = before;
  retagged.people[0].id = "frus1955-57v25/p_BAB1";
  expect_same(cache.mentions(names, retagged), names->all_mentions(retagged));
  // Another volume, another year: other persons lists and lives.
  Record moved = before;
  moved.collections = {"frus1955-57v24"};
  moved.people[0].id.clear();
  expect_same(cache.mentions(names, moved), names->all_mentions(moved));
  EXPECT_EQ(cache.stats().misses, 4u);
  EXPECT_EQ(cache.stats().hits, 0u);
  EXPECT_NE(MentionCache::fingerprint(before), MentionCache::fingerprint(after));
  EXPECT_NE(MentionCache::fingerprint(before), MentionCache::fingerprint(retagged));
  EXPECT_NE(MentionCache::fingerprint(before), MentionCache::fingerprint(moved));
  Record redated = before;
  redated.date = *parse_date("1919");
  EXPECT_NE(MentionCache::fingerprint(before), MentionCache::fingerprint(redated));
  // Texts are told apart where they split: ("ab", "c") is not ("a", "bc").
  Record split_one = before, split_two = before;
  split_one.title = "Bohlen to K";
  split_one.summary = "hrushchev";
  split_two.title = "Bohlen to ";
  split_two.summary = "Khrushchev";
  EXPECT_NE(MentionCache::fingerprint(split_one), MentionCache::fingerprint(split_two));
}

TEST(MentionCache, NewNamesAreFoundWithTheNewSnapshot) {
  auto old_names = snapshot_of(people());
  MentionCache cache(1 << 20);
  const Record r = sample("frus1955-57v25/d3", "Khrushchev met Bohlen and Gromyko.");
  const std::vector<RecordMention> before = cache.mentions(old_names, r);
  std::vector<SourceEntry> more = people();
  more.push_back(listed("frus1955-57v25/p_GAA1", "Gromyko, Andrei A."));
  auto new_names = snapshot_of(more);
  const std::vector<RecordMention> after = cache.mentions(new_names, r);
  expect_same(after, new_names->all_mentions(r));
  EXPECT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(cache.stats().records, 1u);
}

TEST(MentionCache, KeepsWithinItsBudgetDroppingTheLeastRecentlyUsed) {
  auto names = snapshot_of(people());
  const std::size_t budget = 4096;
  MentionCache cache(budget);
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i) {
    records.push_back(sample("frus1955-57v25/d" + std::to_string(100 + i), "Khrushchev met Bohlen " + std::to_string(i)));
  }
  for (const Record& r : records) {
    expect_same(cache.mentions(names, r), names->all_mentions(r));
    EXPECT_LE(cache.stats().bytes, budget);
  }
  const MentionCache::Stats filled = cache.stats();
  EXPECT_GT(filled.records, 1u);
  EXPECT_LT(filled.records, records.size());
  // The last one is kept, the first went long ago.
  expect_same(cache.mentions(names, records.back()), names->all_mentions(records.back()));
  EXPECT_EQ(cache.stats().hits, 1u);
  expect_same(cache.mentions(names, records.front()), names->all_mentions(records.front()));
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, records.size() + 1);
}

// Found ahead, page by page through the store: every live record once (not
// the deleted), until the cache is half full.
TEST(MentionCache, FindsTheStoresRecordsAheadWithinHalfItsBudget) {
  const auto dir = testing::fresh_dir("mention-cache-ahead");
  auto archive = testing::create_archive(dir / "archive");
  ASSERT_NE(archive, nullptr);
  std::vector<Record> records;
  for (int i = 0; i < 150; ++i) {
    records.push_back(sample("frus1955-57v25/d" + std::to_string(1000 + i), "Khrushchev met Bohlen " + std::to_string(i)));
    EntityMeta meta;
    meta.title = records.back().title;
    ASSERT_TRUE(archive->store()
                    .put(EntityKind::kRecord, records.back().id, to_json(records.back()).dump(), meta, "test")
                    .has_value());
  }
  ASSERT_TRUE(archive->store().remove(EntityKind::kRecord, records[3].id, "test").has_value());
  auto names = snapshot_of(people());
  MentionCache roomy(1 << 20);
  EXPECT_EQ(roomy.read_ahead(archive->store(), names, {}), 149u);
  EXPECT_EQ(roomy.stats().records, 149u);
  EXPECT_EQ(roomy.stats().misses, 0u);
  expect_same(roomy.mentions(names, records[140]), names->all_mentions(records[140]));
  EXPECT_EQ(roomy.stats().hits, 1u);
  MentionCache small(16384);
  const std::size_t read = small.read_ahead(archive->store(), names, {});
  EXPECT_GT(read, 0u);
  EXPECT_LT(read, 149u);
  EXPECT_LE(small.stats().bytes, 16384u / 2 + 1024);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(MentionCache, WithoutNamesThereAreNone) {
  MentionCache cache(1 << 20);
  EXPECT_TRUE(cache.mentions(nullptr, sample("x", "Khrushchev")).empty());
  auto empty = snapshot_of({});
  EXPECT_TRUE(cache.mentions(empty, sample("x", "Khrushchev")).empty());
  EXPECT_TRUE(cache.mentions(empty, sample("x", "Khrushchev")).empty());
  EXPECT_EQ(cache.stats().hits, 1u);
}

}  // namespace
}  // namespace chancery::web
