// Routing: exact routes, trailing captures with slashes, and the route table.
#include "web/router.h"

#include <gtest/gtest.h>

#include <set>

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

}  // namespace
}  // namespace chancery::web
