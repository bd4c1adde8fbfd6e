// read_tei: parses the XML (pugixml) and checks the root; tei_volume.cc walks
// the volume, tei_document.cc reads each document.
#include "formats/tei.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>
#include <string_view>
#include <utility>

#include <pugixml.hpp>

#include "formats/tei_text.h"
#include "formats/tei_volume.h"

namespace chancery {
namespace {

// 1-based line and column (in characters) of byte `offset` in `bytes`.
std::pair<int, int> line_and_column(std::string_view bytes, std::ptrdiff_t offset) {
  if (offset < 0) return {0, 0};
  std::size_t end = std::min(static_cast<std::size_t>(offset), bytes.size());
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count UTF-8 lead bytes only
      ++column;
    }
  }
  return {line, column};
}

// The namespace prefix of `element` ("" or "tei:") and the namespace URI it is
// bound to on that element (FRUS files declare it on the root).
struct RootName {
  std::string prefix;
  std::string local;
  std::string ns;
};

RootName root_name(const pugi::xml_node& root) {
  RootName out;
  std::string_view name = root.name();
  std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) {
    out.prefix = std::string(name.substr(0, colon + 1));
    out.local = std::string(name.substr(colon + 1));
  } else {
    out.local = std::string(name);
  }
  std::string ns_attribute =
      out.prefix.empty() ? "xmlns" : "xmlns:" + out.prefix.substr(0, out.prefix.size() - 1);
  out.ns = root.attribute(ns_attribute.c_str()).value();
  return out;
}

// The reader walks elements recursively; nesting deeper than this (real TEI
// is ~20 levels deep) is rejected rather than risking the stack.
constexpr int kMaxDepth = 256;

// The first node nested more than `limit` levels below `root`, found without
// recursion; a null node when there is none.
pugi::xml_node too_deep(const pugi::xml_node& root, int limit) {
  int depth = 0;
  pugi::xml_node n = root;
  for (;;) {
    if (pugi::xml_node child = n.first_child()) {
      n = child;
      if (++depth > limit) return n;
      continue;
    }
    while (!n.next_sibling()) {
      if (depth == 0) return {};
      n = n.parent();
      --depth;
    }
    if (depth == 0) return {};
    n = n.next_sibling();
  }
}

// XML 1.0 allows no C0 control character but tab, LF and CR, neither raw nor
// as a character reference (&#x1B;), yet pugixml does not check. DEL is legal
// XML, but the record-text layout a record is exported to refuses it, so it is
// refused here too. Returns the control character, or 0.
unsigned char control_character(const char* text) {
  for (const char* p = text; *p; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return c;
  }
  return 0;
}

// The first node below `root` (itself included) whose text or attribute value
// holds a control character, found without recursion; a null node when none.
std::pair<pugi::xml_node, unsigned char> first_control_character(const pugi::xml_node& root) {
  pugi::xml_node n = root;
  for (;;) {
    if (unsigned char c = control_character(n.value())) return {n, c};
    for (pugi::xml_attribute a : n.attributes()) {
      if (unsigned char c = control_character(a.value())) return {n, c};
    }
    if (pugi::xml_node child = n.first_child()) {
      n = child;
      continue;
    }
    while (n != root && !n.next_sibling()) n = n.parent();
    if (n == root) return {};
    n = n.next_sibling();
  }
}

Result<ImportUnit> read_tei_unchecked(std::string_view bytes, const std::string& path) {
  // pugixml has no DTD support: it never loads a DTD or an external entity and
  // expands only the predefined and numeric character references, so an
  // entity declared in a DOCTYPE ("&xxe;", "&lol9;") stays literal text and no
  // file is ever read (tei_test.cc checks both). parse_doctype only keeps the
  // DOCTYPE's text so that we can warn about it. parse_ws_pcdata keeps the
  // spaces between inline elements ("<hi>a</hi> <hi>b</hi>").
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_doctype;
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), kOptions, pugi::encoding_auto);
  if (!parsed) {
    auto [line, column] = line_and_column(bytes, parsed.offset);
    std::string message = std::string("not well-formed XML: ") + parsed.description();
    bool at_end = parsed.offset >= 0 && static_cast<std::size_t>(parsed.offset) + 1 >= bytes.size();
    if (at_end && parsed.status != pugi::status_no_document_element) {
      message += " at the end of the input (truncated file?)";
    }
    return fail_at(path, line, std::move(message), column);
  }

  pugi::xml_node root = doc.document_element();
  RootName name = root_name(root);
  // offset_debug() is the offset of the element's name; report its '<'.
  auto [line, column] = line_and_column(bytes, root.offset_debug() - 1);
  if (name.local != "TEI" && name.local != "teiCorpus") {
    return fail_at(path, line,
                   "not a TEI document: the root element is <" + std::string(root.name()) +
                       ">, expected <TEI> or <teiCorpus>",
                   column);
  }
  if (name.ns != tei::kTeiNamespace) {
    return fail_at(path, line,
                   "not a TEI document: <" + std::string(root.name()) +
                       "> is not in the TEI namespace " + std::string(tei::kTeiNamespace),
                   column);
  }

  if (pugi::xml_node deep = too_deep(root, kMaxDepth)) {
    auto [deep_line, deep_column] = line_and_column(bytes, deep.offset_debug() - 1);
    return fail_at(path, deep_line,
                   "elements are nested more than " + std::to_string(kMaxDepth) + " levels deep",
                   deep_column);
  }

  if (auto [node, c] = first_control_character(root); node) {
    bool text = node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
    auto [c_line, c_column] = line_and_column(bytes, node.offset_debug() - (text ? 0 : 1));
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", c);
    return fail_at(path, c_line,
                   std::string("control character ") + hex + (text ? " in text" : " in an attribute value") +
                       ": not allowed in XML",
                   c_column);
  }

  ImportUnit unit;
  unit.path = path;
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype && std::string_view(n.value()).find("ENTITY") != std::string_view::npos) {
      auto [dt_line, dt_column] = line_and_column(bytes, n.offset_debug());
      unit.warnings.push_back(path + ":" + std::to_string(dt_line) + ":" + std::to_string(dt_column) +
                              ": the DOCTYPE declares entities; they are not expanded");
    }
  }
  tei::Names names(name.prefix);
  std::string stem = std::filesystem::path(path).stem().string();
  if (name.local == "TEI") {
    tei::read_volume(root, names, stem, unit);
  } else {
    int count = 0;
    for (pugi::xml_node tei = root.first_child(); tei; tei = tei.next_sibling()) {
      if (!names.is(tei, "TEI")) continue;
      ++count;
      tei::read_volume(tei, names, stem + "-" + std::to_string(count), unit);
    }
    if (count == 0) unit.warnings.push_back(path + ": teiCorpus holds no TEI volume");
  }
  return unit;
}

}  // namespace

Result<ImportUnit> read_tei(std::string_view bytes, const std::string& path) {
  try {
    return read_tei_unchecked(bytes, path);
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::kInternal, path + ": out of memory reading TEI");
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, path + ": " + e.what());
  }
}

}  // namespace chancery
