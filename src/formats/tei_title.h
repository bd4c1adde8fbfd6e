// Private to the TEI reader: what a FRUS document title and source note say
// about the document ("159. Telegram From the Embassy in the Soviet Union to
// the Department of State"; "Source: Department of State, Central Files, ...").
#pragma once

#include <string>
#include <string_view>

namespace chancery::tei {

// The title without its leading document number: "159. Telegram From ..." ->
// "Telegram From ...".
std::string_view strip_document_number(std::string_view title);

// The kind of document the title names, lower-case: "telegram",
// "memorandum of conversation", "editorial note", "paper"...; "" when the
// title names none ("The Consul at Geneva to the Secretary of State").
std::string record_type_from_title(std::string_view title);

// Sender and recipient named by "X From the Y to the Z" titles, without a
// leading "the" and without what follows the recipient (", December 26, 1973").
// Empty strings where the title has no such pattern.
struct Correspondents {
  std::string sender;
  std::string recipient;
};
Correspondents correspondents_from_title(std::string_view title);

// Removes a leading "the " / "The " from a name.
std::string strip_leading_the(std::string_view name);

// The holding archive named at the start of a source note ("Source: National
// Archives, RG 59, ..." -> "National Archives"); "" when none is recognised.
std::string archive_from_source(std::string_view source);

// The security classification a source note records ("... 764.00/11–556.
// Secret; Priority." -> "Secret"): "Top Secret", "Secret", "Confidential",
// "Limited Official Use", "Official Use Only", "Unclassified" or
// "No classification marking"; "" when none is found.
std::string classification_from_source(std::string_view source);

}  // namespace chancery::tei
