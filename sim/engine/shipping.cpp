#include "engine/shipping.hpp"

namespace milkrun::engine {

Shipping::Shipping(const Model& model, StreamFamily delay, Inventory& inventory, KpiAccounting& kpi)
    : m_(model), carrier_(model, delay), inventory_(inventory), kpi_(kpi), departures_(model.warehouse_count()) {}

}  // namespace milkrun::engine
