// OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html):
// the protocol's pieces that need no archive. Parsing and checking a request's
// arguments, datestamps, resumption tokens, set specs for collections, and the
// XML of answers and of Dublin Core records. The verbs themselves, which read
// the archive, are in handlers_oai.cc.
//
// Harvesting pages through the store's change log (Store::current_since):
// records in the order of their latest change, a resumption token holding the
// last change seen, so a token never expires and a harvest that runs while
// records change meets every record once, as of its latest revision.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/record.h"
#include "web/url.h"

namespace chancery::web::oai {

inline constexpr std::string_view kOaiDcPrefix = "oai_dc";

enum class Verb { kIdentify, kListMetadataFormats, kListSets, kListIdentifiers, kListRecords, kGetRecord };
std::string_view verb_name(Verb verb);

// An OAI-PMH error condition: `code` is one of the protocol's (badArgument,
// badResumptionToken, badVerb, cannotDisseminateFormat, idDoesNotExist,
// noRecordsMatch, noMetadataFormats, noSetHierarchy).
struct ProtocolError {
  std::string code;
  std::string message;
};

// A harvest's window and where it stands: what a list request asks for, and
// what its resumption token carries forward.
struct ListWindow {
  std::string metadata_prefix;
  std::string from;             // as given: "2026-12-01" or "2026-12-01T10:00:00Z"; empty = open
  std::string until;            // the same
  std::string set;              // a setSpec; empty = every record
  std::int64_t after_seq = 0;   // resume after this change of the store's log
  std::int64_t cursor = 0;      // items sent before this page
  // A list sends the records changed in the window, then the records whose
  // access changed in it (a restriction added or lifted, on them or on a
  // collection around them: no record revision marks that). In that second
  // part, after_seq is the last such change done, and access_offset the
  // records of the next one already sent.
  bool access = false;
  std::int64_t access_offset = 0;
  // Then a third part: the records of restrictions that ended by their date
  // in the window (nothing in the log marks that moment either), in order of
  // that moment. There (expiry and access both true) after_seq counts the
  // restrictions done and access_offset the records of the next one sent.
  bool expiry = false;
};

// A checked request. `arguments` are the ones received, in order, for the
// answer's <request> element.
struct Request {
  Verb verb = Verb::kIdentify;
  QueryParams arguments;
  std::string identifier;       // GetRecord; ListMetadataFormats (optional)
  ListWindow window;            // ListIdentifiers, ListRecords (from the token when resumed)
  bool resumed = false;         // came with a resumptionToken
  std::int64_t sets_offset = 0; // ListSets, from its token
};

// Checks the arguments of a request (its query string, or a POSTed form):
// the verb, the arguments it allows and requires, no argument twice, a
// resumptionToken alone, from/until as datestamps of one granularity with
// from <= until, a well-formed setSpec. Does not know which formats, records
// or sets exist.
std::expected<Request, ProtocolError> parse_request(const QueryParams& params);

// Datestamps. The repository's granularity is seconds (YYYY-MM-DDThh:mm:ssZ).
// Whether `text` is a valid datestamp of either granularity.
bool valid_datestamp(std::string_view text);
// The datestamp of a store time ("2026-12-02T10:11:12.345Z" ->
// "2026-12-02T10:11:12Z"); what does not look like one is passed through.
std::string datestamp_of(std::string_view store_time);
// A store time string comparing (as bytes) at or before every store time the
// datestamp `from` covers, and one at or after every store time `until` covers
// (a day runs to 23:59:59.999).
std::string store_time_from(std::string_view from);
std::string store_time_until(std::string_view until);

// Resumption tokens: "r1/PREFIX/FROM/UNTIL/SET/AFTER_SEQ/CURSOR" for records,
// "a1/PREFIX/FROM/UNTIL/SET/AFTER_SEQ/ACCESS_OFFSET/CURSOR" for the records
// whose access changed (ListWindow::access), "e1/PREFIX/FROM/UNTIL/SET/DONE/
// OFFSET/CURSOR" for those of restrictions that ended (ListWindow::expiry),
// "s1/OFFSET" for sets. Decoding checks every field as a request's arguments
// are checked; nullopt for anything else.
std::string encode_list_token(const ListWindow& window);
std::optional<ListWindow> decode_list_token(std::string_view token);
std::string encode_sets_token(std::int64_t offset);
std::optional<std::int64_t> decode_sets_token(std::string_view token);

// Items: "oai:REPOSITORY:ID". nullopt when `identifier` is not of that form
// for this repository or the id is empty.
std::string item_identifier(std::string_view repository, std::string_view id);
std::optional<std::string> record_id_of(std::string_view repository, std::string_view identifier);
// Whether `text` can be the repository part of an item identifier (a domain
// name: "archive.example.org").
bool valid_repository_identifier(std::string_view text);

// Collections as sets. A collection's setSpec is its parent's, ':', and its
// id (less the parent's id and '/' where it starts with them), with bytes a
// setSpec may not hold written "~XX" (hex): "frus1958-60v08:ch3".
struct CollectionNode {
  std::string id;
  std::string parent;   // "" at the top
  std::string title;
  int position = 0;
};
class SetTree {
 public:
  // From the live collections, in any order. Parents missing from `nodes`
  // count as the top; a cycle of parents is cut where it closes.
  explicit SetTree(std::vector<CollectionNode> nodes);

  struct Set {
    std::string spec;
    std::string name;
    std::string collection;   // its collection id
  };
  // Every set, outer sets before their parts, siblings in published order.
  const std::vector<Set>& sets() const { return sets_; }
  // The collection a setSpec names; nullopt when none.
  std::optional<std::string> collection_of(std::string_view spec) const;
  // The sets of `collection` and of every collection around it, outermost
  // first; empty for an unknown one. Pointers into sets().
  std::vector<const Set*> sets_around(std::string_view collection) const;
  // Whether `collection` is `set_collection` or lies inside it.
  bool within(std::string_view collection, std::string_view set_collection) const;

 private:
  std::vector<Set> sets_;
  std::unordered_map<std::string, std::size_t> by_collection_;
  std::unordered_map<std::string, std::string> parent_of_;
  std::unordered_map<std::string, std::string> collection_by_spec_;
};
// The set tree of the store as of its latest change (Store::last_seq: every
// change makes a new, larger one), kept between requests. Thread-safe.
class SetTreeCache {
 public:
  std::shared_ptr<const SetTree> get(std::int64_t last_seq) const {
    std::lock_guard lock(mutex_);
    return last_seq == last_seq_ ? tree_ : nullptr;
  }
  void put(std::int64_t last_seq, std::shared_ptr<const SetTree> tree) {
    std::lock_guard lock(mutex_);
    last_seq_ = last_seq;
    tree_ = std::move(tree);
  }

 private:
  mutable std::mutex mutex_;
  std::int64_t last_seq_ = -1;
  std::shared_ptr<const SetTree> tree_;
};

// The setSpec piece of one collection id, relative to its parent's id.
std::string set_spec_piece(std::string_view id, std::string_view parent);

// XML. Text for element content and attribute values: & < > " escaped;
// invalid UTF-8 becomes U+FFFD; characters XML 1.0 does not allow
// (control characters but tab and line ends, U+FFFE, U+FFFF) are left out.
void append_xml_text(std::string& out, std::string_view text);
std::string xml_text(std::string_view text);

// An OAI-PMH answer document: the XML declaration, <OAI-PMH> with its schema,
// <responseDate>, <request> (with the arguments as attributes, unless the
// error is badVerb or badArgument) and `body`.
std::string response_document(std::string_view response_date, std::string_view base_url, const QueryParams& arguments,
                              bool with_arguments, std::string_view body);
// The body of an error answer.
std::string error_element(const ProtocolError& error);

// A record as Dublin Core (<oai_dc:dc>): title, creators (author, else the
// sender), subjects and the people named, description (summary), date (ISO
// 8601; a range as FROM/TO), type, identifiers (`url` and the citation URL),
// source (the citation as written), language, coverage (places), relation
// (`collection_titles`, outermost first), rights. Fields the record lacks are
// left out.
std::string oai_dc(const Record& record, std::string_view url, const std::vector<std::string>& collection_titles);

}  // namespace chancery::web::oai
