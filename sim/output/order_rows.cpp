#include <milkrun/output/order_rows.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

namespace milkrun {
namespace {

constexpr std::size_t kChunk = 1 << 20;
constexpr std::int64_t kCachedDays = 1 << 16;
const std::string kScratchName = "a temporary file of orders.csv";

/// Copies `n` bytes of `from` at `from_at` to `to` at `to_at` (to's own offset when null),
/// in the kernel where it can.
void copy_bytes(int from, std::uint64_t from_at, int to, std::uint64_t* to_at, std::uint64_t n) {
  while (n > 0) {
    auto in = static_cast<loff_t>(from_at);
    loff_t out = to_at ? static_cast<loff_t>(*to_at) : 0;
    const ssize_t done = ::copy_file_range(from, &in, to, to_at ? &out : nullptr, std::min<std::uint64_t>(n, 1 << 30), 0);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) break;  // not supported here, or nothing copied: by hand below
    from_at += static_cast<std::uint64_t>(done);
    if (to_at) *to_at += static_cast<std::uint64_t>(done);
    n -= static_cast<std::uint64_t>(done);
  }
  std::string buf;
  while (n > 0) {
    buf.resize(std::min<std::uint64_t>(n, kChunk));
    const ssize_t got = ::pread(from, buf.data(), buf.size(), static_cast<off_t>(from_at));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("cannot read back a temporary file of orders.csv");
    const std::string_view piece(buf.data(), static_cast<std::size_t>(got));
    if (to_at) {
      write_all_at(to, piece, *to_at, kScratchName);
      *to_at += piece.size();
    } else {
      write_all(to, piece, "orders.csv");
    }
    from_at += piece.size();
    n -= piece.size();
  }
}

/// "HH:MM:SS" of a second of the day.
void clock_digits(char* at, std::int64_t s) {
  const auto two = [](char* p, std::int64_t v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  two(at, s / 3600);
  at[2] = ':';
  two(at + 3, s % 3600 / 60);
  at[5] = ':';
  two(at + 6, s % 60);
}

}  // namespace

const char* TimeText::cached(std::int64_t day) {
  if (day < 0 || day >= kCachedDays) return nullptr;
  const auto i = static_cast<std::size_t>(day);
  if (i >= days_.size()) days_.resize(i + 1);
  Day& d = days_[i];
  if (!d.filled) {
    const std::string text = format_date(start_ + static_cast<Date>(day));
    if (text.size() != d.text.size()) return nullptr;  // a year beyond 9999: not cached
    text.copy(d.text.data(), d.text.size());
    d.filled = true;
  }
  return d.text.data();
}

void TimeText::date(TextOut& out, std::int64_t day) {
  if (const char* text = cached(day)) out << std::string_view(text, 10);
  else out << format_date(start_ + static_cast<Date>(day));
}

void TimeText::instant(TextOut& out, SimTime t) {
  // As format_instant_seconds: the day, then the clock.
  const SimTime day = day_of(t);
  char text[19];
  clock_digits(text + 11, t - day * kSecondsPerDay);
  text[10] = 'T';
  if (const char* date = cached(day)) {
    std::memcpy(text, date, 10);
    out << std::string_view(text, sizeof text);
  } else {
    out << format_date(start_ + static_cast<Date>(day)) << std::string_view(text + 10, 9);
  }
}

std::string_view orders_csv_header() {
  return "replication,order,arrival,zone,sku,units,prime,warehouse,promised_ship,promised_delivery,shipped,"
         "delivered,status,late_shipment,late_delivery,cause,pick_start,pick_end,days_late,rerouted,upstream_cause,lines\n";
}

/// §6: a field of each of `items` (an order's lines or shipments), joined with ';' in order.
template <class Item, class Field>
void joined(TextOut& out, const std::vector<Item>& items, Field&& field) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out << ';';
    field(items[i]);
  }
}

void order_row(TextOut& out, TimeText& time, const Model& m, std::uint64_t replication, const OrderRecord& o) {
  const bool placed = o.warehouse >= 0 && o.status != OrderStatus::lost;
  const bool done = o.status == OrderStatus::delivered;
  const bool split = !o.shipments.empty();  // R41: shipment fields joined, in shipment order
  out.integer(static_cast<std::int64_t>(replication)) << ',';
  out.integer(static_cast<std::int64_t>(o.order)) << ',';
  time.instant(out, o.arrival);
  out << ',' << m.zone_ids[o.zone] << ',';
  if (o.lines.empty()) {
    out << m.skus[o.sku].id << ',';
    out.integer(o.units) << ',';
  } else {  // R40: several lines join their fields, in line order
    joined(out, o.lines, [&](const OrderLine& l) { out << m.skus[l.sku].id; });
    out << ',';
    joined(out, o.lines, [&](const OrderLine& l) { out.integer(l.units); });
    out << ',';
  }
  out << (o.prime ? '1' : '0') << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { out << m.warehouses[static_cast<std::size_t>(s.warehouse)].id; });
  else if (placed) out << m.warehouses[static_cast<std::size_t>(o.warehouse)].id;
  out << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { time.instant(out, s.promised_ship); });
  else if (placed) time.instant(out, o.promised_ship);
  out << ',';
  if (placed) time.date(out, o.promised_delivery);  // a split order's: the latest of its shipments'
  out << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { if (s.done) time.instant(out, s.shipped); });
  else if (done) time.instant(out, o.shipped);
  out << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { if (s.done) time.date(out, s.delivered); });
  else if (done) time.date(out, o.delivered);
  out << ',' << status_name(o.status) << ',' << (o.late_shipment ? '1' : '0') << ',' << (o.late_delivery ? '1' : '0')
      << ',' << cause_name(o.cause) << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { if (s.done) time.instant(out, s.pick_start); });
  else if (done) time.instant(out, o.pick_start);
  out << ',';
  if (split) joined(out, o.shipments, [&](const ShipmentFacts& s) { if (s.done) time.instant(out, s.pick_end); });
  else if (done) time.instant(out, o.pick_end);
  out << ',';
  if (done) out.integer(std::max<DayIndex>(0, o.delivered - o.promised_delivery));  // §7 days_late
  out << ',';
  if (placed) out << (o.rerouted ? '1' : '0');
  out << ',' << upstream_name(o.upstream) << ',';
  out.integer(static_cast<std::int64_t>(std::max<std::size_t>(1, o.lines.size()))) << '\n';  // R40
}

OrderSpool::OrderSpool(const Model& model, int replication, const std::filesystem::path& near)
    : m_(model),
      near_(near),
      replication_(static_cast<std::uint64_t>(replication) + 1),
      time_(model.start),
      main_(near),
      main_out_(main_.fd(), kScratchName) {}

void OrderSpool::take(const OrderRecord& order) { order_row(main_out_, time_, m_, replication_, order); }

std::uint64_t OrderSpool::keep_place() {
  holes_.push_back(main_out_.position());
  late_rows_.emplace_back();
  return holes_.size() - 1;
}

void OrderSpool::fill(std::uint64_t place, const OrderRecord& order) {
  if (!late_) {
    late_ = std::make_unique<ScratchFile>(near_);
    late_out_ = std::make_unique<TextOut>(late_->fd(), kScratchName);
  }
  const std::uint64_t at = late_out_->position();
  order_row(*late_out_, time_, m_, replication_, order);
  late_rows_[place] = {at, late_out_->position() - at};
}

OrderRows::OrderRows(const Model& model, std::filesystem::path near) : m_(model), near_(std::move(near)), file_(near_) {}

std::unique_ptr<OrderSpool> OrderRows::spool(int replication) const {
  return std::make_unique<OrderSpool>(m_, replication, near_);
}

OrderRows::Segment& OrderRows::segment(int replication) {
  const auto i = static_cast<std::size_t>(replication);
  if (i >= segments_.size()) segments_.resize(i + 1);
  return segments_[i];
}

void OrderRows::add(int replication, OrderSpool& spool) {
  spool.main_out_.drain();
  if (spool.late_out_) spool.late_out_->drain();
  const std::lock_guard lock(mutex_);
  Segment& s = segment(replication);
  s.offset = end_;
  std::uint64_t from = 0;
  for (std::size_t place = 0; place < spool.holes_.size(); ++place) {  // the main rows, the kept places filled
    copy_bytes(spool.main_.fd(), from, file_.fd(), &end_, spool.holes_[place] - from);
    from = spool.holes_[place];
    const auto [at, size] = spool.late_rows_[place];
    copy_bytes(spool.late_->fd(), at, file_.fd(), &end_, size);
  }
  copy_bytes(spool.main_.fd(), from, file_.fd(), &end_, spool.main_out_.position() - from);
  s.size = end_ - s.offset;
}

void OrderRows::append(int replication, std::string_view rows) {
  const std::lock_guard lock(mutex_);
  Segment& s = segment(replication);
  if (s.size == 0) s.offset = end_;
  if (s.offset + s.size != end_) throw std::logic_error("orders.csv rows appended out of turn");
  write_all_at(file_.fd(), rows, end_, kScratchName);
  end_ += rows.size();
  s.size = end_ - s.offset;
}

void OrderRows::read(int replication, const std::function<void(std::string_view)>& to) const {
  Segment s;
  {
    const std::lock_guard lock(mutex_);
    if (static_cast<std::size_t>(replication) < segments_.size()) s = segments_[static_cast<std::size_t>(replication)];
  }
  std::string buf;
  for (std::uint64_t done = 0; done < s.size;) {
    buf.resize(std::min<std::uint64_t>(s.size - done, kChunk));
    file_.read(s.offset + done, buf.data(), buf.size());
    to(buf);
    done += buf.size();
  }
}

void OrderRows::write_csv(const std::filesystem::path& path, int count) const {
  AtomicFile file(path);
  file.out() << orders_csv_header();
  file.out().drain();
  {
    const std::lock_guard lock(mutex_);
    for (int r = 0; r < count; ++r) {
      if (static_cast<std::size_t>(r) >= segments_.size()) break;
      const Segment& s = segments_[static_cast<std::size_t>(r)];
      copy_bytes(file_.fd(), s.offset, file.fd(), nullptr, s.size);
    }
  }
  file.commit();
}

}  // namespace milkrun
