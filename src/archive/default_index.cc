// The archive's default search index: Xapian in DIR/index, with the names
// layer (authorities read from the archive's store) plugged in.
#include "archive/archive_impl.h"
#include "archive/names_directory.h"

namespace chancery {

Result<std::unique_ptr<SearchIndex>> open_default_index(const std::filesystem::path& dir, bool writable,
                                                      bool related_ahead) {
  return open_index_with_names(dir, writable, archive_store_location(dir.parent_path()), related_ahead);
}

}  // namespace chancery
