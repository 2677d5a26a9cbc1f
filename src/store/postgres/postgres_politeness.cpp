// PostgresStore's politeness ledger part: host reservations shared by every worker
// (host_politeness) and the robots.txt cache (robots_txt).
#include <algorithm>

#include "common/record_codec.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {

using pg::Params;
using pg::Rows;

// One statement each, so a reservation is atomic across workers: the upsert takes the host only
// if its not_before has passed (or it is new), and otherwise leaves the row as it is and returns
// nothing; the second statement then says how long to wait.
Result<std::int64_t> PostgresStore::Reserve(std::string_view host, std::int64_t now_ms, std::int64_t hold_ms) {
  pg::PgSession& db = impl_->session;
  return db.Write<std::int64_t>("reserve host", [&] {
    Rows taken = db.Exec(
        "INSERT INTO host_politeness(host, not_before_ms, held_by) VALUES ($1, $2, $3) "
        "ON CONFLICT (host) DO UPDATE SET not_before_ms = EXCLUDED.not_before_ms, held_by = EXCLUDED.held_by "
        "WHERE host_politeness.not_before_ms <= $4 RETURNING host",
        Params().Add(host).Add(now_ms + hold_ms).Add(db.options().worker).Add(now_ms));
    if (!taken.empty()) return std::int64_t{0};
    Rows r = db.Exec("SELECT not_before_ms FROM host_politeness WHERE host = $1", Params().Add(host));
    // The row cannot vanish (nothing deletes it); a wait of at least 1 ms keeps callers from spinning.
    return r.empty() ? std::int64_t{1} : std::max<std::int64_t>(1, r.Int(0, 0) - now_ms);
  });
}

Status PostgresStore::Release(std::string_view host, std::int64_t not_before_ms) {
  return store::StatusOf(impl_->session.Write<bool>("release host", [&] {
    impl_->session.Exec(
        "INSERT INTO host_politeness(host, not_before_ms, held_by) VALUES ($1, $2, NULL) "
        "ON CONFLICT (host) DO UPDATE SET not_before_ms = EXCLUDED.not_before_ms, held_by = NULL",
        Params().Add(host).Add(not_before_ms));
    return true;
  }));
}

Result<std::optional<StoredRobots>> PostgresStore::LoadRobots(std::string_view origin) {
  return impl_->session.Read<std::optional<StoredRobots>>("load robots.txt", [&] {
    // Binary results: the body is bytes as fetched (robots.txt need not be UTF-8), the two
    // numbers big-endian int8.
    Rows r = impl_->session.connection().Exec("SELECT status::int8, fetched_at, body FROM robots_txt WHERE origin = $1",
                                              Params().Add(origin), /*binary_result=*/true);
    std::optional<StoredRobots> out;
    if (r.empty()) return out;
    out.emplace();
    out->status = static_cast<long>(pg::BinaryInt8(r, 0, 0, "robots_txt.status"));
    out->fetched_at = pg::BinaryInt8(r, 0, 1, "robots_txt.fetched_at");
    out->body = std::string(r.Bytes(0, 2));
    return out;
  });
}

Status PostgresStore::SaveRobots(std::string_view origin, const StoredRobots& robots) {
  return store::StatusOf(impl_->session.Write<bool>("save robots.txt", [&] {
    impl_->session.Exec(
        "INSERT INTO robots_txt(origin, status, body, fetched_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (origin) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body, "
        "fetched_at = EXCLUDED.fetched_at",
        Params().Add(origin).Add(static_cast<std::int64_t>(robots.status)).Binary(robots.body).Add(robots.fetched_at));
    return true;
  }));
}

}  // namespace newscrawl
