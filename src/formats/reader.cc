// Format detection and file reading for import.
#include "formats/reader.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>
#include <vector>

#include "formats/record_text.h"
#include "formats/tei.h"
#include "model/record_json.h"

namespace chancery {

namespace {

// XML volumes and JSON exports may be large (a FRUS volume is a few MB, an
// export of a whole archive much more); record-text files have their own limit.
constexpr std::uintmax_t kMaxStructuredFileBytes = 1ull << 30;  // 1 GiB

enum class Format { kTei, kJson, kRecordText };

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Judges the format by the first significant character.
Format detect(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i != std::string_view::npos) {
    if (head[i] == '<') return Format::kTei;
    if (head[i] == '{') return Format::kJson;
  }
  return Format::kRecordText;
}

// Line and column of byte offset `pos` (1-based).
std::pair<int, int> position_of(std::string_view text, std::size_t pos) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, static_cast<int>(pos - line_start) + 1};
}

// The offset of the first escape in well-formed JSON `bytes` that stands for
// a control character other than tab, LF and CR (\u001b, \u007f, \b, \f), or
// npos. The other formats refuse such characters, and a stored one would make
// the record-text export unreadable. (Raw control characters are already
// malformed JSON; a backslash occurs only in strings.)
std::size_t first_control_escape(std::string_view bytes) {
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != '\\') continue;
    char kind = bytes[i + 1];
    if (kind == 'b' || kind == 'f') return i;
    if (kind == 'u' && i + 5 < bytes.size()) {
      unsigned code = 0;
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        char c = bytes[k];
        unsigned digit = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : 0;
        code = code * 16 + digit;
      }
      if ((code < 0x20 && code != '\t' && code != '\n' && code != '\r') || code == 0x7F) return i;
    }
    ++i;  // skip the escaped character: in "\\u0001" the escape is "\\", then text
  }
  return std::string_view::npos;
}

// A record id names the record's file in an export (DIR/ID.txt, each '/' a
// folder). An id that cannot ("", "a//b", ".", "..", "/abs", NUL) would make
// every later export of the archive fail, so it is refused at import.
bool usable_as_file_name(std::string_view id) {
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = id.find('/', start);
    std::string_view segment = id.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.find('\0') != std::string_view::npos) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// The longest line of `text`, in bytes.
std::size_t longest_line(std::string_view text) {
  std::size_t longest = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    longest = std::max(longest, end - start);
    start = end + 1;
  }
  return longest;
}

// Every record must survive the record-text export and its import: its id
// must name a file, and its lines as written must fit the reader's line limit
// (a TEI <head> of 10 MB would otherwise be stored, exported, and refused).
Result<ImportUnit> check_exportable(Result<ImportUnit> unit, const std::string& name) {
  if (!unit) return unit;
  const std::size_t max_line = RecordTextLimits{}.max_line_bytes;
  for (const Record& record : unit->records) {
    if (!usable_as_file_name(record.id)) {
      return fail_at(name, 0, "record id '" + record.id +
                                  "' cannot name a file (an empty, '.' or '..' segment between slashes)");
    }
    if (std::size_t longest = longest_line(write_record_text(record)); longest > max_line) {
      return fail_at(name, 0, "record " + record.id.substr(0, 200) + " has a title or paragraph of " +
                                  std::to_string(longest) + " bytes on one line; the limit is " +
                                  std::to_string(max_line));
    }
  }
  return unit;
}

Result<ImportUnit> read_json_export(const std::string& bytes, const std::string& name) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, column] = position_of(bytes, e.byte > 0 ? e.byte - 1 : 0);
    return fail_at(name, line, std::string("malformed JSON: ") + e.what(), column);
  }
  if (std::size_t at = first_control_escape(bytes); at != std::string_view::npos) {
    auto [line, column] = position_of(bytes, at);
    std::string escape = bytes.substr(at, bytes[at + 1] == 'u' ? 6 : 2);
    return fail_at(name, line, "a string holds a control character (" + escape + ")", column);
  }
  auto unit = unit_from_json(j);
  if (!unit) {
    Error error = unit.error();
    error.file = name;
    return std::unexpected(error);
  }
  unit->path = name;
  return unit;
}

}  // namespace

Result<ImportUnit> read_input_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return std::unexpected(Error{ErrorCode::kIo, ec ? ec.message() : "not a regular file", name, 0, 0});
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return std::unexpected(Error{ErrorCode::kIo, ec.message(), name, 0, 0});

  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{ErrorCode::kIo, "cannot open file", name, 0, 0});
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  Format format = detect(head);

  std::string ext = lower_extension(path);
  if (ext == ".xml" && format != Format::kTei)
    return fail_at(name, 1, "expected XML (a .xml file must start with '<')");
  if (ext == ".json" && format != Format::kJson)
    return fail_at(name, 1, "expected a JSON object (a .json file must start with '{')");

  // Check the size before reading it all: an oversized file is rejected
  // without loading it into memory.
  RecordTextLimits limits;
  std::uintmax_t limit = format == Format::kRecordText ? limits.max_file_bytes : kMaxStructuredFileBytes;
  if (size > limit)
    return fail_at(name, 0, "file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limit));

  std::string bytes = std::move(head);
  if (in) {
    // In large reads (a stream iterator costs several instructions a byte).
    bytes.reserve(static_cast<std::size_t>(size) + 1);
    std::vector<char> chunk(std::size_t{1} << 16);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
      bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
      if (bytes.size() > limit)
        return fail_at(name, 0, "file grew past the limit of " + std::to_string(limit) + " bytes while reading");
    }
  }
  if (in.bad()) return std::unexpected(Error{ErrorCode::kIo, "read failed", name, 0, 0});

  switch (format) {
    case Format::kTei: {
      auto unit = read_tei(bytes, name);
      if (unit) unit->path = name;
      return check_exportable(std::move(unit), name);
    }
    case Format::kJson:
      return check_exportable(read_json_export(bytes, name), name);
    case Format::kRecordText:
      break;
  }
  return check_exportable(read_record_text(bytes, name, limits), name);
}

bool is_importable_path(const std::filesystem::path& path) {
  for (const auto& part : path.relative_path()) {
    std::string s = part.string();
    if (s.size() > 1 && s[0] == '.' && s != "..") return false;
  }
  // A collection folder's own documentation is not a record.
  std::string stem = path.stem().string();
  for (char& c : stem) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (stem == "README" || stem == "LICENSE" || stem == "CHANGELOG") return false;
  std::string ext = lower_extension(path);
  return ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json";
}

}  // namespace chancery
