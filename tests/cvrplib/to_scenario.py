#!/usr/bin/env python3
"""Converts a CVRPLIB instance (.vrp, EUC_2D) into a milkrun scenario (SPEC §2).

One warehouse at the depot; one milk-run supplier per customer, named C<node>, whose
expected load per run is its demand in liters ("pickup_load", kg 0); one daily milk run with
"stops": "auto" and "trucks": "auto" serving them all, trucks of CAPACITY liters. Distances
are euclidean and rounded per leg as CVRPLIB's nint does, so `milkrun routes` on the result
reports km comparable with the instance's best known solution.

usage: to_scenario.py INSTANCE.vrp [-o SCENARIO.json]
"""
import argparse
import json
import sys
from pathlib import Path


def read_vrp(path):
    """Name, capacity, depot node and {node: (x, y, demand)} of a TSPLIB-style CVRP file."""
    header, coords, demand, depots = {}, {}, {}, []
    section = None
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("SECTION"):
            section = line
            continue
        if ":" in line and not line[0].isdigit() and not line[0] == "-":
            key, value = (part.strip() for part in line.split(":", 1))
            header[key] = value
            section = None
            continue
        fields = line.split()
        node = int(fields[0])
        if section == "NODE_COORD_SECTION":
            coords[node] = (float(fields[1]), float(fields[2]))
        elif section == "DEMAND_SECTION":
            demand[node] = float(fields[1])
        elif section == "DEPOT_SECTION" and node > 0:
            depots.append(node)
    if header.get("EDGE_WEIGHT_TYPE") != "EUC_2D":
        sys.exit(f"{path}: only EUC_2D instances are supported")
    depot = depots[0] if depots else 1
    return header.get("NAME", Path(path).stem), float(header["CAPACITY"]), depot, coords, demand


def number(x):
    """Integral floats as ints, so the JSON reads like the instance."""
    return int(x) if float(x).is_integer() else x


def scenario(path):
    name, capacity, depot, coords, demand = read_vrp(path)
    at = lambda node: {"x": number(coords[node][0]), "y": number(coords[node][1])}
    customers = [node for node in sorted(coords) if node != depot]
    suppliers = [{
        "id": f"C{node}",
        "location": at(node),
        "delivery": "milk_run",
        "pickup_load": {"liters": number(demand[node]), "kg": 0},
    } for node in customers]
    return {
        "milkrun": 1,
        "name": f"cvrplib-{name}",
        "start": "2026-11-02",
        "horizon_days": 7,
        "warmup_days": 0,
        "seed": 1,
        "replications": 1,
        "distances": {"mode": "euclidean", "round": True, "speed_kmh": 60},
        "carrier": {"transit_days": [{"days": 1}]},
        "warehouses": [{
            "id": "DEPOT",
            "location": at(depot),
            "pick_pack": {"stations": 1, "time_per_order": "1min"},
            "departures": ["18:00"],
        }],
        "zones": [{"id": "DEPOT-ZONE", "location": at(depot), "weight": 1}],
        "suppliers": suppliers,
        # The scenario format needs a SKU; this one has no demand and only names a source.
        "skus": [{
            "id": "PLACEHOLDER",
            "source": {"supplier": suppliers[0]["id"]},
            "orders_per_day": 0,
            "unit": {"liters": 1, "kg": 1, "value": 1},
            "stock": {"DEPOT": {"initial": 0}},
        }],
        "milk_runs": [{
            "id": "MR",
            "warehouse": "DEPOT",
            "schedule": {"days": "daily", "depart": "06:00"},
            "trucks": "auto",
            # Demands are liters only; kg never binds.
            "truck": {"liters": number(capacity), "kg": number(capacity)},
            "stops": "auto",
            "serves": [s["id"] for s in suppliers],
        }],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", help="a CVRPLIB .vrp file (EUC_2D)")
    parser.add_argument("-o", "--output", help="scenario file to write (default: stdout)")
    args = parser.parse_args()
    text = json.dumps(scenario(args.instance), indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
