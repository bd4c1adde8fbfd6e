// Lossless compression of stored text (the store's revision JSON, the index's
// snippet text): zstd frames that record their content size and a checksum of
// it, so a damaged frame is found when it is read, never returned as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/error.h"

namespace chancery {

// A fast level: text compresses about as well at 3 as at 9, at several times
// the speed, and level 1 costs 4% more bytes than 3 for about a sixth fewer
// compression instructions (FRUS records and snippet text, measured
// 2026-11-30 with callgrind).
inline constexpr int kDefaultCompressionLevel = 1;

// `data` as one zstd frame (content size and checksum recorded). Never fails
// for input that fits in memory.
std::string compress_text(std::string_view data, int level = kDefaultCompressionLevel);

// The bytes compressed into `frame` by compress_text. Fails with kStorage
// when `frame` is not exactly one complete zstd frame, when its checksum does
// not match, or when its content is larger than `max_bytes`.
Result<std::string> decompress_text(std::string_view frame, std::size_t max_bytes);
// The same, appended to `out`; returns the bytes appended. On failure `out`
// is as it was.
Result<std::size_t> decompress_text_into(std::string_view frame, std::size_t max_bytes, std::string& out);

// `data` as one frame compressed after `prefix`: the text that came before it,
// which a reader gives again (decompress_text_after) without reading this
// frame's own copy of it. Two parts of one text compressed apart lose the
// matches between them; after the first part, they keep them.
std::string compress_text_after(std::string_view prefix, std::string_view data,
                                int level = kDefaultCompressionLevel);
// decompress_text_into for a frame of compress_text_after, given the same
// `prefix` (a wrong one fails the frame's checksum). `prefix` must not point
// into `out`.
Result<std::size_t> decompress_text_after(std::string_view prefix, std::string_view frame, std::size_t max_bytes,
                                          std::string& out);

// The length of the zstd frame at the start of `data` (frames concatenated
// are read one by one); 0 when `data` does not start with a complete frame.
std::size_t compressed_frame_size(std::string_view data);

// True when `data` begins with the zstd frame magic number (28 B5 2F FD).
// Valid UTF-8 text never does (0xB5 cannot follow '('), so a slot or column
// that holds either text or a frame can tell them apart.
bool is_compressed_frame(std::string_view data);

}  // namespace chancery
