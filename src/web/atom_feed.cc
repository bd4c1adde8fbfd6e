#include "web/atom_feed.h"

#include "web/oai_pmh.h"

namespace chancery::web {
namespace {

using oai::append_xml_text;

void element(std::string& out, const char* name, const std::string& text) {
  out += "<";
  out += name;
  out += ">";
  append_xml_text(out, text);
  out += "</";
  out += name;
  out += ">";
}

void link(std::string& out, const char* rel, const std::string& href, const char* type = nullptr) {
  out += "<link rel=\"";
  out += rel;
  out += "\" href=\"";
  append_xml_text(out, href);
  out += "\"";
  if (type) {
    out += " type=\"";
    out += type;
    out += "\"";
  }
  out += "/>";
}

}  // namespace

std::string atom_feed(const Feed& feed, const std::vector<FeedEntry>& entries) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, "id", feed.id);
  out += "\n";
  element(out, "title", feed.title);
  out += "\n";
  element(out, "updated", feed.updated);
  out += "\n";
  link(out, "self", feed.self.empty() ? feed.id : feed.self, "application/atom+xml");
  if (!feed.first.empty()) link(out, "first", feed.first, "application/atom+xml");
  if (!feed.next.empty()) link(out, "next", feed.next, "application/atom+xml");
  link(out, "alternate", feed.site_url, "text/html");
  out += "\n<author>";
  element(out, "name", feed.author);
  out += "</author>\n";
  for (const FeedEntry& e : entries) {
    out += "<entry>";
    element(out, "id", e.id);
    element(out, "title", e.title);
    link(out, "alternate", e.link, "text/html");
    if (!e.related.empty()) link(out, "related", e.related, "text/html");
    element(out, "updated", e.updated);
    if (!e.category.empty()) {
      out += "<category term=\"";
      append_xml_text(out, e.category);
      out += "\"/>";
    }
    if (!e.summary.empty()) element(out, "summary", e.summary);
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace chancery::web
