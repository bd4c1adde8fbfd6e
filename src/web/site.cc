#include "web/site.h"

#include "web/file_cache.h"
#include "web/oai_pmh.h"

#include <cstdlib>

namespace chancery::web {

Result<std::unique_ptr<Site>> make_site(const std::filesystem::path& web_dir, std::string base_url) {
  auto templates = Templates::load(web_dir / "templates");
  if (!templates) return std::unexpected(templates.error());
  auto site = std::make_unique<Site>();
  site->oai_sets = std::make_shared<oai::SetTreeCache>();
  site->files = std::make_shared<FileCache>();
  site->templates = std::move(*templates);
  site->static_dir = web_dir / "static";
  site->api_dir = web_dir / "api";
  site->base_url = std::move(base_url);
  return site;
}

std::filesystem::path default_web_dir() {
  if (const char* dir = std::getenv("CHANCERY_WEB_DIR"); dir != nullptr && *dir != '\0') return dir;
  // Installed (`make install`, the Debian package): PREFIX/bin/chancery
  // with its pages in PREFIX/share/chancery/web.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "chancery" / "web";
    if (std::filesystem::is_directory(installed / "templates", ec)) return installed;
  }
  return std::filesystem::path(CHANCERY_SOURCE_DIR) / "web";
}

}  // namespace chancery::web
