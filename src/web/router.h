// The URL space: a list of routes matched in order. Routes themselves are
// declared in one place, routes.cc.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http_types.h"

namespace chancery {
class Archive;
}

namespace chancery::web {

struct Site;

// What a handler gets besides the request: the shared site (templates,
// metrics, static folders) and, for routes that use it, this worker's archive.
struct RequestContext {
  Site& site;
  Archive* archive = nullptr;   // set only for routes declared with uses_archive
  std::string capture;          // the "{...}" part of the matched pattern, decoded
};

using Handler = std::function<HttpResponse(const HttpRequest&, RequestContext&)>;

struct Route {
  std::string name;      // metrics label: "document", "search", ...
  std::string pattern;   // "/search" (exact) or "/document/{id}" (prefix + non-empty rest)
  bool uses_archive = false;
  Handler handler;
  // Also answers POST with an application/x-www-form-urlencoded body, read as
  // the query (OAI-PMH requires it); such answers are never kept.
  bool takes_form_post = false;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::string capture;
};

class Router {
 public:
  // Adds a route. A pattern ending in "{name}" captures the rest of the path,
  // slashes included (record ids contain '/'); any other pattern matches exactly.
  void add(std::string name, std::string pattern, bool uses_archive, Handler handler, bool takes_form_post = false);
  // The first route matching `path`, or nullopt.
  std::optional<RouteMatch> match(std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Declares every route of the reading room (routes.cc).
void register_routes(Router& router);

}  // namespace chancery::web
