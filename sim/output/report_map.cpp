// The network map of report.html: every place projected to the page, the planned loops on top.
#include <milkrun/output/report.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace milkrun::report {
namespace {

/// A place on a plane, in km-like units: x east, y north.
struct Point {
  double x = 0, y = 0;
  bool known = false;
};

/// Projects every place of a scenario: lat/lon equirectangular around the mean latitude (fine
/// at the scale of a region), x/y in km as they are, road nodes at their node's place.
class Projection {
 public:
  explicit Projection(const Scenario& s) {
    double lat_sum = 0;
    int n = 0;
    const auto note = [&](const Location& l) {
      if (l.has_latlon) {
        lat_sum += l.lat;
        ++n;
      }
    };
    for (const auto& w : s.warehouses) note(w.location);
    for (const auto& z : s.zones) note(z.location);
    for (const auto& v : s.suppliers) note(v.location);
    for (const auto& v : s.sellers) note(v.location);
    cos_lat_ = std::cos((n ? lat_sum / n : 0) * 3.14159265358979 / 180);
    if (s.roads)
      for (const RoadNode& node : s.roads->nodes) nodes_[node.id] = place(node.location);
  }

  Point place(const Location& l) const {
    if (!l.node.empty()) {
      const auto it = nodes_.find(l.node);
      return it == nodes_.end() ? Point{} : it->second;
    }
    if (l.has_latlon) return {l.lon * 111.32 * cos_lat_, l.lat * 110.57, true};
    if (l.has_xy) return {l.x, l.y, true};
    return {};
  }

 private:
  double cos_lat_ = 1;
  std::map<std::string, Point> nodes_;
};

std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::vector<LegendEntry> map_legend(const Model& model, bool with_dashed) {
  std::vector<LegendEntry> legend{{"warehouse (square)", "#1d1d1f"}, {"customer zone (circle, area by weight)", "#56B4E9"},
                                  {"supplier (triangle)", "#8C6D31"}};
  if (!model.sellers.empty()) legend.push_back({"seller (diamond)", "#CC79A7"});
  for (const MilkRunModel& run : model.milk_runs)  // R46: one entry per run, whatever its departure times
    if (run.departure == 0) legend.push_back({"milk run " + run.id, std::string(colour(run.spec + 1))});
  if (with_dashed) legend.push_back({"variant's loops", "#555", true});
  return legend;
}

std::string map_svg(const Scenario& s, const Model& model, const Model* dashed_loops) {
  const Projection project(s);
  std::vector<Point> warehouses, zones, suppliers, sellers;
  for (const auto& w : s.warehouses) warehouses.push_back(project.place(w.location));
  for (const auto& z : s.zones) zones.push_back(project.place(z.location));
  for (const auto& v : s.suppliers) suppliers.push_back(project.place(v.location));
  for (const auto& v : s.sellers) sellers.push_back(project.place(v.location));

  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto* list : {&warehouses, &zones, &suppliers, &sellers})
    for (const Point& p : *list)
      if (p.known) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
      }
  if (!(x1 >= x0)) x0 = x1 = y0 = y1 = 0;
  // Fit the extent into the page keeping its aspect: 1 km is as long north as east.
  const double width = 960, margin = 40, span_x = std::max(x1 - x0, 1.0), span_y = std::max(y1 - y0, 1.0);
  const double k = std::min((width - 2 * margin) / span_x, (560 - 2 * margin) / span_y);
  const double height = span_y * k + 2 * margin;
  const double offset_x = (width - span_x * k) / 2;
  const auto sx = [&](const Point& p) { return offset_x + (p.x - x0) * k; };
  const auto sy = [&](const Point& p) { return height - margin - (p.y - y0) * k; };

  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f", height);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 " + std::string(buf) +
                    "\" role=\"img\" aria-label=\"map of the network\"><rect x=\"0\" y=\"0\" width=\"960\" height=\"" + buf +
                    "\" fill=\"#fbfbf8\" stroke=\"#ddd\"/>";
  // A scale bar of a round number of km.
  const double target_km = 150 / k;
  double bar_km = std::pow(10.0, std::floor(std::log10(target_km)));
  for (double m : {5.0, 2.0, 1.0})
    if (bar_km * m <= target_km) {
      bar_km *= m;
      break;
    }
  const double bar_left = width - 70 - bar_km * k;  // bottom right, clear of the places
  out += "<line x1=\"" + px(bar_left) + "\" x2=\"" + px(bar_left + bar_km * k) + "\" y1=\"" + px(height - 14) + "\" y2=\"" +
         px(height - 14) + "\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"" + px(bar_left + bar_km * k + 6) + "\" y=\"" +
         px(height - 10) + "\">" + number(bar_km) + " km</text>";

  double max_weight = 0;
  for (const auto& z : s.zones) max_weight = std::max(max_weight, z.weight);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (!zones[i].known) continue;
    const double r = 3 + 11 * std::sqrt(max_weight > 0 ? s.zones[i].weight / max_weight : 1);
    out += "<circle class=\"mark\" cx=\"" + px(sx(zones[i])) + "\" cy=\"" + px(sy(zones[i])) + "\" r=\"" + px(r) +
           "\" fill=\"#56B4E9\" fill-opacity=\"0.45\" stroke=\"#2a7fb0\"><title>zone " + escape(s.zones[i].id) + ", weight " +
           number(s.zones[i].weight) + "</title></circle>";
    if (zones.size() <= 40)
      out += "<text class=\"label\" x=\"" + px(sx(zones[i])) + "\" y=\"" + px(sy(zones[i]) + r + 11) + "\" text-anchor=\"middle\" fill=\"#2a6f99\">" +
             escape(s.zones[i].id) + "</text>";
  }
  // The planned loops: warehouse -> stops -> warehouse, one colour per run.
  const auto loops = [&](const Model& m, bool dashed) {
    for (const MilkRunModel& run : m.milk_runs) {
      for (const RunLoop& loop : run.loops) {
        const Point home = warehouses[run.warehouse];
        if (!home.known) continue;
        std::string d = "M" + px(sx(home)) + " " + px(sy(home));
        for (SupplierId v : loop.stops)
          if (suppliers[v].known) d += "L" + px(sx(suppliers[v])) + " " + px(sy(suppliers[v]));
        d += "Z";
        out += "<path class=\"mark\" d=\"" + d + "\" fill=\"none\" stroke=\"" + std::string(dashed ? "#555" : colour(run.spec + 1)) +
               "\" stroke-width=\"" + (dashed ? "1.6" : "2.4") + "\" stroke-linejoin=\"round\"" +
               (dashed ? " stroke-dasharray=\"6 4\"" : "") + "><title>milk run " + escape(run.id) + " (" + number(loop.km) +
               " km)</title></path>";
      }
    }
  };
  loops(model, false);
  if (dashed_loops) loops(*dashed_loops, true);
  for (std::size_t i = 0; i < suppliers.size(); ++i) {
    if (!suppliers[i].known) continue;
    const double x = sx(suppliers[i]), y = sy(suppliers[i]);
    out += "<path class=\"mark\" d=\"M" + px(x) + " " + px(y - 7) + "L" + px(x + 6.5) + " " + px(y + 5) + "L" + px(x - 6.5) + " " +
           px(y + 5) + "Z\" fill=\"#8C6D31\"><title>supplier " + escape(s.suppliers[i].id) + "</title></path>";
    if (suppliers.size() <= 40)
      out += "<text class=\"label\" x=\"" + px(x + 9) + "\" y=\"" + px(y + 4) + "\" fill=\"#6b531f\">" + escape(s.suppliers[i].id) + "</text>";
  }
  for (std::size_t i = 0; i < sellers.size(); ++i) {
    if (!sellers[i].known) continue;
    const double x = sx(sellers[i]), y = sy(sellers[i]);
    out += "<path class=\"mark\" d=\"M" + px(x) + " " + px(y - 7) + "L" + px(x + 7) + " " + px(y) + "L" + px(x) + " " + px(y + 7) +
           "L" + px(x - 7) + " " + px(y) + "Z\" fill=\"#CC79A7\"><title>seller " + escape(s.sellers[i].id) + "</title></path>";
  }
  for (std::size_t i = 0; i < warehouses.size(); ++i) {
    if (!warehouses[i].known) continue;
    const double x = sx(warehouses[i]), y = sy(warehouses[i]);
    out += "<rect class=\"mark\" x=\"" + px(x - 7) + "\" y=\"" + px(y - 7) + "\" width=\"14\" height=\"14\" fill=\"#1d1d1f\"><title>warehouse " +
           escape(s.warehouses[i].id) + "</title></rect>";
    out += "<text x=\"" + px(x + 11) + "\" y=\"" + px(y - 8) + "\" class=\"wh\">" + escape(s.warehouses[i].id) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace milkrun::report
