// Editors' work on records without touching the sources: `annotate` (a
// correction or a note), `restrict` and `unrestrict` (closing a record or a
// whole collection to readers), `annotations` (list) and `withdraw`.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct AnnotateArgs {
  std::string target;
  std::string correction;
  std::string note;
  std::string field;
  std::string quote;
  std::string comment;
  std::string reason;
  std::string until;
  std::string by;
  bool json = false;
  bool hide_description = false;
};

// One annotation as people read it: "frus1958-60v08/d12#1  correction  body  2026-12-02 editor:ann".
void print_annotation(const Annotation& a) {
  std::cout << a.id << "  " << annotation_type_name(a.type);
  if (!a.field.empty()) std::cout << " (" << a.field << ")";
  std::cout << "  " << a.created.substr(0, 10) << "  " << a.author << "\n";
  if (!a.quote.empty()) std::cout << "    published: " << a.quote << "\n";
  const char* label = a.type == AnnotationType::kCorrection ? "    correct:   "
                      : a.type == AnnotationType::kRestriction || a.type == AnnotationType::kWithdrawal
                          ? "    reason:    "
                          : "    note:      ";
  std::cout << label << a.text << "\n";
  if (!a.comment.empty()) std::cout << "    comment:   " << a.comment << "\n";
  if (a.type == AnnotationType::kRestriction) {
    std::cout << "    closed:    " << (a.until.empty() ? "until lifted" : "until " + a.until) << "\n";
  }
}

}  // namespace

void add_annotate_commands(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<AnnotateArgs>();

  CLI::App* annotate = app.add_subcommand(
      "annotate", "Add an editor's correction or note to a record (the record itself is never changed)");
  annotate->add_option("id", args->target, "record id")->required();
  auto* correction = annotate->add_option("--correction", args->correction, "the correct reading");
  auto* note = annotate->add_option("--note", args->note, "an editor's note");
  correction->excludes(note);
  annotate->add_option("--field", args->field, "the field it is about: " + annotatable_fields_list());
  annotate->add_option("--quote", args->quote, "the published words it corrects, exactly as in --field");
  annotate->add_option("--comment", args->comment, "why (corrections)");
  annotate->add_option("--by", args->by, "the editor (default: $USER)");
  annotate->add_flag("--json", args->json, "print the stored annotation as JSON");
  annotate->callback([args, &global] {
    if (args->correction.empty() == args->note.empty()) {
      exit_with(Error{ErrorCode::kInvalidInput, "give --correction TEXT or --note TEXT", {}, 0, 0}, 2);
    }
    Annotation draft;
    draft.target = args->target;
    draft.type = args->correction.empty() ? AnnotationType::kNote : AnnotationType::kCorrection;
    draft.text = args->correction.empty() ? args->note : args->correction;
    draft.field = args->field;
    draft.quote = args->quote;
    draft.comment = args->comment;
    draft.author = editor(args->by);
    auto archive = open_archive(global, Access::kWrite);
    auto stored = archive->annotate(std::move(draft));
    if (!stored) exit_with(stored.error());
    if (args->json) {
      print_text(annotation_json(*stored).dump(2));
    } else {
      print_annotation(*stored);
    }
  });

  CLI::App* restrict = app.add_subcommand(
      "restrict", "Close a record, or every record of a collection, to readers (search, pages, API, OAI-PMH)");
  restrict->add_option("id", args->target, "record or collection id")->required();
  restrict->add_option("--reason", args->reason, "why it is closed (shown to readers)")->required();
  restrict->add_option("--until", args->until, "the first day it is open again (YYYY-MM-DD); default: until lifted");
  restrict->add_option("--by", args->by, "the editor (default: $USER)");
  restrict->callback([args, &global] {
    Annotation draft;
    draft.target = args->target;
    draft.type = AnnotationType::kRestriction;
    draft.text = args->reason;
    draft.until = args->until;
    draft.author = editor(args->by);
    auto archive = open_archive(global, Access::kWrite);
    auto stored = archive->annotate(std::move(draft));
    if (!stored) exit_with(stored.error());
    print_annotation(*stored);
  });

  CLI::App* unrestrict = app.add_subcommand("unrestrict", "Lift every restriction of a record or collection");
  unrestrict->add_option("id", args->target, "record or collection id")->required();
  unrestrict->add_option("--by", args->by, "the editor (default: $USER)");
  unrestrict->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    auto all = archive->annotations(args->target);
    if (!all) exit_with(all.error());
    int lifted = 0;
    for (const Annotation& a : *all) {
      if (a.type != AnnotationType::kRestriction) continue;
      auto withdrawn = archive->withdraw_annotation(a.id, editor(args->by));
      if (!withdrawn) exit_with(withdrawn.error());
      std::cout << "lifted " << a.id << "\n";
      ++lifted;
    }
    if (lifted == 0) exit_with(Error{ErrorCode::kNotFound, args->target + " has no restriction", {}, 0, 0});
  });

  CLI::App* list = app.add_subcommand("annotations", "List the corrections, notes and restrictions of a record "
                                                      "or collection");
  list->add_option("id", args->target, "record or collection id")->required();
  list->add_flag("--json", args->json, "print them as a JSON array");
  list->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto all = archive->annotations(args->target);
    if (!all) exit_with(all.error());
    if (all->empty()) {
      // Nothing on it: say so only of something the archive holds.
      auto record = archive->record(args->target);
      if (!record && record.error().code == ErrorCode::kNotFound) {
        auto collection = archive->collection(args->target);
        if (!collection && collection.error().code == ErrorCode::kNotFound) {
          exit_with(Error{ErrorCode::kNotFound, "no record or collection " + args->target, {}, 0, 0});
        }
      }
    }
    if (args->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const Annotation& a : *all) out.push_back(annotation_json(a));
      print_text(out.dump(2));
      return;
    }
    if (all->empty()) std::cout << "no annotations on " << args->target << "\n";
    for (const Annotation& a : *all) print_annotation(a);
    std::cout.flush();
  });

  CLI::App* withdraw = app.add_subcommand(
      "withdraw", "Withdraw an annotation (ID#N), or a record from the archive (ID --reason TEXT); history stays");
  withdraw->add_option("id", args->target, "annotation id (ID#N, from `annotations`), or record id")->required();
  withdraw->add_option("--reason", args->reason, "why a record is withdrawn (shown at its address; required)");
  withdraw->add_flag("--hide-description", args->hide_description,
                     "its address shows the reason alone, not the record's title, date and citation (a takedown)");
  withdraw->add_option("--by", args->by, "the editor (default: $USER)");
  withdraw->callback([args, &global] {
    const bool annotation = args->target.find('#') != std::string::npos;
    if (annotation && (!args->reason.empty() || args->hide_description)) {
      exit_with(Error{ErrorCode::kInvalidInput,
                      "--reason and --hide-description are for a record; an annotation is withdrawn without them",
                      {}, 0, 0}, 2);
    }
    if (!annotation && args->reason.empty()) {
      exit_with(Error{ErrorCode::kInvalidInput,
                      "withdrawing record " + args->target + " needs --reason TEXT (readers of its address see it)",
                      {}, 0, 0}, 2);
    }
    auto archive = open_archive(global, Access::kWrite);
    if (annotation) {
      auto withdrawn = archive->withdraw_annotation(args->target, editor(args->by));
      if (!withdrawn) exit_with(withdrawn.error());
      std::cout << "withdrew " << withdrawn->id << " (" << annotation_type_name(withdrawn->type) << ")\n";
      return;
    }
    auto withdrawal = archive->withdraw_record(args->target, args->reason, editor(args->by), args->hide_description);
    if (!withdrawal) exit_with(withdrawal.error());
    std::cout << "withdrew record " << args->target << " from the archive (" << withdrawal->id
              << "; `chancery reinstate " << args->target << "` brings it back)\n";
  });

  CLI::App* reinstate = app.add_subcommand(
      "reinstate", "Bring a withdrawn record back (its last text, as a new revision)");
  reinstate->add_option("id", args->target, "record id")->required();
  reinstate->add_option("--by", args->by, "the editor (default: $USER)");
  reinstate->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    auto number = archive->reinstate_record(args->target, editor(args->by));
    if (!number) exit_with(number.error());
    std::cout << "reinstated record " << args->target << " as revision " << *number << "\n";
  });
}

}  // namespace chancery::cli
