// Addresses and citations read from a query (addresses.h).
#include "index/addresses.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace chancery::testing {
namespace {

TEST(AddressedIds, ThePathAndItsTailsOfOneWord) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(addressed_ids("https://history.state.gov/historicaldocuments/frus1961-63v05/d45?x=1"),
            (V{"historicaldocuments/frus1961-63v05/d45", "frus1961-63v05/d45", "d45"}));
  EXPECT_EQ(addressed_ids("frus1961-63v05/d45"), (V{"frus1961-63v05/d45", "d45"}));
  EXPECT_EQ(addressed_ids("frus1961-63v05"), V{"frus1961-63v05"});
  EXPECT_EQ(addressed_ids("https://example.org/117079"), V{"117079"});
  EXPECT_EQ(addressed_ids("/document/117079/"), (V{"document/117079", "117079"}));
  for (std::string_view none : {"", "   ", "Nagy", "1956", "117079", "Gheorghiu-Dej", "https://example.org",
                                "https://example.org/", "a/b c", "title:a/b", "\"a/b\"", "a/(b)", "a/b*",
                                "date:1956..1957"}) {
    EXPECT_EQ(addressed_ids(none), V{}) << none;
  }
  std::string deep = "x";
  for (int i = 0; i < 20; ++i) deep += "/x";
  EXPECT_EQ(addressed_ids(deep).size(), kMaxAddressedIds);
}

TEST(CitedIds, FrusCitationsAsHistoriansWriteThem) {
  using V = std::vector<std::string>;
  const V d45{"frus1961-63v05/d45", "frus1961-63v05p1/d45", "frus1961-63v05p2/d45", "frus1961-63v05p3/d45"};
  for (std::string_view citation :
       {"FRUS, 1961–1963, vol. V, doc. 45", "FRUS 1961-63 v5 d45", "FRUS 1961–63, V, 45",
        "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, Document 45",
        "frus 1961-1963 volume 5 document 45", "FRUS, 1961–1963, Vol. 5, No. 45.", "(FRUS 1961-63 v05 d45)"}) {
    EXPECT_EQ(cited_ids(citation), d45) << citation;
  }
  EXPECT_EQ(cited_ids("FRUS 1955–1957, XXV, 138").front(), "frus1955-57v25/d138");
  EXPECT_EQ(cited_ids("FRUS, 1955-57, vol. XXV, Eastern Europe, doc. 138").front(), "frus1955-57v25/d138");
  EXPECT_EQ(cited_ids("FRUS 1948, vol. I, pt. 1, doc. 12"), V{"frus1948v01p1/d12"});
  EXPECT_EQ(cited_ids("FRUS 1969–1976, Volume E–14, Part 1, Document 3"), V{"frus1969-76ve14p1/d3"});
  EXPECT_EQ(cited_ids("FRUS 1958–1960, Volume X, Part 2"), V{"frus1958-60v10p2"});
  EXPECT_EQ(cited_ids("FRUS 1961-63 vol. V").front(), "frus1961-63v05");
  EXPECT_EQ(cited_ids("FRUS 1999-2001 v1").front(), "frus1999-01v01");
  EXPECT_EQ(cited_ids("FRUS 1999-01 v1").front(), "frus1999-01v01");
  EXPECT_EQ(cited_ids("FRUS 1955, 25, 138").front(), "frus1955v25/d138");   // two digits spanning no years: a volume
  // No series, no year, no volume, or out of range: no citation.
  for (std::string_view none : {"", "1961-63 vol. V doc. 45", "Soviet Union 1961", "FRUS", "FRUS Soviet Union",
                                "FRUS 1961-63", "FRUS 1961-63 Soviet Union doc. 45", "FRUS 1700 vol. 2",
                                "FRUS 1961-63 vol. 500", "FRUS 1961-63 vol. 5 part 12", "FRUS 1961-63 vol 5 doc 0",
                                "Khrushchev"}) {
    EXPECT_EQ(cited_ids(none), V{}) << none;
  }
  EXPECT_EQ(cited_ids("FRUS 1961-63 vol 5 doc 45" + std::string(kMaxCitationBytes, ' ')), V{});
}

}  // namespace
}  // namespace chancery::testing
