// Synthetic records for scale runs: record-text files whose length,
// vocabulary, names, dates and languages follow the statistics of a sample
// corpus (e.g. the FRUS volumes), generated deterministically from a seed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/record.h"
#include "util/error.h"

namespace chancery {

// Frequency tables of a sample corpus. Each table is (item, weight) with
// items in first-seen order, so the same sample always gives the same tables.
struct CorpusStats {
  struct Table {
    std::vector<std::string> items;
    std::vector<std::uint64_t> cumulative;  // running sum of the weights
    void add(std::string item, std::uint64_t weight);
  };
  Table words;       // body words as written (case kept)
  Table names;       // people and organisations
  Table languages;   // original languages
  std::vector<int> years;             // one per dated sample record
  std::vector<int> body_words;        // words per record body
  std::vector<int> paragraph_words;   // words per body paragraph
  std::vector<int> title_words;       // words per title
  std::int64_t records = 0;
};

// Builds the tables from the importable files under `from` (read with the
// archive's readers), at most `max_files` files. Fails when nothing usable is
// found.
Result<CorpusStats> corpus_stats_from(const std::filesystem::path& from, std::size_t max_files = 1000);

// Record number `n` of the synthetic corpus for `seed`: depends only on the
// stats, the seed and n. Its id is "synthetic-<seed>-<n>".
Record synthetic_record(const CorpusStats& stats, std::uint64_t seed, std::int64_t n);

// Writes records 1..count as record-text files DIR/NNNNNNNN.txt (creating
// DIR). Returns the number written.
Result<std::int64_t> write_synthetic_corpus(const CorpusStats& stats, std::uint64_t seed, std::int64_t count,
                                            const std::filesystem::path& dir);

}  // namespace chancery
