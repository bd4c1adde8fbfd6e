// The index's own common words (lowercase_words.h): a word its records write
// in lowercase is no spelling of a name, with or without a names lexicon.
#include "index/text_words.h"

#include <algorithm>

#include "index_fixture.h"
#include "names/chinese_romanisation.h"
#include "names/person_name.h"

namespace chancery::testing {
namespace {

TEST(LowercaseWord, AWholeWordWithItsFirstLetterInLowercase) {
  EXPECT_TRUE(has_lowercase_word("a long day", "long"));
  EXPECT_TRUE(has_lowercase_word("long-term", "long"));
  EXPECT_TRUE(has_lowercase_word("(long)", "long"));
  EXPECT_TRUE(has_lowercase_word("Long ago, a long day", "long"));
  EXPECT_TRUE(has_lowercase_word("a lONG day", "long"));   // a typist's slip is still the word
  EXPECT_FALSE(has_lowercase_word("Long ago", "long"));
  EXPECT_FALSE(has_lowercase_word("LONG AGO", "long"));
  EXPECT_FALSE(has_lowercase_word("they belong", "long"));
  EXPECT_FALSE(has_lowercase_word("longer", "long"));
  EXPECT_FALSE(has_lowercase_word("long2", "long"));
  EXPECT_FALSE(has_lowercase_word("\xc3\x85long", "long"));   // a letter of another alphabet before it
  EXPECT_FALSE(has_lowercase_word("long\xc3\xa9", "long"));
  EXPECT_FALSE(has_lowercase_word("lon", "long"));
  EXPECT_FALSE(has_lowercase_word("a long day", "Long"));   // only folded words are asked for
  EXPECT_FALSE(has_lowercase_word("a long day", ""));
  EXPECT_FALSE(has_lowercase_word("", "long"));
}

TEST(WrittenWord, AWholeWordInAnyCaseItsLettersPerhapsJoined) {
  EXPECT_TRUE(has_written_word("Mao Tse-tung received", "tsetung"));
  EXPECT_TRUE(has_written_word("MAO TSE-TUNG", "tsetung"));
  EXPECT_TRUE(has_written_word("Mao Zedong wrote", "zedong"));
  EXPECT_TRUE(has_written_word("Teng Hsiao-p'ing", "hsiaoping"));
  EXPECT_TRUE(has_written_word("Teng Hsiao-p\xe2\x80\x99ing", "hsiaoping"));
  EXPECT_TRUE(has_written_word("Mao Tse-tung's view", "tsetung"));
  EXPECT_FALSE(has_written_word("Mao Tse tung", "tsetung"));   // apart: a phrase, not the word
  EXPECT_FALSE(has_written_word("Mao Tse-tungs", "tsetung"));
  EXPECT_FALSE(has_written_word("Mao Tse-", "tsetung"));
  EXPECT_FALSE(has_written_word("the Zedongs", "zedong"));
  EXPECT_FALSE(has_written_word("Mao Zedong", "Zedong"));
  EXPECT_FALSE(has_written_word("Mao Zedong", ""));
}

// A spelling is shown as most of the first records holding it write it.
TEST_F(IndexTest, AWordsWrittenFormIsTheOneMostRecordsWrite) {
  const std::filesystem::path dir = dir_ / "forms";
  auto writer = open_xapian_index(dir, true, {});
  ASSERT_TRUE(writer.has_value()) << writer.error().message;
  for (const Record& r : {make_record("m1", "Tokyo", "MACARTHUR TO JCS."), make_record("m2", "Tokyo", "General MacArthur replied."),
                          make_record("m3", "Korea", "MacArthur flew to Wake."),
                          make_record("u1", "Moscow", "The USSR protested."),
                          make_record("t1", "Peking", "Mao Tse-tung received him."),
                          make_record("e1", "Beijing", "Zhou Enlai replied.")}) {
    ASSERT_TRUE((*writer)->put(r).has_value()) << r.id;
  }
  ASSERT_TRUE((*writer)->commit(1).has_value());
  Xapian::Database db;
  for (const char* shard : {"shard0", "shard1"}) {
    if (std::filesystem::exists(dir / shard)) db.add_database(Xapian::Database((dir / shard).string()));
  }
  EXPECT_EQ(written_form(db, "macarthur"), "MacArthur");
  EXPECT_EQ(written_form(db, "ussr"), "USSR");
  EXPECT_EQ(written_form(db, "tse-tung"), "Tse-tung");
  EXPECT_EQ(written_form(db, "en-lai"), "");   // only "Enlai", another spelling, is written
  EXPECT_EQ(written_form(db, "enlai"), "Enlai");
  EXPECT_EQ(written_form(db, "wilson"), "");
  EXPECT_EQ(written_form(db, "\u0445\u0440\u0443\u0449\u0435\u0432"), "");
}

XapianIndexOptions romanising_options() {
  XapianIndexOptions options;
  options.names.word_in_other_system = [](std::string_view word) { return names::word_in_other_system(word); };
  return options;
}

bool says(const SearchResults& results, const std::string& spelling) {
  return std::find(results.other_spellings.begin(), results.other_spellings.end(), spelling) !=
         results.other_spellings.end();
}

Ids hit_ids(const SearchResults& results) {
  Ids out;
  for (const Hit& hit : results.hits) out.push_back(hit.id);
  std::sort(out.begin(), out.end());
  return out;
}

// No names lexicon here (no `names link`): the index tells "long" and "ban",
// written in lowercase by three records each, from the names "Teng" and
// "Lung", which no record writes so.
TEST_F(IndexTest, ACommonWordOfTheTextIsNoSpellingOfAName) {
  auto opened = open_xapian_index(dir_ / "romanised", true, romanising_options());
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  SearchIndex& index = **opened;
  const std::vector<Record> records{
      make_record("long1", "Talks", "After a long meeting the delegates left."),
      make_record("long2", "Telegram", "The long telegram arrived."),
      make_record("long3", "Speech", "He spoke for a long time."),
      make_record("lung", "Yunnan", "Marshal Lung Yun received the consul."),
      make_record("ban1", "Tests", "A test ban was proposed."),
      make_record("ban2", "Tests", "The ban on tests held."),
      make_record("ban3", "Trade", "Lift the ban on exports."),
      make_record("pan", "Peking", "Pan Tzu-li called."),
      make_record("teng1", "Peking", "Teng Hsiao-ping spoke."),
      make_record("teng2", "Peking", "TENG HSIAO-PING AND CHOU."),
      make_record("teng3", "Peking", "Vice Premier Teng left."),
  };
  for (const Record& r : records) ASSERT_TRUE(index.put(r).has_value()) << r.id;
  ASSERT_TRUE(index.commit(1).has_value());
  auto search = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = index.search(request);
    EXPECT_TRUE(found.has_value()) << query;
    return found ? *found : SearchResults{};
  };
  const SearchResults long_hits = search("long");
  EXPECT_EQ(hit_ids(long_hits), (Ids{"long1", "long2", "long3"}));
  EXPECT_FALSE(says(long_hits, "lung"));
  const SearchResults ban_hits = search("ban");
  EXPECT_EQ(hit_ids(ban_hits), (Ids{"ban1", "ban2", "ban3"}));
  EXPECT_FALSE(says(ban_hits, "pan"));
  // A name no record writes in lowercase still finds its other spelling.
  const SearchResults deng = search("Deng");
  EXPECT_EQ(hit_ids(deng), (Ids{"teng1", "teng2", "teng3"}));
  EXPECT_TRUE(says(deng, "Teng"));
}

// A reader learns a word became common when it reads the new revision.
TEST_F(IndexTest, AReaderLearnsOfACommonWordWithTheRevisionThatMakesIt) {
  const std::filesystem::path dir = dir_ / "revisions";
  auto writer = open_xapian_index(dir, true, romanising_options());
  ASSERT_TRUE(writer.has_value()) << writer.error().message;
  for (const Record& r : {make_record("long1", "Talks", "After a long meeting the delegates left."),
                          make_record("long2", "Telegram", "The long telegram arrived."),
                          make_record("lung", "Yunnan", "Marshal Lung Yun received the consul.")}) {
    ASSERT_TRUE((*writer)->put(r).has_value()) << r.id;
  }
  ASSERT_TRUE((*writer)->commit(1).has_value());
  auto reader = open_xapian_index(dir, false, romanising_options());
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  SearchRequest request;
  request.query = "long";
  // Two records in lowercase are not enough: "long" is still read as a name.
  auto before = (*reader)->search(request);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(hit_ids(*before), (Ids{"long1", "long2", "lung"}));
  EXPECT_TRUE(says(*before, "Lung"));
  ASSERT_TRUE((*writer)->put(make_record("long3", "Speech", "He spoke for a long time.")).has_value());
  ASSERT_TRUE((*writer)->commit(2).has_value());
  ASSERT_TRUE((*reader)->refresh().has_value());
  auto after = (*reader)->search(request);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(hit_ids(*after), (Ids{"long1", "long2", "long3"}));
  EXPECT_FALSE(says(*after, "lung"));
}

// The shards of an index folder, as one database.
Xapian::Database shards_of(const std::filesystem::path& dir) {
  Xapian::Database db;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename().string().starts_with("shard")) {
      db.add_database(Xapian::Database(entry.path().string()));
    }
  }
  return db;
}

TEST_F(IndexTest, TheIndexReadsWhatItsRecordsWrite) {
  XapianIndexOptions options;
  options.names.variants = [](std::string_view name) { return names::name_variants(name); };
  const std::filesystem::path dir = dir_ / "read";
  {
    auto opened = open_xapian_index(dir, true, options);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    Record listed = make_record("listed", "Peking", "The Chairman received them.");
    listed.people.push_back(NameRef{"Mao Tse-tung", ""});
    for (const Record& r : {listed, make_record("wg", "Peking", "Mao Tse-tung spoke at length."),
                            make_record("pl", "Warsaw", "Gomułka spoke; a long talk."),
                            make_record("l2", "Talks", "A long meeting."), make_record("l3", "Talks", "Long live the long talks."),
                            make_record("l4", "Talks", "Long ago.")}) {
      ASSERT_TRUE((*opened)->put(r).has_value()) << r.id;
    }
    ASSERT_TRUE((*opened)->commit(1).has_value());
  }
  const Xapian::Database db = shards_of(dir);
  ASSERT_GT(db.get_doccount(), 0u);
  EXPECT_TRUE(written_in_text(db, "tsetung"));
  EXPECT_TRUE(written_in_text(db, "gomulka"));   // as the index folds "Gomułka"
  EXPECT_GT(db.get_termfreq("cedong"), 0u);      // a generated spelling of the persons list's name...
  EXPECT_FALSE(written_in_text(db, "cedong"));   // ...that no record writes
  EXPECT_FALSE(written_in_text(db, "nowhere"));
  EXPECT_TRUE(written_in_lowercase(db, "long"));   // three records write "long"; "Long ago" does not count
  EXPECT_FALSE(written_in_lowercase(db, "mao"));
  EXPECT_FALSE(written_in_lowercase(db, "talks"));   // two records
  TextWords remembered;
  EXPECT_TRUE(remembered.common(db, "long"));
  EXPECT_TRUE(remembered.common(db, "long"));
  EXPECT_FALSE(remembered.written(db, "cedong"));
  EXPECT_TRUE(remembered.written(db, "gomulka"));
}

// A persons list's "Mao Tse-tung" puts its generated spellings in the index
// ("Mao Zedong", "Mao Cedong"): searched, so "Tse-tung" finds the record
// that writes "Zedong", but said only where a record writes them.
TEST_F(IndexTest, ASpellingOnlyANamesGeneratedSpellingsHoldIsNotSaid) {
  XapianIndexOptions options = romanising_options();
  options.names.variants = [](std::string_view name) { return names::name_variants(name); };
  auto opened = open_xapian_index(dir_ / "variants", true, options);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  SearchIndex& index = **opened;
  Record listed = make_record("listed", "Peking", "The Chairman received the delegation.");
  listed.people.push_back(NameRef{"Mao Tse-tung", ""});
  ASSERT_TRUE(index.put(listed).has_value());
  ASSERT_TRUE(index.put(make_record("wg", "Peking", "Mao Tse-tung spoke at length.")).has_value());
  ASSERT_TRUE(index.commit(1).has_value());
  SearchRequest request;
  request.query = "Tse-tung";
  auto before = index.search(request);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(hit_ids(*before), (Ids{"listed", "wg"}));
  EXPECT_TRUE(before->other_spellings.empty()) << before->other_spellings.front();
  ASSERT_TRUE(index.put(make_record("pinyin", "Beijing", "Chairman Mao Zedong wrote.")).has_value());
  ASSERT_TRUE(index.commit(2).has_value());
  auto after = index.search(request);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(hit_ids(*after), (Ids{"listed", "pinyin", "wg"}));
  EXPECT_EQ(after->other_spellings, std::vector<std::string>{"Zedong"});
}

}  // namespace
}  // namespace chancery::testing
