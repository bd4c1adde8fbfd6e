#include "index/related_table.h"

#include <map>
#include <mutex>

namespace chancery {
namespace {

std::atomic<std::uint64_t> g_tables_made{0};
std::atomic<std::uint64_t> g_found_ahead{0};
std::atomic<std::uint64_t> g_answers{0};

std::mutex g_tables_mutex;
// Made on first use, never freed (threads may look tables up at exit).
std::map<std::string, std::weak_ptr<RelatedTable>, std::less<>>* g_tables = nullptr;

}  // namespace

RelatedTable::RelatedTable(std::uint32_t last_docid)
    : size_(static_cast<std::size_t>(last_docid) + 1),
      entries_(std::make_unique_for_overwrite<Entry[]>(size_)),
      ready_(std::make_unique<std::atomic<bool>[]>(size_)) {}

RelatedTable::~RelatedTable() = default;   // thread_ goes first (util/idle_thread.h)

void RelatedTable::start(Fill fill, bool idle_priority) {
  thread_.start(
      [this, fill = std::move(fill)](std::stop_token stop) {
        // Also when the filling throws (memory, a reader that could not be
        // opened): it ends alone, what was found stays, the rest is matched.
        struct Finished {
          std::atomic<bool>& flag;
          ~Finished() { flag.store(true, std::memory_order_release); }
        } finished{finished_};
        fill(*this, stop);
      },
      idle_priority);
}

const RelatedTable::Entry* RelatedTable::find(std::uint32_t docid) const {
  if (docid >= size_ || !ready_[docid].load(std::memory_order_acquire)) return nullptr;
  return &entries_[docid];
}

void RelatedTable::put(std::uint32_t docid, const Entry& entry) {
  if (docid >= size_ || ready_[docid].load(std::memory_order_relaxed)) return;
  entries_[docid] = entry;
  ready_[docid].store(true, std::memory_order_release);
  found_.fetch_add(1, std::memory_order_relaxed);
  g_found_ahead.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<RelatedTable> shared_related_table(const std::string& key,
                                                   const std::function<std::shared_ptr<RelatedTable>()>& make) {
  std::lock_guard lock(g_tables_mutex);
  if (g_tables == nullptr) g_tables = new std::map<std::string, std::weak_ptr<RelatedTable>, std::less<>>();
  std::erase_if(*g_tables, [](const auto& entry) { return entry.second.expired(); });
  if (auto found = g_tables->find(key); found != g_tables->end()) {
    if (std::shared_ptr<RelatedTable> table = found->second.lock()) return table;
  }
  // Made under the lock: making one only allocates it and starts its thread.
  std::shared_ptr<RelatedTable> table = make();
  if (table) {
    (*g_tables)[key] = table;
    g_tables_made.fetch_add(1, std::memory_order_relaxed);
  }
  return table;
}

std::uint64_t related_tables_made() { return g_tables_made.load(std::memory_order_relaxed); }
std::uint64_t related_records_found_ahead() { return g_found_ahead.load(std::memory_order_relaxed); }
std::uint64_t related_answers_from_tables() { return g_answers.load(std::memory_order_relaxed); }
void count_related_answer_from_table() { g_answers.fetch_add(1, std::memory_order_relaxed); }

}  // namespace chancery
