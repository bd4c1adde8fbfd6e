// The size on disk of what a path holds, for reports and sizing decisions.
#pragma once

#include <cstdint>
#include <filesystem>

namespace chancery {

// The bytes of `path`: a regular file's size, or the sum over the regular
// files in a folder and its subfolders. Entries that cannot be read (or that
// vanish during the walk) count nothing; never throws.
std::uintmax_t bytes_under(const std::filesystem::path& path);

}  // namespace chancery
