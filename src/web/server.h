// The HTTP server of the reading room (Boost.Beast; the only file that
// includes it is server.cc).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

#include "util/error.h"
#include "web/request_limits.h"

namespace chancery::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;          // 0 picks a free port (reported via on_listening)
  std::filesystem::path archive_dir;   // opened read-only, once per worker
  std::filesystem::path web_dir;       // templates/, static/, api/; empty = default_web_dir()
  int io_threads = 2;                  // socket I/O
  int workers = 4;                     // archive work (search, documents)
  std::size_t queue_capacity = 64;     // waiting archive jobs before 503
  std::size_t max_connections = 10000; // open connections; more are closed at accept
  std::chrono::milliseconds header_timeout{10'000};  // whole request head
  std::chrono::milliseconds body_timeout{30'000};    // whole request body
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{15'000};  // in-flight work on SIGINT/SIGTERM
  // Memory for finished archive pages kept until the archive changes
  // (ResponseCache); 0 keeps none.
  std::size_t page_cache_bytes = 64u << 20;
  // Memory for decoded scans kept for the next IIIF request of the same page
  // (images::ImageRenderer); 0 keeps none.
  std::size_t image_cache_bytes = 128u << 20;
  // Every record's related records (a document page's list) found ahead, on
  // a thread at idle priority, for each index revision served
  // (index/related_table.h); false: found when a page asks.
  bool related_ahead = true;
  // Text responses sent as zstd or gzip to clients that accept it (Site::compress).
  bool compress = true;
  std::string base_url;                // for canonical links; empty = "http://" + bound address
  std::string oai_repository;          // OAI-PMH identifiers' repository part; empty = Site's default
  std::string admin_email;             // OAI-PMH Identify's contact; empty = Site's default
  RequestLimits limits;
  std::ostream* access_log = nullptr;  // one line per response; null = none
  // One line for each request the server failed to answer (a 500), with the
  // cause the client is not told; null = none.
  std::ostream* error_log = nullptr;
  // Called once listening, with the bound address ("127.0.0.1:8080").
  std::function<void(const std::string&)> on_listening;
};

// Opens the archive and serves until SIGINT or SIGTERM, then stops accepting,
// finishes in-flight requests (up to shutdown_grace) and returns. Fails with
// the archive's error when it cannot be opened, kIo when the address cannot be
// bound, and like Templates::load when the templates are broken.
Result<void> run_server(const ServerOptions& options);

}  // namespace chancery::web
