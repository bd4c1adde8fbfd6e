#include "web/body_markup.h"

#include <algorithm>

namespace chancery::web {
namespace {

bool is_plain_token(const std::string& text) {
  return !text.empty() && text.size() <= 16 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// The markers a reference to `number` may be written as.
std::vector<std::string> markers_for(const std::string& number, const Note* note) {
  std::vector<std::string> markers;
  if (note != nullptr && !note->marker.empty()) markers.push_back(note->marker);
  for (std::string m : {"(" + number + ")", "[" + number + "]"}) {
    if (std::find(markers.begin(), markers.end(), m) == markers.end()) markers.push_back(m);
  }
  return markers;
}

BodySegment segment(std::string text, std::string note_anchor, std::string ref_anchor, std::size_t offset) {
  BodySegment s;
  s.text = std::move(text);
  s.note_anchor = std::move(note_anchor);
  s.ref_anchor = std::move(ref_anchor);
  s.offset = offset;
  return s;
}

}  // namespace

std::string note_anchor(const Note& note, std::size_t position) {
  if (is_plain_token(note.number)) return "fn" + note.number;
  return "fn-" + std::to_string(position);
}

std::vector<BodySegment> link_note_markers(const Block& block, const std::vector<Note>& notes,
                                           std::map<std::string, int>& ref_counts) {
  std::vector<BodySegment> segments;
  const std::string& text = block.text;
  std::size_t cursor = 0;
  std::vector<BodySegment> unplaced;
  for (const std::string& number : block.note_refs) {
    const Note* note = nullptr;
    std::size_t position = 0;
    for (std::size_t i = 0; i < notes.size(); ++i) {
      if (notes[i].number == number) {
        note = &notes[i];
        position = i + 1;
        break;
      }
    }
    if (note == nullptr) continue;  // a reference to a note the record lacks: leave the text as is
    std::string anchor = note_anchor(*note, position);
    int count = ++ref_counts[anchor];
    std::string ref_anchor = "fnref" + anchor.substr(2) + (count > 1 ? "-" + std::to_string(count) : "");

    // The note's own marker (as its reader wrote it where the note stood)
    // wins; the other spellings are looked for only when it is not there, so
    // "(2) As far as ... statement[2]" links "[2]", not the paragraph number.
    std::size_t found = std::string::npos;
    std::string marker;
    for (const std::string& candidate : markers_for(number, note)) {
      std::size_t at = text.find(candidate, cursor);
      if (at == 0 && cursor == 0) {
        std::size_t later = text.find(candidate, candidate.size());
        if (later != std::string::npos) at = later;
      }
      if (at != std::string::npos && at < found) {
        found = at;
        marker = candidate;
      }
      if (found != std::string::npos && !note->marker.empty() && candidate == note->marker) break;
    }
    if (found == std::string::npos) {
      unplaced.push_back(
          segment(note->marker.empty() ? "[" + number + "]" : note->marker, anchor, ref_anchor, std::string::npos));
      continue;
    }
    if (found > cursor) segments.push_back(segment(text.substr(cursor, found - cursor), "", "", cursor));
    segments.push_back(segment(marker, anchor, ref_anchor, found));
    cursor = found + marker.size();
  }
  if (cursor < text.size()) segments.push_back(segment(text.substr(cursor), "", "", cursor));
  for (auto& segment : unplaced) segments.push_back(std::move(segment));
  return segments;
}

void infer_note_refs(Record& record) {
  if (record.notes.empty()) return;
  for (const Block& block : record.body) {
    if (!block.note_refs.empty()) return;
  }
  for (Block& block : record.body) {
    std::vector<std::pair<std::size_t, std::string>> found;
    for (const Note& note : record.notes) {
      for (const std::string& marker : markers_for(note.number, &note)) {
        std::size_t at = block.text.find(marker, 1);
        if (at != std::string::npos) {
          found.emplace_back(at, note.number);
          break;
        }
      }
    }
    std::sort(found.begin(), found.end());
    for (auto& [at, number] : found) block.note_refs.push_back(number);
  }
}

std::vector<BodySegment> mark_mentions(std::vector<BodySegment> segments, const std::vector<TextMention>& mentions) {
  if (mentions.empty()) return segments;
  std::vector<BodySegment> out;
  out.reserve(segments.size() + 2 * mentions.size());
  auto next = mentions.begin();
  for (BodySegment& piece : segments) {
    if (!piece.note_anchor.empty() || piece.offset == std::string::npos) {
      out.push_back(std::move(piece));
      continue;
    }
    const std::size_t start = piece.offset;
    const std::size_t stop = start + piece.text.size();
    while (next != mentions.end() && next->begin < start) ++next;
    if (next == mentions.end() || next->end > stop) {   // no mention in it: kept as it is
      if (start < stop) out.push_back(std::move(piece));
      continue;
    }
    std::size_t cursor = start;
    for (; next != mentions.end() && next->end <= stop; ++next) {
      if (next->begin < cursor || next->begin >= next->end || next->ids.empty()) continue;
      if (next->begin > cursor) {
        out.push_back(segment(piece.text.substr(cursor - start, next->begin - cursor), "", "", cursor));
      }
      BodySegment mention = segment(piece.text.substr(next->begin - start, next->end - next->begin), "", "", next->begin);
      mention.mention_ids = next->ids;
      mention.mention_certain = next->certain && next->ids.size() == 1;
      out.push_back(std::move(mention));
      cursor = next->end;
    }
    if (cursor < stop) out.push_back(segment(piece.text.substr(cursor - start), "", "", cursor));
  }
  return out;
}

std::vector<BodySegment> mark_query_matches(std::vector<BodySegment> segments,
                                            const std::vector<std::pair<std::size_t, std::size_t>>& matches) {
  if (matches.empty()) return segments;
  std::vector<BodySegment> out;
  out.reserve(segments.size() + 2 * matches.size());
  auto next = matches.begin();
  for (BodySegment& piece : segments) {
    if (!piece.note_anchor.empty() || piece.offset == std::string::npos) {
      out.push_back(std::move(piece));
      continue;
    }
    const std::size_t start = piece.offset;
    const std::size_t stop = start + piece.text.size();
    while (next != matches.end() && next->second <= start) ++next;
    if (!piece.mention_ids.empty()) {
      // One link: marked whole when a match lies in it.
      piece.query_match = next != matches.end() && next->first < stop;
      out.push_back(std::move(piece));
      continue;
    }
    std::size_t cursor = start;
    for (; next != matches.end() && next->first < stop; ++next) {
      const std::size_t begin = std::max(next->first, cursor);
      const std::size_t end = std::min(next->second, stop);
      if (begin >= end) continue;
      if (begin > cursor) out.push_back(segment(piece.text.substr(cursor - start, begin - cursor), "", "", cursor));
      BodySegment marked = segment(piece.text.substr(begin - start, end - begin), "", "", begin);
      marked.query_match = true;
      out.push_back(std::move(marked));
      cursor = end;
      if (next->second > stop) break;   // goes on into the next segment
    }
    if (cursor < stop) out.push_back(segment(piece.text.substr(cursor - start), "", "", cursor));
  }
  return out;
}

}  // namespace chancery::web
