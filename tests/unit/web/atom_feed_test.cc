// The Atom feed document: well-formed whatever the records hold (markup,
// ampersands, control characters, invalid UTF-8), with the elements RFC 4287
// requires.
#include "web/atom_feed.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>

namespace chancery::web {
namespace {

Feed feed() {
  Feed f;
  f.id = "http://127.0.0.1:8080/feed.atom";
  f.title = "Chancery: documents added and revised";
  f.site_url = "http://127.0.0.1:8080/";
  f.author = "Chancery";
  f.updated = "2026-12-02T13:16:45.211Z";
  return f;
}

TEST(AtomFeed, HostileTextStaysWellFormedText) {
  FeedEntry e;
  e.id = "http://127.0.0.1:8080/document/a%26b?revision=2";
  e.title = "<script>alert(1)</script> & \"Nagy\" \x01\x02 \xff\xfe";
  e.link = "http://127.0.0.1:8080/document/a?x=1&y=2";
  e.updated = "2026-12-02T13:16:45.211Z";
  e.summary = "Revision 2: changed the title.\x0b";
  e.category = "revised";
  e.related = "http://127.0.0.1:8080/changes/a?from=1&to=2";
  const std::string xml = atom_feed(feed(), {e});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  pugi::xml_node root = doc.child("feed");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_STREQ(root.child_value("id"), "http://127.0.0.1:8080/feed.atom");
  EXPECT_STREQ(root.child("author").child_value("name"), "Chancery");
  EXPECT_STREQ(root.find_child_by_attribute("link", "rel", "self").attribute("href").value(),
               "http://127.0.0.1:8080/feed.atom");
  pugi::xml_node entry = root.child("entry");
  ASSERT_TRUE(entry);
  const std::string title = entry.child_value("title");
  EXPECT_EQ(title.find("<script>alert(1)</script> & \"Nagy\" "), 0u) << title;
  EXPECT_EQ(title.find('\x01'), std::string::npos);
  EXPECT_NE(title.find("\xEF\xBF\xBD"), std::string::npos) << "invalid UTF-8 becomes U+FFFD";
  EXPECT_STREQ(entry.find_child_by_attribute("link", "rel", "alternate").attribute("href").value(),
               "http://127.0.0.1:8080/document/a?x=1&y=2");
  EXPECT_STREQ(entry.find_child_by_attribute("link", "rel", "related").attribute("href").value(),
               "http://127.0.0.1:8080/changes/a?from=1&to=2");
  EXPECT_STREQ(entry.child("category").attribute("term").value(), "revised");
  EXPECT_STREQ(entry.child_value("summary"), "Revision 2: changed the title.");
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
}

TEST(AtomFeed, AnEmptyFeedIsStillAFeed) {
  pugi::xml_document doc;
  const std::string xml = atom_feed(feed(), {});
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_FALSE(doc.child("feed").child("entry"));
  EXPECT_STREQ(doc.child("feed").child_value("updated"), "2026-12-02T13:16:45.211Z");
}

}  // namespace
}  // namespace chancery::web
