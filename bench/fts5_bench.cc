// SQLite FTS5 peer: loads the extracted documents into an FTS5 table (porter
// stemming, positions, stored content) and runs the query file in-process.
//
//   fts5_bench load DB DOCS.jsonl
//   fts5_bench query DB QUERIES [--rounds N] [--mode plain|full]
//
// plain: top 10 by bm25 (id, title). full: plus a snippet per hit and the
// year facet counted over every match.
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "bench_common.h"

namespace bench = chancery::bench;

namespace {

volatile std::size_t g_sink;  // keeps fetched columns from being optimised away

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "error";
      sqlite3_free(err);
      throw std::runtime_error(m + " in: " + sql);
    }
  }
  sqlite3* get() { return db_; }
 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Db& db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string(sqlite3_errmsg(db.get())) + " in: " + sql);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  void reset() { sqlite3_reset(st_); sqlite3_clear_bindings(st_); }
  void bind(int i, const std::string& s) { sqlite3_bind_text(st_, i, s.data(), (int)s.size(), SQLITE_TRANSIENT); }
  void bind(int i, long long v) { sqlite3_bind_int64(st_, i, v); }
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(sqlite3_errmsg(db_.get()));
  }
  sqlite3_stmt* get() { return st_; }
 private:
  Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

// FTS5 syntax: every part quoted ("word" or "two words"), implicit AND.
std::string to_fts5(const bench::Query& q) {
  std::string out;
  for (const auto& part : q.parts) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (std::size_t i = 0; i < part.words.size(); ++i) {
      if (i) out += ' ';
      for (char c : part.words[i]) {
        if (c == '"') out += "\"\"";
        else out += c;
      }
    }
    out += '"';
  }
  return out;
}

int load(const std::string& db_path, const std::string& docs_path) {
  std::filesystem::remove(db_path);
  bench::Stopwatch sw;
  Db db(db_path);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date UNINDEXED, year UNINDEXED,"
          " tokenize = 'porter unicode61 remove_diacritics 2')");
  db.exec("BEGIN");
  Stmt ins(db, "INSERT INTO docs(id, title, body, date, year) VALUES (?1, ?2, ?3, ?4, ?5)");
  bench::LoadReport report;
  report.engine = "sqlite-fts5";
  report.bytes = bench::for_each_doc(docs_path, [&](bench::Doc&& d) {
    ins.reset();
    ins.bind(1, d.id);
    ins.bind(2, d.title);
    ins.bind(3, d.text);
    ins.bind(4, d.date);
    ins.bind(5, (long long)d.year);
    ins.step();
    ++report.docs;
  });
  db.exec("COMMIT");
  db.exec("INSERT INTO docs(docs) VALUES('optimize')");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  report.seconds = sw.seconds();
  report.disk_bytes = (long long)std::filesystem::file_size(db_path);
  std::cout << bench::to_json(report) << "\n";
  return 0;
}

int query(const std::string& db_path, const std::string& queries_path, int rounds, const std::string& mode) {
  Db db(db_path);
  auto queries = bench::read_queries(queries_path);
  bool full = mode == "full";
  Stmt top(db, full ? "SELECT id, title, snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs"
                      " WHERE docs MATCH ?1 ORDER BY rank LIMIT 10"
                    : "SELECT id, title FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10");
  Stmt facet(db, "SELECT year, count(*) FROM docs WHERE docs MATCH ?1 GROUP BY year ORDER BY 2 DESC");
  Stmt count(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1");
  std::size_t sink = 0;
  auto run = [&](const bench::Query& q) {
    std::string expr = to_fts5(q);
    top.reset();
    top.bind(1, expr);
    int n = 0;
    while (top.step()) {
      sink += sqlite3_column_bytes(top.get(), 1);
      if (full) sink += sqlite3_column_bytes(top.get(), 2);
      ++n;
    }
    if (full) {
      facet.reset();
      facet.bind(1, expr);
      while (facet.step()) sink += sqlite3_column_int64(facet.get(), 1);
    }
    return n;
  };
  auto report = bench::run_queries("sqlite-fts5", mode, queries, rounds, run);
  for (const auto& q : queries) {
    count.reset();
    count.bind(1, to_fts5(q));
    report.matches.push_back(count.step() ? sqlite3_column_int64(count.get(), 0) : 0);
  }
  std::cout << bench::to_json(report) << "\n";
  g_sink = sink;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "load" && argc >= 4) return load(argv[2], argv[3]);
    if (cmd == "query" && argc >= 4)
      return query(argv[2], argv[3], std::stoi(bench::flag_value(argc, argv, "--rounds", "5")),
                   bench::flag_value(argc, argv, "--mode", "plain"));
    std::cerr << "usage: fts5_bench load DB DOCS.jsonl | query DB QUERIES [--rounds N] [--mode plain|full]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fts5_bench: " << e.what() << "\n";
    return 1;
  }
}
