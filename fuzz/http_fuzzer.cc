// libFuzzer target: the HTTP request path without sockets. The input is raw
// request bytes; as in server.cc they go through Beast's request parser with
// the server's head and body limits, check_request_head(), the conversion to an
// HttpRequest (lower-cased header names, parse_target()) and answer(): routing,
// method checks and every handler, against a real archive in a temporary
// folder that is built once (examples/records plus a record with markup);
// then the answer as sent (conditional_response() in the coding the request's
// Accept-Encoding takes), whose compressed body must decode to the page.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "archive/archive.h"
#include "web/content_encoding.h"
#include "web/dispatcher.h"
#include "web/responses.h"
#include "web/request_limits.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"

namespace http = boost::beast::http;
namespace web = chancery::web;

namespace {

struct World {
  std::filesystem::path dir;
  std::unique_ptr<chancery::Archive> archive;
  std::unique_ptr<web::Site> site;
  web::Router router;
  web::RequestLimits limits;
};

World* world = nullptr;

void remove_world() {
  if (!world) return;
  world->archive.reset();
  std::error_code ec;
  std::filesystem::remove_all(world->dir, ec);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "http_fuzzer: %s\n", what.c_str());
  std::exit(1);
}

// `data` decompressed as `coding` says; "<bad>" when it is not one whole
// gzip member or zstd frame.
std::string decoded(web::ContentCoding coding, const std::string& data) {
  if (coding == web::ContentCoding::kZstd) {
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (64u << 20)) return "<bad>";
    std::string out(size, '\0');
    const std::size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
    if (ZSTD_isError(n) || n != size) return "<bad>";
    return out;
  }
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return "<bad>";
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  const bool whole = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  return whole ? out : "<bad>";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  world = new World;
  world->dir = std::filesystem::temp_directory_path() / ("chancery-http-fuzz-" + std::to_string(::getpid()));
  std::filesystem::remove_all(world->dir);
  std::filesystem::create_directories(world->dir);
  std::atexit(remove_world);
  chancery::ArchiveOptions options;
  options.dir = world->dir / "archive";
  options.create = true;
  auto opened = chancery::Archive::open(options);
  if (!opened) die(opened.error().describe());
  world->archive = std::move(*opened);
  std::filesystem::path markup = world->dir / "markup.txt";
  std::ofstream(markup, std::ios::binary)
      << "**<script>alert(1)</script>**\n\n**Summary:**\n\n</script><b>x</b> & y\n\n"
         "**Original Language:**\n\nRussian\n\nText.(1)\n\n(1) Note.\n";
  world->archive->import_paths({std::filesystem::path(CHANCERY_SOURCE_DIR) / "examples" / "records", markup});
  auto site = web::make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://127.0.0.1:8080");
  if (!site) die(site.error().describe());
  world->site = std::move(*site);
  web::register_routes(world->router);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(world->limits.parser_head_limit()));
  parser.body_limit(world->limits.max_body_bytes);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (used < size && !parser.is_done()) {
    std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) break;  // an incomplete request: the server would wait
    if (ec) return 0;
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_header_done()) return 0;
  const auto& head = parser.get();
  std::size_t header_bytes = 0;
  for (const auto& field : head) header_bytes += field.name_string().size() + field.value().size() + 4;
  std::optional<std::uint64_t> length;
  if (auto n = parser.content_length()) length = *n;
  std::string_view target(head.target().data(), head.target().size());
  if (web::check_request_head(target, header_bytes, length, world->limits) != 0) return 0;

  web::HttpRequest request;
  request.method = std::string(head.method_string());
  request.target = std::string(target);
  for (const auto& field : head) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace(std::move(name), std::string(field.value()));
  }
  request.body = head.body();
  auto parsed = web::parse_target(request.target);
  if (!parsed) return 0;
  request.path = std::move(parsed->path);
  request.query = std::move(parsed->query);
  web::HttpResponse response = web::answer(world->router, *world->site, world->archive.get(), request);
  if (response.status < 100 || response.status > 599) __builtin_trap();
  if (response.status == 200) add_validators(response);

  // As the dispatcher sends it: in the coding the request's Accept-Encoding
  // takes, which must decode to the page exactly, or as a 304.
  const std::string identity = response.body;
  auto kept = std::make_shared<web::HttpResponse>(std::move(response));
  const web::ContentCoding coding = web::coding_for(request, *kept);
  web::HttpResponse sent = web::conditional_response(request, kept, coding);
  if (sent.status == 200) {
    if (sent.shared_body == nullptr) __builtin_trap();
    bool coded = false;
    for (const auto& [name, value] : sent.headers) coded = coded || name == "Content-Encoding";
    if (coded && decoded(coding, *sent.shared_body) != identity) __builtin_trap();
    if (!coded && *sent.shared_body != identity) __builtin_trap();
  } else if (sent.status == 304 && sent.shared_body != nullptr) {
    __builtin_trap();
  }

  // The URL helpers on the raw target too, beyond what a valid request reaches.
  (void)web::percent_decode(target, true);
  (void)web::safe_relative_path(target);
  if (auto q = web::parse_query_string(target)) {
    // A query string built from the pairs reads back as the same pairs.
    auto again = web::parse_query_string(web::build_query_string(*q));
    if (!again || *again != *q) __builtin_trap();
  }
  // Encoded, any text without NUL (which decoding refuses) decodes back to itself.
  if (target.find('\0') == std::string_view::npos) {
    for (bool keep_slash : {false, true}) {
      auto back = web::percent_decode(web::percent_encode(target, keep_slash), false);
      if (!back || *back != target) __builtin_trap();
    }
  }
  return 0;
}
