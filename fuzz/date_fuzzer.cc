// libFuzzer target: the date parsers (free-text dates and query date ranges).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)chancery::parse_date(text);
  (void)chancery::parse_query_date_range(text);
  return 0;
}
