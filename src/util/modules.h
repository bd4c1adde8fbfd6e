// Parts of Chancery built as modules of their own (chancery-images.so,
// chancery-postgres.so), so that a process loads the libraries they bring
// (libvips and a hundred more; libpq with Kerberos, LDAP and GnuTLS) only
// when it uses them: every other command starts without them.
//
// A module is looked for, in order: at $ENV_VAR when set (alone: an
// operator's choice is not second-guessed); beside an installed
// PREFIX/bin/chancery in PREFIX/lib/chancery/; at the path it was built at
// (the build tree, for the binary and tests run from there). It is opened
// once per process and never closed.
#pragma once

#include <string>

#include "util/error.h"

namespace chancery {

struct ModuleSpec {
  const char* file;        // "chancery-images.so"
  const char* env_var;     // "CHANCERY_IMAGE_MODULE"
  const char* built_at;    // where the build wrote it; "" for nowhere
  const char* symbol;      // the entry point to look up
  const char* needed_for;  // "scanned pages": what fails without it, for errors
};

// The address of `spec.symbol` in the module, or kInternal saying why not:
// not found (naming every place looked at), not loadable (the loader's
// message), or without the symbol. Not cached: callers keep the result.
Result<void*> open_module_symbol(const ModuleSpec& spec);

// The module's description, which its entry `const Module* spec.symbol()`
// returns, once `fits` accepts it (its ABI number and struct sizes are this
// binary's); a module of another build fails with kInternal.
template <typename Module, typename Fits>
Result<const Module*> open_module(const ModuleSpec& spec, Fits fits) {
  auto symbol = open_module_symbol(spec);
  if (!symbol) return std::unexpected(symbol.error());
  const Module* module = reinterpret_cast<const Module* (*)()>(*symbol)();
  if (module == nullptr || !fits(*module)) {
    return fail(ErrorCode::kInternal, std::string("the module ") + spec.file +
                                          " is from another version of Chancery; install the module built with "
                                          "this binary");
  }
  return module;
}

}  // namespace chancery
