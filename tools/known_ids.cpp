#include "known_ids.hpp"

#include <milkrun/errors.hpp>

#include "input/json_reader.hpp"

namespace milkrun::cli {

std::string listed(const std::vector<std::string>& ids) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > kShown) out += " and " + std::to_string(ids.size() - kShown) + " more";
  return out;
}

std::uint32_t index_of(const std::vector<std::string>& ids, const std::string& id, const std::string& what) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<std::uint32_t>(i);
  const std::string hint = closest(id, ids);
  throw UsageError("unknown " + what + " \"" + id + "\"" +
                   (hint.empty() ? " (known: " + listed(ids) + ")" : "; did you mean \"" + hint + "\"?"));
}

PairId stocked_pair(const Model& model, SkuId sku, WarehouseId w) {
  const PairId p = model.pair(sku, w);
  if (p != kNoPair) return p;
  std::vector<std::string> stocking;
  for (WarehouseId v = 0; v < model.warehouse_count(); ++v)
    if (model.pair(sku, v) != kNoPair) stocking.push_back(model.warehouses[v].id);
  throw UsageError("SKU \"" + model.skus[sku].id + "\" is not stocked at " + model.warehouses[w].id +
                   " (stocked at: " + listed(stocking) + ")");
}

}  // namespace milkrun::cli
