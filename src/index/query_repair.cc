#include "index/query_repair.h"

#include <cstddef>
#include <vector>

#include "index/query_parser.h"
#include "model/date.h"

namespace chancery {

namespace {

enum class Kind { kOpen, kClose, kPhrase, kWord, kAnd, kOr, kNot, kSign };

struct Piece {
  Kind kind;
  std::string text;   // as written out: "title:(", "\"free world\"", "-", "nagy"
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_run(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

// "title:" -> true: a field of the query language and its colon.
bool is_field_name(std::string_view run) {
  return run.size() >= 2 && run.back() == ':' && is_query_field(run.substr(0, run.size() - 1));
}

// Whether `run` starts with `prefix` (lower-case ASCII) in any case.
bool fold_ascii_prefix(std::string_view run, std::string_view prefix) {
  if (run.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = run[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Digits and hyphens ("1956", "1956-11-03"): what a date of the query
// language is written with.
bool is_date_text(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789-") == std::string_view::npos;
}

// `q` without the wildcards the parser refuses ("*agy", "na*gy", "title:*"):
// outside phrases a '*' stays only at the end of a word.
std::string without_misplaced_stars(std::string_view q, bool& changed) {
  std::string out;
  out.reserve(q.size());
  bool quoted = false;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const char c = q[i];
    if (c == '"') quoted = !quoted;
    if (c != '*' || quoted) {
      out += c;
      continue;
    }
    const char before = out.empty() ? ' ' : out.back();
    const bool ends_word = i + 1 == q.size() || ends_run(q[i + 1]);
    if (ends_word && !ends_run(before) && before != '*' && before != ':' && before != '-' && before != '+') {
      out += c;
    } else {
      changed = true;
    }
  }
  return out;
}

// The pieces of `q`, mended as they are read; `changed` is set when a piece
// was mended or dropped.
std::vector<Piece> lex(std::string_view q, bool& changed) {
  std::vector<Piece> pieces;
  std::size_t pos = 0;
  auto phrase = [&](std::string prefix) {
    const std::size_t close = q.find('"', pos + 1);
    std::string_view inside = q.substr(pos + 1, close == std::string_view::npos ? std::string_view::npos
                                                                               : close - pos - 1);
    while (!inside.empty() && is_space(inside.back())) inside.remove_suffix(1);
    while (!inside.empty() && is_space(inside.front())) inside.remove_prefix(1);
    // An unterminated phrase runs to the end of the query; an empty one goes.
    if (close == std::string_view::npos || inside.empty()) changed = true;
    if (!inside.empty()) pieces.push_back({Kind::kPhrase, prefix + "\"" + std::string(inside) + "\""});
    pos = close == std::string_view::npos ? q.size() : close + 1;
  };
  while (pos < q.size()) {
    const char c = q[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '(') {
      pieces.push_back({Kind::kOpen, "("});
      ++pos;
    } else if (c == ')') {
      pieces.push_back({Kind::kClose, ")"});
      ++pos;
    } else if (c == '"') {
      phrase("");
    } else if ((c == '-' || c == '+') && pos + 1 < q.size() && !is_space(q[pos + 1]) && q[pos + 1] != ')') {
      pieces.push_back({Kind::kSign, std::string(1, c)});
      ++pos;
    } else {
      std::size_t end = pos;
      while (end < q.size() && !ends_run(q[end])) ++end;
      const std::string run(q.substr(pos, end - pos));
      if (run == "AND") {
        pieces.push_back({Kind::kAnd, "AND"});
      } else if (run == "OR") {
        pieces.push_back({Kind::kOr, "OR"});
      } else if (run == "NOT") {
        pieces.push_back({Kind::kNot, "NOT"});
      } else if (is_field_name(run)) {
        if (end < q.size() && q[end] == '"') {
          pos = end;
          phrase(run);
          continue;
        }
        if (end < q.size() && q[end] == '(') {
          pieces.push_back({Kind::kOpen, run + "("});
          end += 1;
        } else {
          changed = true;   // a field with no value: dropped
        }
      } else if (const std::size_t dots = run.find(".."); dots != std::string::npos && run.size() > 5 &&
                 fold_ascii_prefix(run, "date:") && dots > 5 && dots + 2 < run.size() &&
                 is_date_text(run.substr(5, dots - 5)) && is_date_text(run.substr(dots + 2)) &&
                 run.substr(5, dots - 5) > run.substr(dots + 2)) {
        // A date range written backwards: "date:1957..1956" is 1956 to 1957.
        pieces.push_back({Kind::kWord, "date:" + run.substr(dots + 2) + ".." + run.substr(5, dots - 5)});
        changed = true;
      } else {
        pieces.push_back({Kind::kWord, run});
      }
      pos = end;
    }
  }
  return pieces;
}

bool joins(Kind k) { return k == Kind::kAnd || k == Kind::kOr; }

// A date written in words after "date:" and not quoted ("date:October 1962",
// "date:16 October 1962", "date:October 16, 1962"): the field's value is its
// first word only, which the parser refuses; quoted with the one or two words
// after it when they make a date the parser reads ("date:\"October 1962\"").
void quote_written_dates(std::vector<Piece>& pieces, bool& changed) {
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].kind != Kind::kWord || pieces[i].text.size() <= 5 || !fold_ascii_prefix(pieces[i].text, "date:")) {
      continue;
    }
    const std::string first = pieces[i].text.substr(5);
    if (parse_query_date_range(first)) continue;
    std::string value = first;
    for (std::size_t words = 1; words <= 2 && i + words < pieces.size(); ++words) {
      if (pieces[i + words].kind != Kind::kWord) break;
      value += ' ';
      value += pieces[i + words].text;
      if (parse_query_date_range(value)) {
        pieces[i].text = "date:\"" + value + "\"";
        pieces[i].kind = Kind::kPhrase;
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(i + 1),
                     pieces.begin() + static_cast<std::ptrdiff_t>(i + 1 + words));
        changed = true;
        break;
      }
    }
  }
}

// Drops what has nothing to apply to, until nothing changes: an empty group,
// AND or OR without a term on both sides, NOT or a sign without one after.
void drop_dangling(std::vector<Piece>& pieces, bool& dropped) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const Kind kind = pieces[i].kind;
      const Kind* before = i > 0 ? &pieces[i - 1].kind : nullptr;
      const Kind* after = i + 1 < pieces.size() ? &pieces[i + 1].kind : nullptr;
      const bool nothing_after = after == nullptr || *after == Kind::kClose || joins(*after);
      bool drop = false;
      std::size_t count = 1;
      if (kind == Kind::kOpen && after != nullptr && *after == Kind::kClose) {
        drop = true;
        count = 2;
      } else if (joins(kind)) {
        // Of two in a row the second goes: "nagy OR AND budapest" is an OR.
        drop = after == nullptr || *after == Kind::kClose || before == nullptr || *before == Kind::kOpen ||
               joins(*before) || *before == Kind::kNot || *before == Kind::kSign;
      } else if (kind == Kind::kNot || kind == Kind::kSign) {
        drop = nothing_after || (kind == Kind::kSign && (*after == Kind::kNot || *after == Kind::kSign));
      }
      if (drop) {
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(i),
                     pieces.begin() + static_cast<std::ptrdiff_t>(i + count));
        changed = true;
        dropped = true;
        break;
      }
    }
  }
}

}  // namespace

std::string repair_query(std::string_view query) {
  // Each dropped piece rescans the rest (drop_dangling): quadratic, so only
  // queries the parser would read at all (QueryLimits::max_bytes) are mended.
  if (query.size() > QueryLimits{}.max_bytes) return {};
  bool changed = false;
  const std::string starred = without_misplaced_stars(query, changed);
  std::vector<Piece> lexed = lex(starred, changed);
  // Parentheses: one closing none is dropped, one left open is closed.
  std::vector<Piece> pieces;
  pieces.reserve(lexed.size());
  std::size_t open = 0;
  for (Piece& piece : lexed) {
    if (piece.kind == Kind::kOpen) ++open;
    if (piece.kind == Kind::kClose) {
      if (open == 0) {
        changed = true;
        continue;
      }
      --open;
    }
    pieces.push_back(std::move(piece));
  }
  for (; open > 0; --open) {
    pieces.push_back({Kind::kClose, ")"});
    changed = true;
  }
  quote_written_dates(pieces, changed);
  drop_dangling(pieces, changed);
  if (!changed) return {};
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool glued = i == 0 || pieces[i - 1].kind == Kind::kOpen || pieces[i - 1].kind == Kind::kSign ||
                       pieces[i].kind == Kind::kClose;
    if (!glued) out += ' ';
    out += pieces[i].text;
  }
  return out;
}

}  // namespace chancery
