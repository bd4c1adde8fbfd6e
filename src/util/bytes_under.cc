#include "util/bytes_under.h"

#include <system_error>

namespace chancery {
namespace fs = std::filesystem;

std::uintmax_t bytes_under(const fs::path& path) {
  std::error_code ec;
  auto size_of = [](const fs::path& file) -> std::uintmax_t {
    std::error_code size_ec;
    const std::uintmax_t size = fs::file_size(file, size_ec);
    return size_ec ? 0 : size;
  };
  if (fs::is_regular_file(path, ec)) return size_of(path);
  std::uintmax_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) total += size_of(it->path());
  }
  return total;
}

}  // namespace chancery
