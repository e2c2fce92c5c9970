// Load (liters, kg): the arithmetic trucks and route plans add loads with, and the one
// utilization formula max(l/L, k/K).
#include <doctest/doctest.h>

#include <milkrun/load.hpp>

using namespace milkrun;

TEST_CASE("a load fits only when both its liters and its kg do") {
  const Load capacity{100, 50};
  CHECK(Load{100, 50}.fits(capacity));
  CHECK(Load{0, 0}.fits(capacity));
  CHECK_FALSE(Load{100.5, 10}.fits(capacity));
  CHECK_FALSE(Load{10, 50.5}.fits(capacity));
}

TEST_CASE("utilization is the larger of the liters and kg shares") {
  const Load capacity{200, 100};
  CHECK(Load{100, 25}.utilization(capacity) == 0.5);   // liters bind
  CHECK(Load{20, 75}.utilization(capacity) == 0.75);   // kg bind
  CHECK(Load{0, 0}.utilization(capacity) == 0);
  CHECK(Load{300, 0}.utilization(capacity) == 1.5);    // an overload shows above 1
}

TEST_CASE("loads add, subtract and scale dimension by dimension") {
  Load a{1.5, 2};
  a += Load{0.5, 1};
  CHECK(a == Load{2, 3});
  CHECK(a - Load{1, 1} == Load{1, 2});
  CHECK(a + Load{1, 1} == Load{3, 4});
  CHECK(a * 2 == Load{4, 6});
  CHECK(a / 2 == Load{1, 1.5});
  a -= Load{2, 3};
  CHECK(a == Load{});
}
