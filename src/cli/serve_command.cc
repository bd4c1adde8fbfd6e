// `chancery serve`: the reading room and JSON API (src/web/).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "web/oai_pmh.h"
#include "web/server.h"
#include "web/site.h"

namespace chancery::cli {
namespace {

// Splits "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080"); false when malformed.
bool parse_listen(const std::string& text, std::string& host, unsigned short& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  unsigned long value = std::stoul(digits);
  if (value > 65535) return false;
  port = static_cast<unsigned short>(value);
  return true;
}

// Worker threads by default: one a core. More share the cores in time slices,
// which lengthens the slowest answers; cold search pages on 2 cores, 32
// connections, one I/O thread: 2 workers p99 20.4-20.5 ms at 2,149-2,191
// requests/s, 3 workers p99 22.9-23.0 ms at 2,162-2,177 (bench/README,
// 2026-12-01 16:20). An archive too big for the machine's memory waits on the
// disk, and then more workers (--threads) keep the cores busy.
unsigned cores() { return std::max(std::thread::hardware_concurrency(), 1u); }

int default_workers() { return static_cast<int>(std::min(cores(), 256u)); }

// I/O threads by default: one for each four cores, at least one. Each request
// passes from an I/O thread to a worker and back, so an I/O thread more than
// the sockets need is one more thread sharing the cores: on 2 cores, one I/O
// thread against two served 3-6% more cold search pages and 11% more pages
// from the page cache (bench/README, 2026-12-01 16:20).
int default_io_threads() { return static_cast<int>(std::clamp(cores() / 4, 1u, 64u)); }

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = default_workers();
  int io_threads = default_io_threads();
  std::string web_dir;
  std::string base_url;
  std::string access_log;
  std::string oai_repository;
  std::string admin_email;
  double header_timeout = 10;
  double idle_timeout = 60;
  int cache_mb = 64;
  int image_cache_mb = 128;
  bool quiet = false;
  bool no_related_ahead = false;
  bool no_compression = false;
};

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the reading room and JSON API over HTTP");
  serve->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  serve->add_option("--threads", args->threads, "worker threads for archive work (search, documents); default: one a core")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve->add_option("--io-threads", args->io_threads, "threads for socket I/O; default: one for each four cores, at least one")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve->add_option("--web-dir", args->web_dir, "folder with templates/, static/ and api/ (default: the source tree's web/)");
  serve->add_option("--base-url", args->base_url, "public URL of the site, for canonical links (default: http://LISTEN)");
  serve->add_option("--oai-repository", args->oai_repository,
                    "domain name in OAI-PMH item identifiers (oai:NAME:ID); keep it once harvested (default: chancery.local)");
  serve->add_option("--admin-email", args->admin_email, "contact address OAI-PMH Identify gives harvesters");
  serve->add_option("--header-timeout", args->header_timeout, "seconds a client has to send a request head")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  serve->add_option("--idle-timeout", args->idle_timeout, "seconds an idle keep-alive connection stays open")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  serve->add_option("--cache-mb", args->cache_mb,
                    "memory (MB) for finished pages kept until the archive changes; 0 keeps none")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  serve->add_option("--image-cache-mb", args->image_cache_mb,
                    "memory (MB) for decoded scans kept for the next IIIF request of the same page; 0 keeps none")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  serve->add_option("--access-log", args->access_log, "append the access log to FILE instead of stderr");
  serve->add_flag("--quiet", args->quiet, "no access log");
  serve->add_flag("--no-related-ahead", args->no_related_ahead,
                  "find a document page's related records when it is asked for, never ahead at idle priority");
  serve->add_flag("--no-compression", args->no_compression,
                  "send every response uncompressed (by default text of 1 KiB or more goes as zstd or gzip to "
                  "clients that accept it; leave it to a proxy in front, for one)");
  serve->callback([args, &global] {
    chancery::web::ServerOptions options;
    if (!parse_listen(args->listen, options.host, options.port)) {
      std::cerr << "chancery serve: --listen wants HOST:PORT, got '" << args->listen << "'\n";
      throw CLI::RuntimeError(2);
    }
    options.archive_dir = global.archive_dir;
    options.workers = args->threads;
    options.io_threads = args->io_threads;
    options.page_cache_bytes = static_cast<std::size_t>(args->cache_mb) << 20;
    options.image_cache_bytes = static_cast<std::size_t>(args->image_cache_mb) << 20;
    options.related_ahead = !args->no_related_ahead;
    options.compress = !args->no_compression;
    options.web_dir = args->web_dir.empty() ? chancery::web::default_web_dir() : std::filesystem::path(args->web_dir);
    options.base_url = args->base_url;
    if (!args->oai_repository.empty() && !chancery::web::oai::valid_repository_identifier(args->oai_repository)) {
      std::cerr << "chancery serve: --oai-repository wants a domain name such as archive.example.org, got '"
                << args->oai_repository << "'\n";
      throw CLI::RuntimeError(2);
    }
    if (!args->admin_email.empty() && args->admin_email.find('@') == std::string::npos) {
      std::cerr << "chancery serve: --admin-email wants an e-mail address, got '" << args->admin_email << "'\n";
      throw CLI::RuntimeError(2);
    }
    options.oai_repository = args->oai_repository;
    options.admin_email = args->admin_email;
    options.header_timeout = std::chrono::milliseconds(static_cast<long>(args->header_timeout * 1000));
    options.idle_timeout = std::chrono::milliseconds(static_cast<long>(args->idle_timeout * 1000));
    std::ofstream log_file;
    options.access_log = args->quiet ? nullptr : &std::cerr;
    options.error_log = &std::cerr;   // with --quiet too: a failure is never silent
    if (!args->quiet && !args->access_log.empty()) {
      log_file.open(args->access_log, std::ios::app);
      if (!log_file) {
        std::cerr << "chancery serve: cannot open access log " << args->access_log << "\n";
        throw CLI::RuntimeError(1);
      }
      options.access_log = &log_file;
    }
    options.on_listening = [web_dir = options.web_dir](const std::string& address) {
      std::cerr << "chancery: serving http://" << address << "/ (Ctrl-C to stop; pages from " << web_dir.string()
                << ")" << std::endl;
    };
    auto served = chancery::web::run_server(options);
    if (!served) {
      std::cerr << "chancery serve: " << served.error().describe() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace chancery::cli
