// Commit, reopen, readers, removal, ids, similar records, snippets.
#include <cctype>

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

}  // namespace
}  // namespace chancery::testing
