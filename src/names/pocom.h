// Reader for the Office of the Historian's "Principal Officers and Chiefs of
// Mission" authority data (POCOM): people/<letter>/<id>.xml (name parts,
// alternative names, birth, death) and missions-countries/<country>.xml (who
// was chief of mission where, from when to when).
//
// The XML is parsed with pugixml, which never loads or expands external
// entities (DOCTYPE declarations are skipped; only the predefined and numeric
// character references are expanded).
#pragma once

#include "model/record.h"
#include "util/error.h"

#include <filesystem>
#include <string>
#include <vector>

namespace chancery::names {

// One appointment as chief of mission (or a nomination that was not taken up).
struct MissionRole {
  std::string id;                      // "hu-1922-bren-01"
  std::string person_id;               // "pocom/brentano-theodore"
  std::string territory;               // the mission's territory: "hungary"
  std::string contemporary_territory;  // as the country was then: "austria-hungary"
  std::string role;                    // role title id: "envoy-extraordinary-minister-plenipotentiary"
  Date appointed, arrived, started, ended;
  std::string started_note;            // "Presented credentials on"
  std::string ended_note;              // "Presented recall on", "Left post on"
  std::string note;
  bool nominee_only = false;           // listed under other-nominees: never served
  bool operator==(const MissionRole&) const = default;
};

// A POCOM person with the typed details a Person's description summarises.
struct PocomPerson {
  Person person;          // id "pocom/<id>", name "Family, Forenames[, Jr.]", variants, source "pocom"
  std::string surname;    // "Bohlen"
  std::string forenames;  // "Charles Eustis"
  std::string suffix;     // genName: "Jr.", "III"
  int birth_year = 0;     // 0 when unknown
  int death_year = 0;     // 0 when unknown or living
  std::vector<MissionRole> roles;  // in order of appointment
  bool operator==(const PocomPerson&) const = default;
};

// Reads every people/**/*.xml under `dir` (the POCOM root, or its people/
// folder itself) and, when `dir`/missions-countries exists, the missions, and
// attaches each role to its person. Persons are sorted by id; each has
//   name        "Bohlen, Charles Eustis" ("Bennett, William Tapley, Jr.")
//   variants    the altnames, plus "Charles Eustis Bohlen" (and "... Jr.")
//   description "1904-1974; Ambassador to the Soviet Union 1953-1957; ..."
// Fails with kNotFound if `dir` has no people folder, kIo if a file cannot be
// read, kInvalidInput (file and line) for malformed XML or a person without id
// or surname.
Result<std::vector<PocomPerson>> read_pocom_people(const std::filesystem::path& dir);

// read_pocom_people() reduced to the archive's Person records.
Result<std::vector<Person>> read_pocom(const std::filesystem::path& dir);

// Reads missions-countries/*.xml under `dir` (the POCOM root or that folder).
// Roles are in file-name order, then document order. Fails like read_pocom_people().
Result<std::vector<MissionRole>> read_pocom_missions(const std::filesystem::path& dir);

// A readable title for a POCOM role title id: "ambassador-e-p" ->
// "Ambassador Extraordinary and Plenipotentiary"; unknown ids are de-hyphenated.
std::string pocom_role_title(std::string_view role_id);

// Where a role was held, in words, as the country was named then: its
// contemporary territory's id de-hyphenated ("austria-hungary" -> "Austria
// Hungary" for a mission to "hungary" before 1918), else the territory's
// ("russia" -> "Russia").
std::string pocom_territory(const MissionRole& role);

}  // namespace chancery::names
