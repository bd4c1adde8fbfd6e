#include "web/dispatcher.h"

#include <exception>

#include "archive/archive.h"
#include "web/archive_versions.h"
#include "web/content_encoding.h"
#include "web/request_limits.h"
#include "web/url.h"
#include "web/response_cache.h"
#include "web/responses.h"

namespace chancery::web {
namespace {

bool is_api(const HttpRequest& request) { return request.path.starts_with("/api/"); }

bool is_form_post(const HttpRequest& request, const std::optional<RouteMatch>& match) {
  return request.method == "POST" && match && match->route->takes_form_post;
}

// GET and HEAD everywhere; POST of a form where the route takes one.
bool method_allowed(const HttpRequest& request, const std::optional<RouteMatch>& match) {
  return is_allowed_method(request.method) || is_form_post(request, match);
}

HttpResponse failure(Site& site, const HttpRequest& request, int status, std::string_view detail) {
  return is_api(request) ? problem_response(status, detail) : error_page(site, status, detail);
}

// The JSON API is public and read-only, with no credentials: a page of any
// origin may read it (a notebook, a citation tool), as IIIF viewers read the
// manifests. ETag is exposed for conditional requests, Retry-After for 503s.
void add_cors_headers(bool api, HttpResponse& response) {
  if (!api) return;
  response.set_header("Access-Control-Allow-Origin", "*");
  response.set_header("Access-Control-Expose-Headers", "ETag, Retry-After");
}

// The coding `request` gets for `response` on this site (nullopt: the site
// compresses nothing).
std::optional<ContentCoding> coding_on(const Site& site, const HttpRequest& request, const HttpResponse& response) {
  if (!site.compress) return std::nullopt;
  return coding_for(request, response);
}

// conditional_response(), counted in the metrics when sent compressed; a
// kept page's compressed copy made for it counted in the page cache.
HttpResponse finished(Site& site, const HttpRequest& request, const std::shared_ptr<const HttpResponse>& response,
                      std::optional<ContentCoding> coding) {
  const std::size_t copies_before = response->encoded ? response->encoded->bytes() : 0;
  HttpResponse out = conditional_response(request, response, coding);
  if (response->encoded && site.responses) {
    site.responses->grow(request.target, response.get(), response->encoded->bytes() - copies_before);
  }
  if (out.status == 200 && coding && *coding != ContentCoding::kIdentity && out.shared_body != nullptr) {
    const std::size_t before = response->content().size();
    if (out.shared_body->size() < before) site.metrics.count_compressed(coding_token(*coding), before, out.shared_body->size());
  }
  return out;
}

}  // namespace

HttpResponse answer(const Router& router, Site& site, Archive* archive, const HttpRequest& request) {
  HttpResponse response;
  std::optional<RouteMatch> match = router.match(request.path);
  if (request.method == "OPTIONS" && is_api(request) && match) {
    // A browser's CORS preflight: what a cross-origin page may ask.
    response.status = 204;
    response.set_header("Allow", "GET, HEAD, OPTIONS");
    response.set_header("Access-Control-Allow-Methods", "GET, HEAD");
    response.set_header("Access-Control-Allow-Headers", "Accept, If-None-Match");
    response.set_header("Access-Control-Max-Age", "86400");
    response.route = match->route->name;
    add_cors_headers(true, response);
    add_security_headers(response);
    return response;
  }
  HttpRequest form_request;
  if (is_form_post(request, match)) {
    // The form's fields are the query: the handler reads them as it reads a GET's.
    std::string type = request.header("content-type");
    auto parsed = parse_query_string(request.body);
    if (!type.starts_with("application/x-www-form-urlencoded")) {
      response = failure(site, request, 415, "POST takes an application/x-www-form-urlencoded form.");
      add_security_headers(response);
      return response;
    }
    if (!parsed) {
      response = failure(site, request, 400, "The form is not well encoded.");
      add_security_headers(response);
      return response;
    }
    form_request = request;
    form_request.query = std::move(*parsed);
  }
  const HttpRequest& asked = form_request.method.empty() ? request : form_request;
  if (!method_allowed(request, match)) {
    response = failure(site, request, 405, "Only GET and HEAD are supported.");
    response.set_header("Allow", match && match->route->takes_form_post ? "GET, HEAD, POST" : "GET, HEAD");
  } else if (!match) {
    response = failure(site, request, 404, "There is nothing at this address.");
  } else if (match->route->uses_archive && archive == nullptr) {
    response = failure(site, request, 503, "The archive is not available.");
  } else {
    RequestContext context{site, archive, match->capture};
    try {
      response = match->route->handler(asked, context);
    } catch (const std::exception& e) {
      response = failure(site, request, 500, "The server failed to answer this request.");
      response.failure = std::string("exception: ") + e.what();
    } catch (...) {
      response = failure(site, request, 500, "The server failed to answer this request.");
      response.failure = "exception of an unknown type";
    }
    response.route = match->route->name;
  }
  add_cors_headers(is_api(request), response);
  add_security_headers(response);
  return response;
}

void Dispatcher::dispatch(HttpRequest request, Done done) {
  std::optional<RouteMatch> match = router_.match(request.path);
  if (!match || !match->route->uses_archive || !method_allowed(request, match)) {
    // Static files, health and metrics: small, answered (and compressed) here.
    auto response = std::make_shared<const HttpResponse>(answer(router_, site_, nullptr, request));
    done(finished(site_, request, response, coding_on(site_, request, *response)));
    return;
  }
  // GET and HEAD of an archive route have the same answer, kept by target.
  const bool keepable = site_.responses != nullptr && site_.versions != nullptr && !is_form_post(request, match);
  if (keepable) {
    if (auto version = site_.versions->current()) {
      if (auto kept = site_.responses->find(request.target, *version)) {
        const std::optional<ContentCoding> coding = coding_on(site_, request, *kept);
        if (!coding || *coding == ContentCoding::kIdentity ||
            (kept->encoded != nullptr && kept->encoded->has(*coding))) {
          done(finished(site_, request, kept, coding));
          return;
        }
        // The page's first request in this coding: compressed on a worker,
        // once, not on this thread, which serves every connection. With the
        // queue full it goes as it is rather than refused.
        if (pool_ == nullptr || !pool_->try_submit([this, request, kept, coding, done](Archive&) {
              done(finished(site_, request, kept, coding));
            })) {
          done(finished(site_, request, kept, ContentCoding::kIdentity));
        }
        return;
      }
    }
  }
  const bool api = is_api(request);
  const std::string route_name = match->route->name;
  bool queued = pool_ != nullptr &&
                pool_->try_submit([this, keepable, request = std::move(request), done](Archive& archive) {
                  // With requests queued behind this one, a search takes one
                  // core, not both: the other core serves the next request.
                  archive.set_others_waiting(pool_->queued() > 0);
                  std::optional<ArchiveVersion> version;
                  if (keepable) version = site_.versions->prepare(archive);
                  // One read of the store's version serves the whole answer
                  // (its checks of restrictions), from one source throughout.
                  if (site_.versions) {
                    archive.pin_store_version(version ? std::optional<std::int64_t>(version->store)
                                                      : site_.versions->store_version());
                  }
                  // And one read transaction of the store: the answer reads one
                  // snapshot, and its statements do not each open and end a
                  // read of the WAL (document pages 0.42 -> 0.40 ms of server
                  // CPU, first visits 0.41 -> 0.34 ms: bench/load-test, A/B).
                  const bool reading = archive.begin_store_read().has_value();
                  struct Unpin {
                    Archive& archive;
                    bool reading;
                    ~Unpin() {
                      if (reading) archive.end_store_read();
                      archive.pin_store_version(std::nullopt);
                    }
                  } unpin{archive, reading};
                  auto response = std::make_shared<HttpResponse>(answer(router_, site_, &archive, request));
                  if (response->status == 200) {
                    add_validators(*response);
                    if (version) {
                      // The page cache counts a page's size, not its buffer:
                      // one that grew well past its size gives the rest back
                      // (only pages kept: a copy of the page).
                      std::string& body = response->body;
                      if (body.capacity() > body.size() + body.size() / 4 + 4096) body.shrink_to_fit();
                      // Kept with room for its compressed copies.
                      if (site_.compress && varies_by_coding(*response)) {
                        response->encoded = std::make_shared<EncodedBodies>();
                      }
                      site_.responses->put(request.target, *version, response);
                    }
                  }
                  done(finished(site_, request, response, coding_on(site_, request, *response)));
                });
  if (!queued) {
    site_.metrics.count_rejected();
    std::string_view detail = "The server is busy; please retry in a moment.";
    HttpResponse response = api ? problem_response(503, detail) : error_page(site_, 503, detail);
    response.set_header("Retry-After", "1");
    response.route = route_name;
    add_cors_headers(api, response);   // `request` went to the refused job
    add_security_headers(response);
    done(std::move(response));
  }
}

}  // namespace chancery::web
