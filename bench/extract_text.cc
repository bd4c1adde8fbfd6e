// Extracts the text of every document of TEI volumes with the project's own
// reader (read_tei), so that every peer engine in the benchmark loads exactly
// the documents Chancery imports.
//
//   extract_text --jsonl OUT.jsonl [--scriptindex OUT.si] PATH...
//
// PATH is a TEI file or a folder of them (*.xml, not recursive). JSONL: one
// {"id","title","date","year","text"} object a line; `text` is the body blocks
// then the notes, one per line. The scriptindex dump holds the same fields for
// omega's scriptindex (bench/xapian.index), each value on one line.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_common.h"
#include "formats/tei.h"

namespace fs = std::filesystem;
namespace bench = chancery::bench;

namespace {

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

std::string record_text(const chancery::Record& r) {
  std::string text;
  for (const auto& b : r.body) {
    if (b.kind == chancery::BlockKind::kPageBreak || b.text.empty()) continue;
    if (!text.empty()) text += '\n';
    text += b.text;
  }
  for (const auto& n : r.notes) {
    if (n.text.empty()) continue;
    if (!text.empty()) text += '\n';
    text += n.text;
  }
  return text;
}

std::vector<fs::path> input_files(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const auto& a : args) {
    if (fs::is_directory(a)) {
      for (const auto& e : fs::directory_iterator(a))
        if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
    } else {
      files.emplace_back(a);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::string jsonl_path, si_path;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--jsonl" && i + 1 < argc) jsonl_path = argv[++i];
    else if (a == "--scriptindex" && i + 1 < argc) si_path = argv[++i];
    else inputs.push_back(a);
  }
  if (jsonl_path.empty() || inputs.empty()) {
    std::cerr << "usage: extract_text --jsonl OUT.jsonl [--scriptindex OUT.si] PATH...\n";
    return 2;
  }
  std::ofstream jsonl(jsonl_path, std::ios::binary);
  std::ofstream si;
  if (!si_path.empty()) si.open(si_path, std::ios::binary);
  if (!jsonl || (!si_path.empty() && !si)) {
    std::cerr << "extract_text: cannot write output\n";
    return 1;
  }
  bench::Stopwatch sw;
  long docs = 0;
  std::uintmax_t tei_bytes = 0, text_bytes = 0;
  int failed = 0;
  for (const auto& file : input_files(inputs)) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    tei_bytes += bytes.size();
    auto unit = chancery::read_tei(bytes, file.string());
    if (!unit) {
      std::cerr << "extract_text: " << unit.error().describe() << "\n";
      ++failed;
      continue;
    }
    for (const auto& r : unit->records) {
      std::string date = r.date.from.precision == chancery::DatePrecision::kDay ? r.date.from.iso() : "";
      int year = r.date.from.known() ? r.date.from.year : 0;
      std::string text = record_text(r);
      nlohmann::json j{{"id", r.id}, {"title", r.title}, {"date", date}, {"year", year}, {"text", text}};
      std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      jsonl << line << '\n';
      text_bytes += line.size() + 1;
      if (si) {
        si << "id=" << one_line(r.id) << "\ntitle=" << one_line(r.title) << "\nbody=" << one_line(text) << '\n';
        if (!date.empty()) si << "date=" << date << '\n';
        if (year) si << "year=" << year << '\n';
        si << '\n';
      }
      ++docs;
    }
  }
  nlohmann::json summary{{"docs", docs}, {"tei_bytes", tei_bytes}, {"jsonl_bytes", text_bytes},
                         {"seconds", sw.seconds()}, {"failed_files", failed},
                         {"peak_rss_kb", bench::peak_rss_kb()}};
  std::cout << summary.dump() << "\n";
  return failed ? 1 : 0;
}
