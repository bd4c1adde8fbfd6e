#include "web/sitemap.h"

#include "web/oai_pmh.h"

namespace chancery::web {
namespace {

void entries(std::string& out, const char* element, const std::vector<SitemapUrl>& urls) {
  for (const SitemapUrl& url : urls) {
    out += "<";
    out += element;
    out += "><loc>";
    oai::append_xml_text(out, url.loc);
    out += "</loc>";
    if (!url.lastmod.empty()) {
      out += "<lastmod>";
      oai::append_xml_text(out, url.lastmod);
      out += "</lastmod>";
    }
    out += "</";
    out += element;
    out += ">\n";
  }
}

constexpr const char* kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr const char* kNamespace = " xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

}  // namespace

std::string sitemap_urlset(const std::vector<SitemapUrl>& urls) {
  std::string out = kHead;
  out.reserve(out.size() + 120 * urls.size() + 100);
  out += "<urlset";
  out += kNamespace;
  entries(out, "url", urls);
  out += "</urlset>\n";
  return out;
}

std::string sitemap_index(const std::vector<SitemapUrl>& sitemaps) {
  std::string out = kHead;
  out += "<sitemapindex";
  out += kNamespace;
  entries(out, "sitemap", sitemaps);
  out += "</sitemapindex>\n";
  return out;
}

std::string robots_txt(const std::string& base_url) {
  return "# Chancery reading room. Documents, collections and people are listed in the sitemap;\n"
         "# searches are endless and are left to readers.\n"
         "User-agent: *\n"
         "Disallow: /search\n"
         "Disallow: /list\n"
         "Disallow: /texts\n"
         "Disallow: /export/\n"
         "Disallow: /changes/\n"
         "Disallow: /api/\n"
         "Disallow: /iiif/image/\n"
         "Disallow: /oai\n"
         "Allow: /\n"
         "\n"
         "Sitemap: " +
         base_url + "/sitemap.xml\n";
}

}  // namespace chancery::web
