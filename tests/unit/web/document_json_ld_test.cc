// A document page's JSON-LD, written directly, is what the nlohmann object it
// replaced dumps through json_for_script(), byte for byte: on records of
// every shape and on strings with quotes, backslashes, control characters,
// markup, non-Latin scripts and invalid UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/record.h"
#include "random_record.h"
#include "web/responses.h"
#include "web/views.h"

namespace chancery::web {
namespace {

// The specification: the nlohmann version the page used before.
nlohmann::json json_ld_spec(const Record& record, std::string_view canonical_url) {
  nlohmann::json ld = {
      {"@context", "https://schema.org"},
      {"@type", "ArchiveComponent"},
      {"@id", std::string(canonical_url)},
      {"url", std::string(canonical_url)},
      {"name", record.title},
      {"identifier", record.id},
  };
  if (record.date.known()) ld["dateCreated"] = record.date.from.iso();
  if (!record.summary.empty()) ld["description"] = record.summary;
  if (!record.languages.empty()) ld["inLanguage"] = record.languages;
  std::string archive = record.archive.empty() ? record.citation.archive : record.archive;
  if (!archive.empty()) ld["holdingArchive"] = {{"@type", "ArchiveOrganization"}, {"name", archive}};
  if (!record.citation.publisher.empty()) ld["publisher"] = {{"@type", "Organization"}, {"name", record.citation.publisher}};
  if (!record.subjects.empty()) ld["keywords"] = record.subjects;
  nlohmann::json mentions = nlohmann::json::array();
  for (const auto& p : record.people) mentions.push_back({{"@type", "Person"}, {"name", p.name}});
  for (const auto& p : record.places) mentions.push_back({{"@type", "Place"}, {"name", p.name}});
  if (!mentions.empty()) ld["mentions"] = mentions;
  if (!record.citation.url.empty()) ld["sameAs"] = record.citation.url;
  return ld;
}

TEST(DocumentJsonLd, WrittenAsNlohmannDumpedItForAScript) {
  for (std::uint32_t seed = 1; seed <= 2000; ++seed) {
    const Record record = testing::RandomRecord(seed).make();
    const std::string url = seed % 2 == 0 ? "https://archive.example/document/a%2Fb" : "http://127.0.0.1:8080/d<1>";
    ASSERT_EQ(document_json_ld(record, url), json_for_script(json_ld_spec(record, url))) << "seed " << seed;
  }
}

TEST(DocumentJsonLd, IsJsonThatEmbedsSafely) {
  Record record;
  record.id = "frus1961-63v05/d9";
  record.title = "Telegram </script><script>alert(1)</script>";
  record.people.push_back(NameRef{"Nikita Khrushchev", "k"});
  record.places.push_back(NameRef{"Berlin", "b"});
  const std::string ld = document_json_ld(record, "https://archive.example/document/frus1961-63v05/d9");
  EXPECT_EQ(ld.find('<'), std::string::npos);
  const nlohmann::json parsed = nlohmann::json::parse(ld);
  EXPECT_EQ(parsed["name"], record.title);
  EXPECT_EQ(parsed["mentions"][0]["@type"], "Person");
  EXPECT_EQ(parsed["mentions"][1]["name"], "Berlin");
}

}  // namespace
}  // namespace chancery::web
