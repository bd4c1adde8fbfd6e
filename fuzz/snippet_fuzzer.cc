// libFuzzer target: snippets. The input's first line is the query's words
// (folded keys, space-separated; a trailing * makes a wildcard), its second
// byte the snippet's length in words, the rest the text. A word written
// "word~" belongs to a phrase (QueryWord::together). Checks that a snippet
// from the stored form of the text (encode_snippet_text) equals the one from
// the text itself, and reads the input as a stored slot too (damaged frames
// included); and that the words a document page would mark (matched_words)
// lie in the text, in order, each a match the snippet's highlighter makes.
// The text read as a notes slot, and split into notes (at each line) that are
// stored and read back: the same notes, and a note snippet that marks a
// match, from a note that has one. The scan with SSE2 alone makes the same
// snippet as the one with AVX-512.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "index/query_parser.h"
#include "index/snippets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = input.find('\n');
  if (line_end == std::string_view::npos || line_end + 2 > input.size()) return 0;
  std::vector<chancery::QueryWord> words;
  std::string_view query = input.substr(0, line_end);
  while (!query.empty() && words.size() < 8) {
    const std::size_t space = query.find(' ');
    std::string_view key = query.substr(0, space);
    if (!key.empty()) {
      chancery::QueryWord word;
      word.together = key.size() > 1 && key.back() == '~';
      if (word.together) key.remove_suffix(1);
      word.wildcard = key.size() > 1 && key.back() == '*';
      if (word.wildcard) key.remove_suffix(1);
      word.key = std::string(key);
      words.push_back(std::move(word));
    }
    if (space == std::string_view::npos) break;
    query.remove_prefix(space + 1);
  }
  const std::size_t max_words = static_cast<unsigned char>(input[line_end + 1]) % 64;
  const std::string_view text = input.substr(line_end + 2);
  const chancery::Highlighter highlighter(words, {Xapian::Stem("english"), Xapian::Stem("russian")});

  const std::string plain = chancery::make_snippet(text, highlighter, max_words);
  // The narrower scans find what the widest does (AVX-512 or AVX2, where the CPU has them).
  for (const chancery::SnippetScan narrower : {chancery::SnippetScan::avx2, chancery::SnippetScan::sse2}) {
    chancery::limit_snippet_scan(narrower);
    const std::string narrow = chancery::make_snippet(text, highlighter, max_words);
    chancery::limit_snippet_scan(chancery::SnippetScan::avx512);
    if (narrow != plain) std::abort();
  }
  chancery::SnippetText stored = chancery::SnippetText::from_slot(chancery::encode_snippet_text(text));
  if (chancery::make_snippet(stored, highlighter, max_words) != plain) std::abort();
  chancery::SnippetText raw = chancery::SnippetText::from_slot(std::string(text));
  (void)chancery::make_snippet(raw, highlighter, max_words);

  std::vector<chancery::QueryWord> alone;
  for (const chancery::QueryWord& word : words) {
    if (!word.together) alone.push_back(word);
  }
  const chancery::Highlighter loose(alone, {Xapian::Stem("english"), Xapian::Stem("russian")});
  for (const chancery::Highlighter* with : {static_cast<const chancery::Highlighter*>(nullptr), &loose}) {
    std::size_t after = 0;
    for (const chancery::Word& word : chancery::matched_words(text, highlighter, with)) {
      if (word.begin < after || word.end <= word.begin || word.end > text.size()) std::abort();
      if (!highlighter.matches(chancery::folded_word(text, word))) std::abort();
      after = word.end;
    }
  }

  // Notes: the input as a stored value, damaged or not.
  (void)chancery::note_snippet(text, highlighter, max_words);
  std::vector<chancery::SnippetNote> notes;
  for (std::string_view rest = text; !rest.empty() && notes.size() < 16;) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    chancery::SnippetNote note;
    note.number = std::to_string(notes.size() + 1);
    note.source = notes.empty();
    note.text.assign(line);
    notes.push_back(std::move(note));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  constexpr std::size_t kNotesBytes = 64 * 1024;
  const std::string slot = chancery::encode_snippet_notes(notes, kNotesBytes);
  const std::vector<chancery::SnippetNote> back = chancery::decode_snippet_notes(slot);
  std::size_t joined = 0;   // what the slot holds before its bound cuts it
  for (const chancery::SnippetNote& note : notes) joined += note.number.size() + note.text.size() + 3;
  if (joined > kNotesBytes) return 0;
  if (back.size() != notes.size()) std::abort();
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (back[i].number != notes[i].number || back[i].source != notes[i].source) std::abort();
    // Kept as given but for the separators, blanked.
    std::string expected = notes[i].text;
    for (char& c : expected) {
      if (c == '\x1e' || c == '\x1f') c = ' ';
    }
    if (back[i].text != expected) std::abort();
  }
  if (const auto found = chancery::note_snippet(slot, highlighter, max_words)) {
    if (found->position == 0 || found->position > notes.size()) std::abort();
    if (!chancery::snippet_has_match(found->snippet)) std::abort();
    if (found->note.number != notes[found->position - 1].number) std::abort();
  }
  return 0;
}
