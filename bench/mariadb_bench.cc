// MariaDB peer (libmariadb): loads the extracted documents into an InnoDB table
// (multi-row INSERTs in one transaction), then adds a FULLTEXT index on
// (title, body) as MariaDB recommends for bulk loads, and runs the query file
// with server-side prepared statements in BOOLEAN MODE.
//
//   mariadb_bench load SOCKET DOCS.jsonl
//   mariadb_bench query SOCKET QUERIES [--rounds N] [--mode plain|full]
//
// InnoDB FULLTEXT has no stemming and ignores words shorter than 3 characters
// and its stopwords. plain: top 10 (id, title). full: plus the year facet
// counted over every match (MariaDB has no snippet function).
#include <mysql.h>

#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_common.h"

namespace bench = chancery::bench;

namespace {

volatile std::size_t g_sink;  // keeps fetched rows from being optimised away

class Connection {
 public:
  explicit Connection(const std::string& socket) : db_(mysql_init(nullptr)) {
    if (!mysql_real_connect(db_, nullptr, "root", nullptr, "bench", 0, socket.c_str(), 0))
      throw std::runtime_error(mysql_error(db_));
    mysql_set_character_set(db_, "utf8mb4");
  }
  ~Connection() { mysql_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  void exec(const std::string& sql) {
    if (mysql_real_query(db_, sql.data(), sql.size()) != 0)
      throw std::runtime_error(std::string(mysql_error(db_)) + " in: " + sql.substr(0, 200));
    if (MYSQL_RES* r = mysql_store_result(db_)) mysql_free_result(r);
  }
  MYSQL* get() { return db_; }
 private:
  MYSQL* db_;
};

// A prepared statement taking one string parameter (bound `params` times) and
// returning string columns.
class Statement {
 public:
  Statement(Connection& db, const std::string& sql, int params, int columns)
      : st_(mysql_stmt_init(db.get())), params_(params), columns_(columns) {
    if (mysql_stmt_prepare(st_, sql.data(), sql.size()) != 0)
      throw std::runtime_error(std::string(mysql_stmt_error(st_)) + " in: " + sql);
    buffers_.assign(columns_, std::vector<char>(4096));
    lengths_.assign(columns_, 0);
    nulls_.assign(columns_, 0);
  }
  ~Statement() { mysql_stmt_close(st_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Executes with `param` for every placeholder; returns rows fetched, adding
  // the fetched bytes to `sink`.
  int run(const std::string& param, std::size_t& sink) {
    std::vector<MYSQL_BIND> in(params_);
    unsigned long len = param.size();
    for (auto& b : in) {
      std::memset(&b, 0, sizeof b);
      b.buffer_type = MYSQL_TYPE_STRING;
      b.buffer = const_cast<char*>(param.data());
      b.buffer_length = len;
      b.length = &len;
    }
    if (mysql_stmt_bind_param(st_, in.data()) != 0 || mysql_stmt_execute(st_) != 0)
      throw std::runtime_error(mysql_stmt_error(st_));
    std::vector<MYSQL_BIND> out(columns_);
    for (int i = 0; i < columns_; ++i) {
      std::memset(&out[i], 0, sizeof out[i]);
      out[i].buffer_type = MYSQL_TYPE_STRING;
      out[i].buffer = buffers_[i].data();
      out[i].buffer_length = buffers_[i].size();
      out[i].length = &lengths_[i];
      out[i].is_null = &nulls_[i];
    }
    if (mysql_stmt_bind_result(st_, out.data()) != 0) throw std::runtime_error(mysql_stmt_error(st_));
    int rows = 0;
    for (;;) {
      int rc = mysql_stmt_fetch(st_);
      if (rc == MYSQL_NO_DATA) break;
      if (rc == 1) throw std::runtime_error(mysql_stmt_error(st_));
      ++rows;
      for (int i = 0; i < columns_; ++i) sink += lengths_[i];
    }
    mysql_stmt_free_result(st_);
    return rows;
  }
  // First column of the first row, as text.
  std::string first(const std::string& param) {
    std::size_t sink = 0;
    run(param, sink);
    return std::string(buffers_[0].data(), std::min<std::size_t>(lengths_[0], buffers_[0].size()));
  }

 private:
  MYSQL_STMT* st_;
  int params_;
  int columns_;
  std::vector<std::vector<char>> buffers_;
  std::vector<unsigned long> lengths_;
  std::vector<my_bool> nulls_;
};

// BOOLEAN MODE: every part required: +word, +"two words".
std::string to_boolean(const bench::Query& q) {
  std::string out;
  for (const auto& part : q.parts) {
    if (!out.empty()) out += ' ';
    out += '+';
    if (part.phrase) out += '"';
    for (std::size_t i = 0; i < part.words.size(); ++i) {
      if (i) out += ' ';
      for (char c : part.words[i]) if (c != '"') out += c;
    }
    if (part.phrase) out += '"';
  }
  return out;
}

std::string quoted(MYSQL* db, const std::string& s) {
  std::string out(s.size() * 2 + 3, '\0');
  out[0] = '\'';
  auto n = mysql_real_escape_string(db, out.data() + 1, s.data(), s.size());
  out.resize(n + 1);
  out += '\'';
  return out;
}

int load(const std::string& socket, const std::string& docs_path) {
  bench::Stopwatch sw;
  Connection db(socket);
  db.exec("DROP TABLE IF EXISTS docs");
  db.exec(
      "CREATE TABLE docs (id VARCHAR(64) PRIMARY KEY, title TEXT NOT NULL, date DATE NULL, year INT NULL,"
      " body MEDIUMTEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  db.exec("SET autocommit=0");
  bench::LoadReport report;
  report.engine = "mariadb";
  const std::string head = "INSERT INTO docs (id, title, date, year, body) VALUES ";
  std::string sql = head;
  bool any = false;
  auto flush = [&] {
    if (!any) return;
    db.exec(sql);
    sql = head;
    any = false;
  };
  report.bytes = bench::for_each_doc(docs_path, [&](bench::Doc&& d) {
    if (any) sql += ',';
    sql += '(' + quoted(db.get(), d.id) + ',' + quoted(db.get(), d.title) + ',' +
           (d.date.empty() ? std::string("NULL") : quoted(db.get(), d.date)) + ',' +
           (d.year == 0 ? std::string("NULL") : std::to_string(d.year)) + ',' + quoted(db.get(), d.text) + ')';
    any = true;
    ++report.docs;
    if (sql.size() > (4 << 20)) flush();
  });
  flush();
  db.exec("COMMIT");
  db.exec("ALTER TABLE docs ADD FULLTEXT INDEX docs_ft (title, body)");
  db.exec("ANALYZE TABLE docs");
  report.seconds = sw.seconds();
  std::cout << bench::to_json(report) << "\n";
  return 0;
}

int query(const std::string& socket, const std::string& queries_path, int rounds, const std::string& mode) {
  Connection db(socket);
  auto queries = bench::read_queries(queries_path);
  bool full = mode == "full";
  Statement top(db,
                "SELECT id, title FROM docs WHERE MATCH(title, body) AGAINST(? IN BOOLEAN MODE)"
                " ORDER BY MATCH(title, body) AGAINST(? IN BOOLEAN MODE) DESC LIMIT 10",
                2, 2);
  Statement facet(db,
                  "SELECT year, COUNT(*) FROM docs WHERE MATCH(title, body) AGAINST(? IN BOOLEAN MODE)"
                  " GROUP BY year ORDER BY 2 DESC",
                  1, 2);
  Statement count(db, "SELECT COUNT(*) FROM docs WHERE MATCH(title, body) AGAINST(? IN BOOLEAN MODE)", 1, 1);
  std::size_t sink = 0;
  auto run = [&](const bench::Query& q) {
    std::string expr = to_boolean(q);
    int n = top.run(expr, sink);
    if (full) facet.run(expr, sink);
    return n;
  };
  auto report = bench::run_queries("mariadb", mode, queries, rounds, run);
  for (const auto& q : queries) report.matches.push_back(std::stoll(count.first(to_boolean(q))));
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
    std::cerr << "usage: mariadb_bench load SOCKET DOCS.jsonl | query SOCKET QUERIES [--rounds N] [--mode plain|full]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mariadb_bench: " << e.what() << "\n";
    return 1;
  }
}
