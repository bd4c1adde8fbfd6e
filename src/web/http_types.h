// Plain request/response values the routes and handlers work with. The server
// (server.cc, the only Beast user) converts to and from them, so handlers and
// their tests never see a socket.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chancery::web {

class EncodedBodies;

struct HttpRequest {
  std::string method;                // "GET", "HEAD", ...
  std::string target;                // as received: "/search?q=nagy"
  std::string path;                  // percent-decoded path: "/search"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;

  // The first value of query parameter `name`, or "" when absent.
  std::string param(std::string_view name) const;
  // Every value of query parameter `name`, in order.
  std::vector<std::string> params(std::string_view name) const;
  bool has_param(std::string_view name) const;
  // The value of header `name` (lower-case), or "" when absent.
  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  // A kept page's body, shared instead of copied (conditional_response()):
  // when set, it is what is sent and `body` is empty.
  std::shared_ptr<const std::string> shared_body;
  // A kept page's compressed copies (content_encoding.h), made once per
  // coding and shared by every answer from it; null compresses per answer.
  std::shared_ptr<EncodedBodies> encoded;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string route = "none";  // the route that answered: a metrics label, never sent
  // Why the server failed to answer (a 500's cause, which the client is not
  // told): written to the server's error log, never sent.
  std::string failure;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // The body as sent: shared_body when set, else body.
  const std::string& content() const { return shared_body ? *shared_body : body; }
};

// The standard reason phrase of an HTTP status ("Not Found"); "Unknown" otherwise.
std::string_view status_reason(int status);

}  // namespace chancery::web
