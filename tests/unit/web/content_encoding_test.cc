// Compressed answers: which coding a request's Accept-Encoding gets, what is
// compressed, that the bytes decompress to the page exactly (with zlib's and
// zstd's own decoders), the per-coding ETags, the 304s, and a kept page's
// copies made once.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include <zlib.h>
#include <zstd.h>

#include "web/content_encoding.h"
#include "web/http_types.h"
#include "web/responses.h"

namespace chancery::web {
namespace {

std::string gunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
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
  EXPECT_EQ(rc, Z_STREAM_END);
  EXPECT_EQ(zs.avail_in, 0u) << "bytes after the gzip member";
  inflateEnd(&zs);
  return out;
}

std::string unzstd(const std::string& data) {
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  EXPECT_NE(size, ZSTD_CONTENTSIZE_ERROR);
  EXPECT_NE(size, ZSTD_CONTENTSIZE_UNKNOWN);
  std::string out(size, '\0');
  const std::size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
  EXPECT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
  out.resize(n);
  return out;
}

std::string decoded(ContentCoding coding, const std::string& data) {
  return coding == ContentCoding::kGzip ? gunzip(data) : coding == ContentCoding::kZstd ? unzstd(data) : data;
}

// A page-like body: repeated markup around words, some of it random.
std::string page(std::size_t bytes, unsigned seed = 1) {
  std::mt19937 rng(seed);
  static const char* words[] = {"Khrushchev", "telegram", "Embassy", "Moscow", "the", "of", "Secretary", "Хрущёв"};
  std::string out = "<!doctype html><html><body>";
  while (out.size() < bytes) {
    out += "<p class=\"hit\">";
    for (int i = 0; i < 12; ++i) {
      out += words[rng() % 8];
      out += ' ';
    }
    out += std::to_string(rng());
    out += "</p>\n";
  }
  return out;
}

std::string header(const HttpResponse& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return {};
}

HttpRequest asking(std::string accept_encoding, std::string if_none_match = "") {
  HttpRequest request;
  request.method = "GET";
  request.target = request.path = "/search";
  if (!accept_encoding.empty()) request.headers.emplace("accept-encoding", std::move(accept_encoding));
  if (!if_none_match.empty()) request.headers.emplace("if-none-match", std::move(if_none_match));
  return request;
}

std::shared_ptr<HttpResponse> kept_page(std::string body) {
  auto response = std::make_shared<HttpResponse>();
  response->body = std::move(body);
  add_validators(*response);
  response->encoded = std::make_shared<EncodedBodies>();
  return response;
}

TEST(ContentEncodingTest, ReadsAcceptEncodingAsRfc9110Says) {
  EXPECT_EQ(preferred_coding(""), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("identity"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("deflate, br"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("gzip"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("x-gzip"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("GZip"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("zstd"), ContentCoding::kZstd);
  // What browsers send: zstd is preferred at equal weights.
  EXPECT_EQ(preferred_coding("gzip, deflate, br, zstd"), ContentCoding::kZstd);
  EXPECT_EQ(preferred_coding("gzip, deflate"), ContentCoding::kGzip);
  // Weights decide; q=0 refuses.
  EXPECT_EQ(preferred_coding("gzip;q=1.0, zstd;q=0.5"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("gzip ; q=0.2 , zstd ;Q=0.3"), ContentCoding::kZstd);
  EXPECT_EQ(preferred_coding("zstd;q=0, gzip"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("zstd;q=0, gzip;q=0"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("gzip;q=0.001"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("gzip;q=0.000"), ContentCoding::kIdentity);
  // "*" stands for any coding not named.
  EXPECT_EQ(preferred_coding("*"), ContentCoding::kZstd);
  EXPECT_EQ(preferred_coding("zstd;q=0, *"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("*;q=0"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("*;q=0, gzip"), ContentCoding::kGzip);
  // A malformed weight leaves its element out, not the others.
  EXPECT_EQ(preferred_coding("zstd;q=2, gzip"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("zstd;q=0.5x"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("zstd;q=1.5"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("zstd;q=0.12345"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding("zstd;q="), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding(",,, ;q=1, gzip,"), ContentCoding::kGzip);
  EXPECT_EQ(preferred_coding("gzipx, zstdy"), ContentCoding::kIdentity);
  EXPECT_EQ(preferred_coding(std::string(100000, ',') + "gzip"), ContentCoding::kGzip);
}

TEST(ContentEncodingTest, CompressesTextTypesOnly) {
  for (const char* type : {"text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8",
                           "text/plain; version=0.0.4; charset=utf-8", "application/json", "application/ld+json",
                           "application/problem+json", "application/atom+xml", "application/xml; charset=utf-8",
                           "text/xml; charset=utf-8", "application/x-bibtex; charset=utf-8",
                           "application/x-research-info-systems; charset=utf-8",
                           "application/vnd.citationstyles.csl+json", "image/svg+xml", "TEXT/HTML"}) {
    EXPECT_TRUE(compressible_type(type)) << type;
  }
  for (const char* type : {"image/jpeg", "image/png", "font/woff2", "application/octet-stream", "application/zip",
                           "", "text/", "+json", "application/jsonx"}) {
    EXPECT_FALSE(compressible_type(type)) << type;
  }
}

TEST(ContentEncodingTest, EachCodingDecompressesToTheBodyExactly) {
  for (std::size_t size : {std::size_t{1}, std::size_t{1024}, std::size_t{50'000}, std::size_t{700'000}}) {
    const std::string body = page(size, static_cast<unsigned>(size));
    for (ContentCoding coding : {ContentCoding::kGzip, ContentCoding::kZstd}) {
      const std::string coded = compress_body(coding, body);
      ASSERT_FALSE(coded.empty());
      EXPECT_EQ(decoded(coding, coded), body) << coding_token(coding) << " " << size;
      if (size >= 50'000) {
        EXPECT_LT(coded.size() * 3, body.size()) << coding_token(coding);
      }
    }
  }
  // Random bytes do not shrink: a kept page's copy is then left out.
  std::mt19937 rng(7);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  EncodedBodies copies;
  EXPECT_EQ(copies.get(ContentCoding::kGzip, noise), nullptr);
  EXPECT_TRUE(copies.has(ContentCoding::kGzip));
  EXPECT_FALSE(copies.has(ContentCoding::kZstd));
  EXPECT_EQ(copies.bytes(), 0u);
}

TEST(ContentEncodingTest, AKeptPageIsCompressedOncePerCoding) {
  const std::string body = page(30'000);
  EncodedBodies copies;
  EXPECT_FALSE(copies.has(ContentCoding::kZstd));
  auto first = copies.get(ContentCoding::kZstd, body);
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(copies.has(ContentCoding::kZstd));
  EXPECT_EQ(copies.get(ContentCoding::kZstd, body), first);  // the same copy, not made again
  EXPECT_FALSE(copies.has(ContentCoding::kGzip));
  auto gz = copies.get(ContentCoding::kGzip, body);
  ASSERT_NE(gz, nullptr);
  EXPECT_EQ(copies.bytes(), first->size() + gz->size());
  EXPECT_EQ(unzstd(*first), body);
  EXPECT_EQ(gunzip(*gz), body);
}

TEST(ContentEncodingTest, ETagsNameOneRepresentationEach) {
  EXPECT_EQ(coded_etag("\"abc-12\"", ContentCoding::kGzip), "\"abc-12-gz\"");
  EXPECT_EQ(coded_etag("\"abc-12\"", ContentCoding::kZstd), "\"abc-12-zst\"");
  EXPECT_EQ(coded_etag("\"abc-12\"", ContentCoding::kIdentity), "\"abc-12\"");
  EXPECT_EQ(coded_etag("W/\"abc\"", ContentCoding::kGzip), "W/\"abc-gz\"");
  EXPECT_EQ(coded_etag("", ContentCoding::kGzip), "");
}

TEST(ContentEncodingTest, ConditionalResponseSendsTheCodingAskedFor) {
  auto kept = kept_page(page(20'000));
  const std::string etag = header(*kept, "ETag");
  ASSERT_FALSE(etag.empty());

  HttpResponse plain = conditional_response(asking(""), kept, coding_for(asking(""), *kept));
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(plain, "ETag"), etag);
  ASSERT_NE(plain.shared_body, nullptr);
  EXPECT_EQ(*plain.shared_body, kept->body);

  for (ContentCoding coding : {ContentCoding::kGzip, ContentCoding::kZstd}) {
    const HttpRequest request = asking(std::string(coding_token(coding)));
    ASSERT_EQ(coding_for(request, *kept), coding);
    HttpResponse coded = conditional_response(request, kept, coding);
    EXPECT_EQ(coded.status, 200);
    EXPECT_EQ(header(coded, "Content-Encoding"), coding_token(coding));
    EXPECT_EQ(header(coded, "Vary"), "Accept-Encoding");
    EXPECT_EQ(header(coded, "ETag"), coded_etag(etag, coding));
    ASSERT_NE(coded.shared_body, nullptr);
    EXPECT_EQ(decoded(coding, *coded.shared_body), kept->body);
    EXPECT_TRUE(kept->encoded->has(coding));
    // The kept response itself is unchanged.
    EXPECT_EQ(header(*kept, "ETag"), etag);
    EXPECT_EQ(header(*kept, "Content-Encoding"), "");

    // A client holding this representation gets a 304 with its ETag...
    HttpResponse again = conditional_response(asking(std::string(coding_token(coding)), coded_etag(etag, coding)),
                                              kept, coding);
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.shared_body, nullptr);
    EXPECT_EQ(header(again, "ETag"), coded_etag(etag, coding));
    EXPECT_EQ(header(again, "Vary"), "Accept-Encoding");
    EXPECT_EQ(header(again, "Content-Encoding"), "");
    // ...one holding the uncompressed page, asking for this coding, the
    // compressed page (its bytes differ); and the reverse.
    EXPECT_EQ(conditional_response(asking(std::string(coding_token(coding)), etag), kept, coding).status, 200);
    EXPECT_EQ(conditional_response(asking("", coded_etag(etag, coding)), kept, ContentCoding::kIdentity).status,
              200);
  }
  EXPECT_EQ(conditional_response(asking("", etag), kept, ContentCoding::kIdentity).status, 304);
}

TEST(ContentEncodingTest, SmallBodiesErrorsAndImagesGoAsTheyAre) {
  auto small = kept_page(std::string(kMinCompressedBytes - 1, 'a'));
  EXPECT_EQ(coding_for(asking("gzip"), *small), ContentCoding::kIdentity);
  HttpResponse sent = conditional_response(asking("gzip"), small, ContentCoding::kIdentity);
  EXPECT_EQ(header(sent, "Vary"), "");

  auto missing = kept_page(page(5000));
  missing->status = 404;
  EXPECT_EQ(coding_for(asking("gzip"), *missing), ContentCoding::kIdentity);

  auto image = kept_page(std::string(5000, 'a'));
  image->content_type = "image/jpeg";
  EXPECT_EQ(coding_for(asking("gzip"), *image), ContentCoding::kIdentity);
  EXPECT_FALSE(varies_by_coding(*image));

  auto already = kept_page(page(5000));
  already->set_header("Content-Encoding", "gzip");
  EXPECT_EQ(coding_for(asking("zstd"), *already), ContentCoding::kIdentity);

  // Without the kept copies (a page not kept) the body is compressed for
  // the answer alone.
  // With compression off: as it is, and no Vary.
  HttpResponse off = conditional_response(asking("gzip"), kept_page(page(5000)), std::nullopt);
  EXPECT_EQ(header(off, "Content-Encoding"), "");
  EXPECT_EQ(header(off, "Vary"), "");

  auto unkept = kept_page(page(5000));
  unkept->encoded = nullptr;
  HttpResponse coded = conditional_response(asking("gzip"), unkept, ContentCoding::kGzip);
  EXPECT_EQ(header(coded, "Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(*coded.shared_body), unkept->body);
}

}  // namespace
}  // namespace chancery::web
