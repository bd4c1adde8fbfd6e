// Template data for pages: model values turned into the fields the mustache
// templates show. Values are plain text (the templates escape them); the only
// pre-rendered HTML is the index's snippet and the script-safe JSON-LD.
#pragma once

#include <map>
#include <optional>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/names_directory.h"
#include "index/index.h"
#include "model/annotation.h"
#include "model/record.h"
#include "model/scan.h"
#include "web/body_markup.h"
#include "web/citation_styles.h"
#include "web/templates.h"

namespace chancery::web {

// "/document/frus1955-57v25/d159": the path of a record's page (id percent-encoded, '/' kept).
std::string document_path(std::string_view id);
std::string collection_path(std::string_view id);
std::string printed_index_path(std::string_view collection_id);   // /printed-index/ID
std::string person_path(std::string_view id);
std::string place_path(std::string_view id);
// The page of an authority record by its kind: /people/ID for persons,
// /organisations/ID, /places/ID.
std::string authority_path(std::string_view kind, std::string_view id);

// "November 4, 1958" from "1958-11-04" ("November 1958", "1958"); a span
// "a/b" as "a – b"; anything else as given.
std::string display_iso_date(std::string_view iso);
// "November 3, 1956" from a span (its text as written when not parsed).
std::string display_date(const DateSpan& date);
// A day written YYYY-MM-DD as readers read it ("December 3, 2026"); the text
// itself when it is not such a day.
std::string display_day(std::string_view iso_day);
// A span's time of day as pages show it: "20:00" for "20:00:00", "10:30:15"
// as is; any other text ("noon") as given.
std::string display_time(std::string_view time);

// A search hit: id, url, title, date, snippet_html (already escaped by the index).
// A count as pages show it: digits grouped by thousands ("6,843").
std::string grouped(std::int64_t n);
// `text` cut to at most about `max_bytes` at a word boundary, with "…"; as is
// when it fits. Never cuts inside a UTF-8 sequence.
std::string shortened(std::string_view text, std::size_t max_bytes);
// A collection's title without the series it starts with ("Foreign
// Relations of the United States, 1958–1960, Volume VIII" in that series:
// "1958–1960, Volume VIII"); as is otherwise.
std::string without_series(const std::string& title, const std::string& series);
// A count of documents as a phrase: "1 document", "6,843 documents".
std::string documents_count(std::int64_t n);

// A hit of a search (or a list): id, url, title (title_html with the query's
// words marked, when it has any), date, snippet_html, and snippet_note with
// snippet_note_anchor when the snippet is from a note ("Note 3", "fn3").
TemplateData hit_view(const Hit& hit);
// What a search also looked for, as a page lists it: `items` joined by ", ",
// with `capitalise` each folded one (no capital letter: "khrushchev") with its
// words capitalised; one with a capital ("USSR") is shown as it is.
std::string also_searched_list(const std::vector<std::string>& items, bool capitalise);
// `text` HTML-escaped, with the byte ranges `marks` (in order) in <mark>.
std::string marked_html(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& marks);
// The collections a record is in, outermost first: (id, title) pairs.
using CollectionTrail = std::vector<std::pair<std::string, std::string>>;
// A hit with the collections it is in: "trail" holds the outermost and the
// innermost (url, title; trail_sep on the second, trail_elided when levels
// between them were left out), "has_trail" when there are any.
TemplateData hit_view(const Hit& hit, const CollectionTrail& trail);

// A link to another record: {url, title, id}.
struct RecordLink {
  std::string id;
  std::string title;
  std::string date;
};
TemplateData record_link_view(const RecordLink& link);

// A collection's own texts (a volume's preface, sources): each with its id,
// title, blocks (`body`, as a document's) and notes.
TemplateData collection_texts_view(const CollectionAbout& about);

// What a document page shows besides the record itself.
struct DocumentSurroundings {
  std::vector<std::pair<std::string, std::string>> breadcrumbs;  // (collection id, title), outermost first
  std::optional<RecordLink> previous;
  std::optional<RecordLink> next;
  std::vector<Hit> related;
  std::string canonical_url;   // absolute URL of the page
  // Known names found in the record by the names layer (NameSnapshot::mentions),
  // and the authorities they refer to, for every id in them (a mention whose
  // ids are not all here is shown as text).
  std::vector<RecordMention> mentions;
  struct AuthorityLabel {
    std::string name;   // preferred name
    std::string kind;   // "person", "organisation", "place"
    // Its page, authority_path(kind, id), as add_names() works it out once
    // for all the page's links to it; "" for the views to work it out.
    std::string path;
  };
  std::map<std::string, AuthorityLabel> authorities;
  // Organisation and place authorities of the names in the record's places,
  // organisations and people fields that have no id: name as written -> id
  // (an id of `authorities`). Those names link to the authority's page.
  std::map<std::string, std::string> field_authorities;
  // Editors' corrections and notes on the record (Archive::annotations),
  // shown beside the text as published.
  std::vector<Annotation> annotations;
  // The record's scanned pages (Archive::scans), shown as thumbnails served
  // over IIIF, with a link to its manifest.
  std::optional<ScanSet> scans;
  // The revision shown (Archive::RecordVersion): its number, the latest's and
  // when it was written; 0 when not known. A revision older than the latest
  // says so above the text, links to the current text and to what changed
  // since, and is cited at its own address (`cite_url`).
  int revision = 0;
  int latest_revision = 0;
  std::string revision_created;   // ISO 8601 UTC
  std::string cite_url;           // absolute; empty: canonical_url
  CitedEdition edition;           // the editors of the edition it is a document of
  // The search the page was opened from (?q=), and where its words stand:
  // (field, block) -> byte ranges in that text, in order (Archive::query_matches).
  // Shown marked, numbered in reading order (marks_shown counts them).
  std::string query;
  std::map<std::pair<std::string, std::size_t>, std::vector<std::pair<std::size_t, std::size_t>>> query_marks;
  mutable std::size_t marks_shown = 0;
  // What the search also looked for, as its page says (SearchResults): other
  // spellings of the names in it (folded), glossary entries.
  std::vector<std::string> query_other_spellings;
  std::vector<std::string> query_glossary_entries;
};

// The mentions of a record as the JSON API gives them: field, block, byte
// range, text as written, authority ids (several = candidates), certain.
nlohmann::json mentions_json(const std::vector<RecordMention>& mentions);

// Everything the "document" template shows: fields, body with linked note
// markers, notes, names, citations in every style, citation_* meta tags and
// JSON-LD. Mentions of known names in the title, summary, body and notes link
// to their authority (certain) or list their candidates (ambiguous), and the
// names mentioned are listed once each.
// Takes the record by value: it marks note references in its own copy (a
// caller that is done with the record moves it in).
TemplateData document_view(Record record, const DocumentSurroundings& around);

// What the "restricted" page shows of a record closed by `restriction`: its
// published description (title, date, collection, reference), never its
// content, and the restriction's reason and end.
TemplateData restricted_view(const Record& record, const Annotation& restriction, const DocumentSurroundings& around);
// The tombstone page of a withdrawn record: what it was (title, date,
// citation, as it last stood), when it was withdrawn and why.
TemplateData withdrawn_view(const Record& last, const Annotation& withdrawal);

// An annotation as the JSON API gives it.
nlohmann::json annotation_api_json(const Annotation& annotation);

// The HTML of a text's segments (body_markup.h): plain text, note markers
// linked to their notes, and names linked to their authorities (or, when
// ambiguous, to each candidate), every value escaped as {{value}} escapes
// it. Built here rather than by a template: a page has hundreds of segments,
// and a template data object and section for each cost about a tenth of a
// cold document page.
// `labels`: the kind and name of every authority the segments refer to.
// Segments that match a search are wrapped in <mark class="query-match">,
// with ids match-1, match-2, ... counted on from `*marks` when given.
std::string segments_html(const std::vector<BodySegment>& segments,
                          const std::map<std::string, DocumentSurroundings::AuthorityLabel>& labels,
                          std::size_t* marks = nullptr);

// The schema.org description of a record (JSON-LD), as json_for_script()
// writes it: ready to embed in a <script> element.
std::string document_json_ld(const Record& record, std::string_view canonical_url);

}  // namespace chancery::web
