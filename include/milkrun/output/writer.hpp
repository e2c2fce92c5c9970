// Writing output files fast and safely: buffered text straight into a file (numbers
// formatted into the buffer, no string per cell), and files that appear only complete
// (a temporary file beside the target, renamed into place; SPEC §6, §12).
#pragma once
#include <milkrun/types.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun {

/// Buffered text into a file descriptor it does not own. Throws OutputError naming
/// `name` when the file cannot be written.
class TextOut {
 public:
  TextOut(int fd, std::string name);
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;

  TextOut& operator<<(std::string_view s) {
    if (s.size() > kSize - used_) return put_long(s);
    s.copy(buf_.get() + used_, s.size());
    used_ += s.size();
    return *this;
  }
  TextOut& operator<<(char c) {
    if (used_ == kSize) drain();
    buf_[used_++] = c;
    return *this;
  }
  /// A whole number in decimal, as std::to_string writes it.
  TextOut& integer(std::int64_t v);
  /// format_shortest(v): the shortest text that reads back as `v`.
  TextOut& shortest(double v);
  /// csv_number(v): shortest text, nothing when undefined or not finite.
  TextOut& csv_number(std::optional<double> v);
  /// Bytes written so far (flushed or not).
  std::uint64_t position() const { return written_ + used_; }
  /// Writes out the buffer.
  void drain();

 private:
  static constexpr std::size_t kSize = 1 << 20;
  TextOut& put_long(std::string_view s);
  /// Room for `n` more bytes (n at most 64).
  char* room(std::size_t n) {
    if (kSize - used_ < n) drain();
    return buf_.get() + used_;
  }

  int fd_;
  std::string name_;
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0;
  std::uint64_t written_ = 0;
};

/// A file that appears at `path` complete or not at all: written through a temporary
/// beside it and renamed into place by commit(). Destroyed before commit (an exception, a
/// failed run), it removes what it wrote. Where the file system allows, the temporary has
/// no name until commit, so that not even a killed process leaves it behind.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  TextOut& out() { return *out_; }
  /// The file, to write to directly after draining out().
  int fd() const { return fd_; }
  /// Writes out, then puts the file in place.
  void commit();

 private:
  std::filesystem::path path_, tmp_;  ///< tmp_: the named temporary, empty while unnamed
  int fd_ = -1;
  std::unique_ptr<TextOut> out_;
};

/// A temporary file with no name (gone when closed or when the process dies), in `near`'s
/// folder when it exists (else the nearest existing folder above it), or else in the system's
/// temporary folder. Read and written; throws OutputError when none can be made.
class ScratchFile {
 public:
  explicit ScratchFile(const std::filesystem::path& near);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  int fd() const { return fd_; }
  /// Reads `n` bytes at `offset` into `to` (throws when the file is shorter).
  void read(std::uint64_t offset, char* to, std::size_t n) const;

 private:
  int fd_ = -1;
};

/// Writes all of `bytes` to `fd` (throws OutputError naming `name` and the reason).
void write_all(int fd, std::string_view bytes, const std::string& name);
/// The same at byte `offset` of `fd`, leaving its own offset where it is.
void write_all_at(int fd, std::string_view bytes, std::uint64_t offset, const std::string& name);

}  // namespace milkrun
