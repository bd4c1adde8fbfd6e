// The layout of a record's Xapian document: term prefixes, value slots and
// metadata keys, shared by the document builder, the query parser and the
// facet counter. Changing any of these needs a reindex.
#pragma once

#include <cstddef>
#include <string_view>

namespace chancery::index_terms {

// The unique id term: "Q" + record id.
inline constexpr std::string_view kIdPrefix = "Q";
// One document in each shard of at least kSentinelFromDocuments documents
// holds this term alone (no text, values or data), so that no term of the
// records is in every document of the shard. Xapian 1.4.22 reads a term that
// is in every document of a database as "all documents" wherever it needs
// neither the term's wdf nor its positions (filters, counts), and once
// deletions have left gaps in the docids that reading fails where it reaches
// the second chunk of the document lengths ("DatabaseCorruptError: Unexpected
// end of posting list"): one record removed from an English-only archive of
// 3,000 records broke every `language:English` search. Measured with Xapian
// alone (one term in every document, one document deleted, a boolean count):
// 1,000 documents read fine, 1,500 failed. Below the threshold the sentinel
// is left out, where one document would weigh on the statistics. A query for
// every record leaves it out (query_parser.cc), and so does doc_count().
inline constexpr std::string_view kSentinelTerm = "\x1e" "sentinel";
inline constexpr unsigned kSentinelFromDocuments = 500;
// Stem groups: the synonym key "Z" + stem lists the (folded, unprefixed) words
// indexed with that stem, recorded once per word. Documents carry no stemmed
// terms; a query word expands to the words of its stem group in the same
// field (OP_SYNONYM, weighted as one term). Words are stored unstemmed
// (folded), with positions.
inline constexpr std::string_view kStemPrefix = "Z";

// Field word prefixes (words are folded, so never start with an upper-case letter).
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kPerson = "XP";     // people and organisations
inline constexpr std::string_view kPlace = "XL";      // associated places and place written
inline constexpr std::string_view kSender = "XS";
inline constexpr std::string_view kRecipient = "XR";
inline constexpr std::string_view kAuthor = "XW";
inline constexpr std::string_view kSubject = "XK";
inline constexpr std::string_view kArchive = "XH";
inline constexpr std::string_view kLanguage = "XN";
inline constexpr std::string_view kType = "XT";
// Spelling-insensitive keys of name words (NameHooks::word_key), no positions.
// Name-key groups: the synonym key "XV" + key lists the (folded) name words
// indexed with that key, recorded once per word, so a query that finds
// "Chruschtschow" by its key can mark "Khrushchev" and "хрущёв" in the hits.
inline constexpr std::string_view kNameKey = "XV";
// Adjacent common words of the unprefixed text, boolean (wdf 0, so document
// lengths do not change): "XG" + first + " " + second (word_pairs.h).
inline constexpr std::string_view kWordPair = "XG";
// Authorities a record mentions (NameHooks::linked_names), boolean: "XA" + id
// when the mention has one candidate, "XC" + id for each candidate otherwise.
inline constexpr std::string_view kLinkedPerson = "XA";
inline constexpr std::string_view kCandidatePerson = "XC";
// Who sent and who received a record, where the record ties the field to a
// persons-list entry (Record::sender_id) that is linked for certain to an
// authority: "XE" + id (sender), "XJ" + id (recipient), boolean; and then
// the marker term, so that a field naming a family name alone is not read as
// another person of that name (query_parser.cc).
inline constexpr std::string_view kSenderAuthority = "XE";
inline constexpr std::string_view kRecipientAuthority = "XJ";
inline constexpr std::string_view kSenderKnown = "\x1e" "sender";
inline constexpr std::string_view kRecipientKnown = "\x1e" "recipient";

// Synonym keys "XD" + a glossary term or expansion as the synonyms keep it
// (folded): the forms it is written in, as the glossary gives them, for
// saying what a search also looked for ("Union of Soviet Socialist
// Republics", not "union of soviet socialist republics").
inline constexpr std::string_view kShownForm = "XD";

// Facet terms (boolean, exact display value): "F" + facet code + value.
// Nothing else starts with "F".
inline constexpr std::string_view kFacetPrefix = "F";
// A dated record holds the year facet term ("FY1956") of each year its date
// covers, and the decade term ("FD1950s") of each decade, for at most this
// many years from its first: date: queries read them (date_query.h).
inline constexpr int kMaxYearTermsPerRecord = 50;

// Value slots.
inline constexpr unsigned kFirstDaySlot = 0;   // sortable_serialise(first day), only when dated
inline constexpr unsigned kLastDaySlot = 1;    // sortable_serialise(last day), only when dated
inline constexpr unsigned kSortAscSlot = 2;    // first day; undated sort after every date
inline constexpr unsigned kSortDescSlot = 3;   // minus first day; undated sort after every date
inline constexpr unsigned kFacetSlot = 4;      // every facet value of the record (facets.h)
// The shard the document is in, one byte (0, 1, ...): a match spy sees a
// document's docid within its shard, and needs the shard to place it.
inline constexpr unsigned kShardSlot = 5;
// The source text of snippets (StoredHit::text, kept out of the document data,
// which Xapian compresses with zlib), as a zstd frame (encode_snippet_text in
// snippets.h). Older indexes keep it uncompressed here, or in the data.
inline constexpr unsigned kTextSlot = 6;
// The record's notes, for the snippet of a hit whose text has no match but a
// note has (encode_snippet_notes in snippets.h), as the text slot's value is
// encoded; absent when the record has no notes or its text slot holds them
// already (a record with no text of its own).
inline constexpr unsigned kNotesSlot = 7;

// Metadata keys.
inline constexpr std::string_view kAppliedSeqKey = "chancery.applied_seq";
inline constexpr std::string_view kStemmersKey = "chancery.stemmers";  // "english,german"
// How many shards the index has, in every shard (written with each commit):
// a replica learns from shard 0 how many to copy (archive/replication.h).
inline constexpr std::string_view kShardCountKey = "chancery.shards";
// The layout version of the index (this file); an index with another is
// rebuilt from the store when a writer opens it.
inline constexpr std::string_view kLayoutKey = "chancery.layout";
// 3: word pairs (kWordPair). 4: the "pages" facet (facets.h). 5: name-key
// groups (kNameKey). 6: the notes' text for snippets (kNotesSlot), glossary
// entries as written (kShownForm).
inline constexpr std::string_view kLayoutVersion = "6";

// The B-tree block size of new shards and of compacted ones (Xapian's
// default is 8 KiB). Glass reads a whole block for every step of every
// cursor, and a search opens many: with the block cache (block_cache.h)
// copying them, smaller blocks cost less. 22 FRUS volumes, 78 queries, four
// alternations: CPU p50 0.75 ms with 8 KiB, 0.59 with 4 KiB, 0.58 with 2 KiB.
// 100,000 synthetic records: import CPU 496 s with 8 KiB, 503 with 4 KiB, 571
// with 2 KiB (more, smaller blocks to rewrite at each flush). Shards made
// with another size keep it until compacted.
inline constexpr int kShardBlockSize = 4096;

// Gap between the positions of two fields, so phrases do not span fields.
inline constexpr unsigned kFieldGap = 100;
// Words longer than this (folded, in bytes) are not indexed.
inline constexpr std::size_t kMaxWordBytes = 64;
// Longer boolean terms (authority ids) are not indexed; Xapian allows ~245 bytes.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace chancery::index_terms
