// Routing: exact routes, trailing captures with slashes, and the route table.
#include "web/router.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "web/dispatcher.h"
#include "web/responses.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

HttpResponse ok(const HttpRequest&, RequestContext&) { return {}; }

TEST(Router, ExactPatternsMatchOnlyThemselves) {
  Router router;
  router.add("search", "/search", false, ok);
  EXPECT_TRUE(router.match("/search"));
  EXPECT_FALSE(router.match("/search/"));
  EXPECT_FALSE(router.match("/searchx"));
}

TEST(Router, CapturesTakeTheRestOfThePathSlashesIncluded) {
  Router router;
  router.add("document", "/document/{id}", true, ok);
  auto match = router.match("/document/frus1955-57v25/d159");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->name, "document");
  EXPECT_EQ(match->capture, "frus1955-57v25/d159");
  EXPECT_FALSE(router.match("/document/"));   // an empty id is no document
  EXPECT_FALSE(router.match("/document"));
}

TEST(Router, FirstDeclaredRouteWins) {
  Router router;
  router.add("openapi", "/api/v1/openapi.json", false, ok);
  router.add("any", "/api/v1/{rest}", true, ok);
  EXPECT_EQ(router.match("/api/v1/openapi.json")->route->name, "openapi");
  EXPECT_EQ(router.match("/api/v1/other")->route->name, "any");
}

TEST(Routes, TheReadingRoomDeclaresEveryPageAndApiRouteOnce) {
  Router router;
  register_routes(router);
  std::set<std::string> names;
  for (const Route& route : router.routes()) {
    EXPECT_TRUE(names.insert(route.name).second) << "duplicate route name " << route.name;
  }
  for (const char* path : {"/", "/search", "/document/a/b", "/collection/c", "/people/p", "/places/x", "/timeline",
                           "/api/v1/search", "/api/v1/documents/a", "/api/v1/collections", "/api/v1/collections/c",
                           "/api/v1/people/p", "/api/v1/places/x", "/api/v1/openapi.json", "/healthz", "/metrics",
                           "/static/style.css"}) {
    EXPECT_TRUE(router.match(path)) << path;
  }
  EXPECT_FALSE(router.match("/nowhere"));
  // Health, metrics and assets never wait for an archive worker.
  for (const char* path : {"/healthz", "/metrics", "/static/style.css", "/api/v1/openapi.json"}) {
    EXPECT_FALSE(router.match(path)->route->uses_archive) << path;
  }
}

// A request the server fails to answer gets a 500 that does not tell the
// client why; the response carries the cause for the server's error log.
TEST(Dispatcher, AFailureIsAnswered500AndItsCauseKeptForTheLog) {
  std::unique_ptr<Site> site = testing::test_site();
  ASSERT_TRUE(site);
  Router router;
  router.add("throws", "/throws", false,
             [](const HttpRequest&, RequestContext&) -> HttpResponse { throw std::runtime_error("disk on fire"); });
  router.add("fails", "/api/v1/fails", false, [](const HttpRequest&, RequestContext&) {
    return problem_from(Error{ErrorCode::kStorage, "Xapian: block 17 unreadable", "", 0, 0});
  });
  router.add("missing", "/api/v1/missing", false, [](const HttpRequest&, RequestContext&) {
    return problem_from(Error{ErrorCode::kNotFound, "no such record", "", 0, 0});
  });
  HttpRequest request;
  request.method = "GET";
  request.path = "/throws";
  HttpResponse thrown = answer(router, *site, nullptr, request);
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body.find("disk on fire"), std::string::npos);
  EXPECT_NE(thrown.failure.find("disk on fire"), std::string::npos) << thrown.failure;

  request.path = "/api/v1/fails";
  HttpResponse failed = answer(router, *site, nullptr, request);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body.find("block 17"), std::string::npos);
  EXPECT_NE(failed.failure.find("block 17 unreadable"), std::string::npos) << failed.failure;

  // A client's mistake is no failure of the server's: nothing to log.
  request.path = "/api/v1/missing";
  HttpResponse missing = answer(router, *site, nullptr, request);
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.failure.empty()) << missing.failure;
}

}  // namespace
}  // namespace chancery::web
