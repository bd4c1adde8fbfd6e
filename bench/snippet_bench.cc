// The snippet scan alone (index/snippets.h), on the extracted text of the
// FRUS volumes: for each query of the query file, a highlighter of its words
// (English stems, phrases' words marked as such) and a snippet of every
// document whose text has the query's first word, as a search page makes one
// for each hit. Reports nanoseconds a snippet and megabytes of text a second
// (the texts' whole length, though the scan stops early), the best of
// --rounds, and a hash of the snippets made (equal hashes: equal snippets).
// For comparing builds of the scan (A/B), not peers; --scan keeps it to
// SSE2 or AVX2 where the CPU has wider (index/snippets.h).
//
//   snippet_bench DOCS.jsonl QUERIES [--rounds N] [--scan sse2|avx2|avx512]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_common.h"
#include "index/snippets.h"

namespace bench = chancery::bench;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: snippet_bench DOCS.jsonl QUERIES [--rounds N]\n";
    return 2;
  }
  try {
    std::vector<std::string> texts;
    std::vector<std::string> lowered;
    bench::for_each_doc(argv[1], [&](bench::Doc&& doc) {
      lowered.push_back(lower(doc.text));
      texts.push_back(std::move(doc.text));
    });
    const auto queries = bench::read_queries(argv[2]);
    const int rounds = std::stoi(bench::flag_value(argc, argv, "--rounds", "5"));
    const std::string scan_flag = bench::flag_value(argc, argv, "--scan", "avx512");
    if (scan_flag != "sse2" && scan_flag != "avx2" && scan_flag != "avx512") {
      std::cerr << "snippet_bench: --scan is sse2, avx2 or avx512\n";
      return 2;
    }
    const chancery::SnippetScan scan = chancery::limit_snippet_scan(
        scan_flag == "sse2" ? chancery::SnippetScan::sse2
                            : scan_flag == "avx2" ? chancery::SnippetScan::avx2 : chancery::SnippetScan::avx512);
    struct Case {
      chancery::Highlighter highlighter;
      std::vector<std::size_t> docs;
    };
    std::vector<Case> cases;
    std::size_t snippets = 0;
    std::uint64_t bytes = 0;
    for (const auto& q : queries) {
      std::vector<chancery::QueryWord> words;
      for (const auto& part : q.parts) {
        for (const auto& w : part.words) {
          chancery::QueryWord word;
          word.key = lower(w);
          word.single = !part.phrase;
          word.together = part.phrase;
          words.push_back(std::move(word));
        }
      }
      if (words.empty()) continue;
      Case c{chancery::Highlighter(words, {Xapian::Stem("english")}), {}};
      const std::string first = words.front().key;
      for (std::size_t i = 0; i < lowered.size(); ++i) {
        if (lowered[i].find(first) != std::string::npos) c.docs.push_back(i);
      }
      for (std::size_t i : c.docs) bytes += texts[i].size();
      snippets += c.docs.size();
      cases.push_back(std::move(c));
    }
    double best = 1e100;
    std::size_t out_bytes = 0;
    std::uint64_t hash = 0;
    for (int round = 0; round <= rounds; ++round) {
      out_bytes = 0;
      hash = 1469598103934665603ull;   // FNV-1a over the snippets
      const auto start = std::chrono::steady_clock::now();
      for (const Case& c : cases) {
        for (std::size_t i : c.docs) {
          const std::string snippet = chancery::make_snippet(texts[i], c.highlighter);
          out_bytes += snippet.size();
          for (const char ch : snippet) hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
        }
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (round > 0) best = std::min(best, seconds);   // round 0 warms up
    }
    std::printf("{\"snippets\":%zu,\"text_mb\":%.1f,\"best_seconds\":%.4f,\"ns_per_snippet\":%.0f,\"mb_per_s\":%.0f,"
                "\"snippet_bytes\":%zu,\"snippet_hash\":\"%016llx\",\"scan\":\"%s\"}\n",
                snippets, static_cast<double>(bytes) / 1e6, best, best * 1e9 / static_cast<double>(snippets),
                static_cast<double>(bytes) / 1e6 / best, out_bytes, static_cast<unsigned long long>(hash),
                scan == chancery::SnippetScan::avx512 ? "avx512" : scan == chancery::SnippetScan::avx2 ? "avx2" : "sse2");
  } catch (const std::exception& e) {
    std::cerr << "snippet_bench: " << e.what() << "\n";
    return 1;
  }
}
