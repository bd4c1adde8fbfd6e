// libFuzzer target: the citation and archival-reference parsers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/citation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  chancery::Citation citation = chancery::parse_citation(text);
  if (citation.as_written != text) std::abort();  // kept byte for byte (citation.h)
  (void)chancery::parse_archival_reference(text);
  return 0;
}
