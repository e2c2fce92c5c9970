"""Milk runs as real trucks (SPEC §11 R44-R46), end to end: a travel_time_factor of constant 1
is no factor byte for byte; noisy trips last, on average, what routes.csv plans at the factor's
mean; a duty limit skips exactly the stops worked out by hand below, misses their pickups and
starves their SKUs; the route planner's loops fit the limit; a round trip alone over the limit
is refused; two departure times a day make twice the trips and purchase-order reviews."""
import copy
import json
import math
import os
import statistics
import sys
import tempfile
from datetime import datetime

from cli_check import check, finish, rows, run, source

# W1 at the origin, speed 60 km/h: one km is one minute of driving. A (30, 0), B (60, 0) and
# C (30, -10) are milk-run suppliers with no dock hours, always ready; the run leaves daily at
# 06:00 and drives W1 > A > B > C > W1, loading 30 minutes at each stop.
NETWORK = {
    "milkrun": 1, "name": "trucks", "start": "2026-11-02", "horizon_days": 56, "warmup_days": 7,
    "seed": 3, "replications": 2,
    "distances": {"mode": "euclidean", "speed_kmh": 60},
    "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}]},
    "warehouses": [{"id": "W1", "location": {"x": 0, "y": 0},
                    "pick_pack": {"stations": 4, "time_per_order": "1min"}, "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}],
    "suppliers": [
        {"id": "A", "location": {"x": 30, "y": 0}, "delivery": "milk_run"},
        {"id": "B", "location": {"x": 60, "y": 0}, "delivery": "milk_run"},
        {"id": "C", "location": {"x": 30, "y": -10}, "delivery": "milk_run"}],
    "skus": [{"id": "S" + s, "source": {"supplier": s}, "orders_per_day": 20, "unit": {"liters": 1, "kg": 1},
              "stock": {"W1": {"initial": 100, "policy": {"type": "RS", "order_up_to": 100}}}} for s in "ABC"],
    "milk_runs": [{"id": "MR", "warehouse": "W1", "schedule": {"days": "daily", "depart": "06:00"},
                   "po_lead": "1d", "truck": {"liters": 10000, "kg": 10000, "cost_per_km": 1, "cost_per_trip": 10},
                   "stops": ["A", "B", "C"], "load_time_per_stop": "30min"}],
}
LOAD = 1800                    # seconds of loading per stop
SQRT1000 = math.sqrt(1000)     # km of B > C and of C > W1
FULL_LOOP = 1800 + LOAD + 1800 + LOAD + round(SQRT1000 * 60) + LOAD + round(SQRT1000 * 60)  # 12794 s


def variant(changes):
    doc = copy.deepcopy(NETWORK)
    for k, v in changes.items():
        doc["milk_runs"][0][k] = v
    return doc


def simulate(tmp, name, doc, *args):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out = run(["run", path, "-o", name, *args], tmp)
    check(out.returncode == 0, f"{name} runs ({out.stderr})")
    with open(os.path.join(tmp, name, "summary.json")) as f:
        return json.load(f), rows(os.path.join(tmp, name, "routes.csv"))


def seconds(a, b):
    return int((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds())


def read(path):
    with open(path, "rb") as f:
        return f.read()


with tempfile.TemporaryDirectory() as tmp:
    # R44: a constant factor of 1 is no factor, byte for byte, here and on the golden milk run.
    for name, scenario in (("hand", None), ("golden", os.path.join(source, "scenarios", "golden", "milk-run.json"))):
        if scenario is None:
            scenario = os.path.join(tmp, "hand.json")
            with open(scenario, "w") as f:
                json.dump(NETWORK, f)
        for out_dir, extra in ((name + "-plain", []), (name + "-one", ["--set", "/milk_runs/0/travel_time_factor=1"])):
            out = run(["run", scenario, "-r", "2", "-o", out_dir, *extra], tmp)
            check(out.returncode == 0, f"{out_dir} runs ({out.stderr})")
        for f in ("summary.json", "routes.csv", "daily.csv", "skus.csv"):
            check(read(os.path.join(tmp, name + "-plain", f)) == read(os.path.join(tmp, name + "-one", f)),
                  f"{name}: travel_time_factor 1 gives the same {f} byte for byte")

    # Without a limit every trip drives the whole loop: 30 + 30 + sqrt(1000) + sqrt(1000) km, back
    # 12794 s after departure, as planned.
    free, free_trips = simulate(tmp, "free", NETWORK)
    check(list(free_trips[0])[-4:] == ["missed_pickups", "planned_return", "actual_return", "duty_skips"],
          f"routes.csv ends with planned_return, actual_return, duty_skips ({list(free_trips[0])})")
    check(all(seconds(t["depart"] + ":00", t["planned_return"]) == FULL_LOOP and t["actual_return"] == t["planned_return"]
              and t["duty_skips"] == "0" and abs(float(t["km"]) - (60 + 2 * SQRT1000)) < 1e-9 for t in free_trips),
          "without a limit each trip drives the whole loop as planned")
    check(free["kpis"]["duty_skips"]["values"] == [0, 0], "no duty skips without a limit")

    # R45 by hand, max_route_hours 2.5 (9000 s), departure 06:00 = 0 s:
    #   A: drive 1800, load to 3600, back A > W1 1800 -> 5400 <= 9000: visited, leaves at 3600.
    #   B: drive A > B 1800 -> 5400, load to 7200, back B > W1 3600 -> 10800 > 9000: a duty skip.
    #   C: drive from A (B skipped) A > C 600 -> 4200, load to 6000, back C > W1
    #      round(sqrt(1000) * 60) = 1897 -> 7897 <= 9000: visited; back at 7897 s (08:11:37).
    #   km: 30 + 10 + sqrt(1000) = 71.62; one duty skip and one missed pickup (B's order waits).
    duty, duty_trips = simulate(tmp, "duty", variant({"max_route_hours": 2.5}))
    check(len(duty_trips) == len(free_trips), "the truck still makes every trip")
    check(all(seconds(t["depart"] + ":00", t["actual_return"]) == 7897 and t["duty_skips"] == "1"
              and seconds(t["depart"] + ":00", t["planned_return"]) == FULL_LOOP
              and abs(float(t["km"]) - (40 + SQRT1000)) < 1e-9 for t in duty_trips),
          "2.5 h: every trip skips B only, back at 08:11:37 after 71.62 km, as worked out by hand")
    k = duty["kpis"]
    check(k["duty_skips"]["values"] == k["truck_trips"]["values"], "one duty skip per trip")
    check(k["missed_pickups"]["values"] == [sum(int(t["missed_pickups"]) for t in duty_trips if t["replication"] == r)
                                            for r in ("1", "2")], "routes.csv's missed pickups add up to the KPI")
    by_supplier = {s: duty["suppliers"][s]["kpis"] for s in "ABC"}
    check(by_supplier["B"]["missed_pickups.duty_limit"]["values"] == k["truck_trips"]["values"]
          and all(by_supplier[s]["missed_pickups"]["values"] == [0, 0] for s in "AC"),
          "each trip misses B's pickup for the duty limit, and only B's")
    # A tighter limit: missed pickups for the duty limit and stockouts caused by missed pickups.
    loose, _ = simulate(tmp, "loose", variant({"max_route_hours": 4}))
    kl = loose["kpis"]
    check(kl["duty_skips"]["mean"] == 0 and kl["stockout_sku_days_by_cause.missed_pickup"]["mean"] == 0,
          "4 h fits the whole loop: no skips, no stockout from a missed pickup")
    check(k["stockout_sku_days_by_cause.missed_pickup"]["mean"] > 40 and k["lost_units_by_cause.missed_pickup"]["mean"] > 0,
          f"2.5 h starves SB: stockout days from missed pickups {k['stockout_sku_days_by_cause.missed_pickup']['mean']}")
    # Without a warm-up SB's stock runs out inside the window: a stockout spell caused by the
    # missed pickups, and trace tells which run skipped B and why.
    cold, _ = simulate(tmp, "cold", variant({"max_route_hours": 2.5}), "--set", "/warmup_days=0")
    check(cold["kpis"]["stockout_events_by_cause.missed_pickup"]["values"] == [1, 1]
          and cold["kpis"]["stockout_events"]["values"] == [1, 1], "one stockout of SB per replication, caused by missed pickups")
    out = run(["trace", "cold.json", "--sku", "SB", "--warehouse", "W1", "--set", "/warmup_days=0", "--json"], tmp)
    trace = json.loads(out.stdout) if out.returncode == 0 else {"events": [], "spells": []}
    check(any(e["event"] == "missed_pickup" and "(duty limit)" in e["detail"] for e in trace["events"])
          and trace["spells"] and trace["spells"][0]["cause"] == "missed_pickup",
          f"trace shows the duty-limit misses and the spell's cause ({out.stderr})")
    # 1.2 h: A alone takes 1.5 h, more than the limit: a validation error at the run (R39).
    path = os.path.join(tmp, "short.json")
    with open(path, "w") as f:
        json.dump(variant({"max_route_hours": 1.2}), f)
    out = run(["validate", path], tmp)
    check(out.returncode == 2 and "/milk_runs/0: supplier \"A\": its round trip alone takes 1.5 h" in out.stderr
          and "\"B\"" in out.stderr and "\"C\"" in out.stderr, f"a round trip alone over the limit is refused ({out.stderr})")

    # R44 noise: a lognormal factor of mean 1.2. Over many trips the mean duration matches the
    # planned one (legs at the factor's mean, loading) within 3 standard errors, and the planned
    # drive is the factor-1 drive times 1.2 (each of the 4 legs rounded to the second).
    noisy, noisy_trips = simulate(tmp, "noisy", variant({"travel_time_factor": {"dist": "lognormal", "mean": 1.2, "sd": 0.3}}),
                                  "-r", "20")
    durations = [seconds(t["depart"] + ":00", t["actual_return"]) for t in noisy_trips]
    planned = {seconds(t["depart"] + ":00", t["planned_return"]) for t in noisy_trips}
    check(len(planned) == 1, f"one planned duration ({planned})")
    planned = planned.pop()
    check(abs((planned - 3 * LOAD) - 1.2 * (FULL_LOOP - 3 * LOAD)) <= 2, f"planned drive {planned - 3 * LOAD} s = 1.2 x factor 1's")
    mean, se = statistics.fmean(durations), statistics.stdev(durations) / math.sqrt(len(durations))
    check(len(durations) > 900 and statistics.stdev(durations) > 600, f"{len(durations)} trips that vary")
    check(abs(mean - planned) < 3 * se, f"mean trip {mean:.0f} s within 3 SE ({se:.0f} s) of the planned {planned} s")
    check(all(float(t["km"]) == float(free_trips[0]["km"]) for t in noisy_trips), "noise leaves km alone")
    # Common random numbers: the same legs draw the same factors whatever the duty limit does
    # elsewhere. With a 4 h limit a trip whose draws fit is the same trip as without a limit.
    capped, capped_trips = simulate(tmp, "capped", variant({"travel_time_factor": {"dist": "lognormal", "mean": 1.2, "sd": 0.3},
                                                            "max_route_hours": 4.5}), "-r", "20")
    same = [a for a, b in zip(noisy_trips, capped_trips) if b["duty_skips"] == "0"]
    check(len(same) > 100 and all(a["actual_return"] == b["actual_return"] for a, b in zip(noisy_trips, capped_trips)
                                  if b["duty_skips"] == "0" and a["depart"] == b["depart"] and a["replication"] == b["replication"]),
          "a trip the limit did not touch returns when it did without the limit")
    check(any(b["duty_skips"] != "0" for b in capped_trips), "and the slowest draws skip a stop")
    check(all(seconds(b["depart"] + ":00", b["actual_return"]) <= 4.5 * 3600 for b in capped_trips),
          "no trip is back after its duty limit")

    # The planner (R45): with stops "auto" every loop fits the limit at the factor's mean. At 1.1,
    # B alone takes 2 x 3960 + 1800 = 9720 s <= 3 h; no loop can hold B and another stop.
    auto, auto_trips = simulate(tmp, "auto", variant({"stops": "auto", "trucks": "auto", "max_route_hours": 3,
                                                      "travel_time_factor": {"dist": "gamma", "mean": 1.1, "sd": 0.1}}))
    loops = {t["stops"] for t in auto_trips}
    check(len(loops) >= 2, f"the limit splits the suppliers over loops ({loops})")
    check(all(seconds(t["depart"] + ":00", t["planned_return"]) <= 3 * 3600 for t in auto_trips),
          "each planned loop is back within 3 h at the factor's mean")
    check(any(seconds(t["depart"] + ":00", t["actual_return"]) > seconds(t["depart"] + ":00", t["planned_return"])
              for t in auto_trips), "(some trips are slower than planned: the factor is random)")
    out = run(["routes", os.path.join(tmp, "auto.json"), "--json"], tmp)
    check(out.returncode == 0 and sorted(s for r in json.loads(out.stdout)["routes"] for s in r["stops"]) == ["A", "B", "C"],
          "routes plans every supplier once")

    # R46: two departure times a day are two runs: twice the trips, twice the reviews.
    twice, twice_trips = simulate(tmp, "twice", variant({"schedule": {"days": "daily", "depart": ["06:00", "14:00"]}}))
    check(twice["kpis"]["truck_trips"]["values"] == [2 * v for v in free["kpis"]["truck_trips"]["values"]],
          f"twice the trips ({twice['kpis']['truck_trips']['values']} against {free['kpis']['truck_trips']['values']})")
    check({t["depart"][11:] for t in twice_trips} == {"06:00", "14:00"}, "trips leave at both times")
    reviews = []
    for name in ("free", "twice"):
        out = run(["trace", name + ".json", "--sku", "SA", "--warehouse", "W1", "--json"], tmp)
        check(out.returncode == 0, f"trace {name} ({out.stderr})")
        reviews.append(sum(e["event"] == "review" for e in json.loads(out.stdout)["events"]))
    check(reviews[1] == 2 * reviews[0] and reviews[0] == 56, f"twice the purchase-order reviews ({reviews})")
    out = run(["routes", "twice.json", "--json"], tmp)
    check(out.returncode == 0 and [r.get("depart") for r in json.loads(out.stdout)["routes"]] == ["06:00", "14:00"],
          f"routes lists each departure time's loops ({out.stdout[:200]})")

sys.exit(finish("trucks"))
