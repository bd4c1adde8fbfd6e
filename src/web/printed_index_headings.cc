#include "web/printed_index_headings.h"

#include <algorithm>

#include "archive/archive.h"
#include "names/name_key.h"
#include "web/archive_queries.h"
#include "web/templates.h"
#include "web/url.h"
#include "web/views.h"

namespace chancery::web {

bool index_numbers_documents(const CollectionAbout& about) {
  return names::fold_ascii(about.index_note).find("document number") != std::string::npos;
}

namespace {

char letter_of(const IndexEntry& e) {
  for (char c : names::fold_ascii(e.heading.empty() ? e.text : e.heading)) {
    if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
    if (c >= '0' && c <= '9') return '#';
  }
  return '#';
}

}  // namespace

std::vector<char> index_letters(const std::vector<IndexEntry>& entries) {
  std::vector<char> out;
  out.reserve(entries.size());
  for (const IndexEntry& e : entries) {
    const char letter = letter_of(e);
    out.push_back(out.empty() || (letter != '#' && letter > out.back()) ? letter : out.back());
  }
  return out;
}

std::string letter_name(char letter) { return letter == '#' ? std::string("0-9") : std::string(1, letter); }

std::size_t top_entry_of(std::string_view anchor) {
  if (!anchor.starts_with("i-")) return 0;
  constexpr std::size_t kNone = std::size_t{1} << 40;   // past any index: no overflow
  std::size_t top = 0;
  for (std::size_t k = 2; k < anchor.size() && anchor[k] >= '0' && anchor[k] <= '9'; ++k) {
    top = std::min(top * 10 + static_cast<std::size_t>(anchor[k] - '0'), kNone);
  }
  return top == kNone ? 0 : top;
}

std::string printed_index_entry_url(std::string_view collection_id, const std::vector<char>& letters,
                                    std::string_view anchor) {
  std::string url = printed_index_path(collection_id);
  if (letters.size() > kIndexEntriesOnOnePage) {
    const std::size_t top = top_entry_of(anchor);
    if (top >= 1 && top <= letters.size()) url += "?letter=" + letter_name(letters[top - 1]);
  }
  url += '#';
  url += anchor;
  return url;
}

std::string heading_item_html(std::string_view collection_id, const std::vector<char>& letters,
                              const std::string& path, std::string_view anchor) {
  std::string html = "<li><a href=\"";
  append_template_escaped(html, printed_index_entry_url(collection_id, letters, anchor));
  html += "\">";
  append_template_escaped(html, path);
  html += "</a> <a class=\"indexed-search\" href=\"";
  append_template_escaped(html, "/search?q=" + percent_encode(field_query("indexed", path)));
  html += "\">every document indexed so</a></li>";
  return html;
}

IndexHeadings::IndexHeadings(const CollectionAbout& about)
    : collection_id_(about.id), by_document_number_(index_numbers_documents(about)), letters_(index_letters(about.index)) {
  add(about.index, "i", "");
}

void IndexHeadings::add(const std::vector<IndexEntry>& entries, const std::string& prefix, const std::string& parent) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const IndexEntry& e = entries[i];
    const std::string anchor = prefix + "-" + std::to_string(i + 1);
    const std::string& heading = e.heading.empty() ? e.text : e.heading;
    const std::string path = parent.empty() ? heading : parent + ": " + heading;
    const Heading* entry = nullptr;   // made for the first document it lists
    for (const IndexLocator& l : e.locators) {
      for (const std::string& id : l.records) {
        std::vector<const Heading*>& listed = by_record_[id];
        // Two pages of one entry on the same document: listed once.
        if (!listed.empty() && listed.back() == entry) continue;
        if (entry == nullptr) {
          Heading& made = headings_.emplace_back();
          made.path = path;
          made.anchor = anchor;
          made.item_html = heading_item_html(collection_id_, letters_, path, anchor);
          bytes_ += made.path.size() + made.anchor.size() + made.item_html.size() + 96;
          entry = &made;
        }
        if (listed.empty()) bytes_ += id.size() + 64;
        bytes_ += sizeof entry;
        listed.push_back(entry);
      }
    }
    add(e.entries, anchor, path);
  }
}

const std::vector<const IndexHeadings::Heading*>* IndexHeadings::of(std::string_view record_id) const {
  auto found = by_record_.find(std::string(record_id));
  return found == by_record_.end() ? nullptr : &found->second;
}

Result<std::shared_ptr<const IndexHeadings>> read_index_headings(Archive& archive, const std::string& volume) {
  auto about = archive.collection_about(volume);
  if (!about) return std::unexpected(about.error());
  if (about->index.empty()) return std::shared_ptr<const IndexHeadings>();
  return std::make_shared<const IndexHeadings>(*about);
}

Result<std::shared_ptr<const IndexHeadings>> IndexHeadingsCache::get(Archive& archive, const std::string& volume,
                                                                    std::int64_t store_version) {
  std::optional<Entry> kept;
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(volume);
    if (found != entries_.end() && found->second.store_version == store_version) return found->second.headings;
    if (found != entries_.end()) kept = found->second;
  }
  // The store changed since: most changes (records, annotations, other
  // volumes) leave this volume's printed index as it was.
  auto about_seq = archive.store().latest_seq(EntityKind::kAbout, volume);
  if (!about_seq) return std::unexpected(about_seq.error());
  if (kept && kept->about_seq == *about_seq) {
    std::lock_guard lock(mutex_);
    if (auto found = entries_.find(volume); found != entries_.end() && found->second.about_seq == *about_seq) {
      found->second.store_version = std::max(found->second.store_version, store_version);
    }
    ++kept_across_changes_;
    return kept->headings;
  }
  // Read after its seq: if it changes in between, the next get() reads it again.
  auto read = read_index_headings(archive, volume);
  if (!read) return read;
  const std::size_t bytes = (*read ? (*read)->bytes() : 0) + volume.size() + 64;
  if (bytes > max_bytes_ / 4) return read;   // a volume too big to keep is built for each page
  std::lock_guard lock(mutex_);
  if (auto found = entries_.find(volume); found != entries_.end()) {
    bytes_ -= found->second.bytes;
    entries_.erase(found);
  }
  if (bytes_ + bytes > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(volume, Entry{store_version, *about_seq, *read, bytes});
  bytes_ += bytes;
  ++reads_;
  return read;
}

std::size_t IndexHeadingsCache::reads() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

std::size_t IndexHeadingsCache::kept_across_changes() const {
  std::lock_guard lock(mutex_);
  return kept_across_changes_;
}

std::size_t IndexHeadingsCache::read_ahead(Archive& archive, std::int64_t store_version, std::stop_token stop) {
  auto listed = archive.store().list_meta(EntityKind::kAbout);
  if (!listed) return 0;
  std::size_t read = 0;
  for (const Revision& revision : *listed) {
    if (stop.stop_requested()) break;
    {
      std::lock_guard lock(mutex_);
      if (bytes_ > max_bytes_ / 2) break;
    }
    if (get(archive, revision.id, store_version)) ++read;
  }
  return read;
}

}  // namespace chancery::web
