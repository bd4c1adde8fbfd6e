#include "web/mention_cache.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "model/record_json.h"

namespace chancery::web {
namespace {

constexpr std::array<std::string_view, 5> kFields = {"title", "summary", "body", "notes", "people"};
constexpr unsigned kCertain = 0x10;
constexpr unsigned kExact = 0x20;
// What an entry costs beyond its packed bytes and id: the map's node, the
// list's node and the strings' headers.
constexpr std::size_t kEntryOverhead = 160;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(const std::string& in, std::size_t& at, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in[at++]);
    v |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// The text a mention in `field` (kFields' index) and `block` is cut from;
// nullptr when the record has no such place.
const std::string* text_at(const Record& record, std::size_t field, std::uint64_t block) {
  switch (field) {
    case 0: return block == 0 ? &record.title : nullptr;
    case 1: return block == 0 ? &record.summary : nullptr;
    case 2: return block < record.body.size() ? &record.body[block].text : nullptr;
    case 3: return block < record.notes.size() ? &record.notes[block].text : nullptr;
    case 4: return block < record.people.size() ? &record.people[block].name : nullptr;
    default: return nullptr;
  }
}

struct Hasher {
  XXH3_state_t* state = XXH3_createState();
  Hasher() { XXH3_64bits_reset(state); }
  ~Hasher() { XXH3_freeState(state); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  // Each text with its length before it: ("ab", "c") is not ("a", "bc").
  void add(std::string_view s) {
    const std::uint64_t n = s.size();
    XXH3_64bits_update(state, &n, sizeof n);
    XXH3_64bits_update(state, s.data(), s.size());
  }
  void add(std::int64_t v) { XXH3_64bits_update(state, &v, sizeof v); }
  std::uint64_t digest() const { return XXH3_64bits_digest(state); }
};

}  // namespace

MentionCache::MentionCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::uint64_t MentionCache::fingerprint(const Record& record) {
  Hasher h;
  h.add(record.title);
  h.add(record.summary);
  h.add(static_cast<std::int64_t>(record.body.size()));
  for (const Block& b : record.body) {
    h.add(static_cast<std::int64_t>(b.kind));
    h.add(b.text);
  }
  h.add(static_cast<std::int64_t>(record.notes.size()));
  for (const Note& n : record.notes) h.add(n.text);
  h.add(static_cast<std::int64_t>(record.people.size()));
  for (const NameRef& p : record.people) {
    h.add(p.name);
    h.add(p.id);
  }
  h.add(record.collections.empty() ? std::string_view() : std::string_view(record.collections.front()));
  h.add(static_cast<std::int64_t>(record.date.from.known() ? record.date.from.year : 0));
  return h.digest();
}

std::uint32_t MentionCache::id_number(const std::string& id) {
  auto [it, added] = id_numbers_.emplace(id, static_cast<std::uint32_t>(ids_.size()));
  if (added) {
    ids_.push_back(id);
    bytes_ += 2 * id.size() + kEntryOverhead;
  }
  return it->second;
}

bool MentionCache::pack(const Record& record, const std::vector<RecordMention>& mentions, std::string& out) {
  put_varint(out, mentions.size());
  for (const RecordMention& m : mentions) {
    const auto field = static_cast<std::size_t>(std::find(kFields.begin(), kFields.end(), m.field) - kFields.begin());
    const std::string* text = text_at(record, field, m.block);
    if (text == nullptr || m.begin > m.end || m.end > text->size() ||
        std::string_view(*text).substr(m.begin, m.end - m.begin) != m.text) {
      return false;
    }
    out.push_back(static_cast<char>(field | (m.certain ? kCertain : 0) | (m.exact ? kExact : 0)));
    put_varint(out, m.block);
    put_varint(out, m.begin);
    put_varint(out, m.end - m.begin);
    put_varint(out, m.ids.size());
    for (const std::string& id : m.ids) put_varint(out, id_number(id));
  }
  return true;
}

bool MentionCache::unpack(const Record& record, const std::string& packed, std::vector<RecordMention>& out) const {
  std::size_t at = 0;
  std::uint64_t count = 0;
  if (!get_varint(packed, at, count) || count > packed.size()) return false;
  out.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (at >= packed.size()) return false;
    const auto flags = static_cast<unsigned char>(packed[at++]);
    const std::size_t field = flags & 0x0f;
    std::uint64_t block = 0, begin = 0, length = 0, ids = 0;
    if (field >= kFields.size() || !get_varint(packed, at, block) || !get_varint(packed, at, begin) ||
        !get_varint(packed, at, length) || !get_varint(packed, at, ids) || ids > packed.size()) {
      return false;
    }
    const std::string* text = text_at(record, field, block);
    if (text == nullptr || begin > text->size() || length > text->size() - begin) return false;
    RecordMention m;
    m.field = kFields[field];
    m.block = block;
    m.begin = begin;
    m.end = begin + length;
    m.text = text->substr(begin, length);
    m.certain = (flags & kCertain) != 0;
    m.exact = (flags & kExact) != 0;
    m.ids.reserve(ids);
    for (std::uint64_t k = 0; k < ids; ++k) {
      std::uint64_t number = 0;
      if (!get_varint(packed, at, number) || number >= ids_.size()) return false;
      m.ids.push_back(ids_[number]);
    }
    out.push_back(std::move(m));
  }
  return at == packed.size();
}

std::size_t MentionCache::entry_bytes(const std::string& id, const Entry& e) {
  return 2 * id.size() + e.packed.capacity() + kEntryOverhead;
}

void MentionCache::evict() {
  while (bytes_ > max_bytes_ && !used_.empty()) {
    auto it = entries_.find(used_.back());
    if (it != entries_.end()) {
      bytes_ -= entry_bytes(it->first, it->second);
      entries_.erase(it);
    }
    used_.pop_back();
  }
}

std::vector<RecordMention> MentionCache::mentions(const std::shared_ptr<const NameSnapshot>& snapshot,
                                                  const Record& record) {
  return lookup(snapshot, record, true);
}

std::vector<RecordMention> MentionCache::lookup(const std::shared_ptr<const NameSnapshot>& snapshot,
                                                const Record& record, bool counted) {
  std::vector<RecordMention> out;
  if (!snapshot) return out;
  const std::uint64_t print = fingerprint(record);
  {
    std::lock_guard lock(mutex_);
    if (snapshot_ == snapshot) {
      auto it = entries_.find(record.id);
      if (it != entries_.end() && it->second.fingerprint == print && unpack(record, it->second.packed, out)) {
        used_.splice(used_.begin(), used_, it->second.used);
        if (counted) ++hits_;
        return out;
      }
    }
    if (counted) ++misses_;
  }
  out = snapshot->all_mentions(record);
  std::lock_guard lock(mutex_);
  if (snapshot_ != snapshot) {
    // Names changed (or this is the first page): what is kept was found
    // with the old ones. (A page that started on the old snapshot just
    // before another took the new one empties it once more; that is all.)
    entries_.clear();
    used_.clear();
    ids_.clear();
    id_numbers_.clear();
    bytes_ = 0;
    snapshot_ = snapshot;
  }
  Entry entry;
  entry.fingerprint = print;
  if (!pack(record, out, entry.packed)) return out;
  if (auto old = entries_.find(record.id); old != entries_.end()) {
    bytes_ -= entry_bytes(old->first, old->second);
    used_.erase(old->second.used);
    entries_.erase(old);
  }
  used_.push_front(record.id);
  entry.used = used_.begin();
  bytes_ += entry_bytes(record.id, entry);
  entries_.emplace(record.id, std::move(entry));
  evict();
  return out;
}

std::size_t MentionCache::read_ahead(Store& store, const std::shared_ptr<const NameSnapshot>& snapshot,
                                     std::stop_token stop) {
  if (!snapshot || snapshot->authorities().empty()) return 0;
  auto through = store.last_seq();
  if (!through) return 0;
  // Short reads, a page at a time in the change log's order: no read held
  // open while the records are scanned (an idle thread's scan may take long
  // on a busy server, and a long read keeps the store's log from being
  // checkpointed).
  constexpr int kPage = 64;
  std::size_t read = 0;
  std::int64_t after = 0;
  for (;;) {
    auto page = store.current_since(EntityKind::kRecord, after, *through, kPage, /*with_json=*/true);
    if (!page || page->empty()) return read;
    for (const Revision& revision : *page) {
      if (stop.stop_requested()) return read;
      {
        std::lock_guard lock(mutex_);
        if (bytes_ > max_bytes_ / 2 || (snapshot_ && snapshot_ != snapshot)) return read;
      }
      after = revision.seq;
      if (revision.deleted) continue;
      auto record = record_from_json_text(revision.json);
      if (!record) continue;   // the page reports it, if anyone asks
      (void)lookup(snapshot, *record, false);
      ++read;
      std::lock_guard lock(mutex_);
      ++read_ahead_;
    }
    if (page->size() < static_cast<std::size_t>(kPage)) return read;
  }
}

MentionCache::Stats MentionCache::stats() const {
  std::lock_guard lock(mutex_);
  return {hits_, misses_, read_ahead_, entries_.size(), bytes_};
}

}  // namespace chancery::web
