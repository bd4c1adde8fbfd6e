// libFuzzer target: the TEI importer (FRUS volumes).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/tei.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)chancery::read_tei(bytes, "fuzz.xml");
  return 0;
}
