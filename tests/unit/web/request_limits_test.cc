// Request limits and URL handling: what the server refuses before any handler runs.
#include "web/request_limits.h"

#include <gtest/gtest.h>

#include <string>

#include "web/url.h"

namespace chancery::web {
namespace {

TEST(RequestLimits, AcceptsOrdinaryRequests) {
  RequestLimits limits;
  EXPECT_EQ(check_request_head("/search?q=nagy", 200, std::nullopt, limits), 0);
  EXPECT_EQ(check_request_head(std::string(4096, 'a'), 8192, 1u << 20, limits), 0);
}

TEST(RequestLimits, LongUrlIs414) {
  RequestLimits limits;
  EXPECT_EQ(check_request_head("/" + std::string(4096, 'a'), 100, std::nullopt, limits), 414);
}

TEST(RequestLimits, LargeHeadersAre431) {
  RequestLimits limits;
  EXPECT_EQ(check_request_head("/", 8193, std::nullopt, limits), 431);
}

TEST(RequestLimits, LargeBodyIs413) {
  RequestLimits limits;
  EXPECT_EQ(check_request_head("/", 100, (1u << 20) + 1, limits), 413);
}

TEST(RequestLimits, OverflowingHeadIsClassifiedByItsRequestLine) {
  RequestLimits limits;
  std::string long_line = "GET /" + std::string(limits.parser_head_limit(), 'a');
  EXPECT_EQ(classify_oversized_head(long_line, limits), 414);  // request line never ended
  std::string long_target = "GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: x\r\n";
  EXPECT_EQ(classify_oversized_head(long_target, limits), 414);
  std::string many_headers = "GET / HTTP/1.1\r\n";
  while (many_headers.size() < limits.parser_head_limit()) many_headers += "X-Filler: " + std::string(100, 'b') + "\r\n";
  EXPECT_EQ(classify_oversized_head(many_headers, limits), 431);
}

TEST(RequestLimits, OnlyGetAndHeadAreAllowed) {
  EXPECT_TRUE(is_allowed_method("GET"));
  EXPECT_TRUE(is_allowed_method("HEAD"));
  EXPECT_FALSE(is_allowed_method("POST"));
  EXPECT_FALSE(is_allowed_method("DELETE"));
  EXPECT_FALSE(is_allowed_method("get"));
}

TEST(Url, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b+c", true).value(), "a b c");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_EQ(percent_decode("%D0%A5", false).value(), "\xD0\xA5");
  EXPECT_FALSE(percent_decode("%2", false).has_value());
  EXPECT_FALSE(percent_decode("%zz", false).has_value());
  EXPECT_FALSE(percent_decode("a%00b", false).has_value());
}

TEST(Url, QueryStringsKeepOrderAndRepeats) {
  auto params = parse_query_string("q=imre+nagy&f=year%3A1956&f=type:telegram&&empty=");
  ASSERT_TRUE(params.has_value());
  ASSERT_EQ(params->size(), 4u);
  EXPECT_EQ((*params)[0], (std::pair<std::string, std::string>{"q", "imre nagy"}));
  EXPECT_EQ((*params)[1].second, "year:1956");
  EXPECT_EQ((*params)[2].second, "type:telegram");
  EXPECT_EQ((*params)[3].second, "");
  EXPECT_EQ(build_query_string(*params), "q=imre%20nagy&f=year%3A1956&f=type%3Atelegram&empty=");
}

TEST(Url, PercentEncodingKeepsUnreservedRunsAndEscapesEveryOtherByte) {
  EXPECT_EQ(percent_encode(""), "");
  EXPECT_EQ(percent_encode("abc-._~XYZ09"), "abc-._~XYZ09");
  EXPECT_EQ(percent_encode("a b/c:d"), "a%20b%2Fc%3Ad");
  EXPECT_EQ(percent_encode("a b/c:d", true), "a%20b/c%3Ad");
  EXPECT_EQ(percent_encode("\"Хрущёв\""), "%22%D0%A5%D1%80%D1%83%D1%89%D1%91%D0%B2%22");
  EXPECT_EQ(percent_encode(std::string("x\0y", 3)), "x%00y");
  std::string out = "/search?q=";
  append_percent_encoded(out, "imre nagy");
  append_percent_encoded(out, "&f=");
  EXPECT_EQ(out, "/search?q=imre%20nagy%26f%3D");
  // Every byte there and back.
  std::string all;
  for (int c = 1; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(percent_decode(percent_encode(all), false).value(), all);
}

TEST(Url, TargetsSplitIntoDecodedPathAndQuery) {
  auto target = parse_target("/document/frus1955-57v25%2Fd159?x=1#frag");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/document/frus1955-57v25/d159");
  ASSERT_EQ(target->query.size(), 1u);
  EXPECT_FALSE(parse_target("http://example.org/").has_value());
  EXPECT_FALSE(parse_target("/a%GG").has_value());
}

TEST(Url, PercentEncodeKeepsSlashOnlyWhenAsked) {
  EXPECT_EQ(percent_encode("a/b c&d"), "a%2Fb%20c%26d");
  EXPECT_EQ(percent_encode("frus1955-57v25/d159", true), "frus1955-57v25/d159");
}

TEST(Url, StaticPathsCannotLeaveTheRoot) {
  EXPECT_EQ(safe_relative_path("style.css"), "style.css");
  EXPECT_EQ(safe_relative_path("img/logo.svg"), "img/logo.svg");
  EXPECT_FALSE(safe_relative_path("../../etc/passwd"));
  EXPECT_FALSE(safe_relative_path("img/../../x"));
  EXPECT_FALSE(safe_relative_path("/etc/passwd"));
  EXPECT_FALSE(safe_relative_path("a//b"));
  EXPECT_FALSE(safe_relative_path("./a"));
  EXPECT_FALSE(safe_relative_path("a\\..\\b"));
  EXPECT_FALSE(safe_relative_path(""));
  EXPECT_FALSE(safe_relative_path(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace chancery::web
