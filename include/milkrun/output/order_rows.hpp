// orders.csv (SPEC §6) streamed: each replication's rows go to disk as the engine hands over
// its final orders, and the file is put together in replication order at the end, so that
// memory does not grow with the orders.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/writer.hpp>

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun {

/// Dates and instants of SPEC §1 as format_date and format_instant_seconds write them, into
/// a TextOut without a string per field.
class TimeText {
 public:
  explicit TimeText(Date start) : start_(start) {}
  /// format_date(start + day).
  void date(TextOut& out, std::int64_t day);
  /// format_instant_seconds(start, t).
  void instant(TextOut& out, SimTime t);

 private:
  struct Day {
    std::array<char, 10> text{};
    bool filled = false;
  };
  /// The 10 characters of day `day` (days from the start), or nullptr when not cached.
  const char* cached(std::int64_t day);
  Date start_;
  std::vector<Day> days_;  ///< by day from the start, filled as met
};

/// The header line of orders.csv.
std::string_view orders_csv_header();
/// One order's row of orders.csv (replication counted from 1).
void order_row(TextOut& out, TimeText& time, const Model& model, std::uint64_t replication, const OrderRecord& order);

/// The orders of one running replication, written as rows into an unnamed temporary file;
/// orders whose place was kept go to a second one and are put in place when read.
class OrderSpool final : public OrderSink {
 public:
  OrderSpool(const Model& model, int replication, const std::filesystem::path& near);
  void take(const OrderRecord& order) override;
  std::uint64_t keep_place() override;
  void fill(std::uint64_t place, const OrderRecord& order) override;

 private:
  friend class OrderRows;
  const Model& m_;
  std::filesystem::path near_;
  std::uint64_t replication_;
  TimeText time_;
  ScratchFile main_;
  TextOut main_out_;
  std::unique_ptr<ScratchFile> late_;
  std::unique_ptr<TextOut> late_out_;
  std::vector<std::uint64_t> holes_;  ///< by place: where in main_ its row goes
  std::vector<std::pair<std::uint64_t, std::uint64_t>> late_rows_;  ///< by place: offset and size in late_
};

/// The rows of every replication of a run, in one unnamed temporary file beside the output.
/// Safe to add to from several threads.
class OrderRows {
 public:
  OrderRows(const Model& model, std::filesystem::path near);
  /// A sink for replication `replication` (0-based) while it runs; `add` it when it ends.
  std::unique_ptr<OrderSpool> spool(int replication) const;
  /// Keeps a finished replication's rows, in order.
  void add(int replication, OrderSpool& spool);
  /// Appends rows made elsewhere (another rank) to replication `replication`'s, which must be
  /// the last replication added or appended to.
  void append(int replication, std::string_view rows);
  /// Replication `replication`'s rows, in pieces, in order.
  void read(int replication, const std::function<void(std::string_view)>& to) const;
  /// Writes orders.csv at `path` atomically: the header, then the rows of replications
  /// 0 .. count-1 in order.
  void write_csv(const std::filesystem::path& path, int count) const;

 private:
  struct Segment {
    std::uint64_t offset = 0, size = 0;
  };
  Segment& segment(int replication);
  const Model& m_;
  std::filesystem::path near_;
  ScratchFile file_;
  mutable std::mutex mutex_;
  std::uint64_t end_ = 0;
  std::vector<Segment> segments_;  ///< by replication
};

}  // namespace milkrun
