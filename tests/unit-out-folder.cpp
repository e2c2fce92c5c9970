// Output folders (SPEC §12): checked before any work, swapped in whole, nothing left behind
// by a failure; batch.csv read back as written; the SHA-256 that batch.csv records.
#include <doctest/doctest.h>

#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/sha256.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace milkrun;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system's temporary folder, removed at the end.
struct Sandbox {
  fs::path root = fs::temp_directory_path() / ("milkrun-unit-out-" + std::to_string(::getpid()));
  Sandbox() {
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Sandbox() { fs::remove_all(root); }
};

void put(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

std::string text_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The names in `dir`, sorted.
std::vector<std::string> names(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("an output folder is written beside the target and swapped in whole") {
  Sandbox box;
  const fs::path target = box.root / "out";
  fs::create_directories(target);
  put(target / "summary.json", "old");
  put(target / "orders.csv", "old orders");
  {
    OutFolder out(target);
    CHECK(out.dir().parent_path() == fs::canonical(box.root));
    CHECK(out.dir().filename().string().rfind(".out.milkrun-", 0) == 0);
    CHECK(outputs_pending());
    put(out.dir() / "summary.json", "new");
    CHECK(text_of(target / "summary.json") == "old");
    out.commit();
  }
  CHECK_FALSE(outputs_pending());
  CHECK(text_of(target / "summary.json") == "new");
  CHECK(names(target) == std::vector<std::string>{"summary.json"});  // the old orders.csv went with the old folder
  CHECK(names(box.root) == std::vector<std::string>{"out"});
}

TEST_CASE("an output folder not committed leaves the previous results and no temporary") {
  Sandbox box;
  const fs::path target = box.root / "out";
  fs::create_directories(target);
  put(target / "summary.json", "old");
  {
    OutFolder out(target);
    put(out.dir() / "summary.json", "half");
  }
  CHECK(text_of(target / "summary.json") == "old");
  CHECK(names(box.root) == std::vector<std::string>{"out"});
  {
    OutFolder out(box.root / "a" / "b" / "new");  // makes a/b, and removes them again
  }
  CHECK(names(box.root) == std::vector<std::string>{"out"});
}

TEST_CASE("a target that cannot be an output folder is refused before any work") {
  Sandbox box;
  put(box.root / "file", "x");
  CHECK_THROWS_AS(OutFolder(box.root / "file"), OutputError);
  CHECK_THROWS_AS(OutFolder(box.root / "file" / "below"), OutputError);
  fs::create_directories(box.root / "mine");
  put(box.root / "mine" / "notes.txt", "keep me");
  CHECK_THROWS_WITH_AS(OutFolder(box.root / "mine"), doctest::Contains("holds notes.txt"), OutputError);
  fs::create_directories(box.root / "nested" / "orders.csv");  // a folder by a milkrun name is not one of its files
  CHECK_THROWS_AS(OutFolder(box.root / "nested"), OutputError);
  CHECK_THROWS_WITH_AS(OutFolder(fs::current_path()), doctest::Contains("working directory"), OutputError);
  CHECK_THROWS_AS(OutFolder(fs::current_path().parent_path()), OutputError);
  CHECK(text_of(box.root / "mine" / "notes.txt") == "keep me");
  CHECK_THROWS_AS(check_output_file(box.root / "mine"), OutputError);
  CHECK_NOTHROW(check_output_file(box.root / "reports" / "junit.xml"));
}

TEST_CASE("milkrun's own output names, and their leftover temporaries, are known") {
  for (const char* name : {"summary.json", "daily.csv", "orders.csv", "report.html", "batch.csv", "summary.json.tmp.123"})
    CHECK(is_output_file_name(name));
  for (const char* name : {"notes.txt", "summary.json.tmp.", "summary.json.tmp.x1", "Summary.json", ""})
    CHECK_FALSE(is_output_file_name(name));
}

TEST_CASE("sha256 matches the FIPS 180-4 examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("batch.csv reads back as written, and another header keeps nothing") {
  BatchRow ok;
  ok.scenario = "a, \"quoted\".json";
  ok.status = "ok";
  ok.means[0] = 0.1;
  ok.means[1] = 12345678.5;
  ok.sha256 = std::string(64, 'f');
  ok.seed = 18446744073709551615ull;
  ok.replications = 3;
  BatchRow bad;
  bad.scenario = "b.json";
  bad.status = "/horizon_days: must be a number\nsecond line";
  const std::string csv = batch_csv({ok, bad});
  const std::vector<BatchRow> back = read_batch_csv(csv);
  REQUIRE(back.size() == 2);
  CHECK(batch_csv(back) == csv);
  CHECK(back[0].seed == ok.seed);
  CHECK_FALSE(back[1].seed.has_value());
  CHECK(read_batch_csv("scenario,status,on_time_rate\nx,ok,1\n").empty());
  CHECK(read_batch_csv(csv.substr(0, csv.size() - 5)).size() <= 2);  // cut short: read or refused, never thrown
}
