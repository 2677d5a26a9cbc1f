#include "newscrawl/politeness/politeness_gate.h"

#include <algorithm>
#include <cmath>

#include "newscrawl/core/log.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

using std::chrono::milliseconds;

std::int64_t UnixNowMs() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

HostSlotsOptions SlotOptions(const CrawlerConfig& c) {
  HostSlotsOptions o;
  o.per_host_concurrency = c.per_host_concurrency;
  o.per_host_delay = milliseconds(c.per_host_delay_ms);
  o.max_crawl_delay = milliseconds(static_cast<std::int64_t>(c.max_crawl_delay_s * 1000));
  o.initial_backoff = std::max(milliseconds(c.per_host_delay_ms), milliseconds(500));
  return o;
}

// The HostSlots key ("host:port") of an origin.
std::string HostOfOrigin(const std::string& origin) {
  Result<Url> u = Url::Parse(origin + "/");
  return u.ok() ? u->HostPort() : std::string();
}

}  // namespace

PolitenessGate::PolitenessGate(const CrawlerConfig& config, PolitenessLedger* ledger)
    : config_(config),
      ledger_(ledger),
      slots_(SlotOptions(config)),
      robots_(robots_options_),
      run_start_(slots_.Now()),
      rng_(std::random_device{}()),
      log_(Logger("politeness")) {}

std::optional<std::string> PolitenessGate::PickHost(const std::vector<std::string>& hosts) {
  for (const std::string& host : hosts) {
    if (hosts_seen_.insert(host).second) {
      slots_.BlockUntil(host, run_start_ + milliseconds(config_.per_host_delay_ms));
    }
  }
  return slots_.PickHost(hosts);
}

Result<PolitenessGate::Admission> PolitenessGate::Admit(const std::string& origin, const std::string& path_and_query,
                                                        std::int64_t now) {
  Admission out;
  RobotsCache::Lookup lookup = robots_.Get(origin, now);
  if (lookup.state == RobotsCache::State::kPending) {
    out.verdict = Verdict::kPending;
    return out;
  }
  if (lookup.state == RobotsCache::State::kFetch) {
    Result<std::optional<std::vector<std::string>>> adopted = AdoptShared(origin, now);
    if (!adopted.ok()) return adopted.status();
    if (!adopted->has_value()) {
      out.verdict = Verdict::kFetchRobots;
      return out;
    }
    out.sitemaps = std::move(**adopted);
    lookup = robots_.Get(origin, now);  // ready now: the adopted rules
  }
  if (lookup.rules->Allowed(config_.user_agent, path_and_query)) return out;
  out.verdict = Verdict::kDenied;
  out.why = lookup.unavailable ? "robots_unavailable" : "robots_disallowed";
  if (lookup.unavailable) {
    // Unavailable robots.txt (5xx): try again when the cache asks for it again.
    out.retry_at = now + robots_options_.error_retry_s;
    if (auto e = robots_errors_.find(origin); e != robots_errors_.end()) {
      out.why += ": robots.txt " + e->second;  // e.g. "network: Could not resolve host: ..."
    }
  }
  return out;
}

Result<std::optional<std::vector<std::string>>> PolitenessGate::AdoptShared(const std::string& origin,
                                                                            std::int64_t now) {
  if (!ledger_) return std::optional<std::vector<std::string>>();
  Result<std::optional<StoredRobots>> stored = ledger_->LoadRobots(origin);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<std::vector<std::string>>();
  const StoredRobots& got = **stored;
  // The same freshness RobotsCache applies to its own answers: good ones for a day, a server
  // error for error_retry_s, after which this worker fetches robots.txt itself.
  const bool good = got.status >= 200 && got.status < 500;
  const std::int64_t fresh_until = got.fetched_at + (good ? robots_options_.ttl_s : robots_options_.error_retry_s);
  if (fresh_until <= now) return std::optional<std::vector<std::string>>();
  const RobotsRules& rules = PutInForce(origin, got.status, got.body, got.fetched_at);
  log_->info("robots.txt {} -> {} (fetched by another worker)", origin + "/robots.txt", got.status);
  return std::optional<std::vector<std::string>>(SitemapsOf(rules, origin));
}

Result<std::vector<std::string>> PolitenessGate::OnRobotsAnswer(const std::string& origin, const std::string& host,
                                                                const FetchResult& r, std::int64_t now) {
  const long status = r.ok() ? r.status_code : 0;
  // Kept so the URLs this makes unavailable say why (e.g. a name that does not resolve).
  if (!r.ok()) {
    robots_errors_[origin] = r.error.ToString();
  } else {
    robots_errors_.erase(origin);
  }
  const RobotsRules& rules = PutInForce(origin, status, r.body, now);
  log_->info("robots.txt {} -> {}", origin + "/robots.txt", status);
  if (ledger_) {
    // A 5xx / unreachable answer is shared too: the other workers then wait out the same
    // error_retry instead of each hammering a failing server for robots.txt.
    // Stored before the host is released, so a worker waiting for the host to fetch the same
    // robots.txt finds this answer instead and fetches nothing.
    if (Status s = ledger_->SaveRobots(origin, StoredRobots{status, r.body, now}); !s.ok()) return s;
  }
  if (Status s = Release(host); !s.ok()) return s;
  return SitemapsOf(rules, origin);
}

const RobotsRules& PolitenessGate::PutInForce(const std::string& origin, long status, std::string_view body,
                                              std::int64_t fetched_at) {
  const RobotsRules& rules = robots_.Complete(origin, status, body, fetched_at);
  if (std::optional<double> delay = rules.CrawlDelay(config_.user_agent)) {
    slots_.SetCrawlDelay(HostOfOrigin(origin), *delay);
  }
  return rules;
}

std::vector<std::string> PolitenessGate::SitemapsOf(const RobotsRules& rules, const std::string& origin) const {
  std::vector<std::string> out;
  for (const std::string& sm : rules.Sitemaps()) {
    Result<std::string> abs = ResolveUrl(origin + "/robots.txt", sm);
    if (!abs.ok()) continue;
    Result<std::string> canonical = CanonicalUrl(*abs);
    if (canonical.ok()) out.push_back(std::move(*canonical));
  }
  return out;
}

Result<bool> PolitenessGate::Reserve(const std::string& host) {
  if (!ledger_) return true;
  // Held for as long as a request may take, so a host of concurrency 1 never has two workers'
  // requests out at once; Release replaces the hold when the exchange ends, and a killed
  // worker's hold runs out by itself.
  const std::int64_t hold_ms = static_cast<std::int64_t>(config_.timeout_s * 1000) + 1000;
  Result<std::int64_t> wait = ledger_->Reserve(host, UnixNowMs(), hold_ms);
  if (!wait.ok()) return wait.status();
  if (*wait == 0) return true;
  log_->debug("host {} is another worker's for {} ms", host, *wait);
  slots_.BlockUntil(host, slots_.Now() + milliseconds(*wait));
  return false;
}

std::optional<milliseconds> PolitenessGate::OnResponse(const std::string& host, const FetchResult& r) {
  slots_.OnRequestStarted(host, r.started_at);
  const bool throttled = r.ok() && (r.status_code == 429 || r.status_code == 503);
  std::optional<milliseconds> retry_after;
  if (throttled) {
    if (auto ra = ParseRetryAfter(r.retry_after)) retry_after = *ra;
  }
  const bool server_trouble = !r.ok() || r.status_code >= 500 || throttled;
  slots_.OnFinish(host, !server_trouble, throttled, retry_after);
  return retry_after;
}

Status PolitenessGate::Release(const std::string& host) {
  if (!ledger_) return Status::Ok();
  // Whatever this worker now knows of the host (delay, Crawl-delay, Retry-After, backoff) is in
  // its next start time; the others get it as wall-clock time.
  const auto wait =
      std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(slots_.NextStartAt(host) - slots_.Now()));
  return ledger_->Release(host, UnixNowMs() + wait.count());
}

PolitenessGate::RetryPlan PolitenessGate::PlanRetry(int attempts, ErrorKind kind, const FetchResult& r,
                                                    std::optional<milliseconds> retry_after) {
  RetryPlan plan;
  const bool retryable = kind != ErrorKind::kTooManyRedirects && kind != ErrorKind::kParseError &&
                         kind != ErrorKind::kTooLarge && IsRetryable(r);
  if (!retryable || attempts > config_.max_retries) return plan;
  const double base_ms = std::max<double>(static_cast<double>(config_.per_host_delay_ms), 500.0);
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  plan.delay_ms = base_ms * std::pow(2.0, attempts - 1) * jitter(rng_);
  if (retry_after) plan.delay_ms = std::max(plan.delay_ms, static_cast<double>(retry_after->count()));
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  plan.due = now + static_cast<std::int64_t>(std::ceil(plan.delay_ms / 1000.0));
  plan.retry = true;
  return plan;
}

std::optional<std::int64_t> PolitenessGate::RecheckAt(std::int64_t now) const {
  if (config_.recheck_after_h <= 0) return std::nullopt;
  return now + static_cast<std::int64_t>(config_.recheck_after_h * 3600);
}

}  // namespace newscrawl
