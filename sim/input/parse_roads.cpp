// Where things are (SPEC §2 `distances` and `roads`): locations in each distance mode,
// and the road network's nodes and edges.
#include "input/parse.hpp"

namespace milkrun {
namespace {

constexpr std::string_view kLocationKeys[] = {"lat", "lon", "x", "y", "node"};
constexpr std::string_view kRoadsKeys[] = {"nodes", "edges"};
constexpr std::string_view kNodeKeys[] = {"id", "lat", "lon", "x", "y"};
constexpr std::string_view kEdgeKeys[] = {"from", "to", "km", "kmh", "oneway"};

constexpr Range kLatitude{-90, 90};
constexpr Range kLongitude{-180, 180};

bool has_latlon_keys(const Obj& o) { return o.has("lat") || o.has("lon"); }
bool has_xy_keys(const Obj& o) { return o.has("x") || o.has("y"); }

/// Reads both coordinate pairs with their own need; a pair counts when both halves are read.
void read_coordinates(const Obj& o, Location& loc, Need latlon, Need xy) {
  const auto lat = o.number("lat", kLatitude, latlon), lon = o.number("lon", kLongitude, latlon);
  const auto x = o.number("x", kAnyNumber, xy), y = o.number("y", kAnyNumber, xy);
  loc.has_latlon = lat && lon;
  loc.has_xy = x && y;
  loc.lat = lat.value_or(0), loc.lon = lon.value_or(0), loc.x = x.value_or(0), loc.y = y.value_or(0);
}

/// What a location without the coordinates it needs lacks, in words.
std::string needs_text(const PlaceRules& rules, bool has_node) {
  const std::string pair = rules.xy ? "\"x\" and \"y\" in km" : "\"lat\" and \"lon\"";
  switch (rules.mode) {
    case DistanceMode::roads:
      return "needs \"node\" or " + pair + " to attach to the nearest road node (distances.mode is \"roads\")";
    case DistanceMode::euclidean:
      return "needs " + pair + " (distances.mode is \"euclidean\"" + (has_node ? "; \"node\" is for roads mode)" : ")");
    case DistanceMode::haversine:
      break;
  }
  return "needs " + pair + " (distances.mode is \"haversine\"" + (has_node ? "; \"node\" is for roads mode)" : ")");
}

/// A road node; the first node's kind of coordinates (`xy_kind`) holds for all of them.
RoadNode read_node(const Json& v, const std::string& where, Problems& out, std::optional<bool>& xy_kind) {
  const Obj o(v, where, out, KeyTable{kNodeKeys});
  RoadNode n;
  if (!o.ok()) return n;
  n.id = read_id(o);
  const bool latlon = has_latlon_keys(o), xy = has_xy_keys(o);
  if (!latlon && !xy) {
    out.add(where, "needs \"lat\" and \"lon\", or \"x\" and \"y\" in km");
    return n;
  }
  const bool node_xy = !latlon;
  if (!xy_kind) xy_kind = node_xy;
  if (*xy_kind != node_xy) {
    out.add(where, node_xy ? "has \"x\" and \"y\" but the first node has \"lat\" and \"lon\"; give every node the same "
                             "kind of coordinates"
                           : "has \"lat\" and \"lon\" but the first node has \"x\" and \"y\"; give every node the same "
                             "kind of coordinates");
    return n;
  }
  read_coordinates(o, n.location, node_xy ? Need::optional : Need::required, node_xy ? Need::required : Need::optional);
  return n;
}

RoadEdge read_edge(const Json& v, const std::string& where, Problems& out) {
  const Obj o(v, where, out, KeyTable{kEdgeKeys});
  RoadEdge e;
  e.from = o.ref("from", Need::required).value_or("");
  e.to = o.ref("to", Need::required).value_or("");
  e.km = o.number("km", kPositive, Need::required).value_or(0);
  e.kmh = o.number("kmh", kPositive);
  e.oneway = o.flag("oneway").value_or(false);
  return e;
}

}  // namespace

PlaceRules place_rules(const Distances& distances, const std::optional<Roads>& roads) {
  PlaceRules rules;
  rules.mode = distances.mode;
  rules.xy = distances.mode == DistanceMode::euclidean;
  if (distances.mode != DistanceMode::roads) return rules;
  rules.either = true;
  if (!roads) return rules;
  for (const RoadNode& n : roads->nodes)
    if (n.location.has_latlon || n.location.has_xy) {
      rules.xy = !n.location.has_latlon;
      rules.either = false;
      break;
    }
  return rules;
}

/// The coordinates the distance mode needs (the other pair is read when present); in roads
/// mode `{"node": ID}` may stand for them. A `node` outside roads mode is kept but unused,
/// so one `--set /distances/mode` switches a scenario that carries both.
Location read_location(const Obj& parent, const PlaceRules& rules) {
  Location loc;
  const Json* v = parent.get("location", Need::required);
  if (!v) return loc;
  const Obj o(*v, parent.at("location"), parent.problems(), KeyTable{kLocationKeys});
  if (!o.ok()) return loc;
  const bool roads = rules.mode == DistanceMode::roads, has_node = o.has("node");
  if (has_node) loc.node = o.ref("node").value_or("");
  if (roads && has_node) {
    read_coordinates(o, loc, Need::optional, Need::optional);
    return loc;
  }
  const bool xy = rules.either ? has_xy_keys(o) && !has_latlon_keys(o) : rules.xy;
  const bool has_needed = xy ? has_xy_keys(o) : has_latlon_keys(o);
  if (!has_needed && (roads || has_node || has_latlon_keys(o) || has_xy_keys(o))) {
    o.problems().add(o.where(), needs_text(rules, has_node));
    return loc;
  }
  read_coordinates(o, loc, xy ? Need::optional : Need::required, xy ? Need::required : Need::optional);
  return loc;
}

std::optional<Roads> read_roads(const Obj& top, const Distances& distances) {
  const Json* v = top.get("roads");
  if (!v) {
    if (distances.mode == DistanceMode::roads)
      top.problems().add(top.at("roads"), "required key is missing (distances.mode is \"roads\")");
    return std::nullopt;
  }
  const Obj o(*v, top.at("roads"), top.problems(), KeyTable{kRoadsKeys});
  Roads roads;
  std::optional<bool> xy_kind;
  for_each_entry(o, "nodes", Need::required, [&](const Json& node, const std::string& where) {
    roads.nodes.push_back(read_node(node, where, top.problems(), xy_kind));
  });
  // No edges is allowed: every place may stand at one node.
  if (const Json* edges = o.list("edges", Need::required, false))
    for (std::size_t i = 0; i < edges->size(); ++i)
      roads.edges.push_back(read_edge((*edges)[i], pointer_to(o.at("edges"), i), top.problems()));
  return roads;
}

}  // namespace milkrun
