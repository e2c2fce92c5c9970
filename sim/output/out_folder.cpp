#include <milkrun/output/out_folder.hpp>

#include <milkrun/errors.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace milkrun {
namespace {

namespace fs = std::filesystem;

/// What each command writes (SPEC §6, §8; baseline.json of --save-baseline).
constexpr std::array<std::string_view, 12> kOutputNames = {
    "summary.json", "daily.csv",    "skus.csv",  "routes.csv",    "orders.csv", "report.html",
    "compare.json", "compare.csv", "sweep.csv", "metamodel.csv", "batch.csv",  "baseline.json"};

/// The temporary folders not yet committed or removed, guarded by `registry_mutex`, which a
/// swap also holds so that a signal's clean-up never meets a half-done swap.
std::mutex registry_mutex;
std::vector<fs::path>& registry() {
  static std::vector<fs::path> pending;
  return pending;
}

[[noreturn]] void fail(const fs::path& target, const std::string& reason) { throw OutputError(target.string() + ": " + reason); }

std::string error_text(int error) { return std::strerror(error); }

/// `p` absolute, with symbolic links resolved as far as it exists and no trailing separator.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) real = fs::absolute(p).lexically_normal();
  if (!real.has_filename() && real.has_relative_path()) real = real.parent_path();
  return real;
}

/// Whether `above` is `below` or one of the folders above it.
bool is_at_or_above(const fs::path& above, const fs::path& below) {
  const auto [a, b] = std::mismatch(above.begin(), above.end(), below.begin(), below.end());
  return a == above.end();
}

/// Refuses a target that cannot be an output folder: the working directory or above it, a
/// file, a folder holding anything milkrun does not write, a folder that cannot be written.
void check_folder(const fs::path& target, const fs::path& real) {
  std::error_code ec;
  const fs::path cwd = fs::canonical(fs::current_path(ec), ec);
  if (!ec && is_at_or_above(real, cwd)) fail(target, "is the working directory or a folder above it; name a folder of its own");
  const fs::file_status st = fs::status(real, ec);
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st)) fail(target, "is a file, not a folder");
  fs::directory_iterator entries(real, ec);
  if (ec) fail(target, "cannot read the folder: " + ec.message());
  for (const fs::directory_entry& e : entries) {
    const std::string name = e.path().filename().string();
    std::error_code kind;
    if (!is_output_file_name(name) || !e.is_regular_file(kind) || e.is_symlink(kind))
      fail(target, "holds " + name + ", which milkrun does not write; name a new or empty folder, or one of milkrun's own");
  }
  if (::access(real.c_str(), W_OK | X_OK) != 0) fail(target, "cannot write: " + error_text(errno));
}

/// Makes the folders missing above and at `dir`; returns the highest one it made (empty when
/// none was missing).
fs::path make_folders(const fs::path& target, const fs::path& dir) {
  fs::path highest;
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    highest = p;
    if (p == p.parent_path()) break;
  }
  if (highest.empty()) return highest;
  fs::create_directories(dir, ec);
  if (ec) fail(target, "cannot create " + dir.string() + ": " + ec.message());
  return highest;
}

/// Removes `dir` and what it holds; a writer that still adds to it gets another try.
void remove_tree(const fs::path& dir) noexcept {
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (!fs::exists(fs::symlink_status(dir, ec))) return;
  }
}

/// Removes the empty folders from `from` up to `highest` (those a check made).
void remove_made(fs::path from, const fs::path& highest) noexcept {
  if (highest.empty()) return;
  for (;;) {
    if (::rmdir(from.c_str()) != 0 || from == highest || from == from.parent_path()) return;
    from = from.parent_path();
  }
}

/// SIGINT and SIGTERM held in this thread while it lives.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &before_);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &before_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t before_;
};

}  // namespace

bool is_output_file_name(std::string_view name) {
  for (std::string_view known : kOutputNames) {
    if (name == known) return true;
    // KNOWN.tmp.PID: a temporary of a single file, left by a process killed outright.
    const std::string_view tmp = ".tmp.";
    if (name.size() > known.size() + tmp.size() && name.substr(0, known.size()) == known &&
        name.substr(known.size(), tmp.size()) == tmp &&
        name.find_first_not_of("0123456789", known.size() + tmp.size()) == std::string_view::npos)
      return true;
  }
  return false;
}

OutFolder::OutFolder(fs::path target) : target_(std::move(target)), real_(resolved(target_)) {
  check_folder(target_, real_);
  const fs::path parent = real_.parent_path();
  // A mount point cannot be renamed: said now rather than after the simulation.
  struct stat mine {}, above {};
  if (::stat(real_.c_str(), &mine) == 0 && ::stat(parent.c_str(), &above) == 0 && mine.st_dev != above.st_dev)
    fail(target_, "is a mount point, which cannot be swapped for a new folder; name a folder inside it");
  made_ = make_folders(target_, parent);
  temp_ = parent / ("." + real_.filename().string() + ".milkrun-" + std::to_string(::getpid()));
  remove_tree(temp_);  // left by an earlier process of the same id
  if (::mkdir(temp_.c_str(), 0777) != 0) {
    const int error = errno;
    remove_made(parent, made_);
    fail(target_, "cannot create a folder in " + parent.string() + ": " + error_text(error));
  }
  const std::lock_guard lock(registry_mutex);
  registry().push_back(temp_);
}

OutFolder::~OutFolder() {
  if (!committed_) abandon();
}

void OutFolder::abandon() noexcept {
  {
    const std::lock_guard lock(registry_mutex);
    remove_tree(temp_);
    auto& pending = registry();
    pending.erase(std::remove(pending.begin(), pending.end(), temp_), pending.end());
  }
  remove_made(real_.parent_path(), made_);
}

void OutFolder::commit() {
  const SignalsHeld held;
  const std::lock_guard lock(registry_mutex);
  struct stat old {};
  const bool existed = ::lstat(real_.c_str(), &old) == 0;
  if (existed) {
    ::chmod(temp_.c_str(), old.st_mode & 07777);  // the folder keeps its permissions
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, real_.c_str(), RENAME_EXCHANGE) != 0) {
      // A file system without the exchange: the old folder aside, the new one in its place.
      const int error = errno;
      if (error != EINVAL && error != ENOSYS && error != ENOTSUP) fail(target_, "cannot put the new results in place: " + error_text(error));
      const fs::path aside = fs::path(temp_.string() + ".old");
      remove_tree(aside);
      if (::rename(real_.c_str(), aside.c_str()) != 0) fail(target_, "cannot move the old results aside: " + error_text(errno));
      if (::rename(temp_.c_str(), real_.c_str()) != 0) {
        const int again = errno;
        ::rename(aside.c_str(), real_.c_str());
        fail(target_, "cannot put the new results in place: " + error_text(again));
      }
      remove_tree(aside);
    } else {
      remove_tree(temp_);  // the old folder, now under the temporary's name
    }
  } else if (::rename(temp_.c_str(), real_.c_str()) != 0) {
    fail(target_, "cannot put the results in place: " + error_text(errno));
  }
  auto& pending = registry();
  pending.erase(std::remove(pending.begin(), pending.end(), temp_), pending.end());
  committed_ = true;
}

void prepare_output_folder(const fs::path& dir) {
  const fs::path real = resolved(dir);
  check_folder(dir, real);
  make_folders(dir, real);
  if (::access(real.c_str(), W_OK | X_OK) != 0) fail(dir, "cannot write: " + error_text(errno));
}

void check_output_file(const fs::path& path) {
  const fs::path real = resolved(path);
  std::error_code ec;
  if (fs::is_directory(real, ec)) fail(path, "is a folder, not a file");
  const fs::path parent = real.parent_path();
  make_folders(path, parent);
  if (!fs::is_directory(parent, ec)) fail(path, parent.string() + " is not a folder");
  if (::access(parent.c_str(), W_OK | X_OK) != 0) fail(path, "cannot write in " + parent.string() + ": " + error_text(errno));
}

void abandon_pending_outputs() noexcept {
  const std::lock_guard lock(registry_mutex);
  for (const fs::path& temp : registry()) remove_tree(temp);
  registry().clear();
}

bool outputs_pending() noexcept {
  const std::lock_guard lock(registry_mutex);
  return !registry().empty();
}

}  // namespace milkrun
