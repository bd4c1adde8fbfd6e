#include "util/compression.h"

#include <zstd.h>

#include <memory>
#include <new>

namespace chancery {
namespace {

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// One context per thread, reused: creating one costs more than compressing
// or decompressing a short text.
ZSTD_CCtx* thread_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  return cctx.get();
}

ZSTD_DCtx* thread_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
  return dctx.get();
}

std::unexpected<Error> damaged(std::string_view why) {
  return fail(ErrorCode::kStorage, "compressed text is damaged: " + std::string(why));
}

}  // namespace

std::string compress_text(std::string_view data, int level) { return compress_text_after({}, data, level); }

std::string compress_text_after(std::string_view prefix, std::string_view data, int level) {
  ZSTD_CCtx* cctx = thread_cctx();
  if (cctx == nullptr) throw std::bad_alloc();
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
  // For this frame only (the reset above drops it for the next).
  if (!prefix.empty() && ZSTD_isError(ZSTD_CCtx_refPrefix(cctx, prefix.data(), prefix.size()))) throw std::bad_alloc();
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  // With a bound-sized buffer the only failure left is memory.
  if (ZSTD_isError(n)) throw std::bad_alloc();
  out.resize(n);
  return out;
}

Result<std::size_t> decompress_text_into(std::string_view frame, std::size_t max_bytes, std::string& out) {
  return decompress_text_after({}, frame, max_bytes, out);
}

Result<std::size_t> decompress_text_after(std::string_view prefix, std::string_view frame, std::size_t max_bytes,
                                          std::string& out) {
  if (!is_compressed_frame(frame)) return damaged("not a zstd frame");
  const std::size_t frame_size = ZSTD_findFrameCompressedSize(frame.data(), frame.size());
  if (ZSTD_isError(frame_size)) return damaged(ZSTD_getErrorName(frame_size));
  if (frame_size != frame.size()) return damaged("bytes after the frame");
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return damaged("no content size");
  if (size > max_bytes) return damaged("content larger than " + std::to_string(max_bytes) + " bytes");
  ZSTD_DCtx* dctx = thread_dctx();
  if (dctx == nullptr) throw std::bad_alloc();
  const std::size_t before = out.size();
  const auto content = static_cast<std::size_t>(size);
  std::size_t n = 0;
  // The prefix serves the next frame only, and is given right before it.
  if (!prefix.empty() && ZSTD_isError(ZSTD_DCtx_refPrefix(dctx, prefix.data(), prefix.size()))) {
    return damaged("its prefix could not be given");
  }
  // Straight into the string's new bytes: no zero-filling, no second copy.
  out.resize_and_overwrite(before + content, [&](char* bytes, std::size_t) {
    n = ZSTD_decompressDCtx(dctx, bytes + before, content, frame.data(), frame.size());
    return ZSTD_isError(n) || n != content ? before : before + content;
  });
  if (ZSTD_isError(n)) return damaged(ZSTD_getErrorName(n));
  if (n != content) return damaged("content shorter than recorded");
  return content;
}

Result<std::string> decompress_text(std::string_view frame, std::size_t max_bytes) {
  std::string out;
  if (auto appended = decompress_text_into(frame, max_bytes, out); !appended) return std::unexpected(appended.error());
  return out;
}

std::size_t compressed_frame_size(std::string_view data) {
  if (!is_compressed_frame(data)) return 0;
  const std::size_t size = ZSTD_findFrameCompressedSize(data.data(), data.size());
  return ZSTD_isError(size) ? 0 : size;
}

bool is_compressed_frame(std::string_view data) {
  return data.size() >= 4 && static_cast<unsigned char>(data[0]) == 0x28 &&
         static_cast<unsigned char>(data[1]) == 0xB5 && static_cast<unsigned char>(data[2]) == 0x2F &&
         static_cast<unsigned char>(data[3]) == 0xFD;
}

}  // namespace chancery
