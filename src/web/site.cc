#include "web/site.h"

#include "web/oai_pmh.h"

#include <cstdlib>

namespace chancery::web {

Result<std::unique_ptr<Site>> make_site(const std::filesystem::path& web_dir, std::string base_url) {
  auto templates = Templates::load(web_dir / "templates");
  if (!templates) return std::unexpected(templates.error());
  auto site = std::make_unique<Site>();
  site->oai_sets = std::make_shared<oai::SetTreeCache>();
  site->templates = std::move(*templates);
  site->static_dir = web_dir / "static";
  site->api_dir = web_dir / "api";
  site->base_url = std::move(base_url);
  return site;
}

std::filesystem::path default_web_dir() {
  if (const char* dir = std::getenv("CHANCERY_WEB_DIR"); dir != nullptr && *dir != '\0') return dir;
  return std::filesystem::path(CHANCERY_SOURCE_DIR) / "web";
}

}  // namespace chancery::web
