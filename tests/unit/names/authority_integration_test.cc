// Authority records built from source entries, footnote spelling corrections,
// and the name snapshot the index and the reading room use.
#include <gtest/gtest.h>

#include "archive/names_builder.h"
#include "archive/names_directory.h"
#include "archive/names_service.h"
#include "model/date.h"
#include "names/person_name.h"

namespace chancery {
namespace {

SourceEntry frus(std::string id, std::string name, int from, int to) {
  SourceEntry e;
  e.external_id = std::move(id);
  e.name = std::move(name);
  e.source = e.external_id.substr(0, e.external_id.find('/'));
  e.from_year = from;
  e.to_year = to;
  return e;
}

// A POCOM person: authoritative, with life dates (0: unknown).
SourceEntry pocom(std::string slug, std::string name, int birth, int death = 0) {
  SourceEntry e;
  e.external_id = "pocom/" + std::move(slug);
  e.name = std::move(name);
  e.source = "pocom";
  e.birth_year = birth;
  e.death_year = death;
  e.authoritative = true;
  return e;
}

TEST(FootnoteVariants, SeedFootnoteRecordsMalnasanu) {
  auto found = footnote_variants(
      "The surname of Aurel Malnasan (who was then a deputy foreign minister in Romania) is correctly spelled in "
      "the original Malin notes, but for some reason the published versions of the notes (in both Hungarian and "
      "Russian) mistakenly render Malnasan's surname as Malnasanu. The editors of the published versions "
      "erroneously claim that Malin's notes misspelled the name.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name, "Aurel Malnasan");
  EXPECT_EQ(found[0].variant, "Malnasanu");
  EXPECT_EQ(found[0].identification, "who was then a deputy foreign minister in Romania");
}

TEST(FootnoteVariants, OtherPatternsAndOrdinaryNotes) {
  auto misspelled = footnote_variants("The telegram misspells Gheorghiu as Georgiu throughout.");
  ASSERT_EQ(misspelled.size(), 1u);
  EXPECT_EQ(misspelled[0].variant, "Georgiu");
  EXPECT_TRUE(footnote_variants("Printed from a copy that indicates the President saw it.").empty());
  EXPECT_TRUE(footnote_variants("The Embassy was asked to render assistance as needed.").empty());
}

TEST(AuthorityBuilder, JoinsOnePersonAcrossVolumesButNotNamesakes) {
  AuthorityBuilder builder({});
  std::string k1 = builder.add(frus("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich", 1955, 1957));
  std::string k2 = builder.add(frus("frus1961-63v05/p_KNS1", "Khrushchev, Nikita S.", 1961, 1963));
  EXPECT_EQ(k1, k2);
  std::string z1 = builder.add(frus("frus1955-57v25/p_ZMGK1", "Zhukov, Georgiy Konstantinovich", 1955, 1957));
  std::string z2 = builder.add(frus("frus1958-60v10p2/p_ZGA1", "Zhukov, Georgi A.", 1958, 1960));
  EXPECT_NE(z1, z2);
  // Two entries of one persons list are two people, however compatible.
  std::string n1 = builder.add(frus("frus1964-68v17/p_NJ1", "Nagy, Janos", 1964, 1968));
  std::string n2 = builder.add(frus("frus1964-68v17/p_NJ2", "Nagy, J.", 1964, 1968));
  EXPECT_NE(n1, n2);
  const Authority* k = builder.find("frus1961-63v05/p_KNS1");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->name, "Khrushchev, Nikita Sergeyevich");
  EXPECT_TRUE(k->has_spelling("Khrushchev, Nikita S."));
  EXPECT_TRUE(k->has_spelling("Nikita Sergeyevich Khrushchev"));
  EXPECT_EQ(builder.live(), 5u);
}

// A persons list's item that gives one person two names, each with its id
// ("Deng Xiaoping (Teng Hsiao-p'ing)"), is one person, whatever the
// spellings; two entries of the list that merely share a family name stay two.
TEST(AuthorityBuilder, OneListItemWithTwoNamesIsOnePerson) {
  AuthorityBuilder builder({});
  SourceEntry deng = frus("frus1977-80v01/p_DX_1", "Deng Xiaoping", 1977, 1980);
  deng.variants = {"Teng Hsiao-p\u2019ing"};
  SourceEntry teng = frus("frus1977-80v01/p_TH_1", "Teng Hsiao-p\u2019ing", 1977, 1980);
  teng.variants = {"Deng Xiaoping"};
  teng.same_as = "frus1977-80v01/p_DX_1";
  const std::string id = builder.add(deng);
  EXPECT_EQ(builder.add(teng), id);
  EXPECT_EQ(builder.find("frus1977-80v01/p_TH_1"), builder.find(id));
  EXPECT_EQ(builder.find(id)->name, "Deng Xiaoping");
  EXPECT_EQ(builder.live(), 1u);
  // Without it, two entries of one list are two people, whatever their variants.
  SourceEntry first = frus("frus1964-68v17/p_NJ1", "Nagy, Janos", 1964, 1968);
  first.variants = {"Nagy, J."};
  SourceEntry second = frus("frus1964-68v17/p_NJ2", "Nagy, J.", 1964, 1968);
  second.variants = {"Nagy, Janos"};
  EXPECT_NE(builder.add(first), builder.add(second));
}

// A person first named by a Russian record in Cyrillic takes the Latin name
// of the first persons list that joins them; the Cyrillic stays a spelling,
// and a later Cyrillic record does not take the name back.
TEST(AuthorityBuilder, ALatinListedNameIsPreferredToAnotherScript) {
  AuthorityBuilder builder({});
  SourceEntry record_name;
  record_name.name = "Хрущёв, Никита Сергеевич";
  record_name.source = "import:900001";
  const std::string id = builder.add(record_name);
  EXPECT_EQ(builder.find(id)->name, "Хрущёв, Никита Сергеевич");
  EXPECT_EQ(builder.add(frus("frus1955-57v02/p_KNS1", "Khrushchev, Nikita Sergeevich", 1955, 1957)), id);
  const Authority* k = builder.find(id);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->name, "Khrushchev, Nikita Sergeevich");
  EXPECT_TRUE(k->has_spelling("Хрущёв, Никита Сергеевич"));
  // Kept as written, with its source, where it transliterates to the new name too.
  AuthorityBuilder transliterated({});
  const std::string other = transliterated.add(record_name);
  transliterated.add(frus("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich", 1955, 1957));
  const Authority* t = transliterated.find(other);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "Khrushchev, Nikita Sergeyevich");
  EXPECT_TRUE(std::any_of(t->variants.begin(), t->variants.end(), [](const AuthorityVariant& v) {
    return v.name == "Хрущёв, Никита Сергеевич" && v.source == "import:900001";
  }));
  EXPECT_EQ(builder.add(frus("frus1961-63v05/p_KNS1", "Khrushchev, Nikita S.", 1961, 1963)), id);
  EXPECT_EQ(builder.find(id)->name, "Khrushchev, Nikita Sergeevich");
  builder.add(record_name);
  EXPECT_EQ(builder.find(id)->name, "Khrushchev, Nikita Sergeevich");
  // A name already in Latin script keeps the first list's form.
  const std::string nagy = builder.add(frus("frus1955-57v25/p_NI1", "Nagy, Imre", 1955, 1957));
  builder.add(frus("frus1958-60v10p2/p_NI2", "Nagy, Imre J.", 1958, 1958));
  EXPECT_EQ(builder.find(nagy)->name, "Nagy, Imre");
}

// Which spellings a linked text gives become variants: names as text writes
// them whose forenames fit, not captions, lists, possessives or initials
// that a common word follows.
TEST(TextSpellings, OnlyNamesWhoseForenamesFit) {
  Authority epishev;
  epishev.name = "Yepishev, A. A.";
  Authority vira;
  vira.name = "Whitehouse, Vira B.";
  Authority krueger;
  krueger.name = "Krueger, Robert C.";
  krueger.variants = {{"Robert Krueger", "pocom", {}}, {"Krueger, C. Robert", "frus1977-80v01", {}}};
  Authority brazeal;
  brazeal.name = "Brazeal, Aurelia Erskine";
  brazeal.variants = {{"India, Brazil", "text:frus1969-76ve14p1/d125", {}}};
  Authority hoagland;
  hoagland.name = "Hoagland, Richard Eugene";
  Authority vorontsov;
  vorontsov.name = "Vorontsov, Yuli M.";
  Authority keane;
  keane.name = "Keane, John F.";

  EXPECT_TRUE(text_spelling_fits(epishev, "A. A. Epishev"));
  EXPECT_TRUE(text_spelling_fits(epishev, "Aleksei Alekseevich Epishev"));
  EXPECT_TRUE(text_spelling_fits(vira, "Vera B. Whitehouse"));
  EXPECT_TRUE(text_spelling_fits(vorontsov, "Yuly M. Vorontsov"));
  EXPECT_FALSE(text_spelling_fits(epishev, "A. Epishev"));              // one initial
  EXPECT_FALSE(text_spelling_fits(krueger, "Herbert Kroeger"));         // keys agree, names do not
  EXPECT_FALSE(text_spelling_fits(hoagland, "Jim Hoagland"));
  EXPECT_FALSE(text_spelling_fits(keane, "Fritz Heine"));
  EXPECT_FALSE(text_spelling_fits(vorontsov, "Vorontsov's July"));
  EXPECT_FALSE(text_spelling_fits(vorontsov, "Yuli July"));             // a month
  EXPECT_FALSE(text_spelling_fits(brazeal, "Ecuador, Brazil"));          // a list
  EXPECT_FALSE(text_spelling_fits(brazeal, "If Brazil"));
  EXPECT_FALSE(text_spelling_fits(brazeal, "Aurelia Brazil India"));     // vouched for by a text spelling only
  EXPECT_FALSE(text_spelling_fits(vira, "GOAL WITH"));                   // a caption
  EXPECT_FALSE(text_spelling_fits(vira, "Vira"));                        // no forename
}

TEST(AuthorityBuilder, PocomJoinsWhenDatesAgree) {
  AuthorityBuilder builder({});
  std::string id = builder.add(pocom("bohlen-charles-eustis", "Bohlen, Charles Eustis", 1904, 1974));
  EXPECT_EQ(builder.add(frus("frus1955-57v25/p_BCE1", "Bohlen, Charles E.", 1955, 1957)), id);
  // A namesake in a volume about years after his death is someone else.
  EXPECT_NE(builder.add(frus("frus1977-80v01/p_BC1", "Bohlen, C.", 1977, 1980)), id);
  EXPECT_EQ(builder.find(id)->name, "Bohlen, Charles Eustis");
}

// A persons list names people holding office: a POCOM person born in 1940
// is not the Dillon Anderson of a 1955-1957 volume, though "Stanton D." fits
// "Dillon" by its initial.
TEST(AuthorityBuilder, APersonsListNamesNoOneTooYoungForOffice) {
  AuthorityBuilder builder({});
  SourceEntry anderson = pocom("anderson-stanton-dean", "Anderson, Stanton Dean", 1940);
  anderson.variants = {"Stanton D. Anderson"};
  const std::string stanton = builder.add(anderson);
  EXPECT_NE(builder.add(frus("frus1955-57v02/p_AD1", "Anderson, Dillon", 1955, 1957)), stanton);
  // Twenty years on, a volume may list him.
  EXPECT_EQ(builder.add(frus("frus1969-76v12/p_ASD1", "Anderson, Stanton D.", 1969, 1976)), stanton);
}

// A later volume's persons list names the dead by what they did: the John
// Foster Dulles of a 1977-1980 volume, "Secretary of State from 1953 until
// 1959", is the one who died in 1959; a namesake it says nothing dated of,
// or dates after his death, is not.
TEST(AuthorityBuilder, ALaterVolumeListsTheDeadByWhatTheyDid) {
  AuthorityBuilder builder({});
  const std::string dulles = builder.add(pocom("dulles-john-foster", "Dulles, John Foster", 1888, 1959));
  SourceEntry listed = frus("frus1977-80v01/p_DJF_1", "Dulles, John Foster", 1977, 1980);
  listed.identification = "Secretary of State from 1953 until 1959";
  EXPECT_EQ(builder.add(listed), dulles);
  SourceEntry undated = frus("frus1977-80v02/p_DJF_1", "Dulles, John F.", 1977, 1980);
  undated.identification = "Secretary of State";
  EXPECT_NE(builder.add(undated), dulles);
  SourceEntry later = frus("frus1981-88v01/p_DJ_1", "Dulles, John", 1981, 1988);
  later.identification = "Deputy Assistant Secretary of Commerce, 1981-1983";
  EXPECT_NE(builder.add(later), dulles);
  // Nor years before he was grown ("born 1888" is no office).
  SourceEntry young = frus("frus1977-80v03/p_DJF_1", "Dulles, John Foster", 1977, 1980);
  young.identification = "counsel from 1895";
  EXPECT_NE(builder.add(young), dulles);
}

// A persons list's other name in parentheses joins the person under it: the
// Allen Dulles of the Guatemala volume, "Dulles, Allen (Ascham, Robert A.)"
// (his cover name), is the Allen W. Dulles of the others; Goldie Myerson
// (Golda Meir) the Golda Meir of another list.
TEST(AuthorityBuilder, ANameInParenthesesIsAnotherNameOfThePerson) {
  AuthorityBuilder builder({});
  const std::string allen = builder.add(frus("frus1955-57v02/p_DAW1", "Dulles, Allen W.", 1955, 1957));
  EXPECT_EQ(builder.add(frus("frus1952-54Guat/p_DAARA1", "Dulles, Allen (Ascham, Robert A.)", 1952, 1954)), allen);
  const std::string foster = builder.add(frus("frus1955-57v02/p_DJF1", "Dulles, John Foster", 1955, 1957));
  EXPECT_NE(foster, allen);
  const std::string meir = builder.add(frus("frus1969-76v12/p_MG1", "Meir, Golda", 1969, 1976));
  EXPECT_EQ(builder.add(frus("frus1955-57v15/p_MG3", "Myerson, Goldie (Meir, Golda)", 1955, 1957)), meir);
  EXPECT_EQ(builder.find(allen)->name, "Dulles, Allen W.");
}

// A person is no mention in a record written before he was grown: "Consul
// Ray" in 1919 is not Charles Ray, born 1942. A namesake left alone once
// the others are ruled out so is only likely, unless the volume lists him.
TEST(NameSnapshot, NoOneIsMentionedBeforeHeWasGrown) {
  AuthorityBuilder builder({});
  builder.add(pocom("ray-charles", "Ray, Charles", 1942));
  SourceEntry young = frus("frus1961-63v05/p_TLE1", "Thompson, Llewellyn E.", 1961, 1963);
  young.birth_year = 1904;
  const std::string llewellyn = builder.add(young);
  const std::string alan = builder.add(frus("frus1917-72PubDip/p_TA1", "Thompson, Alan", 1917, 1972));
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {});

  auto mentions_in = [&](int year, const std::string& volume) {
    Record record;
    record.id = "r" + std::to_string(year);
    record.collections = {volume};
    record.date = *parse_date(std::to_string(year));
    record.body.push_back({BlockKind::kParagraph, "Consul Charles Ray met Thompson.", "", {}});
    return snapshot.mentions(record);
  };
  const std::vector<RecordMention> in_1919 = mentions_in(1919, "seed");
  ASSERT_EQ(in_1919.size(), 1u);
  EXPECT_EQ(in_1919[0].text, "Thompson");
  EXPECT_EQ(in_1919[0].ids, std::vector<std::string>{alan});
  EXPECT_FALSE(in_1919[0].certain);   // the other Thompson is ruled out, Alan not named
  // His volume lists Alan Thompson: he, for certain.
  const std::vector<RecordMention> listed = mentions_in(1919, "frus1917-72PubDip");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].certain);
  // Grown, both are there again.
  const std::vector<RecordMention> in_1980 = mentions_in(1980, "seed");
  ASSERT_EQ(in_1980.size(), 2u);
  EXPECT_EQ(in_1980[0].text, "Charles Ray");
  EXPECT_EQ(in_1980[1].ids.size(), 2u);
  EXPECT_FALSE(in_1980[1].certain);
  // Undated: no year rules anyone out.
  Record undated;
  undated.id = "u";
  undated.body.push_back({BlockKind::kParagraph, "Consul Charles Ray met Thompson.", "", {}});
  EXPECT_EQ(snapshot.mentions(undated).size(), 2u);
  (void)llewellyn;
}

TEST(NameSnapshot, FindsNamesInAnySpellingAndResolvesIds) {
  AuthorityBuilder builder({});
  builder.add(frus("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich", 1955, 1957));
  SourceEntry footnote;
  footnote.name = "Malnasan, Aurel";
  footnote.variants = {"Malnasanu"};
  footnote.source = "footnote:117079#fn3";
  builder.add(footnote);
  // Another name of a person, from a list's cross-reference, is no spelling
  // of his: "Harlech" is not offered as a misspelling of Ormsby Gore.
  const std::string gore = builder.add(frus("frus1964-68v02/p_OGDLH1", "Ormsby Gore, David (Lord Harlech)", 1964, 1968));
  SourceEntry harlech = frus("frus1964-68v02/p_Harlech1", "Harlech", 1964, 1968);
  harlech.same_as = "frus1964-68v02/p_OGDLH1";
  EXPECT_EQ(builder.add(harlech), gore);
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {});
  EXPECT_EQ(snapshot.preferred_for_variant("Harlech"), "");

  const Authority* k = snapshot.resolve("frus1955-57v25/p_KNS1");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(snapshot.person_ids("Chruschtschow"), std::vector<std::string>{k->id});
  EXPECT_EQ(snapshot.person_ids(k->id), std::vector<std::string>{k->id});
  EXPECT_EQ(snapshot.preferred_for_variant("Malnasanu"), "Malnasan, Aurel");
  EXPECT_EQ(snapshot.preferred_for_variant("Malnasan"), "");
  // Words of a known family name among others, by their letters, in every
  // reading of a spelling (a name of two words may be written family first).
  EXPECT_EQ(snapshot.family_words_among({"khrushchev", "kruschev", "nikita", "malnasan", "budapest", "aurel"}),
            (std::vector<std::string>{"khrushchev", "nikita", "malnasan", "aurel"}));

  Record record;
  record.id = "r1";
  record.title = "Conversation with Nikita Chruschtschow";
  record.body.push_back({BlockKind::kParagraph, "Хрущёв said that Malnasan had gone to Budapest.", "", {}});
  auto mentions = snapshot.mentions(record);
  ASSERT_EQ(mentions.size(), 3u);
  EXPECT_EQ(mentions[0].text, "Nikita Chruschtschow");
  EXPECT_EQ(mentions[0].ids, std::vector<std::string>{k->id});
  EXPECT_EQ(mentions[1].text, "Хрущёв");
  EXPECT_EQ(mentions[2].text, "Malnasan");
  EXPECT_TRUE(mentions[2].certain);
}

// Namesakes: a family name several authorities bear is the one the record's
// own people list names by id (the editors tagged this document's Kennedy),
// else those of them the record's volume lists, else all of them.
TEST(NameSnapshot, TheRecordsOwnTaggingThenItsVolumeDecideBetweenNamesakes) {
  AuthorityBuilder builder({});
  const std::string john = builder.add(frus("frus1961-63v06/p_KJF2", "Kennedy, John F.", 1961, 1963));
  const std::string robert = builder.add(frus("frus1961-63v06/p_KRF1", "Kennedy, Robert F.", 1961, 1963));
  const std::string edward = builder.add(frus("frus1964-68v14/p_KEM1", "Kennedy, Edward M.", 1964, 1968));
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {});

  Record record;
  record.id = "frus1961-63v06/d2";
  record.collections = {"frus1961-63v06"};
  record.title = "Message From President-elect Kennedy to Chairman Khrushchev";
  auto ids_of_kennedy = [&](const Record& r) {
    for (const RecordMention& m : snapshot.mentions(r)) {
      if (m.field == "title" && m.text == "Kennedy") return m.ids;
    }
    return std::vector<std::string>{};
  };
  // Untagged: the two Kennedys the volume lists, not Edward, listed elsewhere.
  std::vector<std::string> listed = ids_of_kennedy(record);
  std::sort(listed.begin(), listed.end());
  std::vector<std::string> both{john, robert};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(listed, both);
  // Tagged by the editors as John F.: he alone, certain.
  record.people.push_back({"Kennedy", "frus1961-63v06/p_KJF2"});
  EXPECT_EQ(ids_of_kennedy(record), std::vector<std::string>{john});
  // A record of no volume that lists them: all three.
  Record elsewhere;
  elsewhere.id = "r2";
  elsewhere.collections = {"seed"};
  elsewhere.title = "Kennedy spoke";
  EXPECT_EQ(ids_of_kennedy(elsewhere).size(), 3u);
  (void)edward;
}

// A family name alone is not a person where the text means something else:
// the end of a known place's name, a country, an office, a hyphened place, a
// place after "in"; nor are words in capitals matched by key alone.
TEST(NameSnapshot, AFamilyNameAloneThatMeansSomethingElseIsNoMention) {
  AuthorityBuilder builder({});
  SourceEntry new_york;
  new_york.kind = "place";
  new_york.name = "New York";
  new_york.source = "import:r0";
  builder.add(new_york);
  const std::string york = builder.add(frus("frus1977-80v01/p_YH_1", "York, Herbert", 1977, 1980));
  const std::string jordan = builder.add(frus("frus1969-76ve15p1/p_JA1", "Jordan, Amos", 1969, 1976));
  const std::string chancellor = builder.add(frus("frus1961-63v05/p_CJ1", "Chancellor, John", 1961, 1963));
  const std::string castro = builder.add(frus("frus1961-63v10/p_CF1", "Castro, Fidel", 1961, 1963));
  const std::string hoover = builder.add(frus("frus1955-57v25/p_HHC1", "Hoover, Herbert C., Jr.", 1955, 1957));
  const std::string brazeal = builder.add(frus("frus1969-76ve14p1/p_BAE1", "Brazeal, Aurelia E.", 1969, 1976));
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {"with", "if", "the", "a"});
  auto found = [&](const std::string& text) {
    Record record;
    record.id = "r";
    record.body.push_back({BlockKind::kParagraph, text, "", {}});
    std::vector<std::string> ids;
    for (const RecordMention& m : snapshot.mentions(record)) ids.insert(ids.end(), m.ids.begin(), m.ids.end());
    return ids;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(found("He flew to New York on Monday."), Ids{});
  EXPECT_EQ(found("York said the test would go ahead."), Ids{york});
  EXPECT_EQ(found("Herbert York spoke."), Ids{york});
  EXPECT_EQ(found("Egypt, Syria and Jordan formed a command."), Ids{});
  EXPECT_EQ(found("The application of Trans-Jordan was put off."), Ids{});
  EXPECT_EQ(found("Mr. Jordan agreed."), Ids{jordan});
  EXPECT_EQ(found("Amos Jordan agreed."), Ids{jordan});
  EXPECT_EQ(found("The Chancellor agreed with the Secretary."), Ids{});
  EXPECT_EQ(found("John Chancellor of NBC asked."), Ids{chancellor});
  EXPECT_EQ(found("Support of autonomous anti-Castro groups."), Ids{castro});
  EXPECT_EQ(found("Castro spoke in Havana."), Ids{castro});
  EXPECT_EQ(found("WE COULD COVER THE COSTS."), Ids{});
  EXPECT_EQ(found("Delegations from Ecuador, Brazil and Peru."), Ids{});   // by key, inverted: a list
  EXPECT_EQ(found("Aurelia E. Brazeal arrived."), Ids{brazeal});
  EXPECT_EQ(found("A. E. Brazil arrived."), Ids{brazeal});   // by key, its initials no common word "a"
  EXPECT_EQ(found("He asked, If Brazil agrees, what then?"), Ids{});   // by key, with a common word
  EXPECT_EQ(found("HOOVER CALLED."), Ids{hoover});
}

// A name is read as written first: "William Carmichael" is Carmichael, not
// every William whose other forenames an initial or a key may stand for (read
// family name first, "William H. Arnold" is William, "H. Arnold", and "H."
// shares Carmichael's first key letter). A name written family first ("Nagy
// Imre") still finds its person, by its later reading.
TEST(NameSnapshot, ANameIsReadAsWrittenBeforeItsOtherReadings) {
  AuthorityBuilder builder({});
  builder.add(frus("frus1955-57v26/p_CW1", "Carmichael, William, Jr.", 1955, 1957));
  builder.add(frus("frus1955-57v26/p_AWH1", "Arnold, William H.", 1955, 1957));
  builder.add(frus("frus1955-57v25/p_NI1", "Nagy, Imre", 1955, 1957));
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {});
  const Authority* carmichael = snapshot.resolve("frus1955-57v26/p_CW1");
  const Authority* nagy = snapshot.resolve("frus1955-57v25/p_NI1");
  ASSERT_NE(carmichael, nullptr);
  ASSERT_NE(nagy, nullptr);
  ASSERT_TRUE(names::names_compatible("William Carmichael", "William H. Arnold"));
  EXPECT_EQ(snapshot.person_ids("William Carmichael"), std::vector<std::string>{carmichael->id});
  EXPECT_EQ(snapshot.person_ids("William Carmichael Jr."), std::vector<std::string>{carmichael->id});
  EXPECT_EQ(snapshot.person_ids("Nagy Imre"), std::vector<std::string>{nagy->id});
  EXPECT_EQ(snapshot.person_ids("Imre Nagy"), std::vector<std::string>{nagy->id});
}

SourceEntry named(std::string kind, std::string name, std::vector<std::string> variants = {}) {
  SourceEntry e;
  e.kind = std::move(kind);
  e.name = std::move(name);
  e.variants = std::move(variants);
  e.source = "import:r1";
  return e;
}

TEST(AuthorityBuilder, PlacesAndOrganisationsJoinBySpellingOnlyAndNeverPersons) {
  AuthorityBuilder builder({});
  builder.add(frus("frus1955-57v25/p_WG1", "Washington, George", 1955, 1957));
  std::string p1 = builder.add(named("place", "Budapest (Hungary)", {"Budapest"}));
  EXPECT_EQ(p1, "place/budapest-hungary");
  EXPECT_EQ(builder.add(named("place", "Budapest")), p1);
  EXPECT_EQ(builder.add(named("place", "budapest")), p1);
  std::string w = builder.add(named("place", "Washington"));
  EXPECT_EQ(w, "place/washington");
  EXPECT_EQ(builder.find(w)->kind, "place");
  // A place's spelling that is an organisation's is another authority.
  std::string o = builder.add(named("organisation", "Washington"));
  EXPECT_EQ(o, "organisation/washington");
  // Places do not join by key: Budapesht is another spelling, not the same one.
  EXPECT_NE(builder.add(named("place", "Budapesht")), p1);
  EXPECT_EQ(builder.live(), 5u);
}

TEST(NameSnapshot, OrganisationsAndPlacesAreMentionedOnPagesButNotLinkedInTheIndex) {
  AuthorityBuilder builder({});
  builder.add(frus("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich", 1955, 1957));
  builder.add(named("place", "Budapest (Hungary)", {"Budapest"}));
  builder.add(named("organisation", "Central Committee"));
  std::vector<Authority> all;
  for (const Authority* a : builder.changed()) all.push_back(*a);
  NameSnapshot snapshot(all, {});
  Record record;
  record.id = "r1";
  record.title = "Budapest";
  record.body.push_back({BlockKind::kParagraph, "Khrushchev told the Central Committee about Budapest.", "", {}});
  auto all_mentions = snapshot.all_mentions(record);
  ASSERT_EQ(all_mentions.size(), 4u);
  EXPECT_EQ(all_mentions[0].field, "title");
  EXPECT_EQ(all_mentions[0].text, "Budapest");
  EXPECT_EQ(all_mentions[1].text, "Khrushchev");
  EXPECT_EQ(all_mentions[2].text, "Central Committee");
  EXPECT_EQ(all_mentions[2].ids, std::vector<std::string>{"organisation/central-committee"});
  EXPECT_EQ(all_mentions[3].text, "Budapest");
  EXPECT_EQ(all_mentions[3].begin, 44u);
  EXPECT_TRUE(all_mentions[3].certain);
  // The index's view is unchanged: persons only.
  ASSERT_EQ(snapshot.mentions(record).size(), 1u);
  ASSERT_EQ(snapshot.linked_names(record).size(), 1u);
  EXPECT_TRUE(snapshot.person_ids("Budapest").empty());
  ASSERT_EQ(snapshot.find_named("BUDAPEST").size(), 1u);
  EXPECT_EQ(snapshot.find_named("Budapest")[0]->kind, "place");
  EXPECT_TRUE(snapshot.find_named("Khrushchev").empty());
}

TEST(Authority, JsonRoundTripAndRedirects) {
  Authority a;
  a.id = "person/epishev";
  a.name = "Yepishev, A. A.";
  a.add_variant("Aleksei Alekseevich Epishev", "editor:ed");
  a.roles.push_back({"Soviet Ambassador to Romania", "1955", "1961", "footnote:117079#fn2"});
  a.external_ids = {"frus1961-63v05/p_YAA1"};
  auto back = authority_from_json(to_json(a));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, a);
  EXPECT_FALSE(a.add_variant("aleksei alekseevich EPISHEV", "editor:ed"));
  Authority redirect;
  redirect.id = "person/x";
  redirect.merged_into = "person/epishev";
  auto r = authority_from_json(to_json(redirect));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->merged_into, "person/epishev");
  EXPECT_FALSE(authority_from_json(nlohmann::json::array()).has_value());
}

}  // namespace
}  // namespace chancery
