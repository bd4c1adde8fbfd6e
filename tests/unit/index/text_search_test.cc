// Words, folding, stemming, phrases and operators.
#include "index_fixture.h"

namespace chancery::testing {
namespace {

class TextSearch : public IndexTest {};

TEST_F(TextSearch, DiacriticsAndCaseDoNotMatter) {
  put_all({make_record("1", "Mălnăşan meets Gomułka", "Talks in Łódź about Straße.")});
  EXPECT_EQ(ids("Malnasan"), Ids{"1"});
  EXPECT_EQ(ids("MĂLNĂŞAN"), Ids{"1"});
  EXPECT_EQ(ids("gomulka"), Ids{"1"});
  EXPECT_EQ(ids("Gomułka"), Ids{"1"});
  EXPECT_EQ(ids("lodz strasse"), Ids{"1"});
  EXPECT_EQ(ids("Molotov"), Ids{});
}

TEST_F(TextSearch, CyrillicMatchesItsTransliteration) {
  put_all({make_record("ru", "Запись беседы", "Хрущёв сказал"),
           make_record("en", "Conversation", "Khrushchev said")});
  EXPECT_EQ(ids("Хрущёв"), (Ids{"en", "ru"}));
  EXPECT_EQ(ids("хрущев"), (Ids{"en", "ru"}));
  EXPECT_EQ(ids("Khrushchev"), (Ids{"en", "ru"}));
  EXPECT_EQ(ids("\"Хрущёв сказал\""), (Ids{"ru"}));
}

TEST_F(TextSearch, HyphenatedNamesMatchWithOrWithoutHyphen) {
  put_all({make_record("1", "Report", "Gheorghiu-Dej spoke first."),
           make_record("2", "Other", "Dej and Gheorghiu were apart; Dej Gheorghiu.")});
  EXPECT_EQ(ids("Gheorghiu-Dej"), Ids{"1"});
  EXPECT_EQ(ids("\"Gheorghiu Dej\""), Ids{"1"});
  EXPECT_EQ(ids("Gheorghiu Dej"), (Ids{"1", "2"}));
  EXPECT_EQ(ids("GheorghiuDej"), Ids{"1"});
  EXPECT_EQ(ids("\"Dej spoke\""), Ids{"1"});
}

TEST_F(TextSearch, EnglishStemming) {
  put_all({make_record("1", "Memo", "The negotiations continued."),
           make_record("2", "Memo", "Nothing happened.")});
  EXPECT_EQ(ids("negotiated"), Ids{"1"});
  EXPECT_EQ(ids("negotiation"), Ids{"1"});
  // +word and quoted words are exact.
  EXPECT_EQ(ids("+negotiated"), Ids{});
  EXPECT_EQ(ids("\"negotiated\""), Ids{});
  EXPECT_EQ(ids("+negotiations"), Ids{"1"});
}

TEST_F(TextSearch, GermanRecordsStemGerman) {
  Record german = make_record("de", "Vermerk", "Die Verhandlungen wurden fortgesetzt.");
  german.languages = {"German"};
  Record english = make_record("en", "Note", "The word Verhandlungen in English text.");
  // English stemming does not take "Verhandlungen" to "Verhandlung".
  put_all({english});
  EXPECT_EQ(ids("Verhandlung"), Ids{});
  // A German record's words get German stems. Stem groups are per word, not
  // per record: once "Verhandlungen" is known as a form of "verhandl", the
  // query finds that word wherever it occurs.
  put_all({german});
  EXPECT_EQ(ids("Verhandlung"), (Ids{"de", "en"}));
  EXPECT_EQ(ids("Verhandlungen"), (Ids{"de", "en"}));
  EXPECT_EQ(ids("\"Verhandlung\""), Ids{});
}

TEST_F(TextSearch, TranslatedRecordsStemInTheTranslationLanguage) {
  Record translated = make_record("tr", "Notes", "The negotiations failed.");
  translated.languages = {"Russian"};
  translated.contents = "Translation - English";
  put_all({translated});
  EXPECT_EQ(ids("negotiated"), Ids{"tr"});
}

TEST_F(TextSearch, Phrases) {
  put_all({make_record("1", "Notes of a Secure Phone Call", ""),
           make_record("2", "Call for a secure phone", "")});
  EXPECT_EQ(ids("\"secure phone call\""), Ids{"1"});
  EXPECT_EQ(ids("secure phone call"), (Ids{"1", "2"}));
}

TEST_F(TextSearch, PhrasesDoNotSpanFields) {
  Record r = make_record("1", "Budapest", "Radio report");
  put_all({r});
  EXPECT_EQ(ids("\"budapest radio\""), Ids{});
  EXPECT_EQ(ids("\"radio report\""), Ids{"1"});
}

TEST_F(TextSearch, BooleanOperators) {
  put_all({make_record("a", "Nagy", "Budapest"), make_record("b", "Nagy", "Moscow"),
           make_record("c", "Kadar", "Moscow")});
  EXPECT_EQ(ids("Nagy Moscow"), Ids{"b"});
  EXPECT_EQ(ids("Nagy AND Moscow"), Ids{"b"});
  EXPECT_EQ(ids("Nagy OR Kadar"), (Ids{"a", "b", "c"}));
  EXPECT_EQ(ids("Nagy NOT Moscow"), Ids{"a"});
  EXPECT_EQ(ids("Nagy -Moscow"), Ids{"a"});
  EXPECT_EQ(ids("-Moscow"), Ids{"a"});
  EXPECT_EQ(ids("NOT Nagy"), Ids{"c"});
  EXPECT_EQ(ids("(Budapest OR Kadar) Moscow"), Ids{"c"});
  EXPECT_EQ(ids("Moscow (Nagy OR Kadar)"), (Ids{"b", "c"}));
  EXPECT_EQ(ids("-(Nagy Budapest)"), (Ids{"b", "c"}));
  // Lower-case operators are words.
  EXPECT_EQ(ids("Nagy or Kadar"), Ids{});
}

TEST_F(TextSearch, TrailingWildcard) {
  put_all({make_record("1", "Negotiations", ""), make_record("2", "Negative", ""),
           make_record("3", "Other", "")});
  EXPECT_EQ(ids("neg*"), (Ids{"1", "2"}));
  EXPECT_EQ(ids("NEGOTI*"), Ids{"1"});
  EXPECT_EQ(ids("title:neg*"), (Ids{"1", "2"}));
}

TEST_F(TextSearch, EmptyQueryMatchesEverything) {
  put_all({make_record("1", "A", ""), make_record("2", "B", "")});
  SearchResults all = search("");
  EXPECT_EQ(all.total, 2);
  EXPECT_TRUE(all.total_exact);
}

TEST_F(TextSearch, SpellingSuggestion) {
  put_all({make_record("1", "Mălnăşan report", "Mălnăşan spoke about Budapest.")});
  SearchResults results = search("Malnasn Budapest");
  EXPECT_EQ(results.suggestion, "Malnasan Budapest");
  EXPECT_EQ(search("Malnasan").suggestion, "");
}

TEST_F(TextSearch, SynonymsWorkBothWays) {
  put_all({make_record("abbr", "ACEN statement", ""),
           make_record("long", "Assembly of Captive European Nations meets", ""),
           make_record("none", "Assembly of nations", "")});
  ASSERT_TRUE(index_->add_synonym("ACEN", "Assembly of Captive European Nations").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("ACEN"), (Ids{"abbr", "long"}));
  EXPECT_EQ(ids("Assembly of Captive European Nations"), (Ids{"abbr", "long"}));
  EXPECT_EQ(ids("acen statement"), Ids{"abbr"});
}

// An abbreviation stands for its expansion when written as abbreviations are
// (with a capital); in lower case an ordinary word is that word. A one- or
// two-letter abbreviation is not searched for its expansion: "K." is mostly
// an initial, "p." a page.
TEST_F(TextSearch, GlossaryAbbreviationsNeedCapitalsAndInitialsAreNotSearched) {
  put_all({make_record("agency", "Agency for International Development report", ""),
           make_record("word", "Economic aid was aided by loans", ""),
           make_record("initial", "Note by John K. Smith", "See p. 45."),
           make_record("khrushchev", "Khrushchev spoke", ""),
           make_record("ussr", "USSR note", ""),
           make_record("ussr-long", "Union of Soviet Socialist Republics note", ""),
           make_record("ussr-possessive", "The USSR\u2019s reply", ""),
           make_record("gaulle", "De Gaulle spoke", ""),
           make_record("escort", "A destroyer escort sailed", "")});
  ASSERT_TRUE(index_->add_synonym("DE", "destroyer escort").has_value());
  ASSERT_TRUE(index_->add_synonym("AID", "Agency for International Development").has_value());
  ASSERT_TRUE(index_->add_synonym("K", "Khrushchev").has_value());
  ASSERT_TRUE(index_->add_synonym("USSR", "Union of Soviet Socialist Republics").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("AID"), (Ids{"agency", "word"}));
  EXPECT_EQ(ids("aid"), Ids{"word"});   // "aided": an ordinary word
  EXPECT_EQ(ids("Aid"), Ids{"word"});   // a capital alone: the word at the start of a sentence
  // The particle of a name is no abbreviation: only "DE" is the destroyer escort.
  EXPECT_EQ(ids("De Gaulle"), Ids{"gaulle"});
  EXPECT_TRUE(search("De Gaulle").glossary_entries.empty());
  EXPECT_EQ(ids("DE"), (Ids{"escort", "gaulle"}));
  EXPECT_EQ(ids("Agency for International Development"), (Ids{"agency", "word"}));
  EXPECT_EQ(ids("K"), (Ids{"initial", "khrushchev"}));
  EXPECT_EQ(ids("Khrushchev"), Ids{"khrushchev"});   // not John K. Smith
  EXPECT_EQ(ids("khrushchev"), Ids{"khrushchev"});
  // A lower-case abbreviation that is no ordinary word still expands; its
  // possessive (here with a typeset apostrophe) is no inflection.
  EXPECT_EQ(ids("ussr"), (Ids{"ussr", "ussr-long", "ussr-possessive"}));
  EXPECT_EQ(ids("Union of Soviet Socialist Republics"), (Ids{"ussr", "ussr-long", "ussr-possessive"}));
  // What the search also looked for, as the glossary writes it.
  EXPECT_EQ(search("USSR").glossary_entries, std::vector<std::string>{"Union of Soviet Socialist Republics"});
  EXPECT_EQ(search("AID").glossary_entries, std::vector<std::string>{"Agency for International Development"});
  EXPECT_TRUE(search("Khrushchev").glossary_entries.empty());
}

// A word the records write as a name ("Ngo" of Ngo Dinh Diem) is that name
// as the query writes it so; the glossary's abbreviation in capitals ("NGO",
// non-governmental organization) is searched for it only in capitals or in
// small letters, as no record writes the name.
TEST_F(TextSearch, AGlossaryAbbreviationWrittenAsARecordsNameIsThatName) {
  put_all({make_record("diem", "Saigon", "Ngo Dinh Diem received the Ambassador."),
           make_record("nhu", "Saigon", "Ngo Dinh Nhu was present."),
           make_record("ngo", "Geneva", "The NGO sent observers."),
           make_record("long", "Geneva", "A non-governmental organization sent observers.")});
  ASSERT_TRUE(index_->add_synonym("NGO", "non-governmental organization").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("Ngo Dinh Diem"), Ids{"diem"});
  EXPECT_TRUE(search("Ngo Dinh Diem").glossary_entries.empty());
  EXPECT_EQ(ids("Ngo"), (Ids{"diem", "ngo", "nhu"}));
  EXPECT_TRUE(search("Ngo").glossary_entries.empty());
  EXPECT_EQ(ids("NGO"), (Ids{"diem", "long", "ngo", "nhu"}));
  EXPECT_EQ(ids("ngo"), (Ids{"diem", "long", "ngo", "nhu"}));
  EXPECT_EQ(search("ngo").glossary_entries, std::vector<std::string>{"non-governmental organization"});
}

// A glossary expansion with a translation or a qualifier in brackets is
// searched without them, and by its translation: the records write "German
// Democratic Republic" or "Deutsche Demokratische Republik", never both with
// brackets. A qualifier ("(Hungary)") is no expansion of its own.
TEST_F(TextSearch, GlossaryExpansionsWithBracketsAreSearchedWithout) {
  put_all({make_record("english", "Notes", "The German Democratic Republic protested."),
           make_record("german", "Notiz", "Die Deutsche Demokratische Republik protestierte."),
           make_record("avh", "Report", "The Allam Vedelmi Hatosag arrested him."),
           make_record("hungary", "Report", "Hungary protested."),
           make_record("vietnam", "Report", "The Democratic Republic of Vietnam replied."),
           make_record("cpsu", "Report", "The Communist Party of the Soviet Union met."),
           make_record("pci", "Report", "The Italian Communist Party met."),
           make_record("abbreviated", "Telegram", "DDR protest received.")});
  ASSERT_TRUE(index_->add_synonym("CPSU", "Communist Party (of the Soviet Union)").has_value());
  ASSERT_TRUE(index_->add_synonym("DDR", "Deutsche Demokratische Republik (German Democratic Republic)").has_value());
  ASSERT_TRUE(index_->add_synonym("AVH", "Allam Vedelmi Hatosag (State Security Authority) (Hungary)").has_value());
  ASSERT_TRUE(index_->add_synonym("DRV", "Democratic Republic of (North) Vietnam").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("DDR"), (Ids{"abbreviated", "english", "german"}));
  // And the other way: each form finds the abbreviation.
  EXPECT_EQ(ids("German Democratic Republic"), (Ids{"abbreviated", "english"}));
  EXPECT_EQ(ids("Deutsche Demokratische Republik"), (Ids{"abbreviated", "german"}));
  EXPECT_EQ(search("German Democratic Republic").glossary_entries, std::vector<std::string>{"DDR"});
  EXPECT_EQ(search("DDR").glossary_entries,
            std::vector<std::string>{"Deutsche Demokratische Republik (German Democratic Republic)"});
  EXPECT_EQ(ids("AVH"), Ids{"avh"});
  EXPECT_EQ(ids("DRV"), Ids{"vietnam"});
  EXPECT_EQ(ids("CPSU"), Ids{"cpsu"});   // not every communist party
}

// A glossary expansion that lists several meanings ("TASS, tactical air
// support squadron; Telegraphnoye Agentstvo Sovyetskovo Soyuza") is searched
// as each, and each finds the abbreviation: no text writes them joined.
TEST_F(TextSearch, GlossaryExpansionsOfSeveralMeaningsAreSearchedApart) {
  put_all({make_record("squadron", "Report", "The tactical air support squadron moved."),
           make_record("agency", "Report", "Telegraphnoye Agentstvo Sovyetskovo Soyuza reported."),
           make_record("abbreviated", "Telegram", "TASS reported the talks."),
           make_record("bracketed", "Report", "Die Deutsche Demokratische Republik protestierte."),
           make_record("station", "Report", "The Coast Guard Station at Key West replied.")});
  ASSERT_TRUE(index_->add_synonym("TASS", "tactical air support squadron; Telegraphnoye Agentstvo Sovyetskovo Soyuza")
                  .has_value());
  ASSERT_TRUE(index_->add_synonym("DDR", "Deutsche Demokratische Republik (East Germany; GDR)").has_value());
  ASSERT_TRUE(index_->add_synonym("CGS", "Commanding General Staff; or Coast Guard Station").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("Coast Guard Station"), (Ids{"station"}));
  EXPECT_EQ(ids("CGS"), (Ids{"station"}));
  EXPECT_EQ(ids("TASS"), (Ids{"abbreviated", "agency", "squadron"}));
  EXPECT_EQ(ids("tactical air support squadron"), (Ids{"abbreviated", "squadron"}));
  EXPECT_EQ(ids("Telegraphnoye Agentstvo Sovyetskovo Soyuza"), (Ids{"abbreviated", "agency"}));
  EXPECT_EQ(search("TASS").glossary_entries,
            std::vector<std::string>{"tactical air support squadron; Telegraphnoye Agentstvo Sovyetskovo Soyuza"});
  // A semicolon in brackets parts nothing.
  EXPECT_EQ(ids("DDR"), Ids{"bracketed"});
}

// A glossary entry written with line breaks or runs of spaces (as TEI may
// have it) is shown single-spaced.
TEST_F(TextSearch, GlossaryEntriesAreShownSingleSpaced) {
  put_all({make_record("cominform", "Communist Information Bureau report", "")});
  ASSERT_TRUE(index_->add_synonym("Cominform", "Communist\n   Information  Bureau ").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(search("Cominform").glossary_entries, std::vector<std::string>{"Communist Information Bureau"});
}

const Hit* hit_with_id(const SearchResults& results, const std::string& id) {
  for (const Hit& hit : results.hits) {
    if (hit.id == id) return &hit;
  }
  return nullptr;
}

// A hit whose text lacks the query's words but a note has them shows that
// note's words (and which note); a hit whose text has them shows its text.
TEST_F(TextSearch, AHitFoundByItsNotesAloneShowsTheNote) {
  Record by_note = make_record("by-note", "Memorandum for the Record", "The meeting discussed the budget.");
  by_note.notes.push_back(Note{"1", "d1fn1", "", "Source: Department of State, Central Files. Secret.", "source"});
  by_note.notes.push_back(Note{"2", "d1fn2", "", "A copy went to Eisenhower on May 3.", ""});
  by_note.notes.push_back(Note{"3", "d1fn3", "", "Not printed.", ""});
  Record by_text = make_record("by-text", "Letter", "Eisenhower answered the letter at once.");
  by_text.notes.push_back(Note{"1", "d2fn1", "", "Eisenhower Library, Eisenhower Diaries.", "source"});
  Record notes_only;   // no text of its own: its snippet text is its notes
  notes_only.id = "notes-only";
  notes_only.title = "Editorial Note";
  notes_only.notes.push_back(Note{"1", "d3fn1", "", "Eisenhower was away.", ""});
  put_all({by_note, by_text, notes_only});

  const SearchResults results = search("Eisenhower");
  ASSERT_EQ(results.hits.size(), 3u);
  const Hit* note_hit = hit_with_id(results, "by-note");
  ASSERT_NE(note_hit, nullptr);
  EXPECT_EQ(note_hit->snippet, "A copy went to <mark>Eisenhower</mark> on May 3.");
  ASSERT_TRUE(note_hit->snippet_note.has_value());
  EXPECT_EQ(note_hit->snippet_note->position, 2u);
  EXPECT_EQ(note_hit->snippet_note->number, "2");
  EXPECT_FALSE(note_hit->snippet_note->source);

  const Hit* text_hit = hit_with_id(results, "by-text");
  ASSERT_NE(text_hit, nullptr);
  EXPECT_EQ(text_hit->snippet, "<mark>Eisenhower</mark> answered the letter at once.");
  EXPECT_FALSE(text_hit->snippet_note.has_value());

  const Hit* notes_only_hit = hit_with_id(results, "notes-only");
  ASSERT_NE(notes_only_hit, nullptr);
  EXPECT_EQ(notes_only_hit->snippet, "<mark>Eisenhower</mark> was away.");
  EXPECT_FALSE(notes_only_hit->snippet_note.has_value());

  // The source note, when it is the note with the words.
  const SearchResults central = search("\"Central Files\"");
  const Hit* source_hit = hit_with_id(central, "by-note");
  ASSERT_NE(source_hit, nullptr);
  ASSERT_TRUE(source_hit->snippet_note.has_value());
  EXPECT_TRUE(source_hit->snippet_note->source);
  EXPECT_EQ(source_hit->snippet_note->position, 1u);

  // Found by the title alone: the beginning of the text, no note.
  const SearchResults by_title = search("memorandum");
  const Hit* title_hit = hit_with_id(by_title, "by-note");
  ASSERT_NE(title_hit, nullptr);
  EXPECT_EQ(title_hit->snippet, "The meeting discussed the budget.");
  EXPECT_FALSE(title_hit->snippet_note.has_value());
}

// A hit's title marks the query's words as the document page does: a
// phrase's words only together.
TEST_F(TextSearch, HitTitlesMarkTheQueryWords) {
  put_all({make_record("t1", "Telegram From the Secretary of State to Eisenhower", "Text."),
           make_record("t2", "Memorandum of the State Department", "The Secretary of State spoke.")});
  auto marked = [](const Hit& hit) {
    std::vector<std::string> out;
    for (const auto& [begin, end] : hit.title_marks) out.push_back(hit.title.substr(begin, end - begin));
    return out;
  };
  const SearchResults words = search("Eisenhower telegram");
  ASSERT_EQ(words.hits.size(), 1u);
  EXPECT_EQ(marked(words.hits[0]), (std::vector<std::string>{"Telegram", "Eisenhower"}));

  const SearchResults phrase = search("\"Secretary of State\"");
  ASSERT_EQ(phrase.hits.size(), 2u);
  const Hit* t1 = hit_with_id(phrase, "t1");
  const Hit* t2 = hit_with_id(phrase, "t2");
  ASSERT_TRUE(t1 != nullptr && t2 != nullptr);
  EXPECT_EQ(marked(*t1), (std::vector<std::string>{"Secretary", "of", "State"}));
  // "State" alone in t2's title is no match of the phrase.
  EXPECT_TRUE(t2->title_marks.empty()) << marked(*t2).size();

  // Without snippets (a list, a feed), nothing is marked.
  SearchRequest plain;
  plain.want_snippets = false;
  EXPECT_TRUE(search("Eisenhower", plain).hits.at(0).title_marks.empty());
}

}  // namespace
}  // namespace chancery::testing
