#include "archive/index_spellings.h"

#include <algorithm>

#include "index/collection_text_search.h"
#include "model/record_json.h"
#include "names/name_key.h"

namespace chancery {
namespace {

constexpr std::size_t kMaxSpellingsPerWord = 4;

// One capitalised word of letters, not all capitals: "Soekarno", "Đilas".
bool name_word(std::string_view s) {
  if (s.size() < 3 || s.size() > 40 || !(s.front() >= 'A' && s.front() <= 'Z')) return false;
  bool lower = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c < 0x80 && !(c >= 'A' && c <= 'Z')) return false;   // space, digit, punctuation
  }
  return lower;
}

}  // namespace

IndexSpellings::IndexSpellings(const std::vector<CollectionAbout>& abouts) : headings_(abouts) {
  for (const CollectionAbout& about : abouts) add(about.index);
}

void IndexSpellings::add(const std::vector<IndexEntry>& entries) {
  for (const IndexEntry& e : entries) {
    for (const IndexReference& r : e.references) {
      if (r.also || r.end > e.text.size() || r.start > r.end) continue;   // "see also" names another subject
      pair(e.heading, std::string_view(e.text).substr(r.start, r.end - r.start));
    }
    std::string_view name, other;
    if (bracketed_other_name(e.heading, name, other)) pair(name, other);
    add(e.entries);
  }
}

void IndexSpellings::pair(std::string_view a, std::string_view b) {
  // Spellings of one name only: not "Aksal (Turkey)", "Petroleum. see Oil".
  if (!name_word(a) || !name_word(b) || !names::spelled_alike(a, b)) return;
  const std::string fa = names::fold_ascii(a), fb = names::fold_ascii(b);
  if (fa.empty() || fb.empty() || fa == fb) return;
  for (const auto& [from, to] : {std::pair{fa, b}, std::pair{fb, a}}) {
    std::vector<std::string>& others = by_word_[from];
    if (others.size() < kMaxSpellingsPerWord && std::find(others.begin(), others.end(), to) == others.end()) {
      others.emplace_back(to);
    }
  }
}

std::vector<std::string> IndexSpellings::of(std::string_view word) const {
  if (by_word_.empty() || word.size() > 64) return {};
  auto found = by_word_.find(names::fold_ascii(word));
  return found == by_word_.end() ? std::vector<std::string>{} : found->second;
}

Result<std::string> printed_indexes_signature(Store& store) {
  auto listed = store.list_meta(EntityKind::kAbout);
  if (!listed) return std::unexpected(listed.error());
  std::string signature;
  for (const Revision& meta : *listed) signature += meta.id + '\n' + std::to_string(meta.seq) + '\n';
  return signature;
}

Result<std::vector<CollectionAbout>> load_printed_indexes(Store& store) {
  std::vector<CollectionAbout> out;
  auto walked = store.for_each(EntityKind::kAbout, [&](const Revision& revision) {
    auto about = about_from_json_text(revision.json);
    if (about && !about->index.empty()) {
      about->texts.clear();
      out.push_back(std::move(*about));
    }
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  return out;
}

}  // namespace chancery
