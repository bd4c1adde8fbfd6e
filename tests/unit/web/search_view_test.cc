// The search page's facet links: each toggles its value's filter on the first
// page, exactly as search_url() writes the URL of the toggled parameters.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "web/search_view.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

TEST(SearchView, FacetLinksAreTheUrlsOfTheToggledParameters) {
  std::mt19937 random(20261130);
  const std::vector<std::string> queries = {"", "Nagy", "\"Imre Nagy\" & Kádár?", "a=b+c/d"};
  const std::vector<std::pair<std::string, std::string>> filters = {
      {"year", "1956"}, {"person", "Nagy, Imre"}, {"place", "Budapest & Pest"}, {"type", "telegram"}};
  const std::vector<std::string> sorts = {"relevance", "date", "-date"};
  int links = 0;
  for (int round = 0; round < 200; ++round) {
    SearchParams params;
    params.q = queries[random() % queries.size()];
    for (const auto& filter : filters) {
      if (random() % 3 == 0) params.filters.push_back(filter);
    }
    if (random() % 2) params.from = "1955";
    if (random() % 2) params.to = "1957-11";
    params.sort = sorts[random() % sorts.size()];
    params.offset = static_cast<int>(random() % 3) * params.limit;
    SearchResults results;
    results.total = 5;
    results.facets_exact = true;
    for (const auto& [name, value] : filters) results.facets[name].push_back({value, 3});
    results.facets["year"].push_back({"1957", 2});
    const TemplateData page = search_view(params, results);
    const TemplateData* facets = page.get("facets");
    ASSERT_NE(facets, nullptr);
    for (const TemplateData& facet : facets->list_value()) {
      const std::string name = facet.get("name")->string_value();
      for (const TemplateData& value : facet.get("values")->list_value()) {
        SearchParams toggled = params;
        toggled.offset = 0;
        const std::pair<std::string, std::string> filter{name, value.get("value")->string_value()};
        if (params.has_filter(filter.first, filter.second)) {
          std::erase(toggled.filters, filter);
        } else {
          toggled.filters.push_back(filter);
        }
        EXPECT_EQ(value.get("url")->string_value(), search_url(toggled)) << round;
        ++links;
      }
    }
  }
  EXPECT_EQ(links, 200 * 5);   // every value of every facet was checked
}

// The index gives the most frequent values first; the page lists years and
// decades in date order, other facets as given.
TEST(SearchView, YearsAndDecadesReadInDateOrder) {
  SearchParams params;
  params.q = "soviet";
  SearchResults results;
  results.total = 90;
  results.facets_exact = true;
  results.facets["year"] = {{"1962", 40}, {"1956", 30}, {"1961", 12}, {"800", 1}};
  results.facets["decade"] = {{"1960s", 52}, {"1950s", 30}};
  results.facets["type"] = {{"telegram", 60}, {"memorandum", 20}};
  const TemplateData page = search_view(params, results);
  std::map<std::string, std::vector<std::string>> shown;
  for (const TemplateData& facet : page.get("facets")->list_value()) {
    for (const TemplateData& value : facet.get("values")->list_value()) {
      shown[facet.get("name")->string_value()].push_back(value.get("value")->string_value() + " " +
                                                         value.get("count")->string_value());
    }
  }
  EXPECT_EQ(shown["year"], (std::vector<std::string>{"800 1", "1956 30", "1961 12", "1962 40"}));
  EXPECT_EQ(shown["decade"], (std::vector<std::string>{"1950s 30", "1960s 52"}));
  EXPECT_EQ(shown["type"], (std::vector<std::string>{"telegram 60", "memorandum 20"}));
}

TEST(DisplayIsoDate, ListedDatesReadAsDates) {
  EXPECT_EQ(display_iso_date("1958-11-04"), "November 4, 1958");
  EXPECT_EQ(display_iso_date("1958-11"), "November 1958");
  EXPECT_EQ(display_iso_date("1958"), "1958");
  EXPECT_EQ(display_iso_date("1958-11-04/1958-11-06"), "November 4, 1958 \u2013 November 6, 1958");
  EXPECT_EQ(display_iso_date("not a date"), "not a date");
  EXPECT_EQ(display_iso_date("1958..1959"), "1958..1959");
  EXPECT_EQ(display_iso_date(""), "");
  // A hit keeps the machine-readable first day for <time datetime>.
  const TemplateData hit = hit_view(Hit{"v/d1", "T", "1958-11-04/1958-11-06", "", 1.0, std::nullopt});
  EXPECT_EQ(hit.get("date")->string_value(), "1958-11-04");
  EXPECT_EQ(hit.get("date_shown")->string_value(), "November 4, 1958 \u2013 November 6, 1958");
}

TEST(Shortened, CutsAtAWordWithAnEllipsisAndNeverInsideACharacter) {
  EXPECT_EQ(shortened("Short title", 20), "Short title");
  EXPECT_EQ(shortened("The Taiwan Strait crisis: U.S. concern with the defense", 30), "The Taiwan Strait crisis: U.S.\u2026");
  EXPECT_EQ(shortened("The Taiwan Strait crisis; U.S. concern", 26), "The Taiwan Strait crisis\u2026");
  const std::string cyrillic = "Хрущёвххххххххххххххххх";   // one word of two-byte characters
  const std::string cut = shortened(cyrillic, 11);
  EXPECT_EQ(cut, "Хрущё\u2026");
  for (std::size_t max = 1; max < cyrillic.size(); ++max) {
    const std::string piece = shortened(cyrillic, max);
    const std::string kept = piece.substr(0, piece.size() - 3);
    EXPECT_EQ(cyrillic.compare(0, kept.size(), kept), 0) << max;
    EXPECT_EQ(kept.size() % 2, 0u) << "cut inside a character at " << max;
  }
}

TEST(Shortened, ATrailShowsTheStartOfALongTitleAndKeepsItWhole) {
  const std::string chapter(
      "The Taiwan Strait crisis: U.S. concern with the defense of Taiwan and the maintenance of peace in the "
      "Taiwan area; the Formosa resolution; efforts to bring the problem before the U.N. Security Council");
  SearchParams params;
  params.q = "taiwan";
  SearchResults results;
  results.total = 1;
  results.hits.push_back(Hit{"v/d1", "1. Telegram", "1955-02-18", "", 1.0, std::string("v/ch1")});
  const TemplateData page =
      search_view(params, results, {CollectionTrail{{"v", "Volume II, China"}, {"v/ch1", chapter}}});
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  auto rendered = site->templates.render("search", page);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  EXPECT_NE(rendered->find("title=\"" + chapter + "\">The Taiwan Strait crisis: U.S. concern with the defense of Taiwan "
                           "and the maintenance of peace in the Taiwan\u2026</a>"),
            std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("<a href=\"/collection/v\">Volume II, China</a>"), std::string::npos) << *rendered;
}
}  // namespace
}  // namespace chancery::web

namespace chancery::web {
namespace {

TEST(Grouped, CountsReadWithThousandsSeparators) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(7), "7");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(6843), "6,843");
  EXPECT_EQ(grouped(81070), "81,070");
  EXPECT_EQ(grouped(1234567), "1,234,567");
  EXPECT_EQ(grouped(-1234), "-1,234");
  EXPECT_EQ(grouped(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
  EXPECT_EQ(grouped(std::numeric_limits<std::int64_t>::max()), "9,223,372,036,854,775,807");
}

TEST(Grouped, SearchPageShowsTheTotalGroupedAndKeepsItPlainForScripts) {
  SearchParams params;
  params.q = "soviet";
  SearchResults results;
  results.total = 81070;
  results.facets["year"] = {{"1961", 12345}};
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  auto rendered = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  const std::string& page = *rendered;
  EXPECT_NE(page.find("data-total=\"81070\""), std::string::npos) << page;
  EXPECT_NE(page.find("81,070 documents"), std::string::npos) << page;
  EXPECT_NE(page.find("(12,345)"), std::string::npos) << page;
}

// Every page number, within the results or past their end (an old link, a
// hand-edited URL, results that shrank), gives a window of existing pages:
// /search?q=Khrushchev&page=60 of 46 pages once failed with a 500 (the
// window's first page came after its last).
TEST(Pagination, AnyPageGivesAWindowOfExistingPages) {
  for (const std::int64_t total : {0, 1, 20, 21, 916, 20000}) {
    const std::int64_t pages = std::min<std::int64_t>((total + 19) / 20, (kMaxOffset + 20 + 19) / 20);
    for (int current = 1; current <= 600; ++current) {
      const TemplateData d = pagination_view(current, 20, total, [](std::int64_t n) { return "/p/" + std::to_string(n); });
      const TemplateData* items = d.get("pages");
      if (pages <= 1 && current == 1) {
        EXPECT_EQ(items, nullptr) << total;
        continue;
      }
      if (pages == 0) continue;
      ASSERT_NE(items, nullptr) << total << " " << current;
      ASSERT_FALSE(items->list_value().empty());
      std::int64_t previous = 0;
      int currents = 0;
      for (const TemplateData& item : items->list_value()) {
        const std::int64_t n = std::stoll(item.get("number")->string_value());
        EXPECT_GE(n, 1);
        EXPECT_LE(n, pages) << total << " " << current;
        if (previous != 0) {
          EXPECT_EQ(n, previous + 1);   // consecutive
        }
        previous = n;
        EXPECT_EQ(item.get("url")->string_value(), "/p/" + std::to_string(n));
        if (item.get("current")->is_true()) ++currents;
      }
      EXPECT_EQ(currents, current <= pages ? 1 : 0) << total << " " << current;
      if (current > pages) {
        // Past the end: the last pages, and "previous" leads to the last one.
        EXPECT_EQ(previous, pages);
        ASSERT_NE(d.get("previous_url"), nullptr);
        EXPECT_EQ(d.get("previous_url")->string_value(), "/p/" + std::to_string(pages));
        EXPECT_EQ(d.get("next_url"), nullptr);
        ASSERT_NE(d.get("past_end"), nullptr);
        EXPECT_EQ(d.get("last_page")->string_value(), std::to_string(pages));
      } else {
        EXPECT_EQ(d.get("past_end"), nullptr);
      }
    }
  }
}

TEST(SearchView, APagePastTheLastSaysWhereTheResultsEnd) {
  SearchParams params;
  params.q = "Khrushchev";
  params.offset = 59 * params.limit;   // page 60
  SearchResults results;
  results.total = 916;                 // 46 pages of 20
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  const TemplateData view = search_view(params, results);
  EXPECT_EQ(view.get("first"), nullptr);
  const TemplateData* pagination = view.get("pagination");
  ASSERT_NE(pagination, nullptr);
  ASSERT_NE(pagination->get("last_page_url"), nullptr);
  SearchParams last = params;
  last.offset = 45 * params.limit;
  EXPECT_EQ(pagination->get("last_page_url")->string_value(), search_url(last));
  auto rendered = site->templates.render("search", view);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  EXPECT_NE(rendered->find("There is no page 60 here: the list ends on page 46."), std::string::npos) << *rendered;
  EXPECT_NE(rendered->find("Go to page 46"), std::string::npos);
  EXPECT_EQ(rendered->find("Showing"), std::string::npos);
  // Within the results the range is shown as before.
  params.offset = 0;
  results.hits.resize(20);
  for (std::size_t i = 0; i < results.hits.size(); ++i) results.hits[i].id = "d" + std::to_string(i);
  auto first = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(first.has_value());
  EXPECT_NE(first->find("Showing 1–20"), std::string::npos);
  EXPECT_EQ(first->find("There is no page"), std::string::npos);
}

// What a search also looked for, unasked, is said above its hits: other
// spellings of a name (capitalised when folded, else as the records write
// them) and glossary equivalents.
TEST(SearchView, SaysWhatTheSearchAlsoLookedFor) {
  SearchParams params;
  params.q = "Chruschtschow USSR";
  SearchResults results;
  results.total = 3;
  results.other_spellings = {"khrushchev", "\u0445\u0440\u0443\u0449\u0435\u0432", "USSR", "de Gaulle"};
  results.glossary_entries = {"union of soviet socialist republics"};
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  auto rendered = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  EXPECT_NE(rendered->find("Also searched for other spellings of the name: Khrushchev, \u0425\u0440\u0443\u0449\u0435\u0432, USSR, de Gaulle."),
            std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("Also searched for its equivalents in the glossaries: union of soviet socialist republics."),
            std::string::npos);
  // Nothing of the kind when the search looked for nothing more.
  results.other_spellings.clear();
  results.glossary_entries.clear();
  auto plain = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->find("Also searched"), std::string::npos);
}

// A wildcard searched for its most frequent words only says which.
TEST(SearchView, SaysWhichWordsALimitedWildcardWasSearchedFor) {
  SearchParams params;
  params.q = "s* <b>";
  SearchResults results;
  results.total = 3;
  results.limited_wildcards = {{"s*", {"state", "soviet", "secretary"}, 3886}, {"<b>*", {"bold"}, 1200}};
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  auto rendered = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  EXPECT_NE(rendered->find("s* was searched for its 3 most frequent words of the 3,886 that start so: state, soviet, "
                           "secretary."),
            std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("&lt;b&gt;* was searched for its most frequent word of the 1,200 that start so: bold."),
            std::string::npos)
      << *rendered;
  results.limited_wildcards.clear();
  auto plain = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->find("that start so"), std::string::npos);
}

// A hit's title shows the query's words marked (escaped around them), and a
// snippet taken from a note says which, linking to it in the document.
TEST(SearchView, HitsMarkTitlesAndSayWhichNoteASnippetIsFrom) {
  SearchParams params;
  params.q = "Eisenhower";
  SearchResults results;
  results.total = 3;
  Hit title_hit;
  title_hit.id = "v/d1";
  title_hit.title = "Letter From <President> Eisenhower";
  title_hit.title_marks = {{24, 34}};
  title_hit.snippet = "Dear <mark>Eisenhower</mark>";
  Hit note_hit;
  note_hit.id = "v/d2";
  note_hit.title = "Memorandum";
  note_hit.snippet = "A copy went to <mark>Eisenhower</mark>.";
  note_hit.snippet_note = Hit::FromNote{2, "7", false};
  Hit source_hit = note_hit;
  source_hit.id = "v/d3";
  source_hit.snippet_note = Hit::FromNote{1, "1", true};
  results.hits = {title_hit, note_hit, source_hit};
  auto site = testing::test_site();
  ASSERT_NE(site, nullptr);
  auto rendered = site->templates.render("search", search_view(params, results));
  ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
  EXPECT_NE(rendered->find(">Letter From &lt;President&gt; <mark>Eisenhower</mark></a></h3>"), std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("<p class=\"hit-snippet\"><a class=\"hit-snippet-note\" href=\"/document/v/d2?q=Eisenhower#fn7\">"
                           "Note 7</a>: A copy went to <mark>Eisenhower</mark>.</p>"),
            std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("href=\"/document/v/d3?q=Eisenhower#fn1\">Source note</a>: "), std::string::npos);
  EXPECT_NE(rendered->find(">Memorandum</a></h3>"), std::string::npos);
  EXPECT_EQ(rendered->find("href=\"/document/v/d1?q=Eisenhower#"), std::string::npos);
}

TEST(MarkedHtml, EscapesAndMarksOnlyRangesInOrderAndInBounds) {
  EXPECT_EQ(marked_html("a <b> c", {{0, 1}, {6, 7}}), "<mark>a</mark> &lt;b&gt; <mark>c</mark>");
  EXPECT_EQ(marked_html("abc", {{1, 2}, {0, 1}, {2, 9}, {3, 3}}), "a<mark>b</mark>c");
  EXPECT_EQ(marked_html("", {}), "");
}

}  // namespace
}  // namespace chancery::web
