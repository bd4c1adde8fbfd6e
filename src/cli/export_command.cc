// `chancery export DIR --format record-text|json`: lossless export.
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct ExportArgs {
  std::string dir;
  std::string format = "record-text";
};

}  // namespace

void add_export_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand("export", "Write every record to a folder (import it again to get the same archive)");
  exp->add_option("dir", args->dir, "destination folder")->required();
  exp->add_option("--format", args->format, "record-text (one .txt per record) or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"record-text", "json"}));
  exp->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto written = archive->export_all(args->dir, args->format);
    if (!written) exit_with(written.error());
    std::cout << "exported " << *written << " records to " << args->dir << " (" << args->format << ")" << std::endl;
  });
}

}  // namespace chancery::cli
