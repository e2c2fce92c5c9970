// Ids given on the command line (--zone, --sku, --warehouse): found by exact match, or a usage
// error with a "did you mean" hint, else the known ids. One wording for every command.
#pragma once
#include <milkrun/model/model.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace milkrun::cli {

/// The ids a message lists in full: a handful, else the first few and how many more.
std::string listed(const std::vector<std::string>& ids);

/// The ids of entities with an `id` member, in order.
template <class Entities>
std::vector<std::string> ids_of(const Entities& entities) {
  std::vector<std::string> ids;
  ids.reserve(entities.size());
  for (const auto& e : entities) ids.push_back(e.id);
  return ids;
}

/// The index of `id` among `ids`; an unknown id is a UsageError naming `what`, with the
/// closest id as a hint, else the known ones.
std::uint32_t index_of(const std::vector<std::string>& ids, const std::string& id, const std::string& what);

/// The pair of `sku` at `w`; a UsageError naming the warehouses that stock it when `w` does not.
PairId stocked_pair(const Model& model, SkuId sku, WarehouseId w);

}  // namespace milkrun::cli
