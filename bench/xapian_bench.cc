// Xapian peer: runs the query file in-process against a database built by
// omega's scriptindex (bench/xapian.index) from the extracted documents.
//
//   xapian_bench query DBDIR QUERIES [--rounds N] [--mode plain|full]
//
// plain: top 10 (id, title from the document data). full: plus a snippet per
// hit (MSet::snippet over the stored body, flags 0) and the year facet counted
// over every match (ValueCountMatchSpy, check_at_least = document count).
#include <xapian.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "bench_common.h"

namespace bench = chancery::bench;

namespace {

volatile std::size_t g_sink;  // keeps fetched fields from being optimised away

constexpr Xapian::valueno kYearSlot = 2;

// scriptindex stores fields in the document data as "name=value" lines.
std::string data_field(const std::string& data, const std::string& name) {
  std::string key = name + "=";
  std::size_t pos = 0;
  while (pos < data.size()) {
    auto end = data.find('\n', pos);
    if (end == std::string::npos) end = data.size();
    if (data.compare(pos, key.size(), key) == 0) return data.substr(pos + key.size(), end - pos - key.size());
    pos = end + 1;
  }
  return {};
}

int query(const std::string& db_path, const std::string& queries_path, int rounds, const std::string& mode) {
  Xapian::Database db(db_path);
  auto queries = bench::read_queries(queries_path);
  bool full = mode == "full";
  Xapian::Stem stem("english");
  Xapian::QueryParser qp;
  qp.set_stemmer(stem);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.set_database(db);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE;
  Xapian::Enquire enquire(db);
  std::size_t sink = 0;
  auto run_xapian = [&](const bench::Query& q) {
    enquire.set_query(qp.parse_query(q.text, flags));
    Xapian::MSet mset;
    if (full) {
      Xapian::ValueCountMatchSpy spy(kYearSlot);
      enquire.clear_matchspies();
      enquire.add_matchspy(&spy);
      mset = enquire.get_mset(0, 10, db.get_doccount());
      enquire.clear_matchspies();
      for (auto it = spy.top_values_begin(20); it != spy.top_values_end(20); ++it) sink += it.get_termfreq();
    } else {
      mset = enquire.get_mset(0, 10);
    }
    int n = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++n) {
      std::string data = it.get_document().get_data();
      sink += data_field(data, "title").size();
      if (full) {
        // Flags 0 (no background model, not exhaustive): the cheapest snippets
        // Xapian makes. The default flags cost ~4x more on FRUS-length bodies.
        sink += mset.snippet(data_field(data, "body"), 200, stem, 0, "<mark>", "</mark>", "…").size();
      }
    }
    return n;
  };
  // run_queries counts std::exceptions as failures; Xapian::Error is not one.
  auto run = [&](const bench::Query& q) {
    try {
      return run_xapian(q);
    } catch (const Xapian::Error& e) {
      throw std::runtime_error(e.get_description());
    }
  };
  auto report = bench::run_queries("xapian", mode, queries, rounds, run);
  for (const auto& q : queries) {
    enquire.set_query(qp.parse_query(q.text, flags));
    report.matches.push_back(enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated());
  }
  g_sink = sink;
  std::cout << bench::to_json(report) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "query" && argc >= 4)
      return query(argv[2], argv[3], std::stoi(bench::flag_value(argc, argv, "--rounds", "5")),
                   bench::flag_value(argc, argv, "--mode", "plain"));
    std::cerr << "usage: xapian_bench query DBDIR QUERIES [--rounds N] [--mode plain|full]\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_bench: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "xapian_bench: " << e.what() << "\n";
    return 1;
  }
}
