// The sweep's metamodel: each KPI's variant means as a linear function of the numeric
// varied parameters, by least squares (Eigen), with its coefficient of determination.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/output.hpp>

#include <Eigen/Dense>

#include <sstream>

namespace milkrun {
namespace {

/// The number a JSON value text stands for, if it is a JSON number.
std::optional<double> json_number(const std::string& text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_number()) return std::nullopt;
  return doc.get<double>();
}

/// Indices of the --vary options whose values are all numbers.
std::vector<std::size_t> factor_indices(const Sweep& s) {
  std::vector<std::size_t> out;
  for (std::size_t f = 0; f < s.varies.size(); ++f) {
    bool numeric = true;
    for (const std::string& value : s.varies[f].values) numeric = numeric && json_number(value).has_value();
    if (numeric) out.push_back(f);
  }
  return out;
}

}  // namespace

LinearFit fit_linear(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const Eigen::Index n = static_cast<Eigen::Index>(y.size());
  const Eigen::Index p = x.empty() ? 0 : static_cast<Eigen::Index>(x.front().size());
  Eigen::MatrixXd design(n, p + 1);
  Eigen::VectorXd target(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    design(i, 0) = 1;
    for (Eigen::Index j = 0; j < p; ++j) design(i, j + 1) = x[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    target(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(target);
  LinearFit fit;
  fit.coefficients.assign(beta.data(), beta.data() + beta.size());
  // R² = 1 − SS_res / SS_tot (undefined when y does not vary).
  const double ss_res = (target - design * beta).squaredNorm();
  const double ss_tot = (target.array() - target.mean()).matrix().squaredNorm();
  if (ss_tot > 0) fit.r2 = 1 - ss_res / ss_tot;
  return fit;
}

std::vector<std::string> numeric_factors(const Sweep& s) {
  std::vector<std::string> out;
  for (std::size_t f : factor_indices(s)) out.push_back(s.varies[f].pointer);
  return out;
}

std::vector<Metamodel> sweep_metamodels(const Sweep& s) {
  const std::vector<std::size_t> factors = factor_indices(s);
  // More observations than coefficients, or R² is trivially 1.
  if (factors.empty() || s.variants.size() <= factors.size() + 1) return {};
  std::vector<std::vector<double>> x;
  for (const std::vector<Override>& variant : s.variants) {
    std::vector<double> row;
    for (std::size_t f : factors) row.push_back(*json_number(variant[f].value));
    x.push_back(std::move(row));
  }
  std::vector<Metamodel> out;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    std::vector<double> y;
    for (const KpiEstimates& e : s.kpis)
      if (e[k].mean) y.push_back(*e[k].mean);
    if (y.size() == s.variants.size()) out.push_back(Metamodel{std::string(kKpis[k].key), fit_linear(x, y)});
  }
  return out;
}

std::string metamodel_csv(const Sweep& s, const std::vector<Metamodel>& models) {
  std::ostringstream out;
  out << "kpi,intercept";
  for (const std::string& f : numeric_factors(s)) out << ',' << f;
  out << ",r2\n";
  for (const Metamodel& m : models) {
    out << m.kpi;
    for (double c : m.fit.coefficients) out << ',' << csv_number(c);
    out << ',' << csv_number(m.fit.r2) << '\n';
  }
  return out.str();
}

}  // namespace milkrun
