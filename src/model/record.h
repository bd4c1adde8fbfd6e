// The record model: one archival document, whatever format it came from.
//
// A Record keeps both the source's own words (labelled sections exactly as
// written, the date and citation as written, the TEI as imported) and the
// parsed, typed view of them (dates with precision, citation parts, people...).
// The as-written parts make export lossless; the typed parts feed search,
// facets and citations.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/annotation.h"
#include "model/scan.h"

namespace chancery {

enum class DatePrecision { kUnknown, kYear, kMonth, kDay };

// A calendar date known to some precision. Fields below the precision are 0.
struct Date {
  int year = 0;
  int month = 0;  // 1-12, 0 if unknown
  int day = 0;    // 1-31, 0 if unknown
  DatePrecision precision = DatePrecision::kUnknown;

  bool known() const { return precision != DatePrecision::kUnknown; }
  // "1956", "1956-11" or "1956-11-03"; "" when unknown.
  std::string iso() const;
  bool operator==(const Date&) const = default;
};

// When a document was written: a single date or a range, possibly approximate,
// with the text it was parsed from ("November 3, 1956", "3/XI/56", "ca. 1949").
struct DateSpan {
  Date from;
  Date to;            // equal to `from` for a single date
  bool approximate = false;
  std::string time;   // time of day where the source gives it: "23:00:00", "noon"
  std::string as_written;

  bool known() const { return from.known(); }
  // Days since 1970-01-01 of the earliest / latest day the span covers
  // (a month-precision date covers the whole month). 0 when unknown.
  std::int64_t first_day() const;
  std::int64_t last_day() const;
  bool operator==(const DateSpan&) const = default;
};

// A citation as written plus the parts we can recognise in it.
struct Citation {
  std::string as_written;     // the whole Citation section, exactly
  std::string title;          // "Notes of a Secure Phone Call ..."
  std::string date;           // "November 3, 1956"
  std::string publisher;      // "Wilson Center Digital Archive"
  std::string archive;        // holding archive: "TsKhSD"
  std::string reference;      // archival reference as written: "F. 3, Op. 12, D. 1005, LI. 67-69"
  // Components of the reference in order: {"fond","3"}, {"opis","12"},
  // {"delo","1005"}, {"listy","67-69"}; or {"file",...}, {"folder",...}, {"pages",...}.
  std::vector<std::pair<std::string, std::string>> reference_parts;
  std::string compiler;       // "V. N. Malin"
  std::string translator;     // "Mark Kramer"
  std::string translated_for; // "CWIHP"
  std::string url;            // "https://.../document/117079"
  bool operator==(const Citation&) const = default;
};

// A labelled section of the record-text layout ("**Summary:**" and its value),
// kept exactly as written and in order. `value` is the section's paragraph with
// its line structure: lines joined by '\n', each keeping its trailing "  ".
struct Section {
  std::string label;   // "Summary", "Associated People & Organizations", "Donors"
  std::string value;
  bool operator==(const Section&) const = default;
};

enum class BlockKind {
  kParagraph,
  kHeading,
  kListItem,
  kQuote,
  kTableRow,    // cells separated by '\t'
  kSignature,   // closer / signed
  kPageBreak,   // `attr` holds the page number ("123") or facsimile id
  kDateline,
};

// One block of a record's body. Note references appear inline in `text` as the
// source wrote them ("...to you.(3)" or "[3]"); `note_refs` lists the note
// numbers the block refers to, in order.
struct Block {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;
  std::string attr;
  std::vector<std::string> note_refs;
  bool operator==(const Block&) const = default;
};

// An editor's footnote. `marker` is how it is written: "(1)" or "[1]".
struct Note {
  std::string number;  // "1", or FRUS's "7", "*"
  std::string id;      // FRUS "d158fn7"; record-text: "fn1"
  std::string marker;  // "(1)" / "[1]"
  std::string text;
  std::string type;    // "source" for FRUS source notes, else empty
  bool operator==(const Note&) const = default;
};

// A link from this record to another record or note: FRUS `ref/@target`.
// `target` is normalised to "VOLUME/dN" or "VOLUME/dN#d156fn2" and resolves
// when that record is in the archive.
struct Link {
  std::string from;    // where in this record: "body", or a note id "d158fn7"
  std::string target;
  std::string text;    // the link text as published
  bool operator==(const Link&) const = default;
};

// A person, place or organisation named by the record, with its authority id
// where known (FRUS "frus1955-57v25/p_AS1"; empty when only the name is known).
struct NameRef {
  std::string name;
  std::string id;
  bool operator==(const NameRef&) const = default;
};

struct Record {
  std::string id;            // stable id: "117079", "frus1955-57v25/d159"
  std::string source_format; // "record-text", "tei", "json"
  std::string number;        // document number within its volume ("159")

  std::string title;                    // one line, as displayed
  std::vector<std::string> title_lines; // the title's line breaks as written (record-text)
  DateSpan date;
  std::string place;                    // where written ("Moscow")

  Citation citation;
  std::string summary;
  std::string credits;
  std::vector<std::string> languages;   // original language(s): "Russian"
  std::string contents;                 // "Translation - English"

  std::vector<Block> body;
  std::vector<Note> notes;
  std::vector<Link> links;

  std::vector<NameRef> people;          // people and organisations named as associated
  std::vector<NameRef> places;
  std::vector<NameRef> organisations;
  std::vector<std::string> subjects;
  std::string author;
  std::string sender;                   // "Embassy in the Soviet Union"
  std::string recipient;                // "Department of State"
  // The persons-list entries the source ties the sender and the recipient to
  // ("frus1955-57v02/p_DJF1": the title's <persName type="from"
  // corresp="#p_DJF1">Dulles</persName>, John Foster, not his brother Allen);
  // "" when it does not.
  std::string sender_id;
  std::string recipient_id;
  std::string source;                   // source note / Source section
  std::string archive;                  // holding archive ("Original Archive")
  std::string rights;
  std::string record_type;              // "telegram", "memorandum of conversation", ...
  std::string classification;
  std::vector<std::string> collections; // collection ids, outermost first

  // Every labelled section in order, exactly as written (record-text input);
  // the typed fields above are parsed from these. Empty for TEI records, whose
  // record-text rendering is produced from the typed fields.
  std::vector<Section> sections;

  std::string original;  // the source as imported (the TEI of one document); may be empty

  // Not part of the record as published or stored: set by the archive when it
  // indexes the record, for the "pages: Scanned" facet (it has page images).
  bool scanned = false;

  bool operator==(const Record&) const = default;
};

// A named group of records: a FRUS volume, its chapters, an example collection.
struct Collection {
  std::string id;        // "frus1955-57v25", "frus1955-57v25/ch3"
  std::string parent;    // "" for a top-level collection
  int position = 0;      // order among its siblings, as published
  std::string title;
  std::string series;    // "Foreign Relations of the United States"
  std::vector<std::string> editors;
  DateSpan coverage;
  std::vector<std::string> record_ids;  // documents directly in it, in published order
  bool operator==(const Collection&) const = default;
};

// A text of a collection's own, beside its documents: a FRUS volume's
// preface, its list of sources, an introduction (the TEI front matter's
// sections). Kept as published, as a record's body and notes are.
struct CollectionText {
  std::string id;      // "preface", "sources" (the section's xml:id)
  std::string title;   // "Preface"
  std::vector<Block> body;
  std::vector<Note> notes;
  bool operator==(const CollectionText&) const = default;
};

// Where an entry of a printed index points: a page or a range of pages
// ("138–140", "652n", "7–116 passim") or a document number ("19"), as
// printed at [start, end) of the entry's text, and the documents it leads to.
struct IndexLocator {
  std::size_t start = 0;
  std::size_t end = 0;
  std::vector<std::string> records;   // ids, in published order; empty where no document is on those pages
  bool operator==(const IndexLocator&) const = default;
};

// A cross-reference of a printed index ("See Sukarno", "see also Air strike
// suspension"), printed at [start, end) of the entry's text.
struct IndexReference {
  std::size_t start = 0;
  std::size_t end = 0;
  bool also = false;    // "see also" (the entry has pages of its own), not "see"
  bool operator==(const IndexReference&) const = default;
};

// An entry of a volume's printed index (the back of a FRUS volume): its line
// as printed, without its sub-entries, and what the line's parts point to.
struct IndexEntry {
  std::string text;       // "Sukarno (Soekarno), 119, 134, 138–139"
  std::string heading;    // the text before its pages and references: "Sukarno (Soekarno)"
  std::string person;     // the persons-list entry its persName names ("frus1961-63v06/p_BGW1"), or ""
  std::vector<IndexLocator> locators;
  std::vector<IndexReference> references;
  std::vector<IndexEntry> entries;   // sub-entries, as printed
  bool operator==(const IndexEntry&) const = default;
};

// A collection's texts, in published order: one entity (kind "about") with
// the collection's id, apart from the collection itself so that listing
// collections never reads them. A volume's printed index is kept with them.
struct CollectionAbout {
  std::string id;   // the collection's
  std::vector<CollectionText> texts;
  std::vector<IndexEntry> index;   // the printed index's entries, as printed
  std::string index_note;          // its headnote: "References are to document numbers"
  // How many entries `index` has, also where it was left unread
  // (about_from_json_text with kTextsOnly); not part of its JSON.
  std::size_t index_size = 0;
  bool operator==(const CollectionAbout&) const = default;
};

// What of a CollectionAbout to read: all of it, or its texts and only the
// size of its printed index (a collection page's need: reading a volume's
// index is about 1.6 ms of the 2 its about takes).
enum class AboutParts { kAll, kTextsOnly };

// An entry of a volume's persons list or of an authority file.
struct Person {
  std::string id;        // "frus1955-57v25/p_AS1", "pocom/..."
  std::string name;      // as listed: "Adams, Sherman"
  std::string description;  // "Assistant to President Eisenhower"
  std::vector<std::string> variants;
  std::string source;    // "frus1955-57v25", "pocom"
  // The entry this one is another name of, where a list's item names one
  // person twice, an id for each name ("Deng Xiaoping (Teng Hsiao-p'ing)":
  // p_TH_1's is "frus1977-80v01/p_DX_1"); "" otherwise.
  std::string same_as;
  bool operator==(const Person&) const = default;
};

// A glossary term: abbreviation and expansion (FRUS terms list).
struct Term {
  std::string id;        // "frus1955-57v25/t_ACEN1"
  std::string term;      // "ACEN"
  std::string expansion; // "Assembly of Captive European Nations"
  bool operator==(const Term&) const = default;
};

// Everything one input file yields. A file is imported whole or not at all.
struct ImportUnit {
  std::string path;
  std::vector<Record> records;
  std::vector<Collection> collections;
  std::vector<Person> persons;
  std::vector<Term> terms;
  std::vector<CollectionAbout> abouts;   // collections' own texts (TEI front matter)
  std::vector<Annotation> annotations;   // editors' (export --format json: annotations.json)
  std::vector<ScanSet> scans;            // page lists (scans.json), their images in images/ beside it
  std::vector<std::string> warnings;  // "file:line: note 5 is never referenced"
};

}  // namespace chancery
