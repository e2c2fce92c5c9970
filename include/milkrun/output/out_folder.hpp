// Output folders and files that are checked before any work and appear whole or not at all
// (SPEC §12): a command checks its output paths first, writes into a temporary folder beside
// the target and swaps it in by renames at the end; a failed or interrupted command removes
// its temporary and leaves the previous results as they were.
#pragma once
#include <filesystem>
#include <string_view>

namespace milkrun {

/// The names of the files milkrun writes into an output folder (SPEC §6, §8); a folder that
/// holds anything else is not taken as an output folder.
bool is_output_file_name(std::string_view name);

/// An output folder written whole: the constructor checks the target and makes the temporary
/// folder PARENT/.NAME.milkrun-PID/ that dir() names; commit() puts it in the target's place
/// (SIGINT and SIGTERM blocked meanwhile) and removes the old folder. Destroyed before
/// commit (an error, a signal), it removes the temporary folder and the folders it made.
class OutFolder {
 public:
  /// OutputError "TARGET: reason" when `target` is a file, holds files milkrun does not
  /// write, is the working directory or above it, or cannot be made or written.
  explicit OutFolder(std::filesystem::path target);
  ~OutFolder();
  OutFolder(const OutFolder&) = delete;
  OutFolder& operator=(const OutFolder&) = delete;

  /// Where the files go until commit(): the temporary folder.
  const std::filesystem::path& dir() const { return temp_; }
  /// The folder as the user named it, for messages.
  const std::filesystem::path& target() const { return target_; }
  /// Swaps the temporary folder in for the target; OutputError when it cannot.
  void commit();

 private:
  void abandon() noexcept;
  std::filesystem::path target_;  ///< as given
  std::filesystem::path real_;    ///< absolute, symbolic links resolved
  std::filesystem::path temp_;
  std::filesystem::path made_;    ///< the highest folder above the target this made, if any
  bool committed_ = false;
};

/// A folder whose files are replaced one at a time (batch.csv as each scenario ends,
/// --save-baseline): checked as an OutFolder target is, then made; OutputError when it
/// cannot be.
void prepare_output_folder(const std::filesystem::path& dir);

/// Checks before any work that a single output file (`--junit`, `--json`) can be written at
/// `path`: not a folder, its folder made or makeable and writable. OutputError otherwise.
void check_output_file(const std::filesystem::path& path);

/// Removes the temporary folders of every OutFolder not committed yet, waiting for a swap in
/// progress to end: for the thread that handles SIGINT and SIGTERM when the command does not
/// unwind in time. Returns at once when there is none.
void abandon_pending_outputs() noexcept;

/// Whether an OutFolder is waiting to be committed or removed.
bool outputs_pending() noexcept;

}  // namespace milkrun
