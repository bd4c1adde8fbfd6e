// Sitemaps (sitemaps.org protocol 0.9) and robots.txt: how search engines
// and web archives find every public page of the reading room without
// crawling its searches. The XML is written here; which pages go in is the
// handlers' business (handlers_sitemap.cc).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace chancery::web {

// URLs in one sitemap file. The protocol allows 50,000; fewer keep a file a
// crawler fetches (and the page cache keeps) near 2 MB.
inline constexpr std::size_t kSitemapUrls = 20000;

struct SitemapUrl {
  std::string loc;       // absolute URL, as it is (escaped here)
  std::string lastmod;   // W3C datetime ("2026-12-03T05:28:27.026Z"), or ""
};

// <urlset> of `urls`.
std::string sitemap_urlset(const std::vector<SitemapUrl>& urls);
// <sitemapindex> naming the sitemap files `sitemaps`.
std::string sitemap_index(const std::vector<SitemapUrl>& sitemaps);
// robots.txt: every page open to crawlers but the endless ones (searches,
// their exports, word-by-word comparisons, the API, image tiles), and where
// the sitemap is. `base_url` without a trailing slash.
std::string robots_txt(const std::string& base_url);

}  // namespace chancery::web
