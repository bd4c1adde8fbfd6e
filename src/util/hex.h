// Hex digits, as URLs (percent-encoding) and PostgreSQL (bytea) write them.
#pragma once

namespace chancery {

// The value of one hex digit, either case; -1 for any other character.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace chancery
