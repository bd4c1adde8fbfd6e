// Building responses: HTML pages from templates, JSON, RFC 9457 problems,
// and the headers every response carries.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/error.h"
#include "web/content_encoding.h"
#include "web/http_types.h"
#include "web/site.h"
#include "web/templates.h"

namespace chancery::web {

// The Content-Security-Policy every response carries: no inline script.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

// Adds the security headers (CSP, nosniff, Referrer-Policy, X-Frame-Options)
// unless already present.
void add_security_headers(HttpResponse& response);

// Renders page template `name` inside the common layout data (site name,
// page title). A template failure becomes a 500 page.
HttpResponse render_page(const Site& site, std::string_view name, TemplateData data, int status = 200);

// An HTML error page ("error" template) with `status`, a title and a detail
// message; falls back to plain text if the template itself fails.
HttpResponse error_page(const Site& site, int status, std::string_view detail);
// The error page for an archive error: its status (status_for) and message,
// except that a 500 says only that the archive could not answer.
HttpResponse error_page_from(const Site& site, const Error& error);

// Marks an archive page or API answer as revalidatable: a strong ETag (a
// hash of the body) and "Cache-Control: no-cache", so clients ask again each
// time and get 304 while nothing changed.
void add_validators(HttpResponse& response);

// Whether an If-None-Match value ("*", or a list of entity tags, weak ones
// W/"..." compared weakly) matches `etag`.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// `response` as the answer to `request`, sent with `coding` (coding_for();
// nullopt when the server compresses nothing: no coding, no Vary): a 304 Not
// Modified (its headers, no body) when the request's If-None-Match matches
// the ETag of that representation (coded_etag()), else its headers with its
// body shared (HttpResponse::shared_body), not copied, or its compressed copy
// (encode_response(), kept in response->encoded when set).
HttpResponse conditional_response(const HttpRequest& request, const std::shared_ptr<const HttpResponse>& response,
                                  std::optional<ContentCoding> coding = std::nullopt);

// A JSON response (application/json).
HttpResponse json_response(const nlohmann::json& body, int status = 200);

// An RFC 9457 problem+json response: {"type","title","status","detail"}.
HttpResponse problem_response(int status, std::string_view detail);
// The problem document for an archive error: its status (status_for) and
// message, except that a 500 says only that the archive could not answer.
HttpResponse problem_from(const Error& error);

// The HTTP status for an expected failure: kInvalidInput -> 400,
// kNotFound -> 404, kConflict -> 409, everything else -> 500.
int status_for(const Error& error);

// JSON that is safe inside <script type="application/ld+json">: '<', '>' and
// '&' are written as \u003c, \u003e and \u0026, so "</script>" cannot appear.
std::string json_for_script(const nlohmann::json& value);
// The same for JSON text already written to `json` from `from` on (in JSON
// text, < > & only ever stand for themselves).
void make_script_safe(std::string& json, std::size_t from);

}  // namespace chancery::web
