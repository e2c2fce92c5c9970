// Route planner benchmark: plans every CVRPLIB instance of a folder (EUC_2D, legs rounded
// with nint as CVRPLIB does) with unlimited trucks and prints the gap to the best known
// solution of bks.json and the time per instance.
// With --fleet each instance gets the trucks its name gives (the k of A-n32-k5), as CVRPLIB
// counts its best known solutions.
//   milkrun_bench_routes DIR [--effort N] [--seed N] [--fleet]
#include <milkrun/routes/planner.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using milkrun::PlanProblem;

namespace {

struct Cvrp {
  std::string name;
  double capacity = 0;
  std::vector<double> x, y, demand;  ///< depot first
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// Reads a TSPLIB-style CVRP file with NODE_COORD_SECTION, DEMAND_SECTION and DEPOT_SECTION.
Cvrp read_vrp(const fs::path& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path.string());
  Cvrp c;
  c.name = path.stem().string();
  std::vector<double> x, y, demand;
  int depot = 1;
  std::string line, section;
  while (std::getline(file, line)) {
    line = trim(line);
    if (line.empty() || line == "EOF") continue;
    if (const auto colon = line.find(':'); colon != std::string::npos) {
      const std::string key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
      if (key == "CAPACITY") c.capacity = std::stod(value);
      if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D") throw std::runtime_error(c.name + ": only EUC_2D is supported");
      section.clear();
      continue;
    }
    if (line.find("SECTION") != std::string::npos) {
      section = line;
      continue;
    }
    std::istringstream in(line);
    int id = 0;
    in >> id;
    if (section == "NODE_COORD_SECTION") {
      x.resize(std::max<std::size_t>(x.size(), static_cast<std::size_t>(id))), y.resize(x.size());
      in >> x[static_cast<std::size_t>(id - 1)] >> y[static_cast<std::size_t>(id - 1)];
    } else if (section == "DEMAND_SECTION") {
      demand.resize(std::max<std::size_t>(demand.size(), static_cast<std::size_t>(id)));
      in >> demand[static_cast<std::size_t>(id - 1)];
    } else if (section == "DEPOT_SECTION" && id > 0) {
      depot = id;
    }
  }
  const auto d = static_cast<std::size_t>(depot - 1);
  c.x.push_back(x[d]), c.y.push_back(y[d]), c.demand.push_back(0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i != d) c.x.push_back(x[i]), c.y.push_back(y[i]), c.demand.push_back(demand[i]);
  }
  return c;
}

/// The k of a CVRPLIB name such as A-n32-k5.
int trucks_in_name(const std::string& name) { return std::stoi(name.substr(name.rfind("-k") + 2)); }

PlanProblem to_problem(const Cvrp& c, int effort, std::uint64_t seed) {
  const auto places = static_cast<Eigen::Index>(c.x.size());
  PlanProblem p;
  p.km.resize(places, places);
  p.seconds = Eigen::MatrixXd::Zero(places, places);
  for (Eigen::Index i = 0; i < places; ++i) {
    for (Eigen::Index j = 0; j < places; ++j) {
      const auto a = static_cast<std::size_t>(i), b = static_cast<std::size_t>(j);
      p.km(i, j) = std::floor(std::hypot(c.x[a] - c.x[b], c.y[a] - c.y[b]) + 0.5);  // TSPLIB nint
    }
  }
  for (const double demand : c.demand) p.loads.push_back({demand, 0});
  p.capacity = {c.capacity, std::numeric_limits<double>::infinity()};
  p.effort = effort;
  p.seed = seed;
  return p;
}

/// Why `plan` is not a valid CVRP solution of `c`, or "" if it is: every customer once,
/// loads within capacity, and km as reported.
std::string invalid(const Cvrp& c, const PlanProblem& p, const milkrun::Plan& plan) {
  std::vector<int> seen(c.x.size(), 0);
  double total = 0;
  for (const auto& route : plan.routes) {
    double load = 0, km = 0;
    int at = 0;
    for (const int s : route.stops) {
      ++seen[static_cast<std::size_t>(s)];
      load += c.demand[static_cast<std::size_t>(s)];
      km += p.km(at, s);
      at = s;
    }
    km += p.km(at, 0);
    total += km;
    if (load > c.capacity) return "a route carries " + std::to_string(load);
    if (std::abs(km - route.km) > 1e-6) return "a route's km is misreported";
  }
  for (std::size_t s = 1; s < seen.size(); ++s) {
    if (seen[s] != 1) return "customer " + std::to_string(s) + " is visited " + std::to_string(seen[s]) + " times";
  }
  return std::abs(total - plan.total_km) > 1e-6 ? "total km is misreported" : "";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: milkrun_bench_routes DIR [--effort N] [--seed N] [--fleet]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  int effort = milkrun::kDefaultPlanEffort;
  std::uint64_t seed = 1;
  bool fleet = false;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--fleet") fleet = true;
    if (flag == "--effort" && i + 1 < argc) effort = std::stoi(argv[++i]);
    if (flag == "--seed" && i + 1 < argc) seed = std::stoull(argv[++i]);
  }
  const auto bks = nlohmann::json::parse(std::ifstream(dir / "bks.json"))["instances"];
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".vrp") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::printf("%-12s %9s %7s %9s %7s %7s %9s\n", "instance", "customers", "BKS", "ours", "trucks", "gap%", "seconds");
  double gap_sum = 0, slowest = 0;
  for (const fs::path& path : files) {
    const Cvrp c = read_vrp(path);
    const double best = bks.at(c.name).at("bks").get<double>();
    PlanProblem problem = to_problem(c, effort, seed);
    if (fleet) problem.max_trucks = trucks_in_name(c.name);
    const auto start = std::chrono::steady_clock::now();
    const milkrun::Plan plan = milkrun::plan_routes(problem);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!plan.feasible) std::printf("%-12s infeasible: %s\n", c.name.c_str(), plan.why.c_str());
    if (const std::string why = invalid(c, problem, plan); !why.empty()) {
      std::printf("%-12s INVALID PLAN: %s\n", c.name.c_str(), why.c_str());
      return 1;
    }
    const double gap = 100 * (plan.total_km - best) / best;
    gap_sum += gap;
    slowest = std::max(slowest, seconds);
    std::printf("%-12s %9zu %7.0f %9.0f %7zu %7.2f %9.3f\n", c.name.c_str(), c.x.size() - 1, best, plan.total_km,
                plan.routes.size(), gap, seconds);
  }
  std::printf("mean gap %.2f%% over %zu instances, slowest %.3f s (effort %d, seed %llu%s)\n",
              files.empty() ? 0.0 : gap_sum / static_cast<double>(files.size()), files.size(), slowest, effort,
              static_cast<unsigned long long>(seed), fleet ? ", fleet of k" : "");
  return 0;
}
