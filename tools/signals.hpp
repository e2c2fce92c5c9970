// SIGINT and SIGTERM (SPEC §12): the command stops, its temporary output is removed, the
// previous results stay as they were, and the process exits 130 or 143 within 2 s.
#pragma once

namespace milkrun::cli {

/// Installs the handlers. A signal sets milkrun::stop_signal, which the simulation and the
/// writers check; a watcher thread then exits at once when no output is pending, or else
/// gives the command 1.5 s to unwind before it removes the temporary folders and exits itself.
void stop_on_signals();

}  // namespace milkrun::cli
