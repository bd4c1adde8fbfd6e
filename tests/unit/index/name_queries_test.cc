// A quoted capitalised phrase is broadened to a person's linked records only
// when it is a known person's name: "Robert Call" is, "Secure Phone Call" is
// not, although its last word is that person's family name. Before any
// authority exists, a name a persons list lists ("Imre Nagy") also finds its
// family name alone, below the phrase.
#include <algorithm>
#include <map>

#include "index/query_parser.h"
#include "names/chinese_romanisation.h"
#include "names/place_names.h"
#include "names/name_key.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

using NameQueries = IndexTest;

// The ids of the hits of `query`, sorted; the test fails if the search does.
Ids sorted_hits(SearchIndex& index, const std::string& query) {
  SearchRequest request;
  request.query = query;
  auto found = index.search(request);
  EXPECT_TRUE(found.has_value()) << query;
  Ids out;
  if (found) {
    for (const Hit& hit : found->hits) out.push_back(hit.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The sorted ids of the hits of `query` and the other spellings it searched.
std::pair<Ids, std::vector<std::string>> hits_and_spellings(SearchIndex& index, const std::string& query) {
  SearchRequest request;
  request.query = query;
  auto found = index.search(request);
  EXPECT_TRUE(found.has_value()) << query;
  std::pair<Ids, std::vector<std::string>> out;
  if (found) {
    for (const Hit& hit : found->hits) out.first.push_back(hit.id);
    out.second = found->other_spellings;
  }
  std::sort(out.first.begin(), out.first.end());
  return out;
}

TEST_F(NameQueries, OnlyKnownNamesBroadenAQuotedPhrase) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) {
    std::string key;
    for (char c : word) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  };
  options.names.is_person_key = [](std::string_view key) { return key == "call"; };
  options.names.person_ids = [](std::string_view value) -> std::vector<std::string> {
    if (value == "Robert Call" || value == "person/call") return {"person/call"};
    return {};
  };
  options.names.linked_names = [](const Record& record) -> std::vector<LinkedName> {
    if (record.id == "1") return {};
    return {LinkedName{{"person/call"}, "Call", "Call, Robert", true}};
  };
  auto opened = open_xapian_index(dir_ / "named", true, options);
  ASSERT_TRUE(opened.has_value());
  std::vector<Record> records{make_record("1", "Notes of a Secure Phone Call", "The line was secure.")};
  for (const char* id : {"2", "3", "4", "5"}) records.push_back(make_record(id, "A visit", "Call said little."));
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto ids = [&](const std::string& query) { return sorted_hits(**opened, query); };
  EXPECT_EQ(ids("\"Secure Phone Call\""), Ids{"1"});
  EXPECT_EQ(ids("\"secure phone call\""), Ids{"1"});
  EXPECT_EQ(ids("\"Robert Call\""), (Ids{"2", "3", "4", "5"}));
}

// Hooks of an archive with persons lists imported and no authorities yet:
// "Nagy, Imre" is listed, so "Imre Nagy" (or "Nagy Imre") is a listed name.
XapianIndexOptions listed_only_names(int* listed_calls) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) {
    std::string key;
    for (char c : word) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  };
  options.names.is_person_key = [](std::string_view) { return false; };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.listed_family_name = [listed_calls](std::string_view name) -> std::vector<std::string> {
    ++*listed_calls;
    if (name == "Imre Nagy" || name == "Nagy Imre") return {"Nagy"};
    return {};
  };
  return options;
}

TEST_F(NameQueries, AListedNameFindsItsFamilyNameAloneBelowThePhrase) {
  int listed_calls = 0;
  auto opened = open_xapian_index(dir_ / "listed", true, listed_only_names(&listed_calls));
  ASSERT_TRUE(opened.has_value());
  std::vector<Record> records{
      make_record("phrase", "Budapest", "Imre Nagy spoke on the radio."),
      make_record("alone1", "Budapest", "Nagy spoke on the radio. Nagy asked for help. Nagy again."),
      make_record("alone2", "Budapest", "The government of Nagy fell."),
      make_record("other", "Budapest", "The radio was silent."),
      make_record("secure", "Notes of a Secure Phone Call", "The line was secure."),
      make_record("call", "A visit", "Call said little.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto ordered = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*opened)->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    std::vector<std::string> out;
    if (found) {
      for (const Hit& hit : found->hits) out.push_back(hit.id);
    }
    return out;
  };
  auto sorted = [&](const std::string& query) {
    std::vector<std::string> out = ordered(query);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> imre_nagy = ordered("\"Imre Nagy\"");
  ASSERT_EQ(imre_nagy.size(), 3u);
  EXPECT_EQ(imre_nagy.front(), "phrase");
  EXPECT_EQ(sorted("\"Imre Nagy\""), (Ids{"alone1", "alone2", "phrase"}));
  EXPECT_EQ(sorted("\"Nagy Imre\""), (Ids{"alone1", "alone2", "phrase"}));
  // A lowercase phrase and a capitalised one no persons list lists stay phrases.
  EXPECT_EQ(sorted("\"imre nagy\""), Ids{"phrase"});
  EXPECT_EQ(sorted("\"Secure Phone Call\""), Ids{"secure"});
  EXPECT_EQ(sorted("\"Spoke On\""), (Ids{"alone1", "phrase"}));
  // The names layer is asked about capitalised phrases of two to four words only.
  listed_calls = 0;
  EXPECT_EQ(sorted("\"imre nagy\" \"The Radio Was Silent Today\" Nagy"), Ids{});
  EXPECT_EQ(listed_calls, 0);
}

TEST_F(NameQueries, AnAuthorityTakesPrecedenceOverTheListedName) {
  int listed_calls = 0;
  XapianIndexOptions options = listed_only_names(&listed_calls);
  options.names.person_ids = [](std::string_view value) -> std::vector<std::string> {
    if (value == "Imre Nagy") return {"person/nagy"};
    return {};
  };
  options.names.linked_names = [](const Record& record) -> std::vector<LinkedName> {
    if (record.id != "linked") return {};
    return {LinkedName{{"person/nagy"}, "Nagy", "Nagy, Imre", true}};
  };
  auto opened = open_xapian_index(dir_ / "authority", true, options);
  ASSERT_TRUE(opened.has_value());
  for (const Record& r : {make_record("linked", "Budapest", "Nagy spoke."),
                          make_record("namesake", "Budapest", "Nagy of the trade mission spoke.")}) {
    ASSERT_TRUE((*opened)->put(r).has_value());
  }
  ASSERT_TRUE((*opened)->commit(1).has_value());
  SearchRequest request;
  request.query = "\"Imre Nagy\"";
  auto found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits.front().id, "linked");
  EXPECT_EQ(listed_calls, 0);
}

// The People facet names a person once: under the authority's name where the
// record's people entry is linked to it for certain, else as the record
// writes it (an entry linked to no one, or to several namesakes).
TEST_F(NameQueries, ThePeopleFacetNamesALinkedPersonOnce) {
  XapianIndexOptions options;
  options.names.linked_names = [](const Record& record) -> std::vector<LinkedName> {
    std::vector<LinkedName> out;
    if (record.id == "memo") {
      LinkedName foster{{"person/jfd"}, "Dulles", "Dulles, John Foster", true};
      foster.person = 0;
      out.push_back(foster);
      LinkedName either{{"person/awd", "person/jfd"}, "Dulles", "", false};
      either.person = 1;
      out.push_back(either);
    }
    return out;
  };
  auto opened = open_xapian_index(dir_ / "facet", true, options);
  ASSERT_TRUE(opened.has_value());
  Record memo = make_record("memo", "Memorandum", "Dulles spoke to Dulles and Herter.");
  memo.people = {{"Dulles", "frus/p_DJF1"}, {"Dulles", ""}, {"Herter", "frus/p_HCA1"}};
  Record other = make_record("other", "Letter", "Herter wrote.");
  other.people = {{"Herter", "frus/p_HCA1"}};
  ASSERT_TRUE((*opened)->put(memo).has_value());
  ASSERT_TRUE((*opened)->put(other).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  SearchRequest request;
  request.query = "memorandum";
  auto found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  std::map<std::string, std::uint64_t> people;
  for (const FacetValue& v : found->facets["person"]) people[v.value] = v.count;
  // The uncertain entry keeps the written name; the certain one is the
  // authority's alone.
  EXPECT_EQ(people, (std::map<std::string, std::uint64_t>{
                        {"Dulles", 1}, {"Dulles, John Foster", 1}, {"Herter", 1}}));
  request.query = "memorandum";
  request.filters = {{"person", "Dulles, John Foster"}};
  found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1u);
}

// sender:"a person" finds the records whose title ties the sender to that
// person's persons-list entry, and, where a record ties it to no one, those
// linked to him whose sender field gives his family name alone; never a
// record that ties the field to a namesake (a telegram from Allen Dulles
// that mentions John Foster).
TEST_F(NameQueries, ASenderTiedToAPersonIsThatPerson) {
  XapianIndexOptions options;
  options.names.person_ids = [](std::string_view value) -> std::vector<std::string> {
    if (value == "Dulles, John Foster") return {"person/jfd"};
    if (value == "Allen W. Dulles") return {"person/awd"};
    return {};
  };
  options.names.linked_names = [](const Record& record) -> std::vector<LinkedName> {
    std::vector<LinkedName> out;
    for (std::size_t i = 0; i < record.people.size(); ++i) {
      const std::string& id = record.people[i].id;
      LinkedName name{{id.ends_with("DAW1") ? "person/awd" : "person/jfd"}, "Dulles", "", true};
      name.person = static_cast<int>(i);
      out.push_back(name);
    }
    if (record.id == "untied") out.push_back(LinkedName{{"person/jfd"}, "Dulles", "", true});
    return out;
  };
  auto opened = open_xapian_index(dir_ / "senders", true, options);
  ASSERT_TRUE(opened.has_value());
  Record allen = make_record("allen", "Telegram From Director of Central Intelligence Dulles", "Secretary Dulles agrees.");
  allen.sender = "Dulles";
  allen.sender_id = "v/p_DAW1";
  allen.people = {{"Dulles", "v/p_DAW1"}, {"Dulles", "v/p_DJF1"}};
  Record foster = make_record("foster", "Letter From Secretary of State Dulles", "Dear Mr. President.");
  foster.sender = "Dulles";
  foster.sender_id = "v/p_DJF1";
  foster.people = {{"Dulles", "v/p_DJF1"}};
  Record untied = make_record("untied", "Letter From Dulles", "Imported before titles tied senders.");
  untied.sender = "Dulles";
  for (const Record& r : {allen, foster, untied}) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  EXPECT_EQ(sorted_hits(**opened, "sender:\"Dulles, John Foster\""), (Ids{"foster", "untied"}));
  EXPECT_EQ(sorted_hits(**opened, "sender:\"Allen W. Dulles\""), (Ids{"allen"}));
  // The field's words as written are still the field's words.
  EXPECT_EQ(sorted_hits(**opened, "sender:Dulles"), (Ids{"allen", "foster", "untied"}));
}

// A toy name key: the four spellings of Khrushchev share one key; any other
// word is its own (lower-cased).
std::string toy_name_key(std::string_view word) {
  for (std::string_view spelling : {"Khrushchev", "Chruschtschow", "Krushchev", "\u0425\u0440\u0443\u0449\u0451\u0432"}) {
    if (word == spelling) return "KRSHF";
  }
  std::string key;
  for (char c : word) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// A search by name key marks, in its hits, every spelling the index holds
// with that key: "Krushchev", in no record, finds and marks "Khrushchev",
// "Chruschtschow" and "Хрущёв" as each record writes him.
TEST_F(NameQueries, HitsFoundByANameKeyMarkEverySpellingOfIt) {
  XapianIndexOptions options;
  options.names.word_key = toy_name_key;
  options.names.is_person_key = [](std::string_view key) { return key == "KRSHF"; };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.linked_names = [](const Record& record) -> std::vector<LinkedName> {
    if (record.id == "en") return {LinkedName{{"person/k"}, "Khrushchev", "Khrushchev, Nikita", true}};
    if (record.id == "de") return {LinkedName{{"person/k"}, "Chruschtschow", "Khrushchev, Nikita", true}};
    if (record.id == "ru") return {LinkedName{{"person/k"}, "\u0425\u0440\u0443\u0449\u0451\u0432", "Khrushchev, Nikita", true}};
    return {};
  };
  auto opened = open_xapian_index(dir_ / "spellings", true, options);
  ASSERT_TRUE(opened.has_value());
  for (const Record& r : {make_record("en", "Talks", "The ambassador met Khrushchev in Moscow."),
                          make_record("de", "Gespräch", "Der Botschafter traf Chruschtschow in Moskau."),
                          make_record("ru", "Беседа", "Посол встретился с \u0425\u0440\u0443\u0449\u0451\u0432 в Москве."),
                          make_record("other", "Talks", "The ambassador met the minister in Moscow.")}) {
    ASSERT_TRUE((*opened)->put(r).has_value());
  }
  ASSERT_TRUE((*opened)->commit(1).has_value());
  // The index keeps the key's spellings as a synonym group.
  std::vector<std::string> group;
  {
    Xapian::Database db;
    for (const auto& shard : xapian_shard_paths(dir_ / "spellings")) db.add_database(Xapian::Database(shard.string()));
    for (auto it = db.synonyms_begin("XVKRSHF"); it != db.synonyms_end("XVKRSHF"); ++it) group.push_back(*it);
  }
  std::sort(group.begin(), group.end());
  // Folded as the text's words are: "хрущёв" as "хрущев".
  EXPECT_EQ(group, (Ids{"chruschtschow", "khrushchev", "\u0445\u0440\u0443\u0449\u0435\u0432"}));

  SearchRequest request;
  request.query = "Krushchev";
  auto found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  std::map<std::string, std::string> snippets;
  for (const Hit& hit : found->hits) snippets[hit.id] = hit.snippet;
  ASSERT_EQ(snippets.size(), 3u);
  EXPECT_NE(snippets["en"].find("<mark>Khrushchev</mark>"), std::string::npos) << snippets["en"];
  EXPECT_NE(snippets["de"].find("<mark>Chruschtschow</mark>"), std::string::npos) << snippets["de"];
  EXPECT_NE(snippets["ru"].find("<mark>\u0425\u0440\u0443\u0449\u0451\u0432</mark>"), std::string::npos) << snippets["ru"];

  // The spellings of a word the query excludes are not marked.
  request.query = "ambassador -Krushchev";
  found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits.front().id, "other");
  EXPECT_EQ(found->hits.front().snippet.find("<mark>Khrushchev"), std::string::npos);
}

// The parser adds a key's spellings to the words to mark only for words it
// searches by that key, and not for excluded ones.
TEST(NameSpellings, OnlyPositiveWordsSearchedByAKeyBringTheirSpellings) {
  NameQuerySupport names;
  names.word_key = toy_name_key;
  names.is_person_key = [](std::string_view key) { return key == "KRSHF"; };
  names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  names.term_frequency = [](const std::string& term) -> std::size_t {
    if (term == "XVKRSHF") return 3;
    if (term == "wheat") return 40;   // far more than its key's
    if (term == "XVwheat") return 2;
    if (term == "watt") return 1;
    if (term == "XVwatt") return 1;
    return 0;
  };
  SynonymLookup synonyms = [](const std::string& key) -> std::vector<std::string> {
    // A coarse key is shared by common words that are no spelling of the
    // name ("with", "state").
    if (key == "XVKRSHF") return {"chruschtschow", "khrushchev", "with", "state"};
    if (key == "XVwheat") return {"wheat", "whet"};
    if (key == "XVwatt") return {"watt", "wat"};
    return {};
  };
  QueryParser parser({Xapian::Stem("english")}, synonyms, {}, {}, names);
  auto keys = [&](const std::string& query) {
    auto parsed = parser.parse(query);
    EXPECT_TRUE(parsed.has_value()) << query;
    std::vector<std::string> out;
    if (parsed) {
      for (const QueryWord& word : parsed->words) out.push_back(word.key);
    }
    return out;
  };
  EXPECT_EQ(keys("Krushchev"), (Ids{"krushchev", "chruschtschow", "khrushchev"}));
  EXPECT_EQ(keys("person:Krushchev"), (Ids{"krushchev", "chruschtschow", "khrushchev"}));
  EXPECT_EQ(keys("ambassador -Krushchev"), Ids{"ambassador"});
  EXPECT_EQ(keys("\"Krushchev\""), Ids{"krushchev"});   // quoted: the word exactly
  EXPECT_EQ(keys("title:Krushchev"), (Ids{"krushchev", "chruschtschow", "khrushchev"}));   // a title names people
  EXPECT_EQ(keys("subject:Krushchev"), Ids{"krushchev"});   // not a name field
  // A word no name key of a person's, written as a name: no spelling.
  EXPECT_EQ(keys("Moscow"), Ids{"moscow"});
  // A word far more common than its key is searched by the key too, but
  // marks no other spelling; a word about as rare as its key does.
  EXPECT_EQ(keys("Wheat"), Ids{"wheat"});
  EXPECT_EQ(keys("Watt"), (Ids{"watt", "wat"}));
  // Written in lower case: no name, unless a known person's (person_key()).
  EXPECT_EQ(keys("watt"), Ids{"watt"});
}

// A recorded variant ("Malnasanu", a misprint an editor's footnote records)
// marks the preferred name's family name ("Malnasan") and its spellings.
TEST(NameSpellings, ARecordedVariantMarksThePreferredFamilyName) {
  NameQuerySupport names;
  names.word_key = [](std::string_view word) {
    std::string key;
    for (char c : word) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  };
  names.is_person_key = [](std::string_view key) { return key == "malnasanu" || key == "malnasan"; };
  names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  names.term_frequency = [](const std::string& term) -> std::size_t { return term.starts_with("XV") ? 1 : 0; };
  names.preferred_for_variant = [](std::string_view word) -> std::string {
    return word == "Malnasanu" ? "Malnasan, Aurel" : "";
  };
  SynonymLookup synonyms = [](const std::string& key) -> std::vector<std::string> {
    if (key == "XVmalnasanu") return {"malnasanu"};
    if (key == "XVmalnasan") return {"malnasan", "m\u0103lna\u0219an"};
    return {};
  };
  QueryParser parser({Xapian::Stem("english")}, synonyms, {}, {}, names);
  auto parsed = parser.parse("Malnasanu");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  std::vector<std::string> keys;
  for (const QueryWord& word : parsed->words) keys.push_back(word.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (Ids{"malnasan", "malnasanu", "m\u0103lna\u0219an"}));
  // The preferred name itself brings no other name.
  parsed = parser.parse("Malnasan");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  keys.clear();
  for (const QueryWord& word : parsed->words) keys.push_back(word.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (Ids{"malnasan", "m\u0103lna\u0219an"}));
}

// A word whose name key is too coarse to stand for its spellings (one
// consonant class or none: initials, numerals, short words share it) is not
// searched by that key: "Zhou" finds "Chou" (the same syllable in Wade-Giles),
// not "Joe" (the same key); nonsense that folds to an initial's key ("zzzz":
// "s") and a name no record holds ("Jay": "E", also the key of "III") find
// nothing of the kind. A distinctive key still finds every spelling.
TEST_F(NameQueries, ACoarseNameKeyFindsOnlyTheSameNamesSpellings) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) {
    for (const char* family : {"Zhou", "Jay", "Khrushchev", "S", "Gheorghiu", "Dej", "Mikoyan"}) {
      if (key == names::word_key(family)) return true;
    }
    return false;
  };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.same_name_words = [](std::string_view word, std::vector<std::string> spellings, std::size_t limit) {
    return names::same_name_words(word, std::move(spellings), limit);
  };
  const std::map<std::string, std::vector<std::string>> mentions = {
      {"chou", {"Chou En-lai"}},
      {"zhou", {"Zhou Enlai"}},
      {"joe", {"Joe Smith"}},
      {"initials", {"Milton S. Eisenhower", "John D. III Rockefeller"}},
      {"khrushchev", {"Khrushchev"}},
      {"dej", {"Gheorghiu-Dej"}},
      {"de", {"George de Lasteyrie"}},
      {"mikoyan", {"Mikoyan"}}};
  options.names.linked_names = [&mentions](const Record& record) {
    std::vector<LinkedName> out;
    if (auto found = mentions.find(record.id); found != mentions.end()) {
      for (const std::string& text : found->second) out.push_back(LinkedName{{"p/" + text}, text, "", true});
    }
    return out;
  };
  auto opened = open_xapian_index(dir_ / "coarse", true, options);
  ASSERT_TRUE(opened.has_value());
  const std::vector<Record> records{
      make_record("chou", "Peking", "Chou En-lai received the ambassador."),
      make_record("zhou", "Beijing", "Zhou Enlai spoke at length."),
      make_record("joe", "A call", "Joe Smith called twice."),
      make_record("initials", "Letters", "Milton S. Eisenhower wrote to John D. III Rockefeller."),
      make_record("khrushchev", "Moscow", "Khrushchev spoke at length."),
      make_record("dej", "Bucharest", "Gheorghiu-Dej received the delegation."),
      make_record("de", "Paris", "George de Lasteyrie received the delegation."),
      make_record("mikoyan", "Moscow", "Mikoyan received the delegation.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto search = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*opened)->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    return found ? *found : SearchResults{};
  };
  // A spelling the index lacks, searched as the name's spelling it has, is
  // no misspelling of it: no "Did you mean: mikoyan".
  const SearchResults mikojan = search("Mikojan");
  EXPECT_EQ(mikojan.total, 1);
  EXPECT_NE(std::find(mikojan.other_spellings.begin(), mikojan.other_spellings.end(), "Mikoyan"),
            mikojan.other_spellings.end());
  EXPECT_EQ(mikojan.suggestion, "");
  auto sorted = [&](const std::string& query) {
    std::vector<std::string> out;
    for (const Hit& hit : search(query).hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(sorted("Zhou"), (Ids{"chou", "zhou"}));
  EXPECT_EQ(sorted("zhou"), (Ids{"chou", "zhou"}));
  EXPECT_EQ(sorted("Chou"), (Ids{"chou", "zhou"}));
  EXPECT_EQ(search("Zhou").other_spellings, std::vector<std::string>{"Chou"});
  for (const Hit& hit : search("Zhou").hits) {
    if (hit.id == "chou") {
      EXPECT_NE(hit.snippet.find("<mark>Chou</mark>"), std::string::npos) << hit.snippet;
    }
  }
  EXPECT_EQ(sorted("Joe"), Ids{"joe"});
  EXPECT_EQ(sorted("zzzz"), Ids{});
  EXPECT_EQ(sorted("Jay"), Ids{});
  EXPECT_EQ(sorted("S"), Ids{"initials"});
  EXPECT_EQ(sorted("Chruschtschow"), Ids{"khrushchev"});
  EXPECT_EQ(sorted("Хрущёв"), Ids{"khrushchev"});
  // A family name of two words, one of them coarse: the other by its key,
  // the coarse one as itself ("de" shares the key of "Dej").
  EXPECT_EQ(sorted("Gheorghiu-Dej"), Ids{"dej"});
  EXPECT_EQ(sorted("Zhou NOT Chou"), Ids{});
  EXPECT_EQ(sorted("spoke NOT Zhou"), Ids{"khrushchev"});
}

// A key of consonants alone is an abbreviation's: "СССР" (SSSR, key "sr")
// is not searched by its key, which Jr. and Sr. share, nor "CCCP" by that of
// CP; "Хрущёв" still is.
TEST_F(NameQueries, AnAbbreviationIsNotSearchedByItsNameKey) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) { return key == names::word_key("Khrushchev"); };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.same_name_words = [](std::string_view word, std::vector<std::string> spellings, std::size_t limit) {
    return names::same_name_words(word, std::move(spellings), limit);
  };
  const std::map<std::string, std::vector<std::string>> mentions = {
      {"jr", {"John Foster Jr."}}, {"sr", {"Henry Cabot Lodge Sr."}}, {"khrushchev", {"Khrushchev"}}};
  options.names.linked_names = [&mentions](const Record& record) {
    std::vector<LinkedName> out;
    if (auto found = mentions.find(record.id); found != mentions.end()) {
      for (const std::string& text : found->second) out.push_back(LinkedName{{"p/" + text}, text, "", true});
    }
    return out;
  };
  auto opened = open_xapian_index(dir_ / "abbreviations", true, options);
  ASSERT_TRUE(opened.has_value());
  const std::vector<Record> records{
      make_record("jr", "A call", "John Foster Jr. called twice."),
      make_record("sr", "A letter", "Henry Cabot Lodge Sr. wrote."),
      make_record("cp", "A meeting", "The CP met in Rome."),
      make_record("sssr", "Note", "\u0421\u0421\u0421\u0420 and the United States."),
      make_record("khrushchev", "Moscow", "Khrushchev spoke at length.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto [sssr, sssr_spellings] = hits_and_spellings(**opened, "\u0421\u0421\u0421\u0420");
  EXPECT_EQ(sssr, Ids{"sssr"});
  EXPECT_EQ(sssr_spellings, std::vector<std::string>{});
  auto [cccp, cccp_spellings] = hits_and_spellings(**opened, "CCCP");
  EXPECT_EQ(cccp, Ids{});
  EXPECT_EQ(cccp_spellings, std::vector<std::string>{});
  EXPECT_EQ(sorted_hits(**opened, "Jr"), Ids{"jr"});
  EXPECT_EQ(sorted_hits(**opened, "\u0425\u0440\u0443\u0449\u0451\u0432"), Ids{"khrushchev"});
}

// A word searched by its name key gets no suggestion of a spelling whose
// records the key found ("Kruschev" found Khrushchev's records and was
// offered "Did you mean: krushchev", a spelling one of them holds); it does
// when a record writes that spelling where no name was linked, which the
// key missed.
TEST_F(NameQueries, NoSuggestionOfASpellingTheNameKeyFound) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) {
    return key == names::word_key("Khrushchev") || key == names::word_key("Zhukov");
  };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.linked_names = [](const Record& record) {
    std::vector<LinkedName> out;
    if (record.id == "both") out.push_back(LinkedName{{"p/k"}, "Khrushchev", "", true});
    if (record.id == "zhukov") out.push_back(LinkedName{{"p/z"}, "Zhukov", "", true});
    return out;
  };
  auto opened = open_xapian_index(dir_ / "suggest", true, options);
  ASSERT_TRUE(opened.has_value());
  ASSERT_TRUE((*opened)->put(make_record("both", "Moscow", "Khrushchev met the press; Krushchev, as the cable spells him, left.")).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  SearchRequest request;
  request.query = "Kruschev";
  auto found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  EXPECT_EQ(found->suggestion, "");
  // Nor is a function word a correction of a capitalised word ("Che" is not
  // "the"); of a word in lower case, it is.
  SearchRequest che;
  che.query = "Che";
  found = (*opened)->search(che);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 0);
  EXPECT_EQ(found->suggestion, "");
  che.query = "che";
  found = (*opened)->search(che);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->suggestion, "the");
  ASSERT_TRUE((*opened)->put(make_record("unlinked", "Moscow", "Krushchev wrote again.")).has_value());
  ASSERT_TRUE((*opened)->commit(2).has_value());
  found = (*opened)->search(request);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  EXPECT_EQ(found->suggestion, "Krushchev");   // as the records write it, the query's word being capitalised
  // Nor a word of another key: "Shukow", searched as the name its key
  // spells, found Zhukov's records; "show" is no correction of it.
  ASSERT_TRUE((*opened)->put(make_record("zhukov", "Moscow", "Marshal Zhukov will show the parade.")).has_value());
  ASSERT_TRUE((*opened)->commit(3).has_value());
  SearchRequest shukow;
  shukow.query = "Shukow";
  found = (*opened)->search(shukow);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  EXPECT_EQ(found->suggestion, "");
}

// A distinctive key does not stand for a word either when another known
// family name shares it ("gErgE": Gheorghiu and George) or when the index
// gives it a common word of the text ("Est": Yost, and "East" of a place).
// The word is then searched as itself and its near spellings; a
// transliteration that spells no known family name still finds the name by
// its key.
TEST_F(NameQueries, AKeySharedByAnotherNameOrACommonWordFindsOnlyTheNamesSpellings) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  const std::vector<std::string> families = {"gheorghiu", "dej", "george", "yost", "khrushchev", "kraft", "cooper"};
  options.names.is_person_key = [&families](std::string_view key) {
    return std::any_of(families.begin(), families.end(),
                       [&](const std::string& family) { return names::word_key(family) == key; });
  };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.same_name_words = [](std::string_view word, std::vector<std::string> spellings, std::size_t limit) {
    return names::same_name_words(word, std::move(spellings), limit);
  };
  options.names.key_names_another = [&families](std::string_view key, std::string_view word) {
    std::vector<std::string> sharing;
    for (const std::string& family : families) {
      if (names::word_key(family) == key) sharing.push_back(family);
    }
    return names::key_names_another(word, sharing);
  };
  options.names.common_words_among = [](const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const std::string& word : words) {
      if (word == "east" || word == "craft" || word == "copper") out.push_back(word);
    }
    return out;
  };
  const std::map<std::string, std::vector<std::string>> mentions = {
      {"dej", {"Gheorghiu-Dej"}}, {"dej2", {"Gheorgiu-Dej"}}, {"senator", {"George"}},
      {"yost", {"Yost"}},         {"khrushchev", {"Khrushchev"}}, {"kraft", {"Kraft"}}, {"cooper", {"Cooper"}}};
  options.names.linked_names = [&mentions](const Record& record) {
    std::vector<LinkedName> out;
    if (auto found = mentions.find(record.id); found != mentions.end()) {
      for (const std::string& text : found->second) out.push_back(LinkedName{{"p/" + text}, text, "", true});
    }
    return out;
  };
  auto opened = open_xapian_index(dir_ / "shared", true, options);
  ASSERT_TRUE(opened.has_value());
  Record east = make_record("east", "Berlin", "The talks in Berlin went on.");
  east.places.push_back(NameRef{"East Berlin", ""});
  Record craft = make_record("craft", "Landing craft", "The landing craft were ready.");
  craft.organisations.push_back(NameRef{"Landing Craft Board", ""});
  Record copper = make_record("copper", "Mines", "The mines were sold.");
  copper.organisations.push_back(NameRef{"Copper Board", ""});
  const std::vector<Record> records{
      make_record("dej", "Bucharest", "Gheorghiu-Dej received the delegation."),
      make_record("dej2", "Bucharest", "Gheorgiu-Dej, as the telegram spells him, left."),
      make_record("senator", "Washington", "Senator George asked for the papers."),
      make_record("yost", "New York", "Yost met the delegation."),
      east,
      craft,
      make_record("kraft", "Bonn", "Kraft spoke for the party."),
      copper,
      make_record("cooper", "Saigon", "Cooper met the delegation."),
      make_record("cooperation", "Aid", "Economic cooperation was discussed."),
      make_record("coopers", "Saigon", "Cooper's report was read."),
      make_record("khrushchev", "Moscow", "Khrushchev spoke at length.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto sorted = [&](const std::string& query) { return sorted_hits(**opened, query); };
  EXPECT_EQ(sorted("Gheorghiu"), (Ids{"dej", "dej2"}));
  EXPECT_EQ(sorted("George"), Ids{"senator"});
  EXPECT_EQ(sorted("Gheorghiu-Dej"), (Ids{"dej", "dej2"}));
  EXPECT_EQ(sorted("Yost"), Ids{"yost"});
  // "craft" shares Kraft's key and is one edit away, but a common word.
  ASSERT_EQ(names::word_key("Kraft"), names::word_key("craft"));
  EXPECT_EQ(sorted("Kraft"), Ids{"kraft"});
  EXPECT_EQ(sorted("craft"), Ids{"craft"});
  // Such a name is searched as written, not with the words of its stem
  // ("cooperation" stems to "cooper"; "copper" shares Cooper's key), but in
  // its possessive too.
  EXPECT_EQ(sorted("Cooper"), (Ids{"cooper", "coopers"}));
  // A quoted phrase of common words stays a phrase.
  EXPECT_EQ(sorted("\"landing craft\""), Ids{"craft"});
  EXPECT_EQ(sorted("Chruschtschow"), Ids{"khrushchev"});
  EXPECT_EQ(sorted("Chruschtschow's"), Ids{"khrushchev"});
  EXPECT_EQ(sorted("Khrushchev"), Ids{"khrushchev"});
}

// A word shares its stem with a family name ("cooperation" and Cooper both
// stem to "cooper"): the word does not find the name, nor mark it, unless the
// name is also a common word of the text ("post").
TEST_F(NameQueries, AStemSharedWithAFamilyNameDoesNotFindTheName) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) {
    return key == names::word_key("Cooper") || key == names::word_key("Post");
  };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.common_words_among = [](const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const std::string& word : words) {
      if (word == "post") out.push_back(word);
    }
    return out;
  };
  int family_calls = 0;
  options.names.family_words_among = [&family_calls](const std::vector<std::string>& words) {
    ++family_calls;
    std::vector<std::string> out;
    for (const std::string& word : words) {
      if (word == "cooper" || word == "post" || word == "delegations") out.push_back(word);
    }
    return out;
  };
  options.names.linked_names = [](const Record& record) {
    std::vector<LinkedName> out;
    if (record.id == "cooper" || record.id == "both") out.push_back(LinkedName{{"p/cooper"}, "Cooper", "", true});
    if (record.id == "post") out.push_back(LinkedName{{"p/post"}, "Post", "", true});
    return out;
  };
  auto opened = open_xapian_index(dir_ / "stems", true, options);
  ASSERT_TRUE(opened.has_value());
  const std::vector<Record> records{
      make_record("cooper", "Saigon", "Cooper met the delegation."),
      make_record("cooperation", "Aid", "Economic cooperation was discussed."),
      make_record("both", "Aid", "Cooper spoke of cooperation."),
      make_record("post", "Bonn", "Post called at noon."),
      make_record("posts", "Bonn", "Two posts were vacant."),
      make_record("delegations", "Geneva", "Two delegations left.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto sorted = [&](const std::string& query) { return sorted_hits(**opened, query); };
  EXPECT_EQ(sorted("cooperation"), (Ids{"both", "cooperation"}));
  EXPECT_EQ(sorted("Cooperation"), (Ids{"both", "cooperation"}));
  EXPECT_GT(family_calls, 0);
  EXPECT_EQ(sorted("Cooper"), (Ids{"both", "cooper"}));
  EXPECT_EQ(sorted("cooperation OR Cooper"), (Ids{"both", "cooper", "cooperation"}));
  // A possessive is the name, without the words of its stem.
  EXPECT_EQ(sorted("Cooper's"), (Ids{"both", "cooper"}));
  // A word of the group that extends the query word is kept, should some
  // name be read so ("Vietnam's" of a persons list's "North Vietnam's chief
  // negotiator").
  EXPECT_EQ(sorted("delegation"), (Ids{"cooper", "delegations"}));
  // "post" is a family name and a common word: "posts" keeps it.
  EXPECT_EQ(sorted("posts"), (Ids{"post", "posts"}));
  // The marks: "cooperation" marks only itself; asked for, Cooper too.
  const std::string text = "Cooper spoke of cooperation.";
  auto marked = [&](const std::string& query) {
    auto words = (*opened)->matched_words(query, {text});
    EXPECT_TRUE(words.has_value()) << query;
    std::vector<std::string> out;
    if (words) {
      for (const Word& w : words->front()) out.push_back(text.substr(w.begin, w.end - w.begin));
    }
    return out;
  };
  EXPECT_EQ(marked("cooperation"), Ids{"cooperation"});
  EXPECT_EQ(marked("cooperation Cooper"), (Ids{"Cooper", "cooperation"}));
}

// A name in one romanisation of Chinese finds the text's other: "Zedong"
// finds "Mao Tse-tung" (the index joins the hyphenated syllables) and marks
// its syllables; "Tse-tung" finds "Zedong". A common word is not taken for a
// syllable of the other system ("Jan" and "ran"). A quoted personal name finds
// the records linked to its person that give its family name alone ("Mao").
TEST_F(NameQueries, AChineseNameFindsItsOtherRomanisation) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) {
    return key == names::word_key("Masaryk") || key == names::word_key("Mao");
  };
  options.names.person_ids = [](std::string_view value) -> std::vector<std::string> {
    if (value == "Mao Zedong" || value == "Mao Tse-tung") return {"p/mao"};
    return {};
  };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.same_name_words = [](std::string_view word, std::vector<std::string> spellings, std::size_t limit) {
    return names::same_name_words(word, std::move(spellings), limit);
  };
  options.names.common_words_among = [](const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const std::string& word : words) {
      if (word == "ran") out.push_back(word);
    }
    return out;
  };
  options.names.word_in_other_system = [](std::string_view word) { return names::word_in_other_system(word); };
  options.names.linked_names = [](const Record& record) {
    std::vector<LinkedName> out;
    if (record.id == "wg" || record.id == "pinyin" || record.id == "alone" || record.id == "unsaid") {
      out.push_back(LinkedName{{"p/mao"}, "Mao", "", true});
    }
    return out;
  };
  auto opened = open_xapian_index(dir_ / "chinese", true, options);
  ASSERT_TRUE(opened.has_value());
  const std::vector<Record> records{
      make_record("wg", "Peking", "Mao Tse-tung received the delegation."),
      make_record("pinyin", "Beijing", "Chairman Mao Zedong wrote to the President."),
      make_record("alone", "Peking", "Mao spoke at length."),
      make_record("unsaid", "Peking", "The Chairman spoke at length."),
      make_record("ran", "Ottawa", "Pearson ran into a Cabinet crisis."),
      make_record("jan", "Prague", "Jan Masaryk was there."),
      make_record("piao", "Peking", "Lin Piao was absent."),
      make_record("apart", "Peking", "MAO TSE TUNG AND CHOU EN LAI RECEIVED HIM."),
      make_record("enlai", "Beijing", "Premier Zhou Enlai replied."),
      make_record("en", "Paris", "En route: Lai Ming."),
      make_record("ping", "Hong Kong", "Ping said that Hsiao had left."),
  };
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto search = [&](const std::string& query) { return hits_and_spellings(**opened, query); };
  auto [zedong, zedong_spellings] = search("Zedong");
  EXPECT_EQ(zedong, (Ids{"apart", "pinyin", "wg"}));
  EXPECT_NE(std::find(zedong_spellings.begin(), zedong_spellings.end(), "Tse-tung"), zedong_spellings.end());
  EXPECT_EQ(search("Tse-tung").first, (Ids{"apart", "pinyin", "wg"}));
  // A spelling whose syllables the index holds only apart ("Ping said that
  // Hsiao") is searched, but not said: no record writes it.
  auto [xiaoping, xiaoping_spellings] = search("Xiaoping");
  EXPECT_EQ(xiaoping, Ids{});
  EXPECT_EQ(std::find(xiaoping_spellings.begin(), xiaoping_spellings.end(), "hsiao-ping"), xiaoping_spellings.end());
  EXPECT_EQ(search("Mao Zedong").first, (Ids{"apart", "pinyin", "wg"}));
  // Syllables a typist wrote apart are the spelling's phrase, not its words
  // anywhere: "Enlai" (whose Wade-Giles joined is itself) finds "CHOU EN LAI",
  // not "En route: Lai".
  auto [enlai, enlai_spellings] = search("Enlai");
  EXPECT_EQ(enlai, (Ids{"apart", "enlai"}));
  EXPECT_NE(std::find(enlai_spellings.begin(), enlai_spellings.end(), "en-lai"), enlai_spellings.end());
  EXPECT_EQ(search("Zhou Enlai").first, (Ids{"apart", "enlai"}));
  EXPECT_EQ(search("Chou En-lai").first, (Ids{"apart", "enlai"}));
  EXPECT_EQ(search("Biao").first, Ids{"piao"});
  EXPECT_EQ(search("Jan").first, Ids{"jan"});
  EXPECT_EQ(search("ran").first, Ids{"ran"});
  // Quoted: the phrase in either system, its syllables apart too, and the
  // linked records that say "Mao".
  EXPECT_EQ(search("\"Mao Zedong\"").first, (Ids{"alone", "apart", "pinyin", "wg"}));
  EXPECT_EQ(search("\"Mao Tse-tung\"").first, (Ids{"alone", "apart", "pinyin", "wg"}));
  // A name no person holds, quoted, in the other system: "Lin Piao" is "Lin Biao",
  // with "Piao" said; the phrase's words apart are not it.
  auto [lin, lin_spellings] = search("\"Lin Biao\"");
  EXPECT_EQ(lin, Ids{"piao"});
  EXPECT_NE(std::find(lin_spellings.begin(), lin_spellings.end(), "Piao"), lin_spellings.end());
  EXPECT_EQ(search("\"Lin Piao\"").first, Ids{"piao"});
  EXPECT_EQ(search("\"Biao Lin\"").first, Ids{});
  EXPECT_EQ(search("\"Zhou Enlai\"").first, (Ids{"apart", "enlai"}));
  // The hits mark the other system's spelling, syllable by syllable.
  const std::string text = "Mao Tse-tung received the delegation.";
  auto words = (*opened)->matched_words("Zedong", {text});
  ASSERT_TRUE(words.has_value());
  std::vector<std::string> marked;
  for (const Word& w : words->front()) marked.push_back(text.substr(w.begin, w.end - w.begin));
  EXPECT_EQ(marked, (Ids{"Tse", "tung"}));
}

// A word read as a syllable of Chinese in a name that is not Chinese ("Chi"
// of the Vietnamese "Ho Chi Minh", "Ch'ih" in Wade-Giles) is searched in both
// spellings, but said only where a record the whole query finds holds the
// other: none holds "Ch'ih" beside "Ho" and "Minh". "Chi" alone finds it and
// says so.
TEST_F(NameQueries, AnOtherRomanisationIsSaidOnlyWhereTheHitsHoldIt) {
  XapianIndexOptions options;
  options.names.word_in_other_system = [](std::string_view word) { return names::word_in_other_system(word); };
  auto opened = open_xapian_index(dir_ / "vietnamese", true, options);
  ASSERT_TRUE(opened.has_value());
  ASSERT_TRUE((*opened)->put(make_record("ho", "Hanoi", "Ho Chi Minh received the delegation.")).has_value());
  ASSERT_TRUE((*opened)->put(make_record("wg", "Peking", "Ch'ih Hao-t'ien spoke.")).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto [chi, chi_spellings] = hits_and_spellings(**opened, "Chi");
  EXPECT_EQ(chi, (Ids{"ho", "wg"}));
  ASSERT_EQ(chi_spellings.size(), 1u);
  EXPECT_EQ(chi_spellings.front(), "ch'ih");
  auto [ho, ho_spellings] = hits_and_spellings(**opened, "Ho Chi Minh");
  EXPECT_EQ(ho, Ids{"ho"});
  EXPECT_TRUE(ho_spellings.empty()) << ho_spellings.front();
  // Found by nothing, a search says what else it looked for.
  auto [none, none_spellings] = hits_and_spellings(**opened, "Chi Hanoi Peking");
  EXPECT_EQ(none, Ids{});
  EXPECT_EQ(none_spellings, chi_spellings);
}

// A hyphenated given name searched as a family name in any spelling (its
// words are keys of a linked name) is also its spelling in the other
// romanisation: "Hsiao-p'ing" finds "Xiaoping".
TEST_F(NameQueries, AHyphenatedNameSearchedByItsKeysFindsItsOtherRomanisation) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) {
    for (const char* word : {"Teng", "Hsiao", "P'ing"}) {
      if (key == names::word_key(word)) return true;
    }
    return false;
  };
  options.names.person_ids = [](std::string_view) { return std::vector<std::string>{}; };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.word_in_other_system = [](std::string_view word) { return names::word_in_other_system(word); };
  options.names.linked_names = [](const Record& record) {
    std::vector<LinkedName> out;
    if (record.id == "wg") out.push_back(LinkedName{{"p/deng"}, "Teng Hsiao-p'ing", "", true});
    return out;
  };
  auto opened = open_xapian_index(dir_ / "hyphenated", true, options);
  ASSERT_TRUE(opened.has_value());
  ASSERT_TRUE((*opened)->put(make_record("wg", "Peking", "Vice Premier Teng Hsiao-p'ing arrived.")).has_value());
  ASSERT_TRUE((*opened)->put(make_record("pinyin", "Beijing", "Vice Premier Deng Xiaoping arrived.")).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto [found, spellings] = hits_and_spellings(**opened, "Hsiao-p'ing");
  EXPECT_EQ(found, (Ids{"pinyin", "wg"}));
  EXPECT_NE(std::find(spellings.begin(), spellings.end(), "Xiaoping"), spellings.end());
}

// A place named in one language finds its names in the others that the text
// holds (names::word_elsewhere, from CLDR): a German historian's "Moskau"
// finds the English "Moscow" and the Russian "Москва", and "Moscow" the German
// original. A name that is also a person's (Bech, Беч in Serbian for Vienna)
// is not the place.
TEST_F(NameQueries, APlaceFindsItsNamesInOtherLanguages) {
  XapianIndexOptions options;
  options.names.word_in_other_system = [](std::string_view word) { return names::word_elsewhere(word); };
  auto opened = open_xapian_index(dir_ / "places", true, options);
  ASSERT_TRUE(opened.has_value());
  const std::vector<Record> records{
      make_record("de", "Telegramm", "Die Botschaft in Moskau meldet."),
      make_record("en", "Telegram", "The Embassy in Moscow reports."),
      make_record("ru", "Телеграмма", "Москва сообщает."),
      make_record("bech", "Luxembourg", "Bech spoke."),
      make_record("vienna", "Austria", "Talks in Vienna."),
      make_record("rumania", "Bucharest", "Rumania protested."),
      make_record("romania", "Bucharest", "Romania protested."),
      make_record("when", "Paris", "When the talks began."),
      make_record("nordkorea", "Telegramm", "Nordkorea protestierte."),
      make_record("north-korea", "Telegram", "North Korea protested."),
      make_record("korea-north", "Telegram", "Korea, north of the line, protested."),
      make_record("sowjetunion", "Telegramm", "Die Sowjetunion protestierte."),
      make_record("northern-rhodesia", "Telegram", "Northern Rhodesia protested."),
      make_record("zimbabwe", "Telegram", "Zimbabwe protested."),
      make_record("upper-volta", "Telegram", "Upper Volta protested."),
      make_record("burning", "Fire", "The barn was burning fast."),
      make_record("munich", "Telegram", "The Consulate General in Munich reports."),
      make_record("ho", "Hanoi", "Ho Chi Minh spoke."),
      make_record("hcm", "Telegramm", "Ho-Chi-Minh-Stadt meldet.")};
  for (const Record& r : records) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto search = [&](const std::string& query) { return hits_and_spellings(**opened, query); };
  for (const std::string query : {"Moscow", "Moskau", "moskau", "Москва", "Moskva"}) {
    EXPECT_EQ(search(query).first, (Ids{"de", "en", "ru"})) << query;
  }
  const auto moscow_spellings = search("Moscow").second;
  EXPECT_NE(std::find(moscow_spellings.begin(), moscow_spellings.end(), "Moskau"), moscow_spellings.end());
  EXPECT_EQ(search("Bech").first, Ids{"bech"});
  EXPECT_EQ(search("Vienna").first, Ids{"vienna"});
  EXPECT_EQ(search("Romania").first, (Ids{"romania", "rumania"}));
  // Quoted, a word is searched as written.
  EXPECT_EQ(search("\"Moskau\"").first, Ids{"de"});
  // A name of several words, either way; its words in another order are not it.
  EXPECT_EQ(search("Nordkorea").first, (Ids{"nordkorea", "north-korea"}));
  EXPECT_EQ(search("North Korea").first, (Ids{"korea-north", "nordkorea", "north-korea"}));
  EXPECT_EQ(search("\"North Korea\"").first, Ids{"north-korea"});
  EXPECT_EQ(search("Soviet Union").first, Ids{"sowjetunion"});
  // Cities CLDR gives no time zone, from the table: "München" is Munich. A
  // man is no place: "Ho Chi Minh" (CLDR's English name of the city) is the
  // man, and the city's other names are Saigon's.
  EXPECT_EQ(search("München").first, Ids{"munich"});
  EXPECT_EQ(search("Muenchen").first, Ids{"munich"});
  EXPECT_EQ(search("Saigon").first, Ids{"hcm"});
  const auto ho = search("Ho Chi Minh");
  EXPECT_EQ(ho.first, (Ids{"hcm", "ho"}));   // its words, the city's German name among them
  EXPECT_EQ(ho.second, std::vector<std::string>{});
  // Quoted, a phrase is also searched with a place's names in other
  // languages where a record holds that phrase, and the name is said only then:
  // "Northern Rhodesia" is no "Northern Zimbabwe".
  auto [embassy, embassy_spellings] = search("\"Embassy in Moskau\"");
  EXPECT_EQ(embassy, Ids{"en"});
  EXPECT_NE(std::find(embassy_spellings.begin(), embassy_spellings.end(), "Moscow"), embassy_spellings.end());
  auto [northern, northern_spellings] = search("\"Northern Rhodesia\"");
  EXPECT_EQ(northern, Ids{"northern-rhodesia"});
  EXPECT_EQ(northern_spellings, std::vector<std::string>{});
  // A place's name of several words that the index lacks, found by its other
  // name, is no misspelling either ("Burkina Faso" is not "burning fast").
  SearchRequest burkina;
  burkina.query = "Burkina Faso";
  auto volta = (*opened)->search(burkina);
  ASSERT_TRUE(volta.has_value());
  EXPECT_EQ(volta->total, 1);
  EXPECT_EQ(volta->suggestion, "");
  burkina.query = "burkina faso";
  volta = (*opened)->search(burkina);
  ASSERT_TRUE(volta.has_value());
  EXPECT_EQ(volta->suggestion, "");
  // A name found in another language is no misspelling: "Wien" is not "When".
  SearchRequest wien;
  wien.query = "Wien";
  auto found = (*opened)->search(wien);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  EXPECT_EQ(found->suggestion, "");
  SearchRequest misspelt;
  misspelt.query = "whem";   // lower case: a capitalised word is not corrected to a function word
  found = (*opened)->search(misspelt);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->suggestion, "when");
}

// A field's family name (sender:Khrushchev, title:Chruschtschow) finds the
// records whose field gives the name, in any spelling, and not every record
// that names him: the name key is the record's, whichever field or mention
// gave it.
TEST_F(NameQueries, AFieldsNameFindsOnlyThatField) {
  XapianIndexOptions options;
  options.names.word_key = [](std::string_view word) { return names::word_key(word); };
  options.names.is_person_key = [](std::string_view key) { return key == names::word_key("Khrushchev"); };
  options.names.person_ids = [](std::string_view value) {
    if (value == "Robert Kennedy") return std::vector<std::string>{"p/rfk"};
    if (value == "John Kennedy") return std::vector<std::string>{"p/jfk"};
    return std::vector<std::string>{};
  };
  options.names.key_is_distinctive = [](std::string_view key) { return names::key_is_distinctive(key); };
  options.names.linked_names = [](const Record& record) {
    std::vector<LinkedName> out;
    if (record.id == "mentions") out.push_back(LinkedName{{"p/khrushchev"}, "Khrushchev", "", true});
    if (record.id == "to") out.push_back(LinkedName{{"p/jfk"}, "Kennedy", "", true});
    if (record.id == "rfk") out.push_back(LinkedName{{"p/rfk"}, "Kennedy", "", true});
    if (record.id == "maybe") out.push_back(LinkedName{{"p/jfk", "p/rfk"}, "Kennedy", "", false});
    return out;
  };
  auto opened = open_xapian_index(dir_ / "fields", true, options);
  ASSERT_TRUE(opened.has_value());
  Record from = make_record("from", "Letter From Chairman Khrushchev", "The Chairman writes.");
  from.sender = "N. S. Khrushchev, Nikita";
  from.recipient = "President John Fitzgerald Kennedy";
  Record to = make_record("to", "Letter", "The President writes.");
  to.sender = "Kennedy";
  to.recipient = "Chruschtschow";
  Record mentions = make_record("mentions", "Memorandum", "Khrushchev was in Vienna.");
  mentions.people.push_back(NameRef{"Khrushchev", ""});
  mentions.people.push_back(NameRef{"Nikita Ryzhov", ""});
  Record reply = make_record("reply", "Khrushchev’s reply", "");
  Record rfk = make_record("rfk", "Letter", "The Attorney General writes.");
  rfk.sender = "Kennedy";
  Record maybe = make_record("maybe", "Letter", "A Kennedy writes.");
  maybe.sender = "Kennedy";
  for (const Record& r : {from, to, mentions, reply, rfk, maybe}) ASSERT_TRUE((*opened)->put(r).has_value());
  ASSERT_TRUE((*opened)->commit(1).has_value());
  auto sorted = [&](const std::string& query) { return sorted_hits(**opened, query); };
  // (The reply's title is no name field nor a linked mention: no key.)
  EXPECT_EQ(sorted("Khrushchev"), (Ids{"from", "mentions", "to"}));
  EXPECT_EQ(sorted("sender:Khrushchev"), Ids{"from"});
  EXPECT_EQ(sorted("sender:Chruschtschow"), Ids{"from"});
  EXPECT_EQ(sorted("recipient:Khrushchev"), Ids{"to"});
  EXPECT_EQ(sorted("recipient:Chruschtschow"), Ids{"to"});
  // As a mail client writes them.
  EXPECT_EQ(sorted("from:Chruschtschow"), Ids{"from"});
  EXPECT_EQ(sorted("to:Khrushchev"), Ids{"to"});
  EXPECT_EQ(sorted("person:Chruschtschow"), Ids{"mentions"});
  EXPECT_EQ(sorted("place:Khrushchev"), Ids{});
  // A quoted name in a field of who wrote: its words there in any order.
  EXPECT_EQ(sorted("sender:\"Nikita Khrushchev\""), Ids{"from"});
  EXPECT_EQ(sorted("sender:\"Nikita Chruschtschow\""), Ids{"from"});
  EXPECT_EQ(sorted("sender:\"Leonid Khrushchev\""), Ids{});
  EXPECT_EQ(sorted("recipient:\"John F. Kennedy\""), Ids{"from"});
  // A field giving the family name alone, in a record linked for certain to
  // the person the quoted name resolves to.
  EXPECT_EQ(sorted("sender:\"John Kennedy\""), Ids{"to"});
  EXPECT_EQ(sorted("sender:\"Robert Kennedy\""), Ids{"rfk"});
  EXPECT_EQ(sorted("sender:Kennedy"), (Ids{"maybe", "rfk", "to"}));
  // Not the people a record names, whose names' words come from several.
  EXPECT_EQ(sorted("person:\"Nikita Khrushchev\""), Ids{});
  // A title names people too.
  EXPECT_EQ(sorted("title:Chruschtschow"), (Ids{"from", "reply"}));   // and its possessive
  EXPECT_EQ(sorted("title:Khrushchev"), (Ids{"from", "reply"}));
}

}  // namespace
}  // namespace chancery::testing
