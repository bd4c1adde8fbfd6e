// Related records found ahead: a document page's "more like this" list for
// every record of one index revision, found by a thread of its own at idle
// priority while the server has nothing else to do.
//
// A document page's related records (SearchIndex::similar) are one Xapian
// match over the record's 25 most telling words: about 0.6 ms of the 1 ms a
// first visit to a FRUS document page costs, 15-30 ms at a million records.
// They change only with the index, so a reader that serves pages
// (XapianIndexOptions::related_ahead) has them found for the whole revision
// it reads, once for the process: a table of each record's best kKept related
// records (document ids and weights, not their titles, which are read from
// the index when a page is made: 80 bytes a record). A record not reached yet
// is answered by a match, as before; the answers are the same either way.
// Tables are per revision, like the facet table (facets.h): a new revision
// gets a new table, and an old one, with its thread, goes with its last reader.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>

#include "util/idle_thread.h"

namespace chancery {

class RelatedTable {
 public:
  // Enough for a document page's five, with one to spare for a record left
  // out (restricted or withdrawn) among them.
  static constexpr std::size_t kKept = 6;
  // Trivial, so that a table's memory is taken as it fills (Entry{} is empty).
  struct Entry {
    std::array<std::uint32_t, kKept> docids;
    std::array<double, kKept> weights;
    std::uint8_t count;   // fewer than kKept: the record has no more related records
  };
  // Fills the table; runs on the table's thread, and returns early when
  // `stop` is requested.
  using Fill = std::function<void(RelatedTable& table, std::stop_token stop)>;

  // A table for documents 1..last_docid, empty.
  explicit RelatedTable(std::uint32_t last_docid);
  // Stops the filling thread and waits for it (it ends after the record it
  // is at, which it finishes at normal priority).
  ~RelatedTable();
  RelatedTable(const RelatedTable&) = delete;
  RelatedTable& operator=(const RelatedTable&) = delete;

  // Starts `fill` on a thread of the table's own, at idle priority (Linux's
  // SCHED_IDLE: it runs only on a core nothing else wants) unless
  // `idle_priority` is false. Once only.
  void start(Fill fill, bool idle_priority = true);

  // The entry of `docid` once it is found; nullptr before, or out of range.
  // Any thread.
  const Entry* find(std::uint32_t docid) const;
  // By the filling thread: `docid`'s entry (once; out of range ignored).
  void put(std::uint32_t docid, const Entry& entry);

  std::uint32_t last_docid() const { return static_cast<std::uint32_t>(size_ - 1); }
  // Entries put so far.
  std::size_t found() const { return found_.load(std::memory_order_relaxed); }
  // True once the filling thread has ended (done, stopped or failed).
  bool finished() const { return finished_.load(std::memory_order_acquire); }

 private:
  std::size_t size_;   // last docid + 1
  std::unique_ptr<Entry[]> entries_;   // an entry is read only once ready_
  std::unique_ptr<std::atomic<bool>[]> ready_;
  std::atomic<std::size_t> found_{0};
  std::atomic<bool> finished_{false};
  IdleThread thread_;   // last: stopped and joined before the entries go
};

// The table of the index revision `key` for the whole process: the one a
// reader of that revision holds, else a new one from `make` (which starts its
// filling). Tables no reader holds are gone.
std::shared_ptr<RelatedTable> shared_related_table(const std::string& key,
                                                   const std::function<std::shared_ptr<RelatedTable>()>& make);

// For /metrics, over the process's life: tables made, records whose related
// records were found ahead, and answers given from a table.
std::uint64_t related_tables_made();
std::uint64_t related_records_found_ahead();
std::uint64_t related_answers_from_tables();
void count_related_answer_from_table();

}  // namespace chancery
