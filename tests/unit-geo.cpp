// Distances of SPEC §2 and R7: haversine with the mean Earth radius, euclidean in km,
// circuity in both modes, rounding halves up.
#include <doctest/doctest.h>

#include "model/geo.hpp"

using namespace milkrun;

namespace {

Location latlon(double lat, double lon) {
  Location l;
  l.lat = lat, l.lon = lon, l.has_latlon = true;
  return l;
}

Location xy(double x, double y) {
  Location l;
  l.x = x, l.y = y, l.has_xy = true;
  return l;
}

}  // namespace

TEST_CASE("one degree of latitude is the mean radius times pi over 180") {
  const Km km = distance_km(Distances{}, latlon(0, 0), latlon(1, 0));
  CHECK(km == doctest::Approx(6371.0088 * 3.14159265358979 / 180).epsilon(1e-12));
}

TEST_CASE("haversine distance is symmetric and zero for one place") {
  const Location sea = latlon(47.45, -122.30), pdx = latlon(45.59, -122.60);
  CHECK(distance_km(Distances{}, sea, pdx) == doctest::Approx(distance_km(Distances{}, pdx, sea)));
  CHECK(distance_km(Distances{}, sea, sea) == 0);
}

TEST_CASE("antipodes are half the circumference apart") {
  CHECK(distance_km(Distances{}, latlon(0, 0), latlon(0, 180)) == doctest::Approx(6371.0088 * 3.14159265358979));
}

TEST_CASE("circuity scales haversine and euclidean distances") {
  Distances d;
  d.circuity = 1.25;
  CHECK(distance_km(d, latlon(0, 0), latlon(1, 0)) ==
        doctest::Approx(1.25 * distance_km(Distances{}, latlon(0, 0), latlon(1, 0))));
  d.mode = DistanceMode::euclidean;
  CHECK(distance_km(d, xy(0, 0), xy(3, 4)) == doctest::Approx(6.25));
}

TEST_CASE("euclidean distance uses x and y in km") {
  Distances d;
  d.mode = DistanceMode::euclidean;
  CHECK(distance_km(d, xy(1, 1), xy(4, 5)) == doctest::Approx(5.0));
}

TEST_CASE("rounding takes the nearest integer with halves up") {
  Distances d;
  d.mode = DistanceMode::euclidean;
  d.round = true;
  CHECK(distance_km(d, xy(0, 0), xy(2.5, 0)) == 3);
  CHECK(distance_km(d, xy(0, 0), xy(2.49, 0)) == 2);
  CHECK(distance_km(d, xy(0, 0), xy(3, 4)) == 5);
}

TEST_CASE("great-circle and straight-line km leave out circuity and rounding") {
  CHECK(great_circle_km(latlon(0, 0), latlon(1, 0)) == doctest::Approx(6371.0088 * 3.14159265358979 / 180));
  CHECK(euclidean_km(xy(0, 0), xy(2.5, 0)) == 2.5);
  CHECK(round_km(2.5) == 3);
  CHECK(round_km(2.4999) == 2);
}
