// SHA-256 (FIPS 180-4), for batch.csv's record of which scenario file each row ran.
#pragma once
#include <string>
#include <string_view>

namespace milkrun {

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace milkrun
