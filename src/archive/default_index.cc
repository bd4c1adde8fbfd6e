// The archive's default search index: Xapian in DIR/index.
#include "archive/archive_impl.h"
#include "index/xapian_index.h"

namespace chancery {

Result<std::unique_ptr<SearchIndex>> open_default_index(const std::filesystem::path& dir, bool writable) {
  return open_xapian_index(dir, writable);
}

}  // namespace chancery
