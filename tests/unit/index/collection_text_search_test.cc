// Collections' texts searched in memory (index/collection_text_search.h): the
// records' query syntax, stems, phrases, folding and escaped snippets; exact
// totals; nothing for an empty query or an archive without texts.
#include "index/collection_text_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace chancery {
namespace {

CollectionText text(std::string id, std::string title, std::vector<std::string> paragraphs) {
  CollectionText out{std::move(id), std::move(title), {}, {}};
  for (std::string& p : paragraphs) out.body.push_back({BlockKind::kParagraph, std::move(p), "", {}});
  return out;
}

std::vector<CollectionAbout> volumes() {
  CollectionText preface = text("preface", "Preface",
                                {"The editors negotiated access to the Ann Whitman File at the Eisenhower Library.",
                                 "Documents of <script>alert(1)</script> & Mălnăşan were declassified."});
  preface.notes.push_back({"1", "prefacefn1", "[1]", "A note naming the Kennedy Library.", ""});
  return {
      {"vol1", {preface, text("sources", "", {"Eisenhower Library, Whitman File, NSC Series.", "File cabinets."})}},
      {"vol2", {text("sources", "List of Sources", {"Department of State, Central Files."})}},
      {"empty", {}},
  };
}

std::vector<std::string> found(const CollectionTextResults& results) {
  std::vector<std::string> out;
  for (const auto& hit : results.hits) out.push_back(hit.collection_id + "#" + hit.text_id);
  return out;
}

TEST(CollectionTextSearch, FindsTextsAsRecordsAreFound) {
  auto search = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(search) << search.error().message;
  EXPECT_EQ((*search)->size(), 3u);

  // Both words, in either text of the volume; ranked, the total exact.
  auto both = (*search)->search("Whitman Eisenhower", 10);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->total, 2u);
  EXPECT_EQ(found(*both).size(), 2u);

  // A phrase: only where the words stand together.
  auto phrase = (*search)->search("\"Whitman File\"", 10);
  ASSERT_TRUE(phrase);
  std::vector<std::string> with_phrase = found(*phrase);
  std::sort(with_phrase.begin(), with_phrase.end());   // the ranking is BM25's
  EXPECT_EQ(with_phrase, (std::vector<std::string>{"vol1#preface", "vol1#sources"})) << phrase->total;
  auto apart = (*search)->search("\"File Whitman\"", 10);
  ASSERT_TRUE(apart);
  EXPECT_EQ(apart->total, 0u);

  // Stems, case and diacritics as in records' search.
  auto stemmed = (*search)->search("negotiation", 10);
  ASSERT_TRUE(stemmed);
  EXPECT_EQ(found(*stemmed), (std::vector<std::string>{"vol1#preface"}));
  auto folded = (*search)->search("malnasan", 10);
  ASSERT_TRUE(folded);
  EXPECT_EQ(found(*folded), (std::vector<std::string>{"vol1#preface"}));
  // Notes are searched too; a title word finds its text.
  auto noted = (*search)->search("Kennedy", 10);
  ASSERT_TRUE(noted);
  EXPECT_EQ(found(*noted), (std::vector<std::string>{"vol1#preface"}));
  auto titled = (*search)->search("title:list", 10);
  ASSERT_TRUE(titled);
  EXPECT_EQ(found(*titled), (std::vector<std::string>{"vol2#sources"}));
  // Boolean operators.
  auto either = (*search)->search("Kennedy OR Central", 10);
  ASSERT_TRUE(either);
  EXPECT_EQ(either->total, 2u);
  auto without = (*search)->search("Eisenhower -Kennedy", 10);
  ASSERT_TRUE(without);
  EXPECT_EQ(found(*without), (std::vector<std::string>{"vol1#sources"}));
}

TEST(CollectionTextSearch, HitsCarryTheirTitleAndAnEscapedMarkedSnippet) {
  auto search = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(search);
  auto hits = (*search)->search("alert", 10);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->hits.size(), 1u);
  const CollectionTextHit& hit = hits->hits[0];
  EXPECT_EQ(hit.collection_id, "vol1");
  EXPECT_EQ(hit.text_id, "preface");
  EXPECT_EQ(hit.title, "Preface");
  EXPECT_NE(hit.snippet.find("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp;"), std::string::npos) << hit.snippet;
  EXPECT_EQ(hit.snippet.find("<script>"), std::string::npos);
  // A text without a title is named by its id.
  auto cabinets = (*search)->search("cabinets", 10);
  ASSERT_TRUE(cabinets);
  ASSERT_EQ(cabinets->hits.size(), 1u);
  EXPECT_EQ(cabinets->hits[0].title, "sources");
}

TEST(CollectionTextSearch, TheSnippetShowsTheBestPlaceInTheWholeText) {
  // A lone word of the phrase early on, the phrase itself past the first KiB.
  std::string filler;
  while (filler.size() < 3000) filler += "The editors read many papers in many places. ";
  auto search = CollectionTextSearch::build(
      {{"vol", {text("preface", "Preface", {"President Eisenhower asked for them. " + filler +
                                                "Most are at the Eisenhower Library in Abilene."})}}});
  ASSERT_TRUE(search);
  auto found = (*search)->search("\"Eisenhower Library\"", 10);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_NE(found->hits[0].snippet.find("the <mark>Eisenhower</mark> <mark>Library</mark> in Abilene"),
            std::string::npos)
      << found->hits[0].snippet;
}

TEST(CollectionTextSearch, TheTotalCountsBeyondTheLimit) {
  auto search = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(search);
  auto one = (*search)->search("file", 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->hits.size(), 1u);
  EXPECT_EQ(one->total, 3u);   // "File", "Files" (stem) and "File cabinets"
  auto none = (*search)->search("file", 0);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->hits.empty());
  EXPECT_EQ(none->total, 3u);
}

TEST(CollectionTextSearch, EmptyQueriesBadQueriesAndNoTexts) {
  auto search = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(search);
  auto empty = (*search)->search("", 10);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->total, 0u);
  // Fields a text does not have match nothing.
  auto dated = (*search)->search("date:1956", 10);
  ASSERT_TRUE(dated);
  EXPECT_EQ(dated->total, 0u);
  auto bad = (*search)->search("(Whitman", 10);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE((*search)->search(std::string(5000, 'a'), 10));

  auto nothing = CollectionTextSearch::build({});
  ASSERT_TRUE(nothing);
  EXPECT_EQ((*nothing)->size(), 0u);
  auto none = (*nothing)->search("Whitman", 10);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0u);
}

// Answers are kept by query and limit: asked again, a query answers as the
// first time; another limit, or another query, is not answered from it; past
// kMemoEntries queries the kept answers are dropped and searched anew.
// An index entry: `text` with the spans of `references` ("see" targets).
IndexEntry index_entry(std::string text, std::string heading, std::vector<std::pair<std::string, bool>> references = {}) {
  IndexEntry e;
  e.text = std::move(text);
  e.heading = std::move(heading);
  for (const auto& [target, also] : references) {
    const std::size_t at = e.text.find(target);
    e.references.push_back({at, at + target.size(), also});
  }
  return e;
}

TEST(CollectionTextSearch, PrintedIndexesCrossReferencesByHeading) {
  CollectionAbout about;   // a volume with an index and no texts
  about.id = "vol3";
  about.index.push_back(index_entry("Agrarian reform. See Land reform program.", "Agrarian reform", {{"Land reform program", false}}));
  about.index.push_back(index_entry("Soekarno. see Sukarno.", "Soekarno", {{"Sukarno", false}}));
  about.index.push_back(index_entry("Sukarno (Soekarno), 12", "Sukarno (Soekarno)"));
  about.index.push_back(index_entry("Sudjono (Soedjono), 4", "Sudjono (Soedjono)"));
  about.index.push_back(index_entry("Vietnamese (RVN) concurrence, 630", "Vietnamese (RVN) concurrence"));
  about.index.push_back(index_entry("Air strikes (RVN), 3", "Air strikes (RVN)"));
  about.index.push_back(index_entry("Aksal (Turkey), 5", "Aksal (Turkey)"));   // a qualifier, not another name
  IndexEntry nested = index_entry("Air strikes (see also Bombing), 4", "Air strikes", {{"Bombing", true}});
  about.index.push_back(index_entry("Vietnam:", "Vietnam"));
  about.index.back().entries.push_back(nested);
  std::vector<CollectionAbout> abouts = volumes();
  abouts.push_back(about);
  auto search = CollectionTextSearch::build(abouts);
  ASSERT_TRUE(search.has_value()) << search.error().describe();

  auto agrarian = (*search)->search("agrarian REFORM", 5);
  ASSERT_TRUE(agrarian.has_value());
  ASSERT_EQ(agrarian->references.size(), 1u);
  EXPECT_EQ(agrarian->references[0], (IndexCrossReference{"vol3", "Agrarian reform", "Land reform program", "see"}));
  // "see" and the bracketed name say the same: once.
  auto soekarno = (*search)->search("Soekarno.", 5);
  ASSERT_TRUE(soekarno.has_value());
  ASSERT_EQ(soekarno->references.size(), 1u);
  EXPECT_EQ(soekarno->references[0].target, "Sukarno");
  EXPECT_EQ(soekarno->references[0].how, "see");
  // A bracketed other name, alone.
  auto soedjono = (*search)->search("soedjono", 5);
  ASSERT_TRUE(soedjono.has_value());
  ASSERT_EQ(soedjono->references.size(), 1u);
  EXPECT_EQ(soedjono->references[0], (IndexCrossReference{"vol3", "Soedjono", "Sudjono", "also"}));
  // Sub-entries' references too; acronyms in brackets are no names.
  auto air = (*search)->search("air strikes", 5);
  ASSERT_TRUE(air.has_value());
  ASSERT_EQ(air->references.size(), 1u);
  EXPECT_EQ(air->references[0].how, "see also");
  EXPECT_TRUE((*search)->references("RVN").empty());
  EXPECT_TRUE((*search)->references("Turkey").empty());
  EXPECT_TRUE((*search)->references("Sukarno").empty());   // a heading sent to is no reference
  EXPECT_TRUE((*search)->references("").empty());
}

TEST(CollectionTextSearch, KeptAnswersAreTheQuerysOwn) {
  auto search = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(search);
  auto first = (*search)->search("Eisenhower", 10);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->hits.size(), 2u);
  auto again = (*search)->search("Eisenhower", 10);
  ASSERT_TRUE(again);
  EXPECT_EQ(found(*again), found(*first));
  EXPECT_EQ(again->total, first->total);
  for (std::size_t i = 0; i < first->hits.size(); ++i) EXPECT_EQ(again->hits[i].snippet, first->hits[i].snippet);
  auto one = (*search)->search("Eisenhower", 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->hits.size(), 1u);
  EXPECT_EQ(one->total, 2u);
  auto other = (*search)->search("Central", 10);
  ASSERT_TRUE(other);
  EXPECT_EQ(found(*other), (std::vector<std::string>{"vol2#sources"}));
  // A query that fails is not kept as an answer.
  auto bad = (*search)->search("title:(", 10);
  auto bad_again = (*search)->search("title:(", 10);
  EXPECT_EQ(bad.has_value(), bad_again.has_value());
  for (std::size_t i = 0; i <= CollectionTextSearch::kMemoEntries; ++i) {
    ASSERT_TRUE((*search)->search("cabinet" + std::to_string(i), 10));
  }
  auto after = (*search)->search("Eisenhower", 10);
  ASSERT_TRUE(after);
  EXPECT_EQ(found(*after), found(*first));
  auto cabinets = (*search)->search("cabinets", 10);
  ASSERT_TRUE(cabinets);
  EXPECT_EQ(found(*cabinets), (std::vector<std::string>{"vol1#sources"}));
}

// The server's workers search one CollectionTextSearch at once. A query not
// kept (each limit is a query of its own) is parsed and its snippets marked
// with the texts' stemmers, whose Snowball state Xapian::Stem's copies share:
// each search needs stemmers of its own (two workers stemming with one
// crashed the server).
TEST(CollectionTextSearch, SearchesAtOnceFromManyThreadsAnswerAsOneAtATime) {
  auto shared = CollectionTextSearch::build(volumes());
  auto alone = CollectionTextSearch::build(volumes());
  ASSERT_TRUE(shared);
  ASSERT_TRUE(alone);
  const std::vector<std::string> queries{"negotiating access", "libraries", "declassifying documents", "filing cabinets",
                                         "\"Whitman Files\"", "Eisenhower's libraries", "central filing"};
  constexpr std::size_t kLimits = 150;
  std::vector<std::vector<std::string>> expected;
  for (const std::string& query : queries) {
    auto results = (*alone)->search(query, 10);
    ASSERT_TRUE(results) << query;
    std::vector<std::string> shown = found(*results);
    for (const auto& hit : results->hits) shown.push_back(hit.snippet);
    expected.push_back(std::move(shown));
  }
  std::vector<std::string> wrong(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kLimits && wrong[t].empty(); ++i) {
        const std::size_t q = (i + t) % queries.size();
        // Limits of 10 and more show every hit, and each limit is kept apart.
        auto results = (*shared)->search(queries[q], 10 + i * wrong.size() + t);
        std::vector<std::string> shown;
        if (results) {
          shown = found(*results);
          for (const auto& hit : results->hits) shown.push_back(hit.snippet);
        }
        if (shown != expected[q]) wrong[t] = queries[q] + " (limit " + std::to_string(10 + i * wrong.size() + t) + ")";
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& w : wrong) EXPECT_EQ(w, "");
}

}  // namespace
}  // namespace chancery
