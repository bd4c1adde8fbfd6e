// libFuzzer target: the record-text reader, and the writer on what it accepts.
// The writer is canonical (record_text.h): once read and written, reading and
// writing again changes nothing. A difference aborts, so the fuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/record_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto unit = chancery::read_record_text(bytes, "fuzz.txt");
  if (!unit || unit->records.empty()) return 0;
  std::string once = chancery::write_record_text(unit->records.front());
  auto again = chancery::read_record_text(once, "fuzz-written.txt");
  if (!again || again->records.empty()) std::abort();  // the writer's output must read
  std::string twice = chancery::write_record_text(again->records.front());
  if (twice != once) std::abort();
  return 0;
}
