#include "pg_session.h"

#include <endian.h>
#include <unistd.h>
#include <xxhash.h>

#include <atomic>
#include <cstring>

#include "common/record_codec.h"

namespace newscrawl::pg {
namespace {

// "<hostname>:<pid>", and "#2", "#3"... for further stores of one process: claims are per worker
// name, so two stores must never share one.
std::string DefaultWorkerName() {
  static std::atomic<int> stores{0};
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const int n = ++stores;
  return std::string(host) + ":" + std::to_string(::getpid()) + (n > 1 ? "#" + std::to_string(n) : "");
}

}  // namespace

std::int64_t LockKey(std::string_view s) { return store::ToDb(XXH3_64bits(s.data(), s.size())); }

PgSession::PgSession(std::unique_ptr<PgConnection> db, const PostgresStoreOptions& options)
    : db_(std::move(db)), options_(options) {
  if (options_.worker.empty()) options_.worker = DefaultWorkerName();
}

std::int64_t BinaryInt8(const Rows& r, int row, int col, const char* what) {
  std::uint64_t be = 0;
  const std::string_view v = r.Bytes(row, col);
  if (v.size() != sizeof be) throw PgError(std::string(what) + " is not an int8", "");
  std::memcpy(&be, v.data(), sizeof be);
  return static_cast<std::int64_t>(be64toh(be));
}

}  // namespace newscrawl::pg
