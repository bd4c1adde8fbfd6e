// From a parsed request to a response: routing, method checks, and the choice
// between answering inline (static files, health, metrics) and on a worker
// (anything that reads the archive). Knows nothing of sockets.
#pragma once

#include <functional>

#include "web/http_types.h"
#include "web/router.h"
#include "web/site.h"
#include "web/worker_pool.h"

namespace chancery::web {

class Dispatcher {
 public:
  using Done = std::function<void(HttpResponse)>;

  // `pool` may be null: routes that use the archive then answer 503.
  Dispatcher(const Router& router, Site& site, WorkerPool* pool)
      : router_(router), site_(site), pool_(pool) {}

  // Answers `request`, calling `done` exactly once: on this thread, or on a
  // worker thread for routes that use the archive. When the worker queue is
  // full, `done` gets 503 with Retry-After at once.
  void dispatch(HttpRequest request, Done done);

 private:
  const Router& router_;
  Site& site_;
  WorkerPool* pool_;
};

// Answers `request` synchronously with `archive` (may be null for routes that
// do not use it). Unknown paths get 404, methods other than GET/HEAD 405, a
// handler that throws 500. The response carries the security headers and
// HttpResponse::route. Used by dispatch() and by tests.
HttpResponse answer(const Router& router, Site& site, Archive* archive, const HttpRequest& request);

}  // namespace chancery::web
