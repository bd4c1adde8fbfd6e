#include "util/modules.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace chancery {
namespace {

std::vector<std::filesystem::path> candidates(const ModuleSpec& spec) {
  if (const char* path = std::getenv(spec.env_var); path != nullptr && *path != '\0') return {path};
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  // Installed (`make install`, the Debian package): PREFIX/bin/chancery with
  // its modules in PREFIX/lib/chancery.
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back(exe.parent_path().parent_path() / "lib" / "chancery" / spec.file);
  if (spec.built_at != nullptr && *spec.built_at != '\0') out.emplace_back(spec.built_at);
  return out;
}

}  // namespace

Result<void*> open_module_symbol(const ModuleSpec& spec) {
  std::string tried;
  for (const std::filesystem::path& path : candidates(spec)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + path.string();
      continue;
    }
    // Never closed: libvips, GLib and libpq are not made to be unloaded.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      return fail(ErrorCode::kInternal,
                  fmt::format("the module {} does not load: {}", path.string(), why != nullptr ? why : "unknown error"));
    }
    void* symbol = dlsym(handle, spec.symbol);
    if (symbol == nullptr) {
      return fail(ErrorCode::kInternal, fmt::format("{} is not a Chancery module (no {})", path.string(), spec.symbol));
    }
    return symbol;
  }
  return fail(ErrorCode::kInternal, fmt::format("{} need Chancery's module {}, found in none of: {}", spec.needed_for,
                                                spec.file, tried.empty() ? "(no place to look)" : tried));
}

}  // namespace chancery
