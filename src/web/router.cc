#include "web/router.h"

#include <utility>

namespace chancery::web {

void Router::add(std::string name, std::string pattern, bool uses_archive, Handler handler, bool takes_form_post) {
  routes_.push_back(Route{std::move(name), std::move(pattern), uses_archive, std::move(handler), takes_form_post});
}

std::optional<RouteMatch> Router::match(std::string_view path) const {
  for (const Route& route : routes_) {
    std::string_view pattern = route.pattern;
    std::size_t brace = pattern.find('{');
    if (brace == std::string_view::npos) {
      if (path == pattern) return RouteMatch{&route, {}};
      continue;
    }
    std::string_view prefix = pattern.substr(0, brace);
    if (path.size() > prefix.size() && path.starts_with(prefix)) {
      return RouteMatch{&route, std::string(path.substr(prefix.size()))};
    }
  }
  return std::nullopt;
}

}  // namespace chancery::web
