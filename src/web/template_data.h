// The values a page template renders: objects of named values, lists,
// strings and booleans, with the interface and the rules of kainjow's
// mustache data (kainjow::mustache::data), which pages were built with
// before: the same constructors and implicit conversions (a bool, a string,
// a list), set() replacing a key's value, get() answering only for objects,
// and the same truth of values when rendered (template_program.h).
//
// kainjow keeps every value behind its own heap allocations (an object is a
// hash map of nodes, a string a separately allocated std::string), so
// building and freeing a page's few thousand values took about a quarter of
// a page's instructions. Here a value is one flat struct: an object is a
// vector of keys beside a vector of values, looked up by a linear search
// (page objects have tens of keys at most) over a signature of each key (its
// length and three of its bytes, kept beside it) before any key is
// compared; strings are held in place.
// Values move without copying (the move is noexcept, so vectors move their
// elements as they grow).
//
// Lambdas and partials are kainjow's alone: templates that need them are
// rendered by kainjow from a copy (to_kainjow in templates.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chancery::web {

class TemplateData;
using TemplateList = std::vector<TemplateData>;

class TemplateData {
 public:
  enum class type : std::uint8_t { object, string, list, bool_true, bool_false };

  TemplateData() = default;   // an empty object, as kainjow's
  TemplateData(type t) : type_(t) {}   // NOLINT(google-explicit-constructor): as kainjow's
  TemplateData(const std::string& s) : type_(type::string), string_(s) {}   // NOLINT
  TemplateData(std::string&& s) : type_(type::string), string_(std::move(s)) {}   // NOLINT
  TemplateData(const char* s) : type_(type::string), string_(s) {}   // NOLINT
  TemplateData(bool b) : type_(b ? type::bool_true : type::bool_false) {}   // NOLINT
  TemplateData(const TemplateList& items) : type_(type::list), values_(items) {}   // NOLINT
  TemplateData(TemplateList&& items) : type_(type::list), values_(std::move(items)) {}   // NOLINT

  TemplateData(const TemplateData&) = default;
  TemplateData(TemplateData&&) noexcept = default;
  TemplateData& operator=(const TemplateData&) = default;
  TemplateData& operator=(TemplateData&&) noexcept = default;
  ~TemplateData() = default;

  bool is_object() const { return type_ == type::object; }
  bool is_string() const { return type_ == type::string; }
  bool is_list() const { return type_ == type::list; }
  bool is_bool() const { return type_ == type::bool_true || type_ == type::bool_false; }
  bool is_true() const { return type_ == type::bool_true; }
  bool is_false() const { return type_ == type::bool_false; }
  bool is_empty_list() const { return is_list() && values_.empty(); }
  bool is_non_empty_list() const { return is_list() && !values_.empty(); }
  bool is_empty_object() const { return is_object() && values_.empty(); }
  bool is_non_empty_object() const { return is_object() && !values_.empty(); }
  type kind() const { return type_; }

  // Objects: sets `key` to `value`, replacing what it held (the key keeps its
  // place). Nothing for other values, as kainjow.
  void set(std::string_view key, TemplateData value) {
    if (!is_object()) return;
    const std::uint32_t sig = signature(key);
    if (const std::size_t at = find(key, sig, 0); at != kNone) {
      values_[at] = std::move(value);
      return;
    }
    if (keys_.empty()) {   // most objects have a few keys: no growing by ones and twos
      keys_.reserve(8);
      values_.reserve(8);
    }
    bloom_ |= bloom_bit(sig);
    keys_.push_back({sig, std::string(key)});
    values_.push_back(std::move(value));
  }
  // The value of `key`; nullptr when there is none or this is not an object.
  const TemplateData* get(std::string_view key) const {
    std::size_t hint = 0;
    return get(key, signature(key), hint);
  }
  // The same with signature(key) worked out beforehand (template steps keep
  // their names'), trying the place `hint` first and setting it to where the
  // key was found: a template step meets objects built alike (a list's
  // items, one page's object after another), with the key in the same place.
  const TemplateData* get(std::string_view key, std::uint32_t key_signature, std::size_t& hint) const {
    if (!is_object()) return nullptr;
    const std::size_t at = find(key, key_signature, hint);
    if (at == kNone) return nullptr;
    hint = at;
    return &values_[at];
  }
  // What a key is looked up by before its bytes are compared: equal keys
  // have equal signatures.
  static std::uint32_t signature(std::string_view key) {
    if (key.empty()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(key[i])); };
    return (static_cast<std::uint32_t>(key.size() & 0xFF) << 24) | (byte(0) << 16) | (byte(key.size() / 2) << 8) |
           byte(key.size() - 1);
  }
  // An object's keys and values, in the order they were first set.
  std::size_t size() const { return is_object() ? keys_.size() : 0; }
  const std::string& key_at(std::size_t i) const { return keys_[i].text; }
  const TemplateData& value_at(std::size_t i) const { return values_[i]; }

  // Lists: appends `value` (nothing for other values, as kainjow).
  void push_back(TemplateData value) {
    if (is_list()) values_.push_back(std::move(value));
  }
  // A list's items (empty for other values).
  const TemplateList& list_value() const { return values_; }

  // A string's text ("" for other values).
  const std::string& string_value() const { return string_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static std::uint64_t bloom_bit(std::uint32_t key_signature) {
    return std::uint64_t{1} << ((key_signature * 0x9E3779B1u) >> 26);
  }
  // The place of `key` among an object's keys, or kNone.
  std::size_t find(std::string_view key, std::uint32_t key_signature, std::size_t hint) const {
    if ((bloom_ & bloom_bit(key_signature)) == 0) return kNone;   // surely absent
    if (hint < keys_.size() && keys_[hint].signature == key_signature && keys_[hint].text == key) return hint;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i].signature == key_signature && keys_[i].text == key) return i;
    }
    return kNone;
  }

  type type_ = type::object;
  std::string string_;
  struct Key {
    std::uint32_t signature = 0;   // signature(text)
    std::string text;
  };

  std::uint64_t bloom_ = 0;   // a bit for each key's signature (bloom_bit): most absent keys need no search
  std::vector<Key> keys_;     // an object's
  std::vector<TemplateData> values_;     // an object's values (keys_ beside), or a list's items
};

}  // namespace chancery::web
