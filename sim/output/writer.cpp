#include <milkrun/output/writer.hpp>

#include <milkrun/errors.hpp>
#include <milkrun/stop.hpp>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace milkrun {
namespace {

std::string reason() { return std::strerror(errno); }

/// The folder of `near` if it is one, else the nearest existing folder above it.
std::filesystem::path existing_folder(const std::filesystem::path& near) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(near, ec);
  if (ec) p = near;
  while (!p.empty()) {
    if (std::filesystem::is_directory(p, ec)) return p;
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return ".";
}

/// An unnamed file in `dir` (O_TMPFILE), or a named one unlinked at once; -1 when neither works.
int unnamed_file(const std::filesystem::path& dir, int flags) {
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_CLOEXEC | flags, 0600);
  if (fd >= 0) return fd;
#endif
  std::string name = (dir / ".milkrun-scratch-XXXXXX").string();
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named >= 0) ::unlink(name.c_str());
  return named;
}

}  // namespace

TextOut::TextOut(int fd, std::string name) : fd_(fd), name_(std::move(name)), buf_(new char[kSize]) {}

void TextOut::drain() {
  throw_if_stopped();  // every megabyte: a long write stops soon after SIGINT or SIGTERM
  write_all(fd_, std::string_view(buf_.get(), used_), name_);
  written_ += used_;
  used_ = 0;
}

TextOut& TextOut::put_long(std::string_view s) {
  drain();  // checks for a stop too
  write_all(fd_, s, name_);
  written_ += s.size();
  return *this;
}

TextOut& TextOut::integer(std::int64_t v) {
  char* at = room(24);
  used_ = static_cast<std::size_t>(std::to_chars(at, at + 24, v).ptr - buf_.get());
  return *this;
}

TextOut& TextOut::shortest(double v) {
  // Whole numbers below 100000 read the same as integers (from 1e+05 on the shortest text is
  // exponential); most cells of skus.csv are such counts, and integers format faster.
  if (v >= 0 && v < 1e5 && !std::signbit(v)) {
    const auto whole = static_cast<std::int64_t>(v);
    if (static_cast<double>(whole) == v) return integer(whole);
  }
  char* at = room(64);
  const auto [end, ec] = std::to_chars(at, at + 64, v);
  if (ec != std::errc()) return *this << "nan";
  used_ = static_cast<std::size_t>(end - buf_.get());
  return *this;
}

TextOut& TextOut::csv_number(std::optional<double> v) {
  if (v && std::isfinite(*v)) shortest(*v);
  return *this;
}

void write_all(int fd, std::string_view bytes, const std::string& name) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw OutputError(name + ": cannot write: " + reason());
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void write_all_at(int fd, std::string_view bytes, std::uint64_t offset, const std::string& name) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw OutputError(name + ": cannot write: " + reason());
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
}

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
  const std::filesystem::path dir = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
#ifdef O_TMPFILE
  // Unnamed until commit when the file system can, and /proc can name it then.
  if (::access("/proc/self/fd", X_OK) == 0) fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#endif
  if (fd_ < 0) {
    tmp_ = path_;
    tmp_ += ".tmp." + std::to_string(::getpid());
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) throw OutputError(tmp_.string() + ": cannot write: " + reason());
  }
  out_ = std::make_unique<TextOut>(fd_, path_.string());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::commit() {
  out_->drain();
  if (tmp_.empty()) {  // give the unnamed file a temporary name beside the target
    std::filesystem::path named = path_;
    named += ".tmp." + std::to_string(::getpid());
    ::unlink(named.c_str());  // left by an earlier process of the same id
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) != 0)
      throw OutputError(named.string() + ": cannot write: " + reason());
    tmp_ = named;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw OutputError(tmp_.string() + ": cannot write: " + reason());
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0)  // the destructor removes the temporary
    throw OutputError(path_.string() + ": cannot write: " + reason());
  tmp_.clear();
}

ScratchFile::ScratchFile(const std::filesystem::path& near) {
  fd_ = unnamed_file(existing_folder(near), O_RDWR);
  if (fd_ < 0) {
    std::error_code ec;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    if (!ec) fd_ = unnamed_file(tmp, O_RDWR);
  }
  if (fd_ < 0)
    throw OutputError(near.string() + ": cannot make a temporary file near it or in the temporary folder: " + reason());
}

ScratchFile::~ScratchFile() {
  if (fd_ >= 0) ::close(fd_);
}

void ScratchFile::read(std::uint64_t offset, char* to, std::size_t n) const {
  while (n > 0) {
    const ssize_t got = ::pread(fd_, to, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("cannot read back a temporary file: " + (got == 0 ? std::string("too short") : reason()));
    to += got;
    offset += static_cast<std::uint64_t>(got);
    n -= static_cast<std::size_t>(got);
  }
}

}  // namespace milkrun
