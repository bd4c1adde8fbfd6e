// The revision model's invariants as SQL that both stores run in check()
// (SQLite and PostgreSQL read it alike), each query yielding one line of text
// per violation.
#pragma once

#include <string>
#include <string_view>

namespace chancery {

inline constexpr std::string_view kRevisionInvariants[] = {
    // Revision numbers of an entity are exactly 1..n.
    "SELECT kind || ' ' || id || ': revision numbers are not 1..' || count(*)"
    " FROM revisions GROUP BY kind, id HAVING min(number) <> 1 OR max(number) <> count(*)",
    // A later revision has a later change sequence number.
    "SELECT a.kind || ' ' || a.id || ': revision ' || b.number || ' has an earlier seq than revision '"
    " || a.number FROM revisions a JOIN revisions b"
    " ON b.kind = a.kind AND b.id = a.id AND b.number = a.number + 1 WHERE b.seq <= a.seq",
    // Every entity with revisions has a current pointer...
    "SELECT r.kind || ' ' || r.id || ': no current revision' FROM revisions r"
    " WHERE r.number = 1 AND NOT EXISTS (SELECT 1 FROM current c WHERE c.kind = r.kind AND c.id = r.id)",
    // ...to a revision of that entity, the latest one, with matching listing columns.
    "SELECT c.kind || ' ' || c.id || ': current points at a missing or foreign revision' FROM current c"
    " LEFT JOIN revisions r ON r.seq = c.seq"
    " WHERE r.seq IS NULL OR r.kind <> c.kind OR r.id <> c.id",
    "SELECT c.kind || ' ' || c.id || ': current is revision ' || c.number || ', latest is '"
    " || (SELECT max(number) FROM revisions r WHERE r.kind = c.kind AND r.id = c.id) FROM current c"
    " WHERE c.number <> (SELECT max(number) FROM revisions r WHERE r.kind = c.kind AND r.id = c.id)",
    "SELECT c.kind || ' ' || c.id || ': current row disagrees with its revision' FROM current c"
    " JOIN revisions r ON r.seq = c.seq WHERE r.number <> c.number OR r.deleted <> c.deleted"
    " OR r.parent <> c.parent OR r.position <> c.position OR r.date_first <> c.date_first"
    " OR r.date_last <> c.date_last",
    // Only tombstones may have empty JSON.
    "SELECT kind || ' ' || id || ': revision ' || number || ' has no JSON' FROM revisions"
    " WHERE deleted = 0 AND length(json) = 0",
};

// Revisions whose json column is kept in an encoding the store does not
// know: each store runs it with its own (SQLite "0, 1, 2"; PostgreSQL "0, 1").
inline std::string unknown_encodings_query(std::string_view known) {
  return "SELECT kind || ' ' || id || ': revision ' || number || ' has unknown encoding ' || encoding"
         " FROM revisions WHERE encoding NOT IN (" + std::string(known) + ")";
}

}  // namespace chancery
