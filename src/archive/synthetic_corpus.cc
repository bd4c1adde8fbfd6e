#include "archive/synthetic_corpus.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <system_error>
#include <unordered_map>

#include "formats/reader.h"
#include "formats/record_text.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

// Mixes seed and record number into one engine seed (splitmix64).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Sampling without std distributions, whose output differs between standard
// libraries: the same seed gives the same corpus everywhere.
class Sampler {
 public:
  explicit Sampler(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }

  const std::string* pick(const CorpusStats::Table& table) {
    if (table.items.empty() || table.cumulative.back() == 0) return nullptr;
    const std::uint64_t r = below(table.cumulative.back());
    auto it = std::upper_bound(table.cumulative.begin(), table.cumulative.end(), r);
    return &table.items[static_cast<std::size_t>(it - table.cumulative.begin())];
  }

  int pick(const std::vector<int>& values, int fallback) {
    return values.empty() ? fallback : values[below(values.size())];
  }

 private:
  std::mt19937_64 engine_;
};

class StatsBuilder {
 public:
  explicit StatsBuilder(CorpusStats& stats) : stats_(stats) {}

  void add(const Record& record) {
    ++stats_.records;
    stats_.title_words.push_back(count_words(record.title));
    if (record.date.known() && record.date.from.year > 0) stats_.years.push_back(record.date.from.year);
    int body = 0;
    for (const Block& block : record.body) {
      if (block.kind == BlockKind::kPageBreak || block.text.empty()) continue;
      const int n = add_words(block.text);
      if (n > 0) stats_.paragraph_words.push_back(n);
      body += n;
    }
    if (body > 0) stats_.body_words.push_back(body);
    for (const NameRef& person : record.people) count(name_weights_, stats_.names, person.name);
    for (const std::string& language : record.languages) count(language_weights_, stats_.languages, language);
  }

  void add(const Person& person) { count(name_weights_, stats_.names, person.name); }

  void finish() {
    finish_table(stats_.words);
    finish_table(stats_.names);
    finish_table(stats_.languages);
  }

 private:
  using Weights = std::unordered_map<std::string, std::size_t>;  // item -> index in the table

  static int count_words(std::string_view text) { return static_cast<int>(split_words(text).size()); }

  int add_words(std::string_view text) {
    split_words(text, words_);
    for (const Word& word : words_) {
      count(word_weights_, stats_.words, std::string(text.substr(word.begin, word.end - word.begin)));
    }
    return static_cast<int>(words_.size());
  }

  // Counts `item`; weights are gathered in `cumulative` as plain counts and
  // turned into running sums by finish().
  static void count(Weights& index, CorpusStats::Table& table, const std::string& item) {
    if (item.empty()) return;
    auto [it, inserted] = index.try_emplace(item, table.items.size());
    if (inserted) {
      table.items.push_back(item);
      table.cumulative.push_back(0);
    }
    ++table.cumulative[it->second];
  }

  static void finish_table(CorpusStats::Table& table) {
    std::uint64_t sum = 0;
    for (std::uint64_t& weight : table.cumulative) {
      sum += weight;
      weight = sum;
    }
  }

  CorpusStats& stats_;
  Weights word_weights_;
  Weights name_weights_;
  Weights language_weights_;
  std::vector<Word> words_;
};

std::string words_text(Sampler& sampler, const CorpusStats& stats, int n, bool sentences) {
  std::string out;
  int in_sentence = 0;
  for (int i = 0; i < n; ++i) {
    const std::string* word = sampler.pick(stats.words);
    if (word == nullptr) break;
    if (!out.empty()) out += ' ';
    // Now and then a name, as the corpus mentions people in running text.
    const std::string* name = sentences && sampler.below(60) == 0 ? sampler.pick(stats.names) : nullptr;
    out += name != nullptr ? *name : *word;
    if (sentences && ++in_sentence >= 8 + static_cast<int>(sampler.below(20))) {
      out += '.';
      in_sentence = 0;
    }
  }
  if (sentences && !out.empty() && out.back() != '.') out += '.';
  return out;
}

}  // namespace

void CorpusStats::Table::add(std::string item, std::uint64_t weight) {
  items.push_back(std::move(item));
  cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + weight);
}

Result<CorpusStats> corpus_stats_from(const fs::path& from, std::size_t max_files) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(from, ec)) {
    for (fs::recursive_directory_iterator it(from, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && is_importable_path(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::exists(from, ec)) {
    files.push_back(from);
  }
  if (files.empty()) return fail(ErrorCode::kInvalidInput, "no importable files in " + from.string());
  if (files.size() > max_files) files.resize(max_files);

  CorpusStats stats;
  StatsBuilder builder(stats);
  for (const fs::path& file : files) {
    auto unit = read_input_file(file);
    if (!unit) continue;  // a sample may hold unreadable files; they add nothing
    for (const Record& record : unit->records) builder.add(record);
    for (const Person& person : unit->persons) builder.add(person);
  }
  builder.finish();
  if (stats.words.items.empty()) return fail(ErrorCode::kInvalidInput, "no record text in " + from.string());
  return stats;
}

Record synthetic_record(const CorpusStats& stats, std::uint64_t seed, std::int64_t n) {
  Sampler sampler(mix(seed ^ mix(static_cast<std::uint64_t>(n))));
  Record record;
  record.id = "synthetic-" + std::to_string(seed) + "-" + std::to_string(n);
  record.source_format = "synthetic";

  std::string title = words_text(sampler, stats, std::clamp(sampler.pick(stats.title_words, 8), 1, 40), false);
  if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  record.title = title.empty() ? record.id : title;

  const int year = sampler.pick(stats.years, 1956);
  const int month = 1 + static_cast<int>(sampler.below(12));
  const int day = 1 + static_cast<int>(sampler.below(28));
  record.date.from = Date{year, month, day, DatePrecision::kDay};
  record.date.to = record.date.from;
  record.date.as_written = std::string(kMonths[month - 1]) + " " + std::to_string(day) + ", " + std::to_string(year);

  if (const std::string* language = sampler.pick(stats.languages)) record.languages.push_back(*language);
  const int people = static_cast<int>(sampler.below(4));
  for (int i = 0; i < people; ++i) {
    const std::string* name = sampler.pick(stats.names);
    if (name == nullptr) break;
    if (std::none_of(record.people.begin(), record.people.end(), [&](const NameRef& p) { return p.name == *name; })) {
      record.people.push_back({*name, ""});
    }
  }

  int remaining = std::max(1, sampler.pick(stats.body_words, 400));
  while (remaining > 0) {
    const int words = std::clamp(sampler.pick(stats.paragraph_words, 80), 1, remaining);
    Block block;
    block.text = words_text(sampler, stats, words, true);
    if (block.text.empty()) break;
    record.body.push_back(std::move(block));
    remaining -= words;
  }
  return record;
}

Result<std::int64_t> write_synthetic_corpus(const CorpusStats& stats, std::uint64_t seed, std::int64_t count,
                                            const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  for (std::int64_t n = 1; n <= count; ++n) {
    std::string name = std::to_string(n);
    if (name.size() < 8) name.insert(0, 8 - name.size(), '0');
    const fs::path path = dir / (name + ".txt");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << write_record_text(synthetic_record(stats, seed, n));
    if (!out.flush()) return fail(ErrorCode::kIo, "cannot write " + path.string());
  }
  return count;
}

}  // namespace chancery
