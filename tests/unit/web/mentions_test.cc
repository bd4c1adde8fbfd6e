// Names on document pages: mentions of known names in the title, summary, body
// and notes link to their authority pages, ambiguous ones list their
// candidates, the page lists the names mentioned, and the document API gives
// every mention with its position. Record text is untrusted throughout.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "archive/names_authority.h"
#include "archive/names_directory.h"
#include "web/body_markup.h"
#include "web/dispatcher.h"
#include "web/mention_cache.h"
#include "web/responses.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web/views.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string joined(const std::vector<BodySegment>& segments) {
  std::string out;
  for (const BodySegment& s : segments) out += s.text;
  return out;
}

TEST(MarkMentions, CutsPlainTextAtMentionsAndKeepsTheText) {
  Block block{BlockKind::kParagraph, "Bohlen told Khrushchev (1) that Bohlen would go.", {}, {"1"}};
  std::vector<Note> notes{Note{}};
  notes[0].number = "1";
  std::map<std::string, int> counts;
  std::vector<BodySegment> linked = link_note_markers(block, notes, counts);
  std::vector<TextMention> mentions{{0, 6, {"person/a", "person/b"}, false},
                                    {12, 22, {"person/k"}, true},
                                    {32, 38, {"person/a", "person/b"}, false}};
  std::vector<BodySegment> marked = mark_mentions(linked, mentions);
  EXPECT_EQ(joined(marked), block.text);
  ASSERT_EQ(marked.size(), 8u);
  EXPECT_EQ(marked[0].text, "Bohlen");
  EXPECT_FALSE(marked[0].mention_certain);
  EXPECT_EQ(marked[0].mention_ids.size(), 2u);
  EXPECT_EQ(marked[2].text, "Khrushchev");
  EXPECT_TRUE(marked[2].mention_certain);
  EXPECT_EQ(marked[4].note_anchor, "fn1");
  EXPECT_EQ(marked[6].text, "Bohlen");
  EXPECT_EQ(marked[6].offset, 32u);
}

TEST(MarkMentions, LeavesMentionsAcrossANoteMarkerAsText) {
  Block block{BlockKind::kParagraph, "Imre(1) Nagy", {}, {"1"}};
  std::vector<Note> notes{Note{}};
  notes[0].number = "1";
  std::map<std::string, int> counts;
  std::vector<BodySegment> marked =
      mark_mentions(link_note_markers(block, notes, counts), {{0, 12, {"person/n"}, true}});
  EXPECT_EQ(joined(marked), block.text);
  for (const BodySegment& s : marked) EXPECT_TRUE(s.mention_ids.empty()) << s.text;
}

TEST(DocumentView, MentionsLinkToAuthoritiesAndAmbiguousOnesShowCandidates) {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Record record;
  record.id = "x/1";
  record.title = "Bohlen to <Dulles>";
  record.body.push_back(Block{BlockKind::kParagraph, "<b>Khrushchev</b> saw Bohlen.", {}, {}});
  Note note;
  note.number = "1";
  note.text = "Khrushchev's remark.";
  record.notes.push_back(note);
  DocumentSurroundings around;
  around.canonical_url = "http://h/document/x/1";
  around.mentions = {
      {"title", 0, 0, 6, "Bohlen", {"person/bohlen-a", "person/bohlen-c\"x"}, false, true},
      {"body", 0, 3, 13, "Khrushchev", {"person/khrushchev"}, true, true},
      {"body", 0, 22, 28, "Bohlen", {"person/bohlen-a", "person/bohlen-c\"x"}, false, true},
      {"notes", 0, 0, 10, "Khrushchev", {"person/khrushchev"}, true, true},
      // An authority the page cannot name is left as text.
      {"body", 0, 18, 21, "saw", {"person/unknown"}, true, true},
  };
  around.authorities = {{"person/bohlen-a", {"Bohlen, Avis <i>", "person"}},
                        {"person/bohlen-c\"x", {"Bohlen, Charles E.", "person"}},
                        {"person/khrushchev", {"Khrushchev, Nikita S.", "person"}}};
  HttpResponse page = render_page(**site, "document", document_view(record, around));
  ASSERT_EQ(page.status, 200);
  const std::string& html = page.body;
  EXPECT_EQ(html.find("<b>Khrushchev"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;<a class=\"mention\" href=\"/people/person/khrushchev\" "
                      "title=\"Khrushchev, Nikita S.\" data-authority=\"person/khrushchev\">Khrushchev</a>&lt;/b&gt;"),
            std::string::npos)
      << html;
  // The note's mention links too.
  EXPECT_NE(html.find("data-authority=\"person/khrushchev\">Khrushchev</a>&apos;s remark."), std::string::npos);
  // Ambiguous: the text, then both candidates.
  EXPECT_NE(html.find("<span class=\"mention mention-ambiguous\">Bohlen<sup"), std::string::npos);
  EXPECT_NE(html.find("href=\"/people/person/bohlen-a\" title=\"Bohlen, Avis &lt;i&gt;\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/people/person/bohlen-c%22x\""), std::string::npos);
  EXPECT_EQ(html.find("data-authority=\"person/unknown\""), std::string::npos);
  // The title keeps its text around the mention.
  EXPECT_NE(html.find("</span> to &lt;Dulles&gt;</h1>"), std::string::npos);
  // People mentioned: Khrushchev twice, the Bohlens as one ambiguous entry.
  std::size_t list = html.find("id=\"mentioned\"");
  ASSERT_NE(list, std::string::npos);
  EXPECT_NE(html.find("<a href=\"/people/person/khrushchev\">Khrushchev, Nikita S.</a> <span class=\"count\" "
                      "title=\"mentions\">2</span>",
                      list),
            std::string::npos);
  EXPECT_NE(html.find("<li class=\"mentioned-ambiguous\">Bohlen: one of <a href=\"/people/person/bohlen-a\">", list),
            std::string::npos);
}

TEST(DocumentView, NoMentionsNoList) {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Record record;
  record.id = "x/2";
  record.title = "A title";
  DocumentSurroundings around;
  HttpResponse page = render_page(**site, "document", document_view(record, around));
  EXPECT_EQ(page.body.find("id=\"mentioned\""), std::string::npos);
  EXPECT_NE(page.body.find(">A title</h1>"), std::string::npos);
}

// From and To name the person each is where the record's links tell: one
// person linked for certain with that family name; not a name two share.
TEST(DocumentView, FromAndToLinkThePersonTheRecordLinks) {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Record record;
  record.id = "x/3";
  record.title = "Letter";
  record.sender = "Bohlen";
  record.recipient = "Chairman Khrushchev";
  record.body.push_back(Block{BlockKind::kParagraph, "Khrushchev and Bohlen met.", {}, {}});
  DocumentSurroundings around;
  around.mentions = {
      {"body", 0, 0, 10, "Khrushchev", {"person/khrushchev"}, true, true},
      {"body", 0, 15, 21, "Bohlen", {"person/bohlen-a", "person/bohlen-c"}, false, true},
  };
  around.authorities = {{"person/bohlen-a", {"Bohlen, Avis", "person"}},
                        {"person/bohlen-c", {"Bohlen, Charles E.", "person"}},
                        {"person/khrushchev", {"Khrushchev, Nikita S.", "person"}}};
  std::string html = render_page(**site, "document", document_view(record, around)).body;
  EXPECT_NE(html.find("(<a href=\"/people/person/khrushchev\" id=\"recipient-person\">Khrushchev, Nikita S.</a>)"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("id=\"sender-person\""), std::string::npos);
  // Linked for certain, the sender is named too; in brackets, the words there.
  around.mentions[1].ids = {"person/bohlen-c"};
  around.mentions[1].certain = true;
  record.sender = "Ambassador to the Soviet Union (Bohlen)";
  html = render_page(**site, "document", document_view(record, around)).body;
  EXPECT_NE(html.find("(<a href=\"/people/person/bohlen-c\" id=\"sender-person\">Bohlen, Charles E.</a>)"),
            std::string::npos);
}

constexpr const char* kRecord =
    "**November 3, 1956**  \n"
    "**Bohlen and Khrushchev**\n"
    "\n"
    "**Summary:**\n"
    "\n"
    "Khrushchev meets <em>Bohlen</em>.\n"
    "\n"
    "**Original Language:**\n"
    "\n"
    "Russian\n"
    "\n"
    "**Associated Places:**\n"
    "\n"
    "Budapest (Hungary)\n"
    "\n"
    "Nikita Chruschtschow received Ambassador Bohlen in Budapest.\n";

// The document page and API against a real archive with stored authorities.
class MentionPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir("mentions-test");
    archive_ = testing::create_archive(dir_ / "archive");
    ASSERT_NE(archive_, nullptr);
    put_authority("person/khrushchev", "Khrushchev, Nikita Sergeyevich");
    put_authority("person/bohlen-charles", "Bohlen, Charles E.");
    put_authority("person/bohlen-avis", "Bohlen, Avis");
    put_authority("place/budapest-hungary", "Budapest (Hungary)", "place", {"Budapest"});
    put_authority("organisation/cc", "Central Committee", "organisation");
    std::filesystem::path file = dir_ / "r.txt";
    std::ofstream(file, std::ios::binary) << kRecord;
    FileImportReport report = archive_->import_file(file);
    ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
    site_ = testing::test_site();
    ASSERT_NE(site_, nullptr);
    site_->names = std::make_shared<NameDirectory>(archive_->store());
    register_routes(router_);
    ASSERT_TRUE(archive_->store()
                    .for_each(EntityKind::kRecord,
                              [this](const Revision& r) {
                                id_ = r.id;
                                return true;
                              })
                    .has_value());
    ASSERT_FALSE(id_.empty());
  }
  void TearDown() override {
    site_.reset();
    archive_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void put_authority(const std::string& id, const std::string& name, const std::string& kind = "person",
                     const std::vector<std::string>& variants = {}) {
    Authority a;
    a.id = id;
    a.name = name;
    a.kind = kind;
    for (const std::string& v : variants) a.add_variant(v, "test");
    EntityMeta meta;
    meta.title = name;
    ASSERT_TRUE(archive_->store().put(EntityKind::kAuthority, id, to_json(a).dump(), meta, "test").has_value());
    ASSERT_TRUE(bump_names_generation(archive_->store()).has_value());
  }
  HttpResponse get(const std::string& target) {
    return answer(router_, *site_, archive_.get(), testing::request_for(target));
  }

  std::filesystem::path dir_;
  std::unique_ptr<Archive> archive_;
  std::unique_ptr<Site> site_;
  Router router_;
  std::string id_;
};

TEST_F(MentionPagesTest, DocumentPageLinksMentionsUnderAnySpelling) {
  HttpResponse page = get("/document/" + id_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("data-authority=\"person/khrushchev\">Nikita Chruschtschow</a>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<span class=\"mention mention-ambiguous\">Bohlen<sup"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/people/person/bohlen-avis\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/people/person/bohlen-charles\""), std::string::npos);
  EXPECT_EQ(page.body.find("<em>"), std::string::npos);
}

// A document page hands the names directory the store version its answer
// pinned: while that version holds, the directory reads nothing of the store
// (the snapshot is the one it had); a new version reads the names again.
TEST_F(MentionPagesTest, NamesAreReadAgainWhenTheCallersStoreVersionMoves) {
  const std::shared_ptr<const NameSnapshot> first = site_->names->snapshot(7);
  ASSERT_NE(first, nullptr);
  EXPECT_NE(first->resolve("person/khrushchev"), nullptr);
  EXPECT_EQ(first->resolve("person/gomulka"), nullptr);
  put_authority("person/gomulka", "Gomulka, Wladyslaw");
  EXPECT_EQ(site_->names->snapshot(7), first);   // nothing read: the caller says nothing changed
  const std::shared_ptr<const NameSnapshot> later = site_->names->snapshot(8);
  EXPECT_NE(later, first);
  EXPECT_NE(later->resolve("person/gomulka"), nullptr);
  EXPECT_EQ(site_->names->snapshot(8), later);
  EXPECT_EQ(site_->names->snapshot(), later);   // without a version: read, and unchanged
}

// The server keeps each record's mentions (MentionCache): the pages it gives
// then are the pages found afresh, and a change to the names shows at once.
TEST_F(MentionPagesTest, KeptMentionsGiveThePagesFoundAfresh) {
  const HttpResponse fresh_page = get("/document/" + id_);
  const HttpResponse fresh_api = get("/api/v1/documents/" + id_);
  ASSERT_EQ(fresh_page.status, 200);
  site_->mentions = std::make_shared<MentionCache>(1 << 20);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(get("/document/" + id_).body, fresh_page.body) << round;
    EXPECT_EQ(get("/api/v1/documents/" + id_).body, fresh_api.body) << round;
  }
  EXPECT_EQ(site_->mentions->stats().misses, 1u);
  EXPECT_EQ(site_->mentions->stats().hits, 3u);
  const HttpResponse metrics = get("/metrics");
  EXPECT_NE(metrics.body.find("chancery_mention_cache_lookups_total{result=\"hit\"} 3\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("chancery_mention_cache_records 1\n"), std::string::npos);
  // Avis Bohlen goes: "Bohlen" is Charles Bohlen for certain now.
  Authority gone;
  gone.id = "person/bohlen-avis";
  gone.name = "Bohlen, Avis";
  gone.kind = "person";
  gone.merged_into = "person/bohlen-charles";
  EntityMeta meta;
  meta.title = gone.name;
  ASSERT_TRUE(archive_->store().put(EntityKind::kAuthority, gone.id, to_json(gone).dump(), meta, "test").has_value());
  ASSERT_TRUE(bump_names_generation(archive_->store()).has_value());
  const HttpResponse after = get("/document/" + id_);
  EXPECT_EQ(after.body.find("<span class=\"mention mention-ambiguous\">Bohlen<sup"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("data-authority=\"person/bohlen-charles\">Bohlen</a>"), std::string::npos) << after.body;
}

// Found ahead (the server's idle thread), a record's mentions are kept
// before its first page; a stop asked for reads none.
TEST_F(MentionPagesTest, MentionsFoundAheadServeTheFirstPage) {
  const HttpResponse fresh_page = get("/document/" + id_);
  site_->mentions = std::make_shared<MentionCache>(1 << 20);
  std::stop_source stopped;
  stopped.request_stop();
  EXPECT_EQ(site_->mentions->read_ahead(archive_->store(), site_->names->snapshot(), stopped.get_token()), 0u);
  EXPECT_EQ(site_->mentions->read_ahead(archive_->store(), site_->names->snapshot(), {}), 1u);
  EXPECT_EQ(site_->mentions->stats().read_ahead, 1u);
  EXPECT_EQ(site_->mentions->stats().misses, 0u);
  EXPECT_EQ(get("/document/" + id_).body, fresh_page.body);
  EXPECT_EQ(site_->mentions->stats().hits, 1u);
  EXPECT_EQ(site_->mentions->stats().misses, 0u);
  // With no names known there is nothing to find ahead.
  auto none = std::make_shared<const NameSnapshot>(std::vector<Authority>{}, std::unordered_set<std::string>{});
  MentionCache other(1 << 20);
  EXPECT_EQ(other.read_ahead(archive_->store(), none, {}), 0u);
}

TEST_F(MentionPagesTest, DocumentApiListsMentionsWithPositions) {
  HttpResponse api = get("/api/v1/documents/" + id_);
  ASSERT_EQ(api.status, 200);
  nlohmann::json body = nlohmann::json::parse(api.body);
  ASSERT_TRUE(body["mentions"].is_array()) << api.body;
  bool certain_in_body = false;
  bool ambiguous_in_title = false;
  for (const auto& m : body["mentions"]) {
    const std::string field = m["field"];
    const std::size_t begin = m["begin"];
    const std::size_t end = m["end"];
    std::string text;
    if (field == "title") text = body["title"].get<std::string>().substr(begin, end - begin);
    if (field == "body") text = body["body"][m["block"].get<std::size_t>()]["text"].get<std::string>().substr(begin, end - begin);
    if (field == "title" || field == "body") {
      EXPECT_EQ(text, m["text"]);
    }
    if (field == "body" && m["text"] == "Nikita Chruschtschow") {
      certain_in_body = m["certain"] == true && m["ids"] == nlohmann::json::array({"person/khrushchev"});
    }
    if (field == "title" && m["text"] == "Bohlen") {
      ambiguous_in_title = m["certain"] == false && m["ids"].size() == 2;
    }
  }
  EXPECT_TRUE(certain_in_body) << body["mentions"].dump();
  EXPECT_TRUE(ambiguous_in_title) << body["mentions"].dump();
}

TEST_F(MentionPagesTest, PlacesMentionedLinkToTheirAuthorityPage) {
  HttpResponse page = get("/document/" + id_);
  ASSERT_EQ(page.status, 200);
  // The record's places field links the place authority too.
  EXPECT_NE(page.body.find("<ul class=\"places\"><li><a href=\"/places/place/budapest-hungary\">Budapest (Hungary)</a>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("href=\"/places/place/budapest-hungary\" title=\"Budapest (Hungary)\" "
                           "data-authority=\"place/budapest-hungary\">Budapest</a>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("id=\"mentioned-named\""), std::string::npos);
}

TEST_F(MentionPagesTest, OrganisationAndPlaceAuthorityPagesAndApi) {
  HttpResponse place = get("/places/place/budapest-hungary");
  ASSERT_EQ(place.status, 200);
  EXPECT_NE(place.body.find("<p class=\"authority-kind\">Place</p>"), std::string::npos);
  EXPECT_NE(place.body.find("Budapest (Hungary)"), std::string::npos);
  // Beside the documents naming it, those giving it as their place, under
  // any of its spellings (the record's places field writes the first).
  EXPECT_NE(place.body.find("<p class=\"place-filed\"><a href=\"/search?f=place%3ABudapest%20%28Hungary%29&amp;"
                            "f=place%3ABudapest&amp;sort=date\">1 written at Budapest (Hungary) or placed there"),
            std::string::npos)
      << place.body;
  HttpResponse org = get("/organisations/organisation/cc");
  ASSERT_EQ(org.status, 200);
  EXPECT_NE(org.body.find("<p class=\"authority-kind\">Organisation</p>"), std::string::npos);
  EXPECT_EQ(org.body.find("place-filed"), std::string::npos);
  EXPECT_EQ(get("/organisations/organisation/none").status, 404);
  HttpResponse api = get("/api/v1/places/place/budapest-hungary");
  ASSERT_EQ(api.status, 200);
  nlohmann::json body = nlohmann::json::parse(api.body);
  EXPECT_EQ(body["place"]["id"], "place/budapest-hungary");
  EXPECT_EQ(body["place"]["kind"], "place");
  EXPECT_GE(body["total"].get<int>(), 1);
  EXPECT_EQ(body["documents_placed_here"]["total"], 1);
  EXPECT_EQ(body["documents_placed_here"]["search"], "/search?f=place%3ABudapest%20%28Hungary%29&f=place%3ABudapest&sort=date");
  // Its names in other languages (CLDR's), by the name without the editors'
  // "(Hungary)", each with the languages that write it so.
  bool polish = false;
  for (const nlohmann::json& in : body["other_languages"]) {
    if (in["name"] == "Budapeszt") polish = in["languages"] == nlohmann::json::array({"pl"});
    EXPECT_NE(in["name"], "Budapest");
  }
  EXPECT_TRUE(polish) << body["other_languages"].dump();
  EXPECT_NE(place.body.find("<a href=\"/search?q=%22Budapeszt%22\" lang=\"pl\">Budapeszt</a> "
                            "<span class=\"languages\">(Polish)</span>"),
            std::string::npos)
      << place.body;
  EXPECT_EQ(org.body.find("other-languages"), std::string::npos);
  HttpResponse api_org = get("/api/v1/organisations/organisation/cc");
  ASSERT_EQ(api_org.status, 200);
  EXPECT_EQ(nlohmann::json::parse(api_org.body)["organisation"]["name"], "Central Committee");
  EXPECT_EQ(get("/api/v1/organisations/organisation/none").status, 404);
  // A person is still served under /people/ as before; each year of their
  // documents links to those of the year.
  HttpResponse person = get("/people/person/khrushchev");
  EXPECT_EQ(person.status, 200);
  EXPECT_NE(person.body.find("<li><a href=\"/search?q=person%3A%22person%2Fkhrushchev%22&amp;f=year%3A1956&amp;sort=date\">"
                             "<span class=\"bar-label year\">1956</span>"),
            std::string::npos)
      << person.body;
  EXPECT_EQ(nlohmann::json::parse(get("/api/v1/people/person/khrushchev").body)["person"]["id"], "person/khrushchev");
}

// A person's page lists the people most often mentioned with them as
// authorities, linked to their pages: not the names a record's people list
// writes ("Khrushchev", "Bohlen"), which stand for authorities or none, and
// not the person.
TEST_F(MentionPagesTest, MentionedWithAreAuthoritiesNotListedNames) {
  const std::filesystem::path file = dir_ / "r2.txt";
  std::ofstream(file, std::ios::binary) << "**November 4, 1956**  \n**Charles E. Bohlen to Nikita Khrushchev**\n\n"
                                           "**Associated People & Organizations:**\n\nKhrushchev  \nBohlen\n\n"
                                           "Charles E. Bohlen wrote to Nikita Khrushchev.\n";
  FileImportReport report = archive_->import_file(file);
  ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
  const nlohmann::json api = nlohmann::json::parse(get("/api/v1/people/person/khrushchev").body);
  ASSERT_TRUE(api.contains("mentioned_with")) << api.dump();
  ASSERT_EQ(api["mentioned_with"].size(), 1u) << api["mentioned_with"].dump();
  EXPECT_EQ(api["mentioned_with"][0]["id"], "person/bohlen-charles");
  EXPECT_EQ(api["mentioned_with"][0]["name"], "Bohlen, Charles E.");
  EXPECT_EQ(api["mentioned_with"][0]["count"], 1);
  HttpResponse page = get("/people/person/khrushchev");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<a href=\"/people/person/bohlen-charles\">Bohlen, Charles E.</a>"), std::string::npos)
      << page.body;
}

}  // namespace
}  // namespace chancery::web
