#include "formats/tei_document.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "formats/place_name.h"
#include "formats/tei_title.h"
#include "model/date.h"

namespace chancery::tei {
namespace {

constexpr std::string_view kSeries = "Foreign Relations of the United States";

// Appends everything pugixml writes to a string.
class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

// An attribute by local name, whatever its prefix ("frus:doc-dateTime-min").
pugi::xml_attribute attribute_by_local_name(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    if (name == local) return a;
  }
  return {};
}

void add_name(std::vector<NameRef>& names, std::string name, std::string id) {
  if (name.empty()) return;
  for (const NameRef& n : names) {
    if (n.name == name && n.id == id) return;
  }
  names.push_back(NameRef{std::move(name), std::move(id)});
}

// The first "Month D, YYYY" / "Month YYYY" in a title such as "Memorandum from
// Topping to Rostow, July 30, 1962. Observations ...".
std::optional<DateSpan> date_in_text(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  std::size_t best = std::string_view::npos;
  for (auto month : kMonths) {
    std::size_t at = text.find(month);
    if (at < best) best = at;
  }
  if (best == std::string_view::npos) return std::nullopt;
  // Up to the first four-digit year after the month name.
  for (std::size_t i = best; i + 4 <= text.size(); ++i) {
    bool year = true;
    for (std::size_t k = 0; k < 4; ++k) {
      if (text[i + k] < '0' || text[i + k] > '9') year = false;
    }
    if (year && (i + 4 == text.size() || text[i + 4] < '0' || text[i + 4] > '9')) {
      return parse_date(text.substr(best, i + 4 - best));
    }
  }
  return std::nullopt;
}

class DocumentReader {
 public:
  DocumentReader(const VolumeInfo& volume, Record& record) : volume_(volume), record_(record) {}

  void read(const pugi::xml_node& div) {
    pugi::xml_node title_head;
    for (pugi::xml_node c = div.first_child(); c; c = c.next_sibling()) {
      if (volume_.names.is(c, "head")) {
        title_head = c;
        break;
      }
    }
    out_ = &body_text_;
    kind_ = BlockKind::kParagraph;
    for (pugi::xml_node c = div.first_child(); c; c = c.next_sibling()) {
      if (c == title_head) {
        read_title(c);
      } else {
        node(c);
      }
    }
    flush();
    flush_pages_as_blocks();
    finish_date(div);
  }

 private:
  // ---- walking -----------------------------------------------------------
  void children(const pugi::xml_node& parent) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) node(c);
  }

  void node(const pugi::xml_node& c) {
    switch (c.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        out_->append(c.value());
        break;
      case pugi::node_element:
        element(c);
        break;
      default:
        break;
    }
  }

  static bool is_block_name(std::string_view n) {
    static constexpr std::array<std::string_view, 18> kBlocks{
        "p",      "ab",     "head",  "dateline", "salute", "signed",  "closer", "opener",
        "list",   "item",   "table", "quote",    "div",    "figure",  "postscript",
        "frus:attachment", "byline", "argument"};
    for (auto b : kBlocks) {
      if (n == b) return true;
    }
    return false;
  }

  void element(const pugi::xml_node& el) {
    std::string_view n = volume_.names.local(el);
    if (n == "note") return note(el);
    if (n == "lb") return out_->boundary();
    if (n == "pb") return page_break(el);
    if (n == "dateline" && !dateline_) dateline_ = el;
    if (in_title_ && note_depth_ == 0) title_markup(el, n);

    bool block = is_block_name(n) && !(n == "quote" && in_text_block_);
    if (block && inline_only_ > 0) {
      // Structure inside a note or a title: keep the words apart.
      out_->boundary();
      children(el);
      out_->boundary();
      return;
    }
    if (block) return block_element(el, n);

    if (n == "ref") {
      // The link text is what the ref adds to the running text.
      NormalisedText* text = out_;
      std::size_t start = text->size();
      children(el);
      std::string_view added = std::string_view(text->str()).substr(std::min(start, text->size()));
      if (added.starts_with(' ')) added.remove_prefix(1);
      std::string_view target = el.attribute("target").value();
      if (!target.empty()) {
        record_.links.push_back(
            Link{link_from_, normalise_target(target, volume_.id), std::string(added)});
      }
      return;
    }
    if (n == "persName") {
      std::string_view corresp = el.attribute("corresp").value();
      if (!corresp.empty()) {
        if (corresp.starts_with('#')) corresp.remove_prefix(1);
        add_name(record_.people, node_text(el, volume_.names, true),
                 volume_.id + "/" + std::string(corresp));
      }
    } else if (n == "placeName") {
      add_name(record_.places, place_named(node_text(el, volume_.names, true)), "");
    } else if (n == "orgName") {
      add_name(record_.organisations, node_text(el, volume_.names, true), "");
    }
    children(el);
  }

  // Sender, recipient and date marked up in the title.
  void title_markup(const pugi::xml_node& el, std::string_view n) {
    if (n == "gloss" || n == "persName") {
      std::string_view type = el.attribute("type").value();
      // The persons-list entry a persName ties the name to (corresp="#p_DJF1").
      auto listed = [&]() -> std::string {
        std::string_view corresp = el.attribute("corresp").value();
        if (n != "persName" || corresp.size() < 2 || corresp.front() != '#') return {};
        return volume_.id + "/" + std::string(corresp.substr(1));
      };
      if (type == "from" && record_.sender.empty()) {
        record_.sender = node_text(el, volume_.names, true);
        record_.sender_id = listed();
      } else if (type == "to" && record_.recipient.empty()) {
        record_.recipient = node_text(el, volume_.names, true);
        record_.recipient_id = listed();
      }
    } else if (n == "date" && !title_date_) {
      title_date_ = el;
    }
  }

  void block_element(const pugi::xml_node& el, std::string_view n) {
    if (n == "list") return list(el);
    if (n == "table") return table(el);
    if (n == "p" || n == "ab" || n == "salute") {
      bool inherit = kind_ == BlockKind::kQuote || kind_ == BlockKind::kSignature;
      return as_block(el, inherit ? kind_ : BlockKind::kParagraph, true);
    }
    if (n == "head") return as_block(el, BlockKind::kHeading, true);
    if (n == "dateline") return as_block(el, BlockKind::kDateline, true);
    if (n == "signed") return as_block(el, BlockKind::kSignature, true);
    if (n == "item") return as_block(el, BlockKind::kListItem, true);
    if (n == "closer") return as_block(el, BlockKind::kSignature, false);
    if (n == "quote") return as_block(el, BlockKind::kQuote, false);
    // Containers: div, opener, figure, postscript, attachments...
    as_block(el, BlockKind::kParagraph, false);
  }

  // Reads `el` as a block of `kind` (or, for a container, with `kind` as the
  // kind of its loose text), ending the block before and after it.
  void as_block(const pugi::xml_node& el, BlockKind kind, bool text_block) {
    flush();
    BlockKind saved_kind = std::exchange(kind_, kind);
    bool saved_text = std::exchange(in_text_block_, text_block);
    children(el);
    flush();
    kind_ = saved_kind;
    in_text_block_ = saved_text;
  }

  void list(const pugi::xml_node& el) {
    flush();
    BlockKind saved_kind = std::exchange(kind_, BlockKind::kListItem);
    bool saved_text = std::exchange(in_text_block_, false);
    bool label_open = false;
    for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
      std::string_view n = volume_.names.local(c);
      if (c.type() == pugi::node_element && n == "label") {
        // "<label>1.</label><item>...</item>": the label starts the item.
        flush();
        kind_ = BlockKind::kListItem;
        in_text_block_ = true;
        children(c);
        out_->boundary();
        label_open = true;
      } else if (c.type() == pugi::node_element && n == "item") {
        if (!label_open) flush();
        kind_ = BlockKind::kListItem;
        in_text_block_ = true;
        children(c);
        flush();
        in_text_block_ = false;
        label_open = false;
      } else {
        node(c);
      }
    }
    flush();
    kind_ = saved_kind;
    in_text_block_ = saved_text;
  }

  void table(const pugi::xml_node& el) {
    flush();
    BlockKind saved_kind = kind_;
    bool saved_text = std::exchange(in_text_block_, true);
    for (pugi::xml_node row = el.first_child(); row; row = row.next_sibling()) {
      if (!volume_.names.is(row, "row")) {
        kind_ = BlockKind::kHeading;  // table/head; loose text
        node(row);
        flush();
        continue;
      }
      std::string text;
      NormalisedText* saved_out = out_;
      bool first = true;
      for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
        if (!volume_.names.is(cell, "cell")) continue;
        NormalisedText cell_text;
        out_ = &cell_text;
        children(cell);
        if (!first) text += '\t';
        text += cell_text.take();
        first = false;
      }
      out_ = saved_out;
      push_block(BlockKind::kTableRow, std::move(text));
    }
    kind_ = saved_kind;
    in_text_block_ = saved_text;
  }

  // ---- page breaks -------------------------------------------------------
  void page_break(const pugi::xml_node& el) {
    std::string page = el.attribute("n").value();
    if (page.empty()) page = el.attribute("facs").value();
    if (in_text_block_ || inline_only_ > 0) {
      // Inside running text: the break follows the block it falls in.
      pending_pages_.push_back(std::move(page));
      return;
    }
    flush();
    record_.body.push_back(Block{BlockKind::kPageBreak, "", std::move(page), {}});
  }

  void flush_pages_as_blocks() {
    for (std::string& page : pending_pages_) {
      record_.body.push_back(Block{BlockKind::kPageBreak, "", std::move(page), {}});
    }
    pending_pages_.clear();
  }

  // ---- blocks ------------------------------------------------------------
  void push_block(BlockKind kind, std::string text) {
    // Empty blocks (and table rows of empty cells) are dropped.
    if (text.find_first_not_of('\t') != std::string::npos) {
      record_.body.push_back(Block{kind, std::move(text), "", std::move(note_refs_)});
    }
    note_refs_.clear();
    flush_pages_as_blocks();
  }

  void flush() {
    if (out_ != &body_text_) return;
    push_block(kind_, body_text_.take());
  }

  // ---- notes -------------------------------------------------------------
  void note(const pugi::xml_node& el) {
    Note n;
    n.number = el.attribute("n").value();
    n.id = el.attribute("xml:id").value();
    n.type = el.attribute("type").value();
    // Notes without a number ("rend=inline" source notes) have no marker.
    if (!n.number.empty()) n.marker = "[" + n.number + "]";
    std::size_t index = record_.notes.size();
    record_.notes.push_back(n);

    NormalisedText text;
    NormalisedText* saved_out = std::exchange(out_, &text);
    std::string saved_from = std::exchange(link_from_, n.id.empty() ? "note " + n.number : n.id);
    bool saved_title = std::exchange(in_title_, false);
    ++inline_only_;
    ++note_depth_;
    children(el);
    --note_depth_;
    --inline_only_;
    in_title_ = saved_title;
    link_from_ = std::move(saved_from);
    out_ = saved_out;

    Note& stored = record_.notes[index];
    stored.text = text.take();
    if (stored.type.empty() && in_title_ && record_.source.empty() &&
        stored.text.starts_with("Source:")) {
      stored.type = "source";
    }
    if (stored.type == "source" && record_.source.empty()) {
      record_.source = stored.text;
    } else if (stored.type == "summary" && record_.summary.empty()) {
      record_.summary = stored.text;
    }
    // The marker stands where the note sits; a title keeps no markers.
    if (!in_title_ && !stored.marker.empty()) {
      out_->append(stored.marker);
      if (note_depth_ == 0) note_refs_.push_back(stored.number);
    }
  }

  // ---- title -------------------------------------------------------------
  void read_title(const pugi::xml_node& head) {
    NormalisedText title;
    NormalisedText* saved = std::exchange(out_, &title);
    in_title_ = true;
    ++inline_only_;
    children(head);
    --inline_only_;
    in_title_ = false;
    out_ = saved;
    record_.title = title.take();
  }

  // ---- date and place ----------------------------------------------------
  void finish_date(const pugi::xml_node& div) {
    pugi::xml_node date;
    if (dateline_) {
      record_.place = place_named(first_place(dateline_));
      date = find_descendant(dateline_, "date");
    }
    if (!date && title_date_) date = title_date_;

    DateSpan span;
    if (date) {
      span = date_from_element(date);
    } else if (dateline_) {
      std::string text = node_text(dateline_, volume_.names, true);
      if (auto parsed = parse_date(text)) span = *parsed;
      span.as_written = text;
    } else if (auto parsed = date_in_text(record_.title)) {
      span = *parsed;
    }
    // Newer files give the document's date range on the div itself.
    auto min = parse_iso_datetime(attribute_by_local_name(div, "doc-dateTime-min").value());
    auto max = parse_iso_datetime(attribute_by_local_name(div, "doc-dateTime-max").value());
    if (min) {
      span.from = min->date;
      span.to = max ? max->date : min->date;
      std::string_view min_text = attribute_by_local_name(div, "doc-dateTime-min").value();
      std::string_view max_text = attribute_by_local_name(div, "doc-dateTime-max").value();
      // An exact time (min == max) is the document's time of day.
      if (!max || min_text == max_text) span.time = min->time;
      if (span.as_written.empty()) span.as_written = std::string(min_text);
    }
    record_.date = std::move(span);
  }

  pugi::xml_node find_descendant(const pugi::xml_node& root, std::string_view name) const {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (volume_.names.local(c) == name) return c;
      if (volume_.names.local(c) == "note") continue;
      if (pugi::xml_node found = find_descendant(c, name)) return found;
    }
    return {};
  }

  std::string first_place(const pugi::xml_node& dateline) const {
    if (pugi::xml_node place = find_descendant(dateline, "placeName")) {
      return node_text(place, volume_.names, true);
    }
    return {};
  }

  DateSpan date_from_element(const pugi::xml_node& date) const {
    DateSpan span;
    span.as_written = node_text(date, volume_.names, true);
    auto when = parse_iso_datetime(date.attribute("when").value());
    auto from = parse_iso_datetime(date.attribute("from").value());
    auto to = parse_iso_datetime(date.attribute("to").value());
    if (!from) from = parse_iso_datetime(date.attribute("notBefore").value());
    if (!to) to = parse_iso_datetime(date.attribute("notAfter").value());
    if (when) {
      span.from = when->date;
      span.to = to ? to->date : when->date;
      span.time = when->time;
    } else if (from) {
      span.from = from->date;
      span.to = to ? to->date : from->date;
      span.time = from->time;
    } else if (auto parsed = parse_date(span.as_written)) {
      std::string written = span.as_written;
      span = *parsed;
      span.as_written = std::move(written);
    }
    return span;
  }

  const VolumeInfo& volume_;
  Record& record_;

  NormalisedText body_text_;
  NormalisedText* out_ = &body_text_;
  BlockKind kind_ = BlockKind::kParagraph;
  std::vector<std::string> note_refs_;
  std::vector<std::string> pending_pages_;
  std::string link_from_ = "body";
  bool in_text_block_ = false;
  bool in_title_ = false;
  int inline_only_ = 0;
  int note_depth_ = 0;
  pugi::xml_node dateline_;
  pugi::xml_node title_date_;
};

std::string language_of(const pugi::xml_node& div) {
  for (pugi::xml_node n = div; n; n = n.parent()) {
    if (n.type() != pugi::node_element) continue;
    std::string_view lang = n.attribute("xml:lang").value();
    if (!lang.empty()) return language_name(lang);
  }
  return "English";
}

}  // namespace

Record read_document(const pugi::xml_node& div, const VolumeInfo& volume,
                     std::vector<std::string> collections) {
  Record record;
  std::string xml_id = div.attribute("xml:id").value();
  if (xml_id.empty()) xml_id = "d" + std::string(div.attribute("n").value());
  record.id = volume.id + "/" + xml_id;
  record.source_format = "tei";
  record.number = div.attribute("n").value();

  DocumentReader(volume, record).read(div);

  std::string_view subtype = div.attribute("subtype").value();
  record.record_type =
      subtype == "editorial-note" ? "editorial note" : record_type_from_title(record.title);
  if (record.record_type.empty()) {
    // Older volumes name the kind after the file number: "851G.01/3–1249: Telegram".
    std::size_t colon = record.source.rfind(": ");
    if (colon != std::string::npos) {
      record.record_type = record_type_from_title(std::string_view(record.source).substr(colon + 2));
    }
  }
  if (record.sender.empty() && record.recipient.empty()) {
    Correspondents c = correspondents_from_title(record.title);
    record.sender = std::move(c.sender);
    record.recipient = std::move(c.recipient);
  }
  record.sender = strip_leading_the(record.sender);
  record.recipient = strip_leading_the(record.recipient);
  record.archive = archive_from_source(record.source);
  record.classification = classification_from_source(record.source);
  record.languages.push_back(language_of(div));
  record.collections = std::move(collections);

  record.citation.as_written = record.source;
  record.citation.title = record.title;
  record.citation.date = record.date.as_written;
  record.citation.archive = record.archive;
  record.citation.publisher = volume.title.starts_with(kSeries)
                                  ? volume.title
                                  : std::string(kSeries) + ", " + volume.title;
  record.citation.url = "https://history.state.gov/historicaldocuments/" + record.id;

  StringWriter writer(record.original);
  div.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return record;
}

}  // namespace chancery::tei
