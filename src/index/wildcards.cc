#include "index/wildcards.h"

#include <algorithm>
#include <utility>

namespace chancery {

WildcardWords wildcard_words(const Xapian::Database& db, const std::string& pattern, std::size_t max_terms,
                             std::uint64_t postings_budget) {
  WildcardWords out;
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto it = db.allterms_begin(pattern); it != db.allterms_end(pattern); ++it) {
    found.emplace_back(it.get_termfreq(), *it);
  }
  out.starting = found.size();
  if (found.empty() || max_terms == 0) return out;
  // The most frequent first; alphabetical among equals.
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const std::uint64_t budget = std::max<std::uint64_t>(postings_budget, 2 * std::uint64_t{found.front().first});
  std::uint64_t total = 0;
  for (auto& [frequency, term] : found) {
    if (out.terms.size() == max_terms) break;
    if (!out.terms.empty() && total + frequency > budget) continue;
    total += frequency;
    out.terms.push_back(std::move(term));
  }
  return out;
}

}  // namespace chancery
