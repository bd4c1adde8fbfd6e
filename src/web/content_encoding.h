// Compressed answers (RFC 9110 8.4, 12.5.3): a text response of some size is
// sent as zstd or gzip when the request's Accept-Encoding takes one, with
// `Vary: Accept-Encoding` and an ETag of its own per coding. A kept page
// keeps its compressed copies beside it (EncodedBodies), so a page is
// compressed once per coding while the archive is unchanged, not per request.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace chancery::web {

struct HttpRequest;
struct HttpResponse;

enum class ContentCoding { kIdentity, kGzip, kZstd };

// "gzip", "zstd"; "" for identity.
std::string_view coding_token(ContentCoding coding);

// The coding to answer with, read from an Accept-Encoding value: the accepted
// coding (q > 0) of the highest weight among those offered, zstd before gzip
// at equal weights; "*" stands for any coding not named. kIdentity for an
// empty value, or when neither is accepted. A malformed element ("gzip;q=x")
// is left out, as if not sent. Linear in the value's length.
ContentCoding preferred_coding(std::string_view accept_encoding);

// Whether a body of `content_type` is text that compresses (HTML, CSS,
// JavaScript, JSON, XML, plain text, SVG, citation formats); images, fonts
// and octet streams are not.
bool compressible_type(std::string_view content_type);

// Bodies shorter than this are sent as they are: the saving would not pay
// for the coding's own bytes and the client's work.
inline constexpr std::size_t kMinCompressedBytes = 1024;

// `body` compressed with `coding` (not kIdentity): a gzip member or a zstd
// frame, both at level 1 (content_encoding.cc says why); "" if the library
// fails.
std::string compress_body(ContentCoding coding, std::string_view body);

// The compressed copies of one kept response's body, made on the first
// request that asks for each coding. Thread-safe.
class EncodedBodies {
 public:
  // The body compressed with `coding` (not kIdentity), made now if no request
  // asked for it before; null if compressing does not make it smaller.
  std::shared_ptr<const std::string> get(ContentCoding coding, const std::string& body);
  // Whether get(coding, ...) would answer without compressing.
  bool has(ContentCoding coding) const;
  // The memory the copies made so far take.
  std::size_t bytes() const;

 private:
  struct Copy {
    bool made = false;
    std::shared_ptr<const std::string> body;  // null: not smaller
  };
  Copy& copy_of(ContentCoding coding) { return coding == ContentCoding::kGzip ? gzip_ : zstd_; }
  const Copy& copy_of(ContentCoding coding) const { return coding == ContentCoding::kGzip ? gzip_ : zstd_; }

  mutable std::mutex mutex_;
  Copy gzip_;
  Copy zstd_;
};

// The coding `request` gets for `response`: kIdentity unless the response
// is a 200 of a compressible type with at least kMinCompressedBytes of body
// and no Content-Encoding of its own, and the request accepts a coding.
ContentCoding coding_for(const HttpRequest& request, const HttpResponse& response);

// The ETag of a response sent with `coding`: the identity ETag with
// "-gz" / "-zst" before its closing quote (a strong validator names one
// representation's bytes). `etag` unchanged for kIdentity.
std::string coded_etag(std::string_view etag, ContentCoding coding);

// Whether `response` is sent differently by the request's Accept-Encoding
// (were compression on): a 200 of a compressible type with at least
// kMinCompressedBytes of body. Such responses carry `Vary: Accept-Encoding`.
bool varies_by_coding(const HttpResponse& response);

// Sends `response` (a 200 whose body is in `body` or `shared_body`) with
// `coding`: the compressed body from `kept` when given (made there once),
// else compressed now; Content-Encoding and the coded ETag set. Adds
// `Vary: Accept-Encoding` to every compressible response, coded or not.
// Leaves the response as it is when compressing does not make it smaller.
void encode_response(HttpResponse& response, ContentCoding coding, EncodedBodies* kept);

}  // namespace chancery::web
