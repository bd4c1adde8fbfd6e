// Error values for expected failures (bad input, missing records, conflicts).
// Library exceptions (Xapian::Error, SQLite errors) are caught where we call the
// library and turned into an Error; they never cross a subsystem boundary.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace chancery {

enum class ErrorCode {
  kInvalidInput,   // malformed file or query: the caller's input is wrong
  kNotFound,       // no such record, collection, person...
  kConflict,       // the operation contradicts the archive's state
  kIo,             // filesystem or network failure
  kStorage,        // the store or the index failed
  kInternal,       // a bug: an invariant did not hold
};

// An expected failure. `file` and `line` locate bad input where known
// (line and column are 1-based; 0 means unknown).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column: message", omitting the parts that are unknown.
  std::string describe() const;
};

template <typename T>
using Result = std::expected<T, Error>;

// Convenience constructors: `return fail(ErrorCode::kNotFound, "no record " + id);`
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message), {}, 0, 0});
}
inline std::unexpected<Error> fail_at(std::string file, int line, std::string message, int column = 0) {
  return std::unexpected(Error{ErrorCode::kInvalidInput, std::move(message), std::move(file), line, column});
}

}  // namespace chancery
