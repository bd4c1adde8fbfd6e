// The archive's default search index: Xapian in DIR/index, with the names
// layer (authorities read from DIR/archive.db) plugged in.
#include "archive/archive_impl.h"
#include "archive/names_directory.h"

namespace chancery {

Result<std::unique_ptr<SearchIndex>> open_default_index(const std::filesystem::path& dir, bool writable) {
  return open_index_with_names(dir, writable, dir.parent_path() / kStoreFileName);
}

}  // namespace chancery
