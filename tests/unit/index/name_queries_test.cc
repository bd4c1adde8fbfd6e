// A quoted capitalised phrase is broadened to a person's linked records only
// when it is a known person's name: "Robert Call" is, "Secure Phone Call" is
// not, although its last word is that person's family name.
#include "index_fixture.h"

namespace chancery::testing {
namespace {

using NameQueries = IndexTest;

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
  auto ids = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*opened)->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    std::vector<std::string> out;
    if (found) {
      for (const Hit& hit : found->hits) out.push_back(hit.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids("\"Secure Phone Call\""), Ids{"1"});
  EXPECT_EQ(ids("\"secure phone call\""), Ids{"1"});
  EXPECT_EQ(ids("\"Robert Call\""), (Ids{"2", "3", "4", "5"}));
}

}  // namespace
}  // namespace chancery::testing
