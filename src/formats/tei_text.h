// Private helpers of the TEI reader (tei*.cc): text gathering with whitespace
// normalisation, element names, link targets and ISO date attributes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <pugixml.hpp>

#include "model/record.h"

namespace chancery::tei {

inline constexpr std::string_view kTeiNamespace = "http://www.tei-c.org/ns/1.0";

// Appends text while collapsing every run of XML whitespace into one space and
// dropping leading and trailing whitespace. Linear in the text appended.
class NormalisedText {
 public:
  void append(std::string_view text);
  // Marks a word boundary (<lb/>): a space is written before the next text.
  void boundary() { pending_space_ = !out_.empty(); }
  bool empty() const { return out_.empty(); }
  std::size_t size() const { return out_.size(); }
  const std::string& str() const { return out_; }
  // Returns the text and resets the builder.
  std::string take();

 private:
  std::string out_;
  bool pending_space_ = false;
  bool pending_line_break_ = false;  // the pending space included a line break
};

// The element's name without the TEI namespace prefix of the file
// ("tei:div" -> "div" when xmlns:tei is the TEI namespace). Elements of other
// namespaces keep their prefix ("frus:file").
class Names {
 public:
  explicit Names(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string_view local(const pugi::xml_node& node) const;
  bool is(const pugi::xml_node& node, std::string_view tei_name) const {
    return node.type() == pugi::node_element && local(node) == tei_name;
  }

 private:
  std::string prefix_;  // "" or "tei:"
};

// All text below `node`, normalised; without the text of `note` elements
// when `skip_notes` (a title without its footnotes).
std::string node_text(const pugi::xml_node& node, const Names& names, bool skip_notes = false);

// Normalises a ref/@target as seen from volume `volume`:
// "#d156fn2" -> "VOLUME/d156#d156fn2", "#d12" -> "VOLUME/d12",
// "frus1955-57v26#d3" -> "frus1955-57v26/d3", "#pg_14" -> "VOLUME#pg_14";
// volume-only targets ("frus1952-54v08") and URLs are kept as written.
std::string normalise_target(std::string_view target, std::string_view volume);

// Parses an ISO 8601 attribute value ("1956-11-02T23:00:00", "1956-11",
// "1956-11-03T12:00:00-05:00"): the date to its precision, and the time part
// (everything after 'T', zone included) in `time`. nullopt when malformed.
struct IsoDateTime {
  Date date;
  std::string time;
};
std::optional<IsoDateTime> parse_iso_datetime(std::string_view value);

// English name of an xml:lang code ("fr" -> "French"); unknown codes as given.
std::string language_name(std::string_view code);

}  // namespace chancery::tei
