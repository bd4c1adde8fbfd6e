// Reading a query as a request for correspondence (correspondence_query.h):
// the forms historians write, what is not such a request, and on random
// queries either no reading or queries the parser takes.
#include "index/correspondence_query.h"

#include <gtest/gtest.h>

#include <random>

#include "index/query_parser.h"

namespace chancery {
namespace {

bool parses(const std::string& query) {
  QueryParser parser({Xapian::Stem("english")}, {});
  return parser.parse(query).has_value();
}

// The readings' queries, closest first.
std::vector<std::string> queries(std::string_view query) {
  std::vector<std::string> out;
  for (const CorrespondenceReading& reading : read_as_correspondence(query)) out.push_back(reading.query);
  return out;
}

using Queries = std::vector<std::string>;

TEST(CorrespondenceQuery, TheFormsHistoriansWrite) {
  EXPECT_EQ(queries("Kennedy to Khrushchev"), Queries{"sender:Kennedy recipient:Khrushchev"});
  EXPECT_EQ(queries("from Kennedy to Khrushchev"), Queries{"sender:Kennedy recipient:Khrushchev"});
  EXPECT_EQ(queries("letter from Khrushchev to Kennedy"), Queries{"sender:Khrushchev recipient:Kennedy"});
  EXPECT_EQ(queries("Letters From Chairman Khrushchev to President Kennedy"),
            Queries{"sender:Khrushchev recipient:Kennedy"});
  EXPECT_EQ(queries("Kennedy's reply to Khrushchev"), Queries{"sender:Kennedy recipient:Khrushchev"});
  EXPECT_EQ(queries("Kennedy\xE2\x80\x99s letter to Khrushchev"), Queries{"sender:Kennedy recipient:Khrushchev"});
  EXPECT_EQ(queries("telegrams from Thompson to Rusk"),
            (Queries{"type:telegram sender:Thompson recipient:Rusk", "sender:Thompson recipient:Rusk"}));
  EXPECT_EQ(queries("memoranda from Secretary of State Rusk to the President"),
            (Queries{"type:memorandum sender:Rusk recipient:President", "sender:Rusk recipient:President"}));
  EXPECT_EQ(queries("letters to Khrushchev"), Queries{"recipient:Khrushchev"});
  // A sender alone may be where the documents were written: that first.
  EXPECT_EQ(queries("telegrams from Moscow"), (Queries{"type:telegram place:Moscow", "place:Moscow",
                                                       "type:telegram sender:Moscow", "sender:Moscow"}));
  EXPECT_EQ(queries("cables from New York"),
            (Queries{"type:telegram place:\"New York\"", "place:\"New York\"", "type:telegram sender:\"New York\"",
                     "type:telegram sender:York", "sender:\"New York\"", "sender:York"}));
  EXPECT_EQ(queries("telegram from Nikita Khrushchev"),
            (Queries{"type:telegram place:\"Nikita Khrushchev\"", "place:\"Nikita Khrushchev\"",
                     "type:telegram sender:\"Nikita Khrushchev\"", "type:telegram sender:Khrushchev",
                     "sender:\"Nikita Khrushchev\"", "sender:Khrushchev"}));
  // Not with an office before it, a recipient, or words no place is written in.
  EXPECT_EQ(queries("letters from President Kennedy"), Queries{"sender:Kennedy"});
  EXPECT_EQ(queries("letters from the Embassy in Moscow"), Queries{"sender:\"Embassy in Moscow\""});
  EXPECT_EQ(queries("telegrams from Moscow to Washington"),
            (Queries{"type:telegram sender:Moscow recipient:Washington", "sender:Moscow recipient:Washington"}));
  EXPECT_EQ(queries("Kennedy to Khrushchev on Berlin"), Queries{"sender:Kennedy recipient:Khrushchev Berlin"});
  EXPECT_EQ(queries("Kennedy to Khrushchev about \"test ban\""),
            Queries{"sender:Kennedy recipient:Khrushchev \"test ban\""});
  EXPECT_EQ(queries("Kennedy to Khrushchev 1962"), Queries{"sender:Kennedy recipient:Khrushchev 1962"});
  // A date of a month or a day after the sides is read as a date.
  EXPECT_EQ(queries("Kennedy to Khrushchev October 1962"),
            Queries{"sender:Kennedy recipient:Khrushchev date:1962-10"});
  EXPECT_EQ(queries("Kennedy to Khrushchev on Berlin, October 27, 1962"),
            Queries{"sender:Kennedy recipient:Khrushchev Berlin date:1962-10-27"});
  EXPECT_EQ(queries("letters from Khrushchev 27 October 1962"),
            (Queries{"place:Khrushchev date:1962-10-27", "sender:Khrushchev date:1962-10-27"}));
  EXPECT_EQ(queries("Kennedy-Khrushchev letters October 1962"),
            Queries{"((sender:Kennedy recipient:Khrushchev) OR (sender:Khrushchev recipient:Kennedy)) date:1962-10"});
  EXPECT_EQ(queries("\"Embassy in the Soviet Union\" to \"Department of State\""),
            Queries{"sender:\"Embassy in the Soviet Union\" recipient:\"Department "
                    "of State\""});
  EXPECT_EQ(queries("from the Embassy in the Soviet Union to the Department of State"),
            Queries{"sender:\"Embassy in the Soviet Union\" recipient:\"Department "
                    "of State\""});
  EXPECT_EQ(queries("correspondence between Rusk and Dobrynin"),
            Queries{"((sender:Rusk recipient:Dobrynin) OR (sender:Dobrynin "
                    "recipient:Rusk))"});
  // Two names joined, with a word for documents: either way.
  const Queries kennedy_khrushchev{"((sender:Kennedy recipient:Khrushchev) OR (sender:Khrushchev recipient:Kennedy))"};
  EXPECT_EQ(queries("Kennedy-Khrushchev letters"), kennedy_khrushchev);
  EXPECT_EQ(queries("the Kennedy\xE2\x80\x93Khrushchev correspondence"), kennedy_khrushchev);
  EXPECT_EQ(queries("Kennedy/Khrushchev exchange"), kennedy_khrushchev);
  EXPECT_EQ(queries("Kennedy and Khrushchev letters"), kennedy_khrushchev);
  EXPECT_EQ(queries("letters of Kennedy and Khrushchev"), kennedy_khrushchev);
  EXPECT_EQ(queries("Rusk-Dobrynin exchanges on Berlin"),
            Queries{"((sender:Rusk recipient:Dobrynin) OR (sender:Dobrynin recipient:Rusk)) Berlin"});
  EXPECT_EQ(queries("telegrams Thompson and Rusk 1962"),
            (Queries{"type:telegram ((sender:Thompson recipient:Rusk) OR (sender:Rusk recipient:Thompson)) 1962",
                     "((sender:Thompson recipient:Rusk) OR (sender:Rusk recipient:Thompson)) 1962"}));
  // A personal name of several words, then its family name alone, which is
  // what most fields give.
  EXPECT_EQ(
      queries("Nikita Khrushchev to John F. Kennedy"),
      (Queries{"sender:\"Nikita Khrushchev\" recipient:\"John F. Kennedy\"", "sender:Khrushchev recipient:Kennedy"}));
  EXPECT_EQ(queries("from Llewellyn Thompson to the Department of State"),
            (Queries{"sender:\"Llewellyn Thompson\" recipient:\"Department of State\"",
                     "sender:Thompson recipient:\"Department of State\""}));
}

TEST(CorrespondenceQuery, WhatItReadsBesideTheQuery) {
  const std::vector<CorrespondenceReading> readings =
      read_as_correspondence("telegrams from President Kennedy to Khrushchev");
  ASSERT_EQ(readings.size(), 2U);
  EXPECT_EQ(readings[1].kind, "");
  EXPECT_EQ(readings[0].from, "Kennedy");
  EXPECT_EQ(readings[0].to, "Khrushchev");
  EXPECT_EQ(readings[0].kind, "telegram");
  EXPECT_FALSE(readings[0].both_ways);
  const std::vector<CorrespondenceReading> moscow = read_as_correspondence("telegrams from Moscow");
  ASSERT_EQ(moscow.size(), 4U);
  EXPECT_TRUE(moscow[0].written_at);
  EXPECT_EQ(moscow[0].from, "Moscow");
  EXPECT_FALSE(moscow[2].written_at);
  const std::vector<CorrespondenceReading> between = read_as_correspondence("between Rusk and Dobrynin");
  ASSERT_EQ(between.size(), 1U);
  EXPECT_TRUE(between[0].both_ways);
  EXPECT_EQ(between[0].from, "Rusk");
  EXPECT_EQ(between[0].to, "Dobrynin");
  const std::vector<CorrespondenceReading> embassy = read_as_correspondence("from the Embassy in Moscow to Washington");
  ASSERT_EQ(embassy.size(), 1U);
  EXPECT_EQ(embassy[0].from, "Embassy in Moscow");
}

TEST(CorrespondenceQuery, Labels) {
  auto label = [](std::string_view query) { return correspondence_label(read_as_correspondence(query).at(0)); };
  EXPECT_EQ(label("Kennedy to Khrushchev"), "Documents from Kennedy to Khrushchev");
  EXPECT_EQ(label("telegrams to Rusk"), "Telegrams to Rusk");
  EXPECT_EQ(correspondence_label(read_as_correspondence("memoranda from Bundy").at(2)), "Memoranda from Bundy");
  EXPECT_EQ(label("memoranda from Bundy"), "Memoranda written at Bundy");   // offered only if it finds any
  EXPECT_EQ(label("telegrams from Moscow"), "Telegrams written at Moscow");
  EXPECT_EQ(label("between Rusk and Dobrynin"), "Documents between Rusk and Dobrynin, either way");
  EXPECT_EQ(label("Kennedy-Khrushchev letters"), "Documents between Kennedy and Khrushchev, either way");
  EXPECT_EQ(label("Kennedy to Khrushchev October 1962"), "Documents from Kennedy to Khrushchev, October 1962");
  EXPECT_EQ(label("Kennedy-Khrushchev letters October 1962"),
            "Documents between Kennedy and Khrushchev, October 1962, either way");
}

TEST(CorrespondenceQuery, WhatIsNoSuchRequest) {
  for (std::string_view query : {"Khrushchev",
                                 "Kennedy Khrushchev",
                                 "to",
                                 "from",
                                 "Kennedy to",
                                 "from to Kennedy",
                                 "sender:Kennedy recipient:Khrushchev",
                                 "Kennedy to Khrushchev AND Berlin",
                                 "title:letter to Khrushchev",
                                 "(Kennedy to Khrushchev)",
                                 "Kennedy to Khrush*",
                                 "-Kennedy to Khrushchev",
                                 "\"Kennedy to Khrushchev\"",
                                 "Kennedy to \"Khrushchev",
                                 "1961 to 1963",
                                 "letter",
                                 "between Rusk",
                                 "between and Rusk",
                                 "Kennedy and Khrushchev to",
                                 "note from Kennedy",
                                 "Secretary of State Dean Rusk Kennedy Johnson "
                                 "Nixon Ford Carter to Khrushchev",
                                 "Kennedy to Khrushchev to Castro",
                                 "Moscow from Kennedy",
                                 // Joined names without a word for documents, or not names.
                                 "Kennedy-Khrushchev",
                                 "Kennedy and Khrushchev",
                                 "US-Soviet relations",
                                 // Nations, not correspondents.
                                 "US-Soviet exchanges",
                                 "Soviet-American exchanges",
                                 "Anglo-American correspondence",
                                 "US and Soviet exchanges on Berlin",
                                 "anti-Castro letters",
                                 "Kennedy-Khrushchev Berlin letters",
                                 "Kennedy- letters",
                                 "-Khrushchev letters",
                                 "Kennedy-Khrushchev-Castro letters",
                                 "letters and",
                                 // Bytes that are no letters: no name to search for.
                                 "letters from \xff\xff",
                                 "letters from rom \xff\xff",
                                 // A combining mark alone (U+0617) is read as a word, and folds to none.
                                 "letters from \xd8\x97",
                                 "letters from Chairmatelhgrams \x8e\x9d\x9e\x8a\x8c\xd8\x97\x8c\x9c"}) {
    EXPECT_EQ(queries(query), Queries{}) << query;
  }
  // A word longer than the index keeps between such bytes (query_fuzzer's
  // correspondence-overlong-name) is searched as none either.
  const std::string overlong = "\xff\xff" + std::string(70, 'J') + "\xff";
  EXPECT_EQ(queries("letters from " + overlong), Queries{});
  EXPECT_EQ(queries("letters from rom " + overlong), Queries{});
  const std::string longest(64, 'J');
  EXPECT_EQ(queries("letters from " + longest), (Queries{"place:" + longest, "sender:" + longest}));
  // Readings the caller finds no sender or recipient for, and offers nothing.
  EXPECT_EQ(queries("trip to Moscow"), Queries{"sender:trip recipient:Moscow"});
  EXPECT_EQ(queries("road to war"), Queries{"sender:road recipient:war"});
  // Four names are no personal name: no family name alone is tried.
  EXPECT_EQ(queries("Dean Rusk Kennedy Johnson to Khrushchev"),
            Queries{"sender:\"Dean Rusk Kennedy Johnson\" recipient:Khrushchev"});
  EXPECT_EQ(queries(std::string(kMaxCorrespondenceQueryBytes, 'a') + " to Khrushchev"), Queries{});
}

TEST(CorrespondenceQuery, RandomQueriesGiveQueriesTheParserTakes) {
  const std::vector<std::string> pieces = {"Kennedy",
                                           "to",
                                           "from",
                                           "between",
                                           "and",
                                           "letter",
                                           "telegrams",
                                           "\"Embassy in Moscow\"",
                                           "on",
                                           "Berlin",
                                           "1962",
                                           "the",
                                           "President",
                                           "Kennedy's",
                                           "\xD0\xA5\xD1\x80\xD1\x83\xD1\x89\xD1\x91\xD0\xB2",
                                           "O'Brien",
                                           ",",
                                           "?",
                                           "\"",
                                           "re",
                                           "of",
                                           "F."};
  std::mt19937 random(7);
  std::size_t read = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string query;
    const std::size_t n = 1 + random() % 8;
    for (std::size_t k = 0; k < n; ++k) query += pieces[random() % pieces.size()] + " ";
    const std::vector<CorrespondenceReading> readings = read_as_correspondence(query);
    EXPECT_LE(readings.size(), kMaxCorrespondenceReadings) << query;
    for (const CorrespondenceReading& reading : readings) {
      EXPECT_TRUE(parses(reading.query)) << query << " -> " << reading.query;
      EXPECT_FALSE(reading.from.empty() && reading.to.empty()) << query;
    }
    read += readings.empty() ? 0 : 1;
  }
  EXPECT_GT(read, 100U);  // the generator does make requests
}

}  // namespace
}  // namespace chancery
