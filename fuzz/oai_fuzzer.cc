// libFuzzer target: an OAI-PMH request as a harvester sends it (a query
// string or form body) through the argument checks and the resumption-token
// decoders, and the answer's XML. Checks that what the parser accepts holds
// together (a list request's window re-encodes to a token that decodes to the
// same window) and that any bytes as text, attribute or Dublin Core field give
// XML that parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "model/record.h"
#include "web/oai_pmh.h"
#include "web/url.h"

namespace {

using namespace chancery::web;

void require(bool condition) {
  if (!condition) std::abort();
}

void require_parses(const std::string& xml) {
  pugi::xml_document document;
  require(static_cast<bool>(document.load_buffer(xml.data(), xml.size())));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto params = parse_query_string(text)) {
    auto request = oai::parse_request(*params);
    if (request && (request->verb == oai::Verb::kListRecords || request->verb == oai::Verb::kListIdentifiers)) {
      auto again = oai::decode_list_token(oai::encode_list_token(request->window));
      require(again.has_value());
      require(again->from == request->window.from && again->until == request->window.until &&
              again->set == request->window.set && again->after_seq == request->window.after_seq &&
              again->cursor == request->window.cursor && again->access == request->window.access &&
              again->access_offset == request->window.access_offset && !again->expiry);
      // The same window in the second part of a list.
      oai::ListWindow access = request->window;
      access.access = true;
      access.access_offset = static_cast<std::int64_t>(size);
      auto resumed = oai::decode_list_token(oai::encode_list_token(access));
      require(resumed.has_value() && resumed->access && resumed->access_offset == access.access_offset &&
              resumed->after_seq == access.after_seq && resumed->cursor == access.cursor && !resumed->expiry);
      // And in the third.
      access.expiry = true;
      auto expired = oai::decode_list_token(oai::encode_list_token(access));
      require(expired.has_value() && expired->expiry && expired->access &&
              expired->access_offset == access.access_offset && expired->after_seq == access.after_seq &&
              expired->cursor == access.cursor);
    }
    const bool with_arguments = request.has_value();
    require_parses(oai::response_document("2026-12-02T00:00:00Z", text, *params, with_arguments,
                                          request ? std::string() : oai::error_element(request.error())));
  }
  (void)oai::decode_list_token(text);
  (void)oai::decode_sets_token(text);
  (void)oai::record_id_of("chancery.local", text);
  if (oai::valid_datestamp(text)) require(oai::store_time_from(text) <= oai::store_time_until(text));

  chancery::Record record;
  record.title = std::string(text);
  record.summary = std::string(text.substr(size / 2));
  record.people = {{std::string(text), "p1"}, {std::string(text.substr(0, size / 3)), "p1"}};
  record.citation.url = std::string(text);
  require_parses(oai::oai_dc(record, text, {std::string(text)}));
  return 0;
}
