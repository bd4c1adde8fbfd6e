// The OAI-PMH protocol's pieces without an archive: arguments checked as the
// protocol requires, datestamps, resumption tokens, collections as sets, XML
// text that always parses, and records as Dublin Core.
#include "web/oai_pmh.h"

#include <gtest/gtest.h>

#include <string>

#include <pugixml.hpp>

namespace chancery::web::oai {
namespace {

std::expected<Request, ProtocolError> parse(const QueryParams& params) { return parse_request(params); }

std::string error_code(const QueryParams& params) {
  auto parsed = parse(params);
  return parsed ? std::string("none") : parsed.error().code;
}

TEST(OaiArguments, TheVerbIsRequiredKnownAndSingle) {
  EXPECT_EQ(error_code({}), "badVerb");
  EXPECT_EQ(error_code({{"metadataPrefix", "oai_dc"}}), "badVerb");
  EXPECT_EQ(error_code({{"verb", "ListThings"}}), "badVerb");
  EXPECT_EQ(error_code({{"verb", "identify"}}), "badVerb");  // verbs are case-sensitive
  EXPECT_EQ(error_code({{"verb", "Identify"}, {"verb", "Identify"}}), "badVerb");
  auto identify = parse({{"verb", "Identify"}});
  ASSERT_TRUE(identify.has_value());
  EXPECT_EQ(identify->verb, Verb::kIdentify);
}

TEST(OaiArguments, EachVerbTakesItsOwnArguments) {
  EXPECT_EQ(error_code({{"verb", "Identify"}, {"set", "a"}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListSets"}, {"metadataPrefix", "oai_dc"}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListRecords"}}), "badArgument");  // metadataPrefix missing
  EXPECT_EQ(error_code({{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"identifier", "x"}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"metadataPrefix", "oai_dc"}}),
            "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListRecords"}, {"metadataPrefix", ""}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "GetRecord"}, {"metadataPrefix", "oai_dc"}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "GetRecord"}, {"identifier", "oai:a.b:1"}}), "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListMetadataFormats"}}), "none");
  EXPECT_EQ(error_code({{"verb", "ListMetadataFormats"}, {"identifier", "oai:a.b:1"}}), "none");

  auto get = parse({{"verb", "GetRecord"}, {"identifier", "oai:a.b:x/1"}, {"metadataPrefix", "oai_dc"}});
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->identifier, "oai:a.b:x/1");
  EXPECT_EQ(get->window.metadata_prefix, "oai_dc");
  // Not known here: whether the format exists (the handler's cannotDisseminateFormat).
  EXPECT_EQ(error_code({{"verb", "ListIdentifiers"}, {"metadataPrefix", "marc"}}), "none");
}

TEST(OaiArguments, FromAndUntilAreDatestampsOfOneGranularityInOrder) {
  auto args = [](std::string from, std::string until) {
    QueryParams params{{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}};
    if (!from.empty()) params.emplace_back("from", from);
    if (!until.empty()) params.emplace_back("until", until);
    return params;
  };
  EXPECT_EQ(error_code(args("2026-12-01", "")), "none");
  EXPECT_EQ(error_code(args("", "2026-12-01T10:00:00Z")), "none");
  EXPECT_EQ(error_code(args("2026-12-01", "2026-12-01")), "none");
  EXPECT_EQ(error_code(args("2026-12-01", "2026-12-02T00:00:00Z")), "badArgument");
  EXPECT_EQ(error_code(args("2026-12-02", "2026-12-01")), "badArgument");
  EXPECT_EQ(error_code(args("2026-12-01T10:00:01Z", "2026-12-01T10:00:00Z")), "badArgument");
  EXPECT_EQ(error_code(args("2026-13-01", "")), "badArgument");
  EXPECT_EQ(error_code(args("2026-12-01T10:00:00", "")), "badArgument");
  EXPECT_EQ(error_code(args("yesterday", "")), "badArgument");

  auto window = parse(args("2026-12-01", "2026-12-03"));
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->window.from, "2026-12-01");
  EXPECT_EQ(window->window.until, "2026-12-03");
  EXPECT_FALSE(window->resumed);
}

TEST(OaiArguments, SetsAreSetSpecs) {
  auto with_set = [](std::string set) {
    return QueryParams{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"set", std::move(set)}};
  };
  EXPECT_EQ(error_code(with_set("frus1958-60v08")), "none");
  EXPECT_EQ(error_code(with_set("frus1958-60v08:ch3")), "none");
  EXPECT_EQ(error_code(with_set("a~2Fb:c")), "none");
  EXPECT_EQ(error_code(with_set("a/b")), "badArgument");
  EXPECT_EQ(error_code(with_set("a::b")), "badArgument");
  EXPECT_EQ(error_code(with_set(":a")), "badArgument");
  EXPECT_EQ(error_code(with_set("a b")), "badArgument");
}

TEST(OaiDatestamps, DaysAndSeconds) {
  EXPECT_TRUE(valid_datestamp("2024-02-29"));
  EXPECT_FALSE(valid_datestamp("2023-02-29"));
  EXPECT_FALSE(valid_datestamp("1900-02-29"));
  EXPECT_TRUE(valid_datestamp("2000-02-29"));
  EXPECT_FALSE(valid_datestamp("2026-04-31"));
  EXPECT_TRUE(valid_datestamp("2026-12-01T23:59:59Z"));
  EXPECT_FALSE(valid_datestamp("2026-12-01T24:00:00Z"));
  EXPECT_FALSE(valid_datestamp("2026-12-01T10:60:00Z"));
  EXPECT_FALSE(valid_datestamp("2026-12-01 10:00:00Z"));
  EXPECT_FALSE(valid_datestamp("2026-12-1"));
  EXPECT_FALSE(valid_datestamp(""));

  EXPECT_EQ(datestamp_of("2026-12-02T10:11:12.345Z"), "2026-12-02T10:11:12Z");
  EXPECT_EQ(datestamp_of("2026-12-02T10:11:12Z"), "2026-12-02T10:11:12Z");

  // The window's ends as store times: a day runs to its last millisecond.
  EXPECT_EQ(store_time_from("2026-12-02"), "2026-12-02T00:00:00.000Z");
  EXPECT_EQ(store_time_until("2026-12-02"), "2026-12-02T23:59:59.999Z");
  EXPECT_EQ(store_time_from("2026-12-02T10:11:12Z"), "2026-12-02T10:11:12.000Z");
  EXPECT_EQ(store_time_until("2026-12-02T10:11:12Z"), "2026-12-02T10:11:12.999Z");
  EXPECT_LE(store_time_from("2026-12-02T10:11:12Z"), "2026-12-02T10:11:12.000Z");
  EXPECT_GE(store_time_until("2026-12-02T10:11:12Z"), "2026-12-02T10:11:12.999Z");
}

TEST(OaiTokens, ListTokensCarryTheWindowAndCheckEveryField) {
  ListWindow window;
  window.metadata_prefix = "oai_dc";
  window.from = "2026-12-01";
  window.until = "2026-12-31";
  window.set = "frus1958-60v08:ch3";
  window.after_seq = 123456;
  window.cursor = 300;
  std::string token = encode_list_token(window);
  auto back = decode_list_token(token);
  ASSERT_TRUE(back.has_value()) << token;
  EXPECT_EQ(back->metadata_prefix, "oai_dc");
  EXPECT_EQ(back->from, "2026-12-01");
  EXPECT_EQ(back->until, "2026-12-31");
  EXPECT_EQ(back->set, "frus1958-60v08:ch3");
  EXPECT_EQ(back->after_seq, 123456);
  EXPECT_EQ(back->cursor, 300);

  // The third part's token: restrictions done, records of the next sent.
  ListWindow expiry = window;
  expiry.access = true;
  expiry.expiry = true;
  expiry.after_seq = 3;
  expiry.access_offset = 17;
  const std::string expiry_token = encode_list_token(expiry);
  EXPECT_TRUE(expiry_token.starts_with("e1/oai_dc/")) << expiry_token;
  auto expiry_back = decode_list_token(expiry_token);
  ASSERT_TRUE(expiry_back.has_value());
  EXPECT_TRUE(expiry_back->expiry && expiry_back->access);
  EXPECT_EQ(expiry_back->after_seq, 3);
  EXPECT_EQ(expiry_back->access_offset, 17);
  EXPECT_FALSE(decode_list_token("e1/oai_dc/////3/300").has_value());   // no offset
  EXPECT_FALSE(decode_list_token(encode_list_token(window)).value().expiry);

  ListWindow open;
  open.metadata_prefix = "oai_dc";
  auto open_back = decode_list_token(encode_list_token(open));
  ASSERT_TRUE(open_back.has_value());
  EXPECT_TRUE(open_back->from.empty() && open_back->until.empty() && open_back->set.empty());

  for (const char* bad : {"", "r1", "r1/oai_dc////1", "r1/oai_dc/////1/2/3", "r2/oai_dc/////1/2", "r1//////1/2",
                          "r1/oai_dc/////x/2", "r1/oai_dc/////-1/2", "r1/oai_dc/2026-13-01////1/2",
                          "r1/oai_dc/2026-12-02/2026-12-01///1/2", "r1/oai_dc/2026-12-01/2026-12-02T00:00:00Z///1/2",
                          "r1/oai_dc///a b/1/2", "r1/oai_dc/////1/99999999999999999999", "s1/5"}) {
    EXPECT_FALSE(decode_list_token(bad).has_value()) << bad;
  }
  auto resumed = parse({{"verb", "ListRecords"}, {"resumptionToken", token}});
  ASSERT_TRUE(resumed.has_value());
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->window.after_seq, 123456);
  // The token stands alone, and a bad one is badResumptionToken.
  EXPECT_EQ(error_code({{"verb", "ListRecords"}, {"resumptionToken", token}, {"metadataPrefix", "oai_dc"}}),
            "badArgument");
  EXPECT_EQ(error_code({{"verb", "ListRecords"}, {"resumptionToken", "nonsense"}}), "badResumptionToken");
}

TEST(OaiTokens, SetsTokensAreOffsets) {
  EXPECT_EQ(decode_sets_token(encode_sets_token(1000)), 1000);
  EXPECT_FALSE(decode_sets_token("s1/").has_value());
  EXPECT_FALSE(decode_sets_token("s1/x").has_value());
  EXPECT_FALSE(decode_sets_token("r1/oai_dc/////1/2").has_value());
  EXPECT_EQ(error_code({{"verb", "ListSets"}, {"resumptionToken", "s1/-4"}}), "badResumptionToken");
}

TEST(OaiIdentifiers, ItemsAreOaiIdentifiersOfThisRepository) {
  EXPECT_EQ(item_identifier("archive.example.org", "frus1958-60v08/d30"), "oai:archive.example.org:frus1958-60v08/d30");
  EXPECT_EQ(record_id_of("archive.example.org", "oai:archive.example.org:frus1958-60v08/d30"), "frus1958-60v08/d30");
  EXPECT_EQ(record_id_of("archive.example.org", "oai:archive.example.org:a:b"), "a:b");
  EXPECT_FALSE(record_id_of("archive.example.org", "oai:other.example.org:1").has_value());
  EXPECT_FALSE(record_id_of("archive.example.org", "oai:archive.example.org:").has_value());
  EXPECT_FALSE(record_id_of("archive.example.org", "117079").has_value());

  EXPECT_TRUE(valid_repository_identifier("archive.example.org"));
  EXPECT_TRUE(valid_repository_identifier("chancery.local"));
  EXPECT_FALSE(valid_repository_identifier("localhost"));
  EXPECT_FALSE(valid_repository_identifier("127.0.0.1"));
  EXPECT_FALSE(valid_repository_identifier("a..b"));
  EXPECT_FALSE(valid_repository_identifier("a.b:c"));
}

TEST(OaiSets, CollectionsBecomeNestedSetSpecs) {
  SetTree tree({
      {"frus1958-60v08/ch1", "frus1958-60v08", "Chapter One", 1},
      {"frus1958-60v08", "", "Volume VIII", 2},
      {"frus1958-60v08/ch1/s1", "frus1958-60v08/ch1", "Part", 1},
      {"frus1958-60v08/ch0", "frus1958-60v08", "Chapter Zero", 0},
      {"board 1", "", "Board ~ Papers", 1},
      {"odd", "frus1958-60v08", "Not below by its id", 3},
  });
  ASSERT_EQ(tree.sets().size(), 6u);
  // Outer sets before their parts; siblings in published order.
  EXPECT_EQ(tree.sets()[0].spec, "board~201");
  EXPECT_EQ(tree.sets()[1].spec, "frus1958-60v08");
  EXPECT_EQ(tree.sets()[2].spec, "frus1958-60v08:ch0");
  EXPECT_EQ(tree.sets()[3].spec, "frus1958-60v08:ch1");
  EXPECT_EQ(tree.sets()[4].spec, "frus1958-60v08:ch1:s1");
  EXPECT_EQ(tree.sets()[5].spec, "frus1958-60v08:odd");
  EXPECT_EQ(tree.sets()[4].name, "Part");
  for (const SetTree::Set& set : tree.sets()) {
    EXPECT_EQ(tree.collection_of(set.spec), set.collection) << set.spec;
    auto parsed = parse_request({{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"set", set.spec}});
    EXPECT_TRUE(parsed.has_value()) << set.spec;  // every spec is a valid setSpec
  }
  EXPECT_EQ(set_spec_piece("a~b", ""), "a~7Eb");
  EXPECT_FALSE(tree.collection_of("frus1958-60v08:ch9").has_value());

  auto around = tree.sets_around("frus1958-60v08/ch1/s1");
  ASSERT_EQ(around.size(), 3u);
  EXPECT_EQ(around[0]->spec, "frus1958-60v08");
  EXPECT_EQ(around[2]->spec, "frus1958-60v08:ch1:s1");
  EXPECT_TRUE(tree.sets_around("nowhere").empty());
  EXPECT_TRUE(tree.within("frus1958-60v08/ch1/s1", "frus1958-60v08"));
  EXPECT_TRUE(tree.within("frus1958-60v08/ch1", "frus1958-60v08/ch1"));
  EXPECT_FALSE(tree.within("frus1958-60v08/ch0", "frus1958-60v08/ch1"));
  EXPECT_FALSE(tree.within("", "frus1958-60v08"));
}

TEST(OaiSets, CyclesAndMissingParentsAreCut) {
  SetTree tree({{"a", "b", "A", 0}, {"b", "a", "B", 0}, {"c", "gone", "C", 0}, {"d", "d", "D", 0}});
  EXPECT_EQ(tree.sets().size(), 4u);
  for (const SetTree::Set& set : tree.sets()) EXPECT_EQ(tree.collection_of(set.spec), set.collection);
  EXPECT_FALSE(tree.within("a", "zzz"));
  EXPECT_TRUE(tree.within("c", "c"));
}

TEST(OaiXml, TextIsEscapedAndAlwaysWellFormed) {
  EXPECT_EQ(xml_text("<script>alert(\"x\")</script> & co"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
  EXPECT_EQ(xml_text("Хрущёв, Chruschtschow"), "Хрущёв, Chruschtschow");
  EXPECT_EQ(xml_text("a\x01" "b\x1f" "c\td\ne"), "abc\td\ne");
  EXPECT_EQ(xml_text("bad \xff byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(xml_text("cut \xE2\x80"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_text("overlong \xC0\xAF"), "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_text("surrogate \xED\xA0\x80"), "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_text("not a character \xEF\xBF\xBE."), "not a character .");

  // Every byte value, in and out of sequences: the document still parses.
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  all += "\xF0\x9F\x93\x9C \xF4\x90\x80\x80";
  std::string document = "<t a=\"" + xml_text(all) + "\">" + xml_text(all) + "</t>";
  pugi::xml_document parsed;
  EXPECT_TRUE(parsed.load_string(document.c_str()));
}

TEST(OaiXml, ResponsesNameTheirRequest) {
  QueryParams arguments{{"verb", "GetRecord"}, {"identifier", "oai:a.b:<x>"}, {"metadataPrefix", "oai_dc"}};
  std::string document =
      response_document("2026-12-02T10:00:00Z", "http://127.0.0.1:8080/oai", arguments, true, "<GetRecord/>\n");
  pugi::xml_document parsed;
  ASSERT_TRUE(parsed.load_string(document.c_str())) << document;
  pugi::xml_node root = parsed.child("OAI-PMH");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.openarchives.org/OAI/2.0/");
  EXPECT_STREQ(root.child_value("responseDate"), "2026-12-02T10:00:00Z");
  EXPECT_STREQ(root.child("request").attribute("identifier").value(), "oai:a.b:<x>");
  EXPECT_STREQ(root.child_value("request"), "http://127.0.0.1:8080/oai");
  EXPECT_TRUE(root.child("GetRecord"));

  std::string refused = response_document("2026-12-02T10:00:00Z", "http://127.0.0.1:8080/oai", arguments, false,
                                          error_element({"badVerb", "No <verb>."}));
  ASSERT_TRUE(parsed.load_string(refused.c_str())) << refused;
  EXPECT_FALSE(parsed.child("OAI-PMH").child("request").first_attribute());
  EXPECT_STREQ(parsed.child("OAI-PMH").child("error").attribute("code").value(), "badVerb");
  EXPECT_STREQ(parsed.child("OAI-PMH").child_value("error"), "No <verb>.");
}

TEST(OaiDublinCore, ARecordsFieldsAsDublinCore) {
  Record record;
  record.id = "frus1958-60v08/d30";
  record.title = "30. Telegram <From> the Embassy";
  record.date.from = Date{1958, 11, 4, DatePrecision::kDay};
  record.date.to = record.date.from;
  record.summary = "Khrushchev & Berlin.";
  record.sender = "Embassy in the Soviet Union";
  record.recipient = "Department of State";
  record.people = {{"Nikita Khrushchev", "p_KNS1"}, {"Khrushchev", "p_KNS1"}, {"Thompson", ""}, {"Thompson", ""}};
  record.places = {{"Moscow", ""}};
  record.languages = {"English"};
  record.record_type = "telegram";
  record.citation.publisher = "Foreign Relations of the United States, 1958–1960, Volume VIII";
  record.citation.url = "https://history.state.gov/historicaldocuments/frus1958-60v08/d30";
  record.citation.as_written = "Source: Department of State, Central Files.";

  std::string dc = oai_dc(record, "http://127.0.0.1:8080/document/frus1958-60v08/d30",
                          {"Foreign Relations of the United States, 1958–1960, Volume VIII", "Berlin Crisis"});
  pugi::xml_document parsed;
  ASSERT_TRUE(parsed.load_string(dc.c_str())) << dc;
  pugi::xml_node root = parsed.child("oai_dc:dc");
  ASSERT_TRUE(root) << dc;
  EXPECT_STREQ(root.child_value("dc:title"), "30. Telegram <From> the Embassy");
  EXPECT_STREQ(root.child_value("dc:creator"), "Embassy in the Soviet Union");
  EXPECT_STREQ(root.child_value("dc:contributor"), "Department of State");
  EXPECT_STREQ(root.child_value("dc:date"), "1958-11-04");
  EXPECT_STREQ(root.child_value("dc:description"), "Khrushchev & Berlin.");
  EXPECT_STREQ(root.child_value("dc:coverage"), "Moscow");
  EXPECT_STREQ(root.child_value("dc:source"), "Source: Department of State, Central Files.");
  std::vector<std::string> subjects, identifiers, relations, types;
  for (pugi::xml_node n : root.children("dc:subject")) subjects.emplace_back(n.child_value());
  for (pugi::xml_node n : root.children("dc:identifier")) identifiers.emplace_back(n.child_value());
  for (pugi::xml_node n : root.children("dc:relation")) relations.emplace_back(n.child_value());
  for (pugi::xml_node n : root.children("dc:type")) types.emplace_back(n.child_value());
  // One name a person: the fullest of those sharing an id.
  EXPECT_EQ(subjects, (std::vector<std::string>{"Nikita Khrushchev", "Thompson"}));
  EXPECT_EQ(identifiers, (std::vector<std::string>{"http://127.0.0.1:8080/document/frus1958-60v08/d30",
                                                    "https://history.state.gov/historicaldocuments/frus1958-60v08/d30"}));
  EXPECT_EQ(relations.size(), 2u);
  EXPECT_EQ(types, (std::vector<std::string>{"Text", "telegram"}));
  // The volume named as publisher by the citation is a relation, not a publisher.
  EXPECT_FALSE(root.child("dc:publisher"));
  EXPECT_FALSE(root.child("dc:rights"));  // what the record lacks is left out

  record.date.to = Date{1958, 12, 0, DatePrecision::kMonth};
  std::string range = oai_dc(record, "u", {});
  ASSERT_TRUE(parsed.load_string(range.c_str()));
  EXPECT_STREQ(parsed.child("oai_dc:dc").child_value("dc:date"), "1958-11-04/1958-12");
  EXPECT_STREQ(parsed.child("oai_dc:dc").child_value("dc:publisher"),
               "Foreign Relations of the United States, 1958–1960, Volume VIII");
}

}  // namespace
}  // namespace chancery::web::oai
