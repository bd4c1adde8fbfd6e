// PostgreSQL peer (libpq): loads the extracted documents with COPY into a table
// with a stored tsvector (English stemming, positions; title weighted A, body B)
// and a GIN index, and runs the query file with prepared statements.
//
//   pg_bench load CONNINFO DOCS.jsonl
//   pg_bench query CONNINFO QUERIES [--rounds N] [--mode plain|full]
//
// Queries go through websearch_to_tsquery('english', $1), ranked by ts_rank.
// plain: top 10 (id, title). full: plus ts_headline of the 10 hits and the
// year facet counted over every match.
#include <libpq-fe.h>

#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "bench_common.h"

namespace bench = chancery::bench;

namespace {

volatile std::size_t g_sink;  // keeps fetched rows from being optimised away

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultFree>;

class Connection {
 public:
  explicit Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_));
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  ResultPtr exec(const std::string& sql) {
    ResultPtr r(PQexec(conn_, sql.c_str()));
    check(r.get(), sql);
    return r;
  }
  void prepare(const std::string& name, const std::string& sql) {
    ResultPtr r(PQprepare(conn_, name.c_str(), sql.c_str(), 1, nullptr));
    check(r.get(), sql);
  }
  ResultPtr run(const std::string& name, const std::string& param) {
    const char* values[1] = {param.c_str()};
    ResultPtr r(PQexecPrepared(conn_, name.c_str(), 1, values, nullptr, nullptr, 0));
    check(r.get(), name);
    return r;
  }
  PGconn* get() { return conn_; }

 private:
  void check(PGresult* r, const std::string& what) {
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN)
      throw std::runtime_error(std::string(PQerrorMessage(conn_)) + " in: " + what);
  }
  PGconn* conn_;
};

// COPY text format: backslash, tab, newline and carriage return escaped.
void append_copy_field(std::string& out, const std::string& value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

int load(const std::string& conninfo, const std::string& docs_path) {
  bench::Stopwatch sw;
  Connection db(conninfo);
  db.exec("SET client_min_messages TO WARNING");
  db.exec("DROP TABLE IF EXISTS docs");
  db.exec(
      "CREATE TABLE docs (id text PRIMARY KEY, title text NOT NULL, date date, year int, body text NOT NULL,"
      " tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') ||"
      " setweight(to_tsvector('english', body), 'B')) STORED)");
  db.exec("COPY docs (id, title, date, year, body) FROM STDIN");
  bench::LoadReport report;
  report.engine = "postgresql";
  std::string buf;
  auto flush = [&] {
    if (PQputCopyData(db.get(), buf.data(), (int)buf.size()) != 1) throw std::runtime_error(PQerrorMessage(db.get()));
    buf.clear();
  };
  report.bytes = bench::for_each_doc(docs_path, [&](bench::Doc&& d) {
    append_copy_field(buf, d.id);
    buf += '\t';
    append_copy_field(buf, d.title);
    buf += '\t';
    if (d.date.empty()) buf += "\\N"; else append_copy_field(buf, d.date);
    buf += '\t';
    if (d.year == 0) buf += "\\N"; else buf += std::to_string(d.year);
    buf += '\t';
    append_copy_field(buf, d.text);
    buf += '\n';
    ++report.docs;
    if (buf.size() > (1 << 20)) flush();
  });
  if (!buf.empty()) flush();
  if (PQputCopyEnd(db.get(), nullptr) != 1) throw std::runtime_error(PQerrorMessage(db.get()));
  ResultPtr end(PQgetResult(db.get()));
  if (PQresultStatus(end.get()) != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(db.get()));
  while (ResultPtr more{PQgetResult(db.get())}) {}
  db.exec("CREATE INDEX docs_tsv ON docs USING gin (tsv)");
  db.exec("ANALYZE docs");
  db.exec("CHECKPOINT");
  report.seconds = sw.seconds();
  auto size = db.exec("SELECT pg_total_relation_size('docs')");
  report.disk_bytes = std::stoll(PQgetvalue(size.get(), 0, 0));
  report.server_peak_rss_kb = bench::process_peak_rss_kb(PQbackendPID(db.get()));
  report.server_cpu_seconds = bench::process_cpu_seconds(PQbackendPID(db.get()));
  std::cout << bench::to_json(report) << "\n";
  return 0;
}

int query(const std::string& conninfo, const std::string& queries_path, int rounds, const std::string& mode) {
  Connection db(conninfo);
  auto queries = bench::read_queries(queries_path);
  bool full = mode == "full";
  db.prepare("top",
             "SELECT id, title FROM docs, websearch_to_tsquery('english', $1) q"
             " WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10");
  db.prepare("top_full",
             "SELECT t.id, t.title, ts_headline('english', t.body, q,"
             " 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=1')"
             " FROM (SELECT id, title, body, ts_rank(tsv, q) AS r FROM docs, websearch_to_tsquery('english', $1) q"
             "       WHERE tsv @@ q ORDER BY r DESC LIMIT 10) t, websearch_to_tsquery('english', $1) q"
             " ORDER BY t.r DESC");
  db.prepare("facet",
             "SELECT year, count(*) FROM docs WHERE tsv @@ websearch_to_tsquery('english', $1)"
             " GROUP BY year ORDER BY 2 DESC");
  db.prepare("count", "SELECT count(*) FROM docs WHERE tsv @@ websearch_to_tsquery('english', $1)");
  std::size_t sink = 0;
  auto run = [&](const bench::Query& q) {
    auto r = db.run(full ? "top_full" : "top", q.text);
    int n = PQntuples(r.get());
    for (int i = 0; i < n; ++i) sink += PQgetlength(r.get(), i, 1) + (full ? PQgetlength(r.get(), i, 2) : 0);
    if (full) {
      auto f = db.run("facet", q.text);
      sink += PQntuples(f.get());
    }
    return n;
  };
  auto report = bench::run_queries("postgresql", mode, queries, rounds, run);
  for (const auto& q : queries) {
    auto r = db.run("count", q.text);
    report.matches.push_back(std::stoll(PQgetvalue(r.get(), 0, 0)));
  }
  g_sink = sink;
  std::cout << bench::to_json(report) << "\n";
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
    std::cerr << "usage: pg_bench load CONNINFO DOCS.jsonl | query CONNINFO QUERIES [--rounds N] [--mode plain|full]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pg_bench: " << e.what() << "\n";
    return 1;
  }
}
