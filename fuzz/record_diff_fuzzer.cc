// libFuzzer target: word-level comparison of two texts (model/record_diff.h).
// The input is split at its first \x01 byte into the older and the newer text.
// Invariants: the spans spell both texts exactly, adjacent spans differ in op,
// none is empty; a tiny budget (the replaced-whole path) keeps them too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/record_diff.h"

namespace {

void check(std::string_view older, std::string_view newer, const chancery::DiffLimits& limits) {
  const auto spans = chancery::diff_text(older, newer, limits);
  std::string a, b;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const chancery::DiffSpan& s = spans[i];
    if (s.text.empty()) std::abort();
    if (i > 0 && spans[i - 1].op == s.op) std::abort();
    if (s.op != chancery::DiffOp::kInsert) a += s.text;
    if (s.op != chancery::DiffOp::kDelete) b += s.text;
  }
  if (a != older || b != newer) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\x01');
  std::string_view older = input.substr(0, split);
  std::string_view newer = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  check(older, newer, chancery::DiffLimits{});
  chancery::DiffLimits tiny;
  tiny.max_work = 8;
  check(older, newer, tiny);
  return 0;
}
