#include "pg_host_leases.h"

#include <algorithm>

namespace newscrawl::pg {
namespace {

std::int64_t SiteLockKey(const std::string& site) { return LockKey("newscrawl-site:" + site); }

bool Wanted(const std::vector<std::string>& sites, const std::string& site) {
  return sites.empty() || std::find(sites.begin(), sites.end(), site) != sites.end();
}

}  // namespace

void PgHostLeases::Scan(const std::vector<std::string>& sites, std::int64_t now) {
  std::string sql =
      "SELECT site, bool_or(status IN ('pending', 'failed', 'done') AND next_fetch_at IS NOT NULL AND "
      "next_fetch_at <= $1) OR bool_or(status = 'in_progress') FROM urls";
  Params p;
  p.Add(now);
  if (!sites.empty()) {
    sql += " WHERE site IN (";
    for (std::size_t i = 0; i < sites.size(); ++i) {
      sql += (i ? ", $" : "$") + std::to_string(i + 2);
      p.Add(sites[i]);
    }
    sql += ")";
  }
  sql += " GROUP BY site";
  Rows r = db_.Exec(sql, p);
  blocked_.clear();
  const auto steady = std::chrono::steady_clock::now();
  const PostgresStoreOptions& options = db_.options();
  for (int i = 0; i < r.size(); ++i) {
    const std::string site = r.Text(i, 0);
    const bool work = r.Text(i, 1) == "t";
    const bool held = held_.count(site) > 0;
    if (work && !held) {
      if (db_.Exec("SELECT pg_try_advisory_lock($1::bigint)", Params().Add(SiteLockKey(site))).Text(0, 0) == "t") {
        // The previous holder's last request started before we got the lock: waiting one
        // delay from now keeps the two workers' requests to the host at least that far apart.
        held_[site] = steady + std::chrono::milliseconds(options.handover_delay_ms);
        Logger("store")->info("host lease: {} taken by {}", site, options.worker);
      } else {
        blocked_.insert(site);
      }
    } else if (!work && held) {
      db_.Exec("SELECT pg_advisory_unlock($1::bigint)", Params().Add(SiteLockKey(site)));
      held_.erase(site);
      Logger("store")->info("host lease: {} released by {} (nothing due)", site, options.worker);
    }
  }
}

std::vector<std::string> PgHostLeases::ReadySites(const std::vector<std::string>& sites) const {
  std::vector<std::string> out;
  const auto steady = std::chrono::steady_clock::now();
  for (const auto& [site, usable_from] : held_) {
    if (usable_from > steady) continue;
    if (Wanted(sites, site)) out.push_back(site);
  }
  return out;
}

std::optional<std::int64_t> PgHostLeases::RetryMs(const std::vector<std::string>& sites) const {
  // A site in its handover wait is ready when the wait ends; a site another worker holds is
  // looked at again shortly (that worker may finish or die, and its work would then be ours).
  constexpr std::int64_t kBlockedPollMs = 500;
  std::optional<std::int64_t> wait;
  const auto steady = std::chrono::steady_clock::now();
  for (const auto& [site, usable_from] : held_) {
    if (!Wanted(sites, site)) continue;
    if (usable_from <= steady) continue;
    const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(usable_from - steady).count() + 1;
    wait = std::min(wait.value_or(ms), ms);
  }
  if (!blocked_.empty()) wait = std::min(wait.value_or(kBlockedPollMs), kBlockedPollMs);
  return wait;
}

}  // namespace newscrawl::pg
