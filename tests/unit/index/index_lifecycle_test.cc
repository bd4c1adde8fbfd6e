// Commit, reopen, readers, removal, ids, similar records, snippets.
#include <cctype>
#include <map>

#include "index_fixture.h"

namespace chancery::testing {
namespace {

class IndexLifecycle : public IndexTest {};

TEST_F(IndexLifecycle, AppliedSeqSurvivesReopen) {
  EXPECT_EQ(index_->applied_seq(), 0);
  ASSERT_TRUE(index_->put(make_record("1", "First", "")).has_value());
  ASSERT_TRUE(index_->commit(42).has_value());
  EXPECT_EQ(index_->applied_seq(), 42);
  index_.reset();

  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->applied_seq(), 42);
  EXPECT_EQ((*reader)->doc_count(), 1);
  reader->reset();

  auto writer = open_xapian_index(dir_, true);
  ASSERT_TRUE(writer.has_value());
  EXPECT_EQ((*writer)->applied_seq(), 42);
}

TEST_F(IndexLifecycle, UncommittedSeqIsNotRecorded) {
  ASSERT_TRUE(index_->commit(7).has_value());
  ASSERT_TRUE(index_->put(make_record("1", "First", "")).has_value());
  index_.reset();  // no commit(8)
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->applied_seq(), 7);
}

TEST_F(IndexLifecycle, CheckpointCommitsWithoutWaiting) {
  ASSERT_TRUE(index_->commit(5).has_value());
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(index_->put(make_record("c" + std::to_string(i), "Checkpointed", "")).has_value());
  ASSERT_TRUE(index_->checkpoint(9).has_value());
  // Searching waits for the shards, checkpoint included.
  SearchRequest request;
  request.query = "checkpointed";
  request.limit = 50;
  auto found = index_->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 30);
  EXPECT_EQ(index_->applied_seq(), 9);
  ASSERT_TRUE(index_->put(make_record("late", "Checkpointed", "")).has_value());
  index_.reset();  // no commit after the put: the applied seq stays 9
  for (const auto& path : xapian_shard_paths(dir_)) {
    EXPECT_EQ(Xapian::Database(path.string()).get_metadata("chancery.applied_seq"), "9") << path;
  }
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->applied_seq(), 9);
}

// However often a record is put, it is in exactly one shard, with its latest
// text, and a removal takes it out of all.
TEST_F(IndexLifecycle, RecordPutManyTimesIsInOneShardOnly) {
  ASSERT_GE(xapian_shard_paths(dir_).size(), 2u);
  for (int round = 0; round < 20; ++round) {
    // Fillers of varying size between the revisions, so the shards are busy.
    std::string filler;
    for (int w = 0; w < (round * 37) % 200; ++w) filler += "filler" + std::to_string(w) + " ";
    ASSERT_TRUE(index_->put(make_record("f" + std::to_string(round), "Filler", filler)).has_value());
    ASSERT_TRUE(index_->put(make_record("moving", "Version" + std::to_string(round), "")).has_value());
  }
  ASSERT_TRUE(index_->commit(3).has_value());
  std::size_t holding = 0;
  for (const auto& path : xapian_shard_paths(dir_)) {
    if (Xapian::Database(path.string()).term_exists("Qmoving")) ++holding;
  }
  EXPECT_EQ(holding, 1u);
  EXPECT_EQ(index_->doc_count(), 21);
  SearchRequest request;
  request.query = "version19";
  auto found = index_->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  request.query = "version18";
  found = index_->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 0);

  ASSERT_TRUE(index_->remove("moving").has_value());
  ASSERT_TRUE(index_->commit(4).has_value());
  for (const auto& path : xapian_shard_paths(dir_)) {
    EXPECT_FALSE(Xapian::Database(path.string()).term_exists("Qmoving")) << path;
  }
  EXPECT_EQ(index_->doc_count(), 20);
}

// A reader keeps what its query parser asked of the index (term counts,
// synonyms, whether there are any) while its revision stands; a refresh to a
// newer one asks again, so a glossary entry added since is searched.
TEST_F(IndexLifecycle, ReaderSearchesTheGlossaryAsRefreshedNotAsFirstAsked) {
  put_all({make_record("long", "Assembly of Captive European Nations meets", ""),
           make_record("other", "A statement", "")});
  auto opened = open_xapian_index(dir_, false);
  ASSERT_TRUE(opened.has_value());
  std::unique_ptr<SearchIndex> reader = std::move(*opened);
  auto total = [&](const std::string& query) -> std::int64_t {
    SearchRequest request;
    request.query = query;
    auto found = reader->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    return found ? found->total : -1;
  };
  // No glossary yet: the abbreviation is a word no record holds, asked twice
  // (the second answer from what the first asked).
  EXPECT_EQ(total("ACEN"), 0);
  EXPECT_EQ(total("ACEN"), 0);
  ASSERT_TRUE(index_->add_synonym("ACEN", "Assembly of Captive European Nations").has_value());
  ASSERT_TRUE(index_->put(make_record("abbr", "ACEN statement", "")).has_value());
  ASSERT_TRUE(index_->commit(3).has_value());
  EXPECT_EQ(total("ACEN"), 0);   // the reader's revision, until it refreshes
  ASSERT_TRUE(reader->refresh().has_value());
  EXPECT_EQ(total("ACEN"), 2);   // "abbr", and "long" by the glossary
  EXPECT_EQ(total("ACEN"), 2);
}

TEST_F(IndexLifecycle, ReaderSeesCommitsAfterRefresh) {
  put_all({make_record("1", "First", "")});
  auto opened = open_xapian_index(dir_, false);
  ASSERT_TRUE(opened.has_value());
  std::unique_ptr<SearchIndex> reader = std::move(*opened);
  EXPECT_EQ(reader->doc_count(), 1);
  ASSERT_TRUE(index_->put(make_record("2", "Second", "")).has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  ASSERT_TRUE(reader->refresh().has_value());
  EXPECT_EQ(reader->doc_count(), 2);
  EXPECT_EQ(reader->applied_seq(), 2);
  SearchRequest request;
  request.query = "second";
  auto found = reader->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
}

TEST_F(IndexLifecycle, ReadOnlyIndexRefusesWrites) {
  put_all({make_record("1", "First", "")});
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  auto put = (*reader)->put(make_record("2", "Second", ""));
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().code, ErrorCode::kConflict);
}

TEST_F(IndexLifecycle, MissingReadOnlyIndexFails) {
  auto reader = open_xapian_index(dir_ / "missing", false);
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::kStorage);
}

TEST_F(IndexLifecycle, PutReplacesAndRemoveDeletes) {
  put_all({make_record("1", "Old title", ""), make_record("2", "Other", "")});
  ASSERT_TRUE(index_->put(make_record("1", "New title", "")).has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(index_->doc_count(), 2);
  EXPECT_EQ(ids("old"), Ids{});
  EXPECT_EQ(ids("new"), Ids{"1"});
  ASSERT_TRUE(index_->remove("1").has_value());
  ASSERT_TRUE(index_->commit(3).has_value());
  EXPECT_EQ(index_->doc_count(), 1);
  EXPECT_EQ(ids("new"), Ids{});
}

TEST_F(IndexLifecycle, AllIdsAreSorted) {
  put_all({make_record("frus1955-57v25/d10", "A", ""), make_record("117079", "B", ""),
           make_record("frus1955-57v25/d9", "C", "")});
  auto all = index_->all_ids();
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(*all, (Ids{"117079", "frus1955-57v25/d10", "frus1955-57v25/d9"}));
}

TEST_F(IndexLifecycle, ManyPutsAcrossFlushes) {
  for (int i = 0; i < 450; ++i) {
    ASSERT_TRUE(index_->put(make_record(std::to_string(i), "Record number", "body " + std::to_string(i))).has_value());
  }
  ASSERT_TRUE(index_->commit(9).has_value());
  EXPECT_EQ(index_->doc_count(), 450);
  EXPECT_EQ(search("record").total, 450);
  EXPECT_EQ(ids("body 317"), Ids{"317"});
}

TEST_F(IndexLifecycle, SimilarRecords) {
  put_all({make_record("a", "Soviet troops in Budapest", "Soviet troops entered Budapest; tanks in the streets."),
           make_record("b", "Tanks in Budapest", "Soviet tanks and troops remain in Budapest streets."),
           make_record("c", "Fishing rights", "The fishing agreement with Iceland about cod.")});
  auto similar = index_->similar("a", 5);
  ASSERT_TRUE(similar.has_value()) << similar.error().message;
  ASSERT_FALSE(similar->empty());
  EXPECT_EQ(similar->front().id, "b");
  for (const Hit& hit : *similar) EXPECT_NE(hit.id, "a");
  auto missing = index_->similar("zzz", 5);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(IndexLifecycle, SnippetsAreEscapedAndMarked) {
  put_all({make_record("x", "Evil", "<script>alert('x')</script> & Nagy said \"no\".")});
  SearchResults results = search("nagy");
  ASSERT_EQ(results.hits.size(), 1u);
  const std::string& snippet = results.hits[0].snippet;
  EXPECT_EQ(snippet.find("<script>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;script&gt;"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&amp;"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>Nagy</mark>"), std::string::npos) << snippet;
}

TEST_F(IndexLifecycle, SnippetsMarkFoldedAndStemmedMatches) {
  put_all({make_record("x", "T", "Long before, Mălnăşan reported that negotiations had begun in earnest.")});
  SearchResults results = search("malnasan negotiated");
  ASSERT_EQ(results.hits.size(), 1u);
  const std::string& snippet = results.hits[0].snippet;
  EXPECT_NE(snippet.find("<mark>Mălnăşan</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>negotiations</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>earnest"), std::string::npos) << snippet;
}

TEST_F(IndexLifecycle, SnippetsMarkWildcardMatches) {
  put_all({make_record("x", "T", "The negotiators met; nothing else.")});
  SearchResults results = search("negot*");
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_NE(results.hits[0].snippet.find("<mark>negotiators</mark>"), std::string::npos) << results.hits[0].snippet;
  EXPECT_EQ(results.hits[0].snippet.find("<mark>nothing"), std::string::npos) << results.hits[0].snippet;
}

TEST_F(IndexLifecycle, NameVariantsHookAddsTerms) {
  XapianIndexOptions options;
  options.names.variants = [](std::string_view name) -> std::vector<std::string> {
    if (name == "Khrushchev, Nikita") return {"Chruschtschow"};
    return {};
  };
  auto opened = open_xapian_index(dir_ / "hooked", true, options);
  ASSERT_TRUE(opened.has_value());
  Record r = make_record("1", "Talks", "");
  r.people = {{"Khrushchev, Nikita", ""}};
  ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  SearchRequest request;
  request.query = "person:chruschtschow";
  auto found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
}

TEST_F(IndexLifecycle, NameWordKeyHookMatchesSpellingVariants) {
  XapianIndexOptions options;
  // A toy key: the word without vowels, lower-cased.
  options.names.word_key = [](std::string_view word) {
    std::string key;
    for (char c : word) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::string_view("aeiouy").find(c) == std::string_view::npos) key += c;
    }
    return key;
  };
  auto opened = open_xapian_index(dir_ / "keyed", true, options);
  ASSERT_TRUE(opened.has_value());
  Record r = make_record("1", "Talks", "Nothing about names here.");
  r.people = {{"Zhukov, Georgy", ""}};
  ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  SearchRequest request;
  for (const char* query : {"Zhukuv", "person:zhakov"}) {
    request.query = query;
    auto found = (*opened)->search(request);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->total, 1) << query;
  }
  request.query = "title:zhakov";
  auto not_found = (*opened)->search(request);
  ASSERT_TRUE(not_found.has_value());
  EXPECT_EQ(not_found->total, 0);
}

// Records spread over the shards by id; a reader searches them as one.
TEST_F(IndexLifecycle, ShardsAreSearchedAsOne) {
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i) records.push_back(make_record("r" + std::to_string(i), "Shared title", "body"));
  put_all(records);
  EXPECT_EQ(xapian_shard_paths(dir_).size(), 2u);
  for (const auto& path : xapian_shard_paths(dir_)) {
    Xapian::Database shard(path.string());
    EXPECT_GT(shard.get_doccount(), 0u) << path;   // 40 ids do not all hash to one shard
    EXPECT_LT(shard.get_doccount(), 40u) << path;
    EXPECT_EQ(shard.get_metadata("chancery.applied_seq"), "1") << path;
  }
  index_.reset();
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->doc_count(), 40);
  SearchRequest request;
  request.query = "shared";
  request.limit = 100;
  auto found = (*reader)->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 40);
  EXPECT_EQ(found->hits.size(), 40u);
}

// Replacing and removing reach the record's own shard.
TEST_F(IndexLifecycle, ReplaceAndRemoveAcrossShards) {
  std::vector<Record> records;
  for (int i = 0; i < 20; ++i) records.push_back(make_record("r" + std::to_string(i), "Old title", ""));
  put_all(records);
  for (int i = 0; i < 20; i += 2) ASSERT_TRUE(index_->put(make_record("r" + std::to_string(i), "New title", "")));
  for (int i = 1; i < 20; i += 4) ASSERT_TRUE(index_->remove("r" + std::to_string(i)));
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(index_->doc_count(), 15);
  EXPECT_EQ(ids("new"), (Ids{"r0", "r10", "r12", "r14", "r16", "r18", "r2", "r4", "r6", "r8"}));
  EXPECT_EQ(ids("old"), (Ids{"r11", "r15", "r19", "r3", "r7"}));
}

// Shards that committed different seqs (a crash between their commits):
// the index reports the smaller, so the store replays from there.
TEST_F(IndexLifecycle, AppliedSeqIsTheSmallestOfTheShards) {
  put_all({make_record("a", "A", "")});
  index_.reset();
  {
    Xapian::WritableDatabase shard((dir_ / "shard1").string(), Xapian::DB_OPEN);
    shard.set_metadata("chancery.applied_seq", "0");
    shard.commit();
  }
  auto reopened = open_xapian_index(dir_, true);
  ASSERT_TRUE(reopened.has_value());
  EXPECT_EQ((*reopened)->applied_seq(), 0);
}

// An index of an older layout (one database, stemmed terms per document) is
// dropped when a writer opens it; the archive then replays the store.
TEST_F(IndexLifecycle, OlderLayoutIsReplaced) {
  index_.reset();
  const auto old_dir = dir_ / "old";
  {
    Xapian::WritableDatabase old(old_dir.string(), Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_boolean_term("Qold");
    old.add_document(doc);
    old.set_metadata("chancery.applied_seq", "9");
    old.commit();
  }
  auto reader = open_xapian_index(old_dir, false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->doc_count(), 1);   // readable as it is
  reader->reset();
  auto writer = open_xapian_index(old_dir, true);
  ASSERT_TRUE(writer.has_value()) << writer.error().message;
  EXPECT_EQ((*writer)->applied_seq(), 0);
  EXPECT_EQ((*writer)->doc_count(), 0);
  EXPECT_EQ(xapian_shard_paths(old_dir).size(), 2u);
}

// A reader counts facets with a table of the whole database; the spy sees
// docids within a shard, so counts must still match what a filter finds.
TEST_F(IndexLifecycle, ReaderFacetCountsMatchFiltersAcrossShards) {
  std::vector<Record> records;
  for (int i = 0; i < 60; ++i) {
    Record r = make_record("r" + std::to_string(i), "Report", "body");
    r.record_type = i % 3 == 0 ? "telegram" : "memorandum";
    records.push_back(std::move(r));
  }
  put_all(records);
  index_.reset();
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  SearchRequest request;
  request.query = "report";
  request.want_facets = true;
  auto all = (*reader)->search(request);
  ASSERT_TRUE(all.has_value());
  std::map<std::string, std::int64_t> counts;
  for (const FacetValue& v : all->facets["type"]) counts[v.value] = v.count;
  EXPECT_EQ(counts["telegram"], 20);
  EXPECT_EQ(counts["memorandum"], 40);
}

}  // namespace
}  // namespace chancery::testing
