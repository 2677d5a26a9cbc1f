// PgHostLeases: which sites this worker may crawl now. A site is crawled by the one worker
// whose connection holds its session advisory lock (pg_try_advisory_lock): the server drops the
// lock the moment that connection ends, so a killed worker's sites are free again at once (over
// TCP: when the server's keepalive gives up, bounded by host_lease_s, see PostgresStore::Open).
// Holding the lock is the lease; nothing to renew. Holds the session it is given (which must
// outlive it); not thread-safe. Private to src/store.
#ifndef NEWSCRAWL_STORE_POSTGRES_PG_HOST_LEASES_H_
#define NEWSCRAWL_STORE_POSTGRES_PG_HOST_LEASES_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pg_session.h"

namespace newscrawl::pg {

class PgHostLeases {
 public:
  explicit PgHostLeases(PgSession& session) : db_(session) {}

  // Takes the free sites among `sites` (all sites when empty) that have work, and gives back
  // held sites that have none (nothing due, nothing claimed), so another worker may take them.
  void Scan(const std::vector<std::string>& sites, std::int64_t now);
  // Held sites among `sites` (all when empty) whose handover wait is over.
  std::vector<std::string> ReadySites(const std::vector<std::string>& sites) const;
  // How long until a held-back site may be ready (Frontier::HeldBackRetryMs).
  std::optional<std::int64_t> RetryMs(const std::vector<std::string>& sites) const;

 private:
  PgSession& db_;
  std::map<std::string, std::chrono::steady_clock::time_point> held_;  // site → usable from
  std::set<std::string> blocked_;  // sites with work whose lease another worker holds
};

}  // namespace newscrawl::pg

#endif  // NEWSCRAWL_STORE_POSTGRES_PG_HOST_LEASES_H_
