// Pages and API answered end to end (without sockets) against a real archive
// in a temporary folder: statuses, escaping, note links, exports, headers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "model/date.h"
#include "web/dispatcher.h"
#include "web/responses.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web/views.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

// A record whose title and summary are markup: they must render as text.
constexpr const char* kHostileRecord =
    "**November 3, 1956**  \n"
    "**<script>alert(1)</script>**\n"
    "\n"
    "**Citation:**\n"
    "\n"
    "\"<script>alert(1)</script>\", November 3, 1956, Test Archive, F. 1, Op. 2, D. 3.  \n"
    "<https://archive.example.org/document/424242>\n"
    "\n"
    "**Summary:**\n"
    "\n"
    "A summary that tries to end the JSON-LD block: </script><script>alert(2)</script> & more.\n"
    "\n"
    "**Original Language:**\n"
    "\n"
    "Russian\n"
    "\n"
    "The body refers to a note.(1) Telegram about Budapest.\n"
    "\n"
    "(1) The note text.\n";

class PagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::random_device random;
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("chancery-web-test-" + std::to_string(random()) + std::to_string(random())));
    std::filesystem::create_directories(*dir_);
    ArchiveOptions options;
    options.dir = *dir_ / "archive";
    options.create = true;
    auto opened = Archive::open(options);
    ASSERT_TRUE(opened.has_value()) << opened.error().describe();
    archive_ = opened->release();
    std::filesystem::path file = *dir_ / "hostile.txt";
    std::ofstream(file, std::ios::binary) << kHostileRecord;
    FileImportReport report = archive_->import_file(file);
    ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
    auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://127.0.0.1:8080");
    ASSERT_TRUE(site.has_value()) << site.error().describe();
    site_ = site->release();
    router_ = new Router;
    register_routes(*router_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete site_;
    delete archive_;
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
  }

  static HttpResponse get(const std::string& target, const std::string& method = "GET") {
    return answer(*router_, *site_, archive_, testing::request_for(target, method));
  }

  static std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return {};
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline Archive* archive_ = nullptr;
  static inline Site* site_ = nullptr;
  static inline Router* router_ = nullptr;
};

TEST_F(PagesTest, DocumentTitleWithMarkupRendersAsText) {
  HttpResponse page = get("/document/424242");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(2)"), std::string::npos);
}

TEST_F(PagesTest, JsonLdCannotCloseItsScriptBlock) {
  HttpResponse page = get("/document/424242");
  std::size_t open = page.body.find("<script type=\"application/ld+json\">");
  ASSERT_NE(open, std::string::npos);
  std::size_t close = page.body.find("</script>", open);
  ASSERT_NE(close, std::string::npos);
  std::string json = page.body.substr(open + 35, close - open - 35);
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << json;
  EXPECT_EQ(parsed["name"], "<script>alert(1)</script>");
  EXPECT_EQ(parsed["@type"], "ArchiveComponent");
}

TEST_F(PagesTest, NoteMarkersLinkToNotesAndBack) {
  HttpResponse page = get("/document/424242");
  EXPECT_NE(page.body.find("<a class=\"note-ref\" id=\"fnref1\" href=\"#fn1\">(1)</a>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("id=\"fn1\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"#fnref1\""), std::string::npos);
}

TEST_F(PagesTest, DocumentPageCarriesCitationMetaAndCanonicalLink) {
  HttpResponse page = get("/document/424242");
  EXPECT_NE(page.body.find("<meta name=\"citation_title\" content=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"),
            std::string::npos);
  EXPECT_NE(page.body.find("<meta name=\"citation_date\" content=\"1956/11/03\">"), std::string::npos);
  EXPECT_NE(page.body.find("<meta name=\"citation_public_url\" content=\"http://127.0.0.1:8080/document/424242\">"),
            std::string::npos);
  EXPECT_NE(page.body.find("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/document/424242\">"),
            std::string::npos);
  EXPECT_NE(page.body.find("id=\"cite-chicago-text\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/document/424242.ris\""), std::string::npos);
}

TEST_F(PagesTest, EveryResponseCarriesSecurityHeaders) {
  for (const char* target : {"/document/424242", "/document/missing", "/healthz", "/api/v1/documents/missing"}) {
    HttpResponse response = get(target);
    EXPECT_EQ(header(response, "Content-Security-Policy"), kContentSecurityPolicy) << target;
    EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff") << target;
    EXPECT_FALSE(header(response, "Referrer-Policy").empty()) << target;
  }
}

TEST_F(PagesTest, Exports) {
  HttpResponse ris = get("/document/424242.ris");
  ASSERT_EQ(ris.status, 200);
  EXPECT_TRUE(ris.content_type.starts_with("application/x-research-info-systems"));
  EXPECT_TRUE(ris.body.starts_with("TY  - GEN\r\n"));
  EXPECT_NE(ris.body.find("TI  - <script>alert(1)</script>\r\n"), std::string::npos);
  EXPECT_NE(header(ris, "Content-Disposition").find("424242.ris"), std::string::npos);

  HttpResponse bib = get("/document/424242.bib");
  ASSERT_EQ(bib.status, 200);
  EXPECT_TRUE(bib.body.starts_with("@misc{chancery:424242,"));

  HttpResponse csl = get("/document/424242.json");
  ASSERT_EQ(csl.status, 200);
  EXPECT_EQ(nlohmann::json::parse(csl.body)[0]["id"], "424242");

  HttpResponse text = get("/document/424242.txt");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("**<script>alert(1)</script>**"), std::string::npos);
}

TEST_F(PagesTest, UnknownDocumentIs404InPagesAndApi) {
  EXPECT_EQ(get("/document/no/such/record").status, 404);
  EXPECT_EQ(get("/document/nothing.ris").status, 404);
  HttpResponse api = get("/api/v1/documents/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/problem+json");
  auto problem = nlohmann::json::parse(api.body);
  EXPECT_EQ(problem["status"], 404);
  EXPECT_TRUE(problem.contains("type") && problem.contains("title") && problem.contains("detail"));
}

TEST_F(PagesTest, BadSearchParametersAre400NotErrors) {
  for (const char* target : {"/search?q=nagy&sort=sideways", "/search?q=nagy&page=0", "/search?q=nagy&page=x",
                             "/search?q=nagy&f=colour:red", "/search?q=nagy&from=last+week", "/search?q=*gy"}) {
    EXPECT_EQ(get(target).status, 400) << target;
  }
  HttpResponse api = get("/api/v1/search?q=a&limit=100000");
  EXPECT_EQ(api.status, 400);
  EXPECT_EQ(api.content_type, "application/problem+json");
}

TEST_F(PagesTest, SearchPageShowsHitsWithHighlightedSnippets) {
  HttpResponse page = get("/search?q=budapest");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("href=\"/document/424242?q=budapest\""), std::string::npos);
  EXPECT_NE(page.body.find("<mark>"), std::string::npos);
  EXPECT_NE(page.body.find("data-total=\"1\""), std::string::npos);
}

TEST_F(PagesTest, SearchWithoutMatchesShowsHelp) {
  HttpResponse page = get("/search?q=zzyzxnothing");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"search-help\""), std::string::npos);
  EXPECT_NE(page.body.find("data-total=\"0\""), std::string::npos);
  // It names the fields, the printed indexes' among them.
  EXPECT_NE(page.body.find("<code>indexed:Sukarno</code>"), std::string::npos);
}

TEST_F(PagesTest, ApiSearchReturnsTotalHitsFacetsAndNext) {
  HttpResponse api = get("/api/v1/search?q=budapest");
  ASSERT_EQ(api.status, 200) << api.body;
  auto body = nlohmann::json::parse(api.body);
  EXPECT_EQ(body["total"], 1);
  ASSERT_EQ(body["hits"].size(), 1u);
  EXPECT_EQ(body["hits"][0]["id"], "424242");
  EXPECT_TRUE(body["hits"][0].contains("snippet"));
  EXPECT_TRUE(body.contains("facets"));
  EXPECT_TRUE(body["next"].is_null());
}

TEST_F(PagesTest, ApiDocumentIsTheLosslessJson) {
  HttpResponse api = get("/api/v1/documents/424242");
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(nlohmann::json::parse(api.body)["title"], "<script>alert(1)</script>");
}

TEST_F(PagesTest, OnlyGetAndHeadAreServed) {
  HttpResponse post = get("/", "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
  EXPECT_EQ(get("/healthz", "HEAD").status, 200);
}

// The JSON API may be read by a page of any origin (a notebook, a citation
// tool): CORS on every answer, errors included, and the browser's preflight;
// the reading room's own pages stay same-origin.
TEST_F(PagesTest, TheJsonApiMayBeReadFromAnyOrigin) {
  for (const char* target : {"/api/v1/search?q=budapest", "/api/v1/documents/424242", "/api/v1/documents/nothing",
                             "/api/v1/search?q=%22open"}) {
    HttpResponse api = get(target);
    EXPECT_EQ(header(api, "Access-Control-Allow-Origin"), "*") << target << " " << api.status;
    EXPECT_EQ(header(api, "Access-Control-Expose-Headers"), "ETag, Retry-After") << target;
  }
  HttpResponse preflight = get("/api/v1/search?q=budapest", "OPTIONS");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_TRUE(preflight.body.empty());
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Methods"), "GET, HEAD");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Headers"), "Accept, If-None-Match");
  EXPECT_EQ(get("/api/v1/search", "DELETE").status, 405);
  // Pages and unknown API addresses: none of it.
  EXPECT_EQ(header(get("/search?q=budapest"), "Access-Control-Allow-Origin"), "");
  EXPECT_EQ(get("/search", "OPTIONS").status, 405);
  EXPECT_EQ(get("/api/v1/nothing", "OPTIONS").status, 405);
}

TEST_F(PagesTest, StaticFilesAreServedButNeverOutsideTheirFolder) {
  HttpResponse css = get("/static/style.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_FALSE(header(css, "Cache-Control").empty());
  EXPECT_FALSE(header(css, "ETag").empty());
  EXPECT_EQ(get("/static/../../etc/passwd").status, 404);
  EXPECT_EQ(get("/static/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(get("/static/..%2f..%2fetc%2fpasswd").status, 404);
  EXPECT_EQ(get("/static/nothing.css").status, 404);
}

TEST_F(PagesTest, HomeTimelineAndOpenApiRender) {
  HttpResponse home = get("/");
  EXPECT_EQ(home.status, 200);
  // The count the index gives, which is the store's.
  auto stats = archive_->stats();
  ASSERT_TRUE(stats.has_value());
  ASSERT_EQ(stats->store.records, 1);
  EXPECT_EQ(stats->indexed, 1);
  EXPECT_NE(home.body.find("Search 1 document</h2>"), std::string::npos) << home.body;
  HttpResponse timeline = get("/timeline");
  EXPECT_EQ(timeline.status, 200);
  // Each year a bar, scaled to the busiest year (here the only one: full).
  EXPECT_NE(timeline.body.find("<span class=\"bar-label\">1956</span> <meter class=\"bar\" min=\"0\" max=\"100\" value=\"100\""),
            std::string::npos) << timeline.body;
  EXPECT_EQ(get("/timeline?year=1956").status, 200);
  EXPECT_EQ(get("/timeline?year=1956&month=11").status, 200);
  EXPECT_EQ(get("/timeline?year=abc").status, 400);
  HttpResponse openapi = get("/api/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_EQ(nlohmann::json::parse(openapi.content())["openapi"], "3.0.3");
}

TEST(JsonForScript, EscapesCharactersThatCouldEndTheScript) {
  std::string safe = json_for_script(nlohmann::json{{"t", "</script><!-- & >"}});
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(safe)["t"], "</script><!-- & >");
}

TEST(DocumentView, TimeOfDayReadsAsAClockAndJoinsTheMachineReadableDate) {
  EXPECT_EQ(display_time("20:00:00"), "20:00");
  EXPECT_EQ(display_time("10:30:15"), "10:30:15");
  EXPECT_EQ(display_time("noon"), "noon");
  EXPECT_EQ(display_time("2:00:00"), "2:00:00");   // not HH:MM:SS: as given
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Record record;
  record.id = "frus1958-60v08/d30";
  record.title = "30. Telegram From the Mission in Berlin to the Department of State";
  std::optional<DateSpan> span = parse_date("1958-11-13");
  ASSERT_TRUE(span.has_value());
  record.date = *span;
  record.date.time = "20:00:00";
  DocumentSurroundings around;
  around.canonical_url = "http://h/document/frus1958-60v08/d30";
  HttpResponse page = render_page(**site, "document", document_view(record, around));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<time datetime=\"1958-11-13T20:00:00\">November 13, 1958</time>, 20:00<"),
            std::string::npos);
  record.date.time = "noon";
  page = render_page(**site, "document", document_view(record, around));
  EXPECT_NE(page.body.find("<time datetime=\"1958-11-13\">November 13, 1958</time>, noon<"), std::string::npos);
}

TEST(DocumentView, EscapesEveryRecordFieldThroughTheTemplates) {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Record record;
  record.id = "x/1";
  record.title = "<img src=x onerror=alert(1)>";
  record.summary = "\"quoted\" & <b>bold</b>";
  record.people.push_back(NameRef{"<i>Name</i>", "p\"1"});
  record.body.push_back(Block{BlockKind::kParagraph, "<p>text</p>", {}, {}});
  DocumentSurroundings around;
  around.canonical_url = "http://h/document/x/1";
  around.related.push_back(Hit{"r\"1", "<u>related</u>", "1956", "<mark>ok</mark> &lt;b&gt;", 1.0, std::nullopt});
  HttpResponse page = render_page(**site, "document", document_view(record, around));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<img"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>bold"), std::string::npos);
  EXPECT_EQ(page.body.find("<i>Name"), std::string::npos);
  EXPECT_EQ(page.body.find("<p>text"), std::string::npos);
  EXPECT_EQ(page.body.find("<u>related"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/people/p%221\""), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
