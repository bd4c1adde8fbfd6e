// Compressed text must come back byte for byte, and damage must be reported,
// never returned as text.
#include "util/compression.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace chancery {
namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

TEST(CompressionTest, TextComesBackByteForByte) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "Mălnăşan told Хрущёв \"about\" the \\ treaty\n\t" + std::to_string(i);
  const std::string frame = compress_text(text);
  EXPECT_TRUE(is_compressed_frame(frame));
  EXPECT_LT(frame.size(), text.size() / 4);
  auto back = decompress_text(frame, text.size());
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(*back, text);
}

TEST(CompressionTest, EmptyAndBinaryInputRoundTrip) {
  for (const std::string& data : {std::string(), std::string("\0\0\x01\xff", 4), random_bytes(300000, 7)}) {
    auto back = decompress_text(compress_text(data), data.size());
    ASSERT_TRUE(back.has_value()) << back.error().describe();
    EXPECT_EQ(*back, data);
  }
}

TEST(CompressionTest, PlainTextIsNotTakenForAFrame) {
  EXPECT_FALSE(is_compressed_frame(""));
  EXPECT_FALSE(is_compressed_frame("{\"id\":\"a\"}"));
  EXPECT_FALSE(is_compressed_frame("(\xC2\xB5/"));   // "(µ/": valid UTF-8 starting like the magic
  auto back = decompress_text("{\"id\":\"a\"}", 100);
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().code, ErrorCode::kStorage);
}

TEST(CompressionTest, DamagedFramesAreErrors) {
  std::string text(20000, 'a');
  for (std::size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 26);
  const std::string frame = compress_text(text);

  std::string flipped = frame;
  flipped.back() = static_cast<char>(flipped.back() ^ 0x01);   // the checksum
  EXPECT_FALSE(decompress_text(flipped, text.size()).has_value());

  std::string inner = frame;
  inner[inner.size() / 2] = static_cast<char>(inner[inner.size() / 2] ^ 0x10);
  EXPECT_FALSE(decompress_text(inner, text.size()).has_value());

  EXPECT_FALSE(decompress_text(frame.substr(0, frame.size() - 1), text.size()).has_value());
  EXPECT_FALSE(decompress_text(frame + "x", text.size()).has_value());
  EXPECT_FALSE(decompress_text(frame + frame, 2 * text.size()).has_value());
}

TEST(CompressionTest, ConcatenatedFramesAreFoundOneByOne) {
  const std::string a = compress_text("first part ");
  const std::string b = compress_text(std::string(3000, 'b'));
  const std::string both = a + b;
  ASSERT_EQ(compressed_frame_size(both), a.size());
  EXPECT_EQ(compressed_frame_size(std::string_view(both).substr(a.size())), b.size());
  EXPECT_EQ(compressed_frame_size(both.substr(0, a.size() - 1)), 0u);   // cut short
  EXPECT_EQ(compressed_frame_size("plain text"), 0u);
}

TEST(CompressionTest, FramesAppendToTextAndADamagedOneLeavesItAsItWas) {
  const std::string a = "first part, plain; ";
  const std::string b(3000, 'b');
  const std::string c = "and the last frame";
  std::string out = a;
  auto appended = decompress_text_into(compress_text(b), b.size(), out);
  ASSERT_TRUE(appended.has_value());
  EXPECT_EQ(*appended, b.size());
  appended = decompress_text_into(compress_text(c), c.size(), out);
  ASSERT_TRUE(appended.has_value());
  EXPECT_EQ(out, a + b + c);

  std::string damaged = compress_text(std::string(20000, 'd') + "e");
  damaged.back() = static_cast<char>(damaged.back() ^ 0x01);   // the checksum: found only after decoding
  EXPECT_FALSE(decompress_text_into(damaged, 20001, out).has_value());
  EXPECT_FALSE(decompress_text_into(compress_text(b), b.size() - 1, out).has_value());
  EXPECT_FALSE(decompress_text_into("plain", 100, out).has_value());
  EXPECT_EQ(out, a + b + c);
}

// A frame compressed after a prefix reads back only with that prefix given
// again, and keeps the matches with it: the second part of a text that repeats
// the first costs a fraction of the same part compressed alone.
TEST(CompressionTest, AFrameCompressedAfterAPrefixNeedsThatPrefix) {
  // Words drawn at random: the tail repeats the head, and nothing else does.
  const char* const words[] = {"Khrushchev", "told", "Mălnăşan", "about", "the", "treaty", "Хрущёв", "of", "1956",
                               "Budapest", "cable", "embassy", "\\\"note\\\"", "minister", "sent", "to"};
  std::mt19937 rng(7);
  std::string head = "{\"body\":\"";
  while (head.size() < 20000) {
    head += words[rng() % 16];
    head += ' ';
  }
  const std::string tail = "<p>" + head.substr(10, 9000) + "</p>";
  const std::string after = compress_text_after(head, tail);
  EXPECT_TRUE(is_compressed_frame(after));
  EXPECT_LT(after.size() * 4, compress_text(tail).size());

  std::string out = "kept: ";
  auto appended = decompress_text_after(head, after, tail.size(), out);
  ASSERT_TRUE(appended.has_value()) << appended.error().describe();
  EXPECT_EQ(*appended, tail.size());
  EXPECT_EQ(out, "kept: " + tail);

  // Without the prefix, or with another, the frame is damaged (its checksum
  // or its matches say so) and `out` stays as it was.
  std::string other = head;
  other[100] = 'X';
  EXPECT_FALSE(decompress_text_into(after, tail.size(), out).has_value());
  EXPECT_FALSE(decompress_text_after(other, after, tail.size(), out).has_value());
  EXPECT_EQ(out, "kept: " + tail);
  // A frame without a prefix reads the same with one given, and the next
  // frame read without one is not read against it.
  std::string plain;
  ASSERT_TRUE(decompress_text_after(head, compress_text(tail), tail.size(), plain).has_value());
  EXPECT_EQ(plain, tail);
  EXPECT_FALSE(decompress_text_into(after, tail.size(), plain).has_value());
}

TEST(CompressionTest, ContentLargerThanTheLimitIsRefused) {
  const std::string text(5000, 'z');
  const std::string frame = compress_text(text);
  EXPECT_FALSE(decompress_text(frame, text.size() - 1).has_value());
  EXPECT_TRUE(decompress_text(frame, text.size()).has_value());
}

}  // namespace
}  // namespace chancery
