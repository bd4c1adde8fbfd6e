// The archive's news as an Atom feed (RFC 4287): documents added and revised,
// newest first, for feed readers and aggregators that follow an archive.
// XML is written with oai_pmh.h's xml_text, so any text a record holds is
// escaped and characters XML 1.0 forbids are left out.
#pragma once

#include <string>
#include <vector>

namespace chancery::web {

struct FeedEntry {
  std::string id;        // absolute URL of the revision: unique and stable (the Atom id)
  std::string title;
  std::string link;      // absolute URL of the page to read
  std::string updated;   // ISO 8601 UTC of the revision
  std::string summary;   // plain text
  std::string category;  // "added" or "revised"
  std::string related;   // absolute URL of what changed (a revision), or empty
};

struct Feed {
  std::string id;        // absolute URL of the feed (its newest page)
  std::string self;      // absolute URL of this page (id when empty)
  std::string first;     // paged (RFC 5005): the newest page, and the next older
  std::string next;      //   one (empty: none)
  std::string title;
  std::string site_url;  // absolute URL of the reading room
  std::string author;    // who publishes it (the site's name)
  std::string updated;   // the newest entry's time (or now, for none)
};

// The feed document, UTF-8.
std::string atom_feed(const Feed& feed, const std::vector<FeedEntry>& entries);

}  // namespace chancery::web
