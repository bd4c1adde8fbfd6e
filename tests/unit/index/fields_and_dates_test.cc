// Field prefixes, date ranges, facets and sort orders.
#include "index_fixture.h"

namespace chancery::testing {
namespace {

class FieldsAndDates : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    Record day = make_record("day", "Telegram from Budapest", "Nagy asked for help.", "November 3, 1956");
    day.people = {{"Nagy, Imre", "p1"}};
    day.places = {{"Budapest", ""}};
    day.languages = {"Hungarian"};
    day.contents = "Translation - English";
    day.record_type = "telegram";
    day.archive = "Hungarian National Archives";
    day.collections = {"frus1955-57v25", "frus1955-57v25/ch3"};
    Record month = make_record("month", "Memorandum on Hungary", "Kadar and Nagy.", "November 1956");
    month.people = {{"Kadar, Janos", "p2"}, {"Nagy, Imre", "p1"}};
    month.places = {{"Moscow", ""}};
    month.languages = {"Russian"};
    month.contents = "Translation - English";
    month.record_type = "memorandum";
    month.archive = "TsKhSD";
    month.collections = {"frus1955-57v25"};
    Record year = make_record("year", "Annual review", "Budapest in retrospect.", "1957");
    year.record_type = "memorandum";
    year.places = {{"Budapest", ""}};
    year.collections = {"other"};
    Record undated = make_record("undated", "Undated note", "Nagy, no date.");
    put_all({day, month, year, undated});
  }
};

TEST_F(FieldsAndDates, FieldPrefixes) {
  EXPECT_EQ(ids("title:budapest"), Ids{"day"});
  EXPECT_EQ(ids("budapest"), (Ids{"day", "year"}));
  EXPECT_EQ(ids("person:nagy"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("person:kadar"), Ids{"month"});
  EXPECT_EQ(ids("place:moscow"), Ids{"month"});
  EXPECT_EQ(ids("lang:russian"), Ids{"month"});
  EXPECT_EQ(ids("lang:Hungarian"), Ids{"day"});
  EXPECT_EQ(ids("lang:ru"), Ids{"month"});   // ISO 639 codes
  EXPECT_EQ(ids("language:HUN"), Ids{"day"});
  EXPECT_EQ(ids("lang:de"), Ids{});
  EXPECT_EQ(ids("archive:tskhsd"), Ids{"month"});
  EXPECT_EQ(ids("archive:\"national archives\""), Ids{"day"});
  EXPECT_EQ(ids("type:telegram"), Ids{"day"});
  EXPECT_EQ(ids("type:memorandum"), (Ids{"month", "year"}));
  EXPECT_EQ(ids("collection:frus1955-57v25"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("collection:frus1955-57v25/ch3"), Ids{"day"});
  EXPECT_EQ(ids("id:month"), Ids{"month"});
  EXPECT_EQ(ids("title:(telegram OR annual)"), (Ids{"day", "year"}));
  EXPECT_EQ(ids("TITLE:budapest"), Ids{"day"});
}

TEST_F(FieldsAndDates, DateRangesOverlapTheRecordsSpan) {
  EXPECT_EQ(ids("date:1956-11-01..1956-11-30"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("date:1956-11-15"), Ids{"month"});  // inside the month, not the day
  EXPECT_EQ(ids("date:1956-11-03"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("date:1956-11..1957"), (Ids{"day", "month", "year"}));
  EXPECT_EQ(ids("date:1956"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("date:1957-06"), Ids{"year"});
  EXPECT_EQ(ids("date:1955"), Ids{});
  EXPECT_EQ(ids("date:..1956-11-02"), Ids{"month"});
  EXPECT_EQ(ids("date:1957.."), Ids{"year"});
}

TEST_F(FieldsAndDates, WordsAndDatesAreBothRequired) {
  EXPECT_EQ(ids("Nagy date:1956-11"), (Ids{"day", "month"}));
  EXPECT_EQ(ids("Nagy date:1957"), Ids{});
  EXPECT_EQ(ids("Budapest date:1957"), Ids{"year"});
}

TEST_F(FieldsAndDates, FacetCounts) {
  SearchResults all = search("");
  ASSERT_EQ(all.total, 4);
  auto facet = [&](const std::string& name) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const FacetValue& v : all.facets[name]) out.emplace_back(v.value, v.count);
    return out;
  };
  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  EXPECT_EQ(facet("year"), (Counts{{"1956", 2}, {"1957", 1}}));
  EXPECT_EQ(facet("decade"), (Counts{{"1950s", 3}}));
  EXPECT_EQ(facet("type"), (Counts{{"memorandum", 2}, {"telegram", 1}}));
  EXPECT_EQ(facet("collection"), (Counts{{"frus1955-57v25", 2}, {"frus1955-57v25/ch3", 1}, {"other", 1}}));
  EXPECT_EQ(facet("person"), (Counts{{"Nagy, Imre", 2}, {"Kadar, Janos", 1}}));
  EXPECT_EQ(facet("place"), (Counts{{"Budapest", 2}, {"Moscow", 1}}));
  EXPECT_EQ(facet("language"), (Counts{{"Hungarian", 1}, {"Russian", 1}}));
  EXPECT_EQ(facet("archive"), (Counts{{"Hungarian National Archives", 1}, {"TsKhSD", 1}}));

  SearchResults nagy = search("nagy");
  ASSERT_EQ(nagy.total, 3);
  ASSERT_FALSE(nagy.facets["year"].empty());
  EXPECT_EQ(nagy.facets["year"][0].value, "1956");
  EXPECT_EQ(nagy.facets["year"][0].count, 2);
}

TEST_F(FieldsAndDates, FacetLimit) {
  SearchRequest request;
  request.facet_limit = 1;
  SearchResults all = search("", request);
  ASSERT_EQ(all.facets["collection"].size(), 1u);
  EXPECT_EQ(all.facets["collection"][0].value, "frus1955-57v25");
}

TEST_F(FieldsAndDates, FiltersAndAcrossFacetsOrWithin) {
  SearchRequest request;
  request.filters = {{"type", "memorandum"}};
  EXPECT_EQ(ids("", request), (Ids{"month", "year"}));
  request.filters = {{"type", "memorandum"}, {"year", "1957"}};
  EXPECT_EQ(ids("", request), Ids{"year"});
  request.filters = {{"type", "memorandum"}, {"type", "telegram"}};
  EXPECT_EQ(ids("", request), (Ids{"day", "month", "year"}));
  request.filters = {{"person", "Nagy, Imre"}, {"place", "Budapest"}};
  EXPECT_EQ(ids("", request), Ids{"day"});
  request.filters = {{"collection", "frus1955-57v25"}};
  SearchResults filtered = search("nagy", request);
  EXPECT_EQ(filtered.total, 2);
  EXPECT_EQ(filtered.facets["type"].size(), 2u);

  request.filters = {{"colour", "red"}};
  request.query = "nagy";
  auto bad = index_->search(request);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_F(FieldsAndDates, SortByDate) {
  SearchRequest request;
  request.sort = SortOrder::kDateAscending;
  EXPECT_EQ(ordered_ids("", request), (Ids{"month", "day", "year", "undated"}));
  request.sort = SortOrder::kDateDescending;
  EXPECT_EQ(ordered_ids("", request), (Ids{"year", "day", "month", "undated"}));
}

TEST_F(FieldsAndDates, HitsCarryStoredFields) {
  SearchResults results = search("id:day");
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].title, "Telegram from Budapest");
  EXPECT_EQ(results.hits[0].date, "1956-11-03");
}

TEST_F(FieldsAndDates, PagingAndTotals) {
  SearchRequest request;
  request.limit = 1;
  request.offset = 1;
  SearchResults results = search("nagy", request);
  EXPECT_EQ(results.total, 3);
  EXPECT_TRUE(results.total_exact);
  EXPECT_EQ(results.hits.size(), 1u);
}

// A pasted address, a record's or a collection's id or a URL that ends with
// one, finds that record or the collection's records; anything else is
// searched as words.
class Addresses : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    Record d45 = make_record("frus1961-63v05/d45", "Airgram from Moscow", "Dobrynin asked.");
    d45.collections = {"frus1961-63v05", "frus1961-63v05/comp1"};
    Record d46 = make_record("frus1961-63v05/d46", "Telegram", "The document in question.");
    d46.collections = {"frus1961-63v05", "frus1961-63v05/comp1"};
    Record seed = make_record("117079", "Notes of a phone call", "Epishev reported.");
    put_all({d45, d46, seed});
  }
};

TEST_F(Addresses, AnAddressFindsItsRecordOrCollection) {
  EXPECT_EQ(ids("frus1961-63v05/d45"), Ids{"frus1961-63v05/d45"});
  EXPECT_EQ(ids("  https://history.state.gov/historicaldocuments/frus1961-63v05/d45  "), Ids{"frus1961-63v05/d45"});
  EXPECT_EQ(ids("HTTP://127.0.0.1:8080/document/frus1961-63v05/d46?q=Nagy#match-1"), Ids{"frus1961-63v05/d46"});
  EXPECT_EQ(ids("https://digitalarchive.wilsoncenter.org/document/117079"), Ids{"117079"});
  EXPECT_EQ(ids("frus1961-63v05"), (Ids{"frus1961-63v05/d45", "frus1961-63v05/d46"}));
  EXPECT_EQ(ids("https://history.state.gov/historicaldocuments/frus1961-63v05/comp1/"),
            (Ids{"frus1961-63v05/d45", "frus1961-63v05/d46"}));
  SearchResults record = search("frus1961-63v05/d45");
  EXPECT_EQ(record.addressed, "frus1961-63v05/d45");
  EXPECT_TRUE(record.other_spellings.empty());
  EXPECT_EQ(search("frus1961-63v05").addressed, "frus1961-63v05");
  // A record a request leaves out (restricted, filtered) is not said to be there.
  SearchRequest without;
  without.exclude = {"frus1961-63v05/d45"};
  EXPECT_EQ(search("frus1961-63v05/d45", without).total, 0);
  EXPECT_EQ(search("frus1961-63v05/d45", without).addressed, "");
  // No such record: the words as words; words are no address.
  EXPECT_EQ(ids("frus1961-63v05/d47"), Ids{});
  EXPECT_EQ(search("frus1961-63v05/d47").addressed, "");
  EXPECT_EQ(ids("document"), Ids{"frus1961-63v05/d46"});
  EXPECT_EQ(search("document").addressed, "");
  EXPECT_EQ(search("Epishev").addressed, "");
  EXPECT_EQ(search("id:117079").addressed, "");
  // A FRUS citation, as historians write it.
  EXPECT_EQ(ids("FRUS, 1961–1963, vol. V, doc. 46"), Ids{"frus1961-63v05/d46"});
  EXPECT_EQ(search("Foreign Relations of the United States, 1961-1963, Volume V, Soviet Union, Document 45").addressed,
            "frus1961-63v05/d45");
  EXPECT_EQ(search("FRUS 1961-63 v5").addressed, "frus1961-63v05");
  EXPECT_EQ(ids("FRUS 1961-63 vol. V doc. 47"), Ids{});   // no such document: searched as words
  // A query with a field searches: its words within the volume, not the volume.
  EXPECT_EQ(ids("Dobrynin collection:frus1961-63v05"), Ids{"frus1961-63v05/d45"});
  EXPECT_EQ(search("Dobrynin collection:frus1961-63v05").addressed, "");
  EXPECT_EQ(ids("Telegram FRUS 1961-63 vol. V date:1962"), Ids{});
}

}  // namespace
}  // namespace chancery::testing
