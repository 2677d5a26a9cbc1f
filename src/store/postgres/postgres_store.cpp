// PostgresStore's database part: connecting (session settings, migrations) and the facade's
// commit methods, which have nothing to do (every call commits on its own, PgSession::Write).
#include "newscrawl/store/postgres_store.h"

#include <algorithm>

#include "pg_migrations.h"
#include "postgres_store_impl.h"

namespace newscrawl {

bool IsPostgresUri(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

int PostgresStore::SchemaVersion() { return static_cast<int>(pg::PgSchemaMigrations().size()); }

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri, const PostgresStoreOptions& options) {
  try {
    auto db = std::make_unique<pg::PgConnection>(uri);
    // Each call commits on its own (PgSession::Write); without waiting for the WAL flush a
    // commit costs one round trip. A server crash may lose the last commits' effects, never
    // consistency: the frontier hands those URLs out again. The PostgreSQL counterpart of
    // SQLite's synchronous=NORMAL.
    db->ExecScript("SET synchronous_commit = off");
    // The host leases are held by this connection: over TCP, the server notices a worker that
    // vanished (power loss, network) within about host_lease_s and frees its leases then.
    const int lease = std::max(3, options.url_claim_s);
    db->ExecScript("SET tcp_keepalives_idle = " + std::to_string(lease / 3) +
                   "; SET tcp_keepalives_interval = " + std::to_string(std::max(1, lease / 9)) +
                   "; SET tcp_keepalives_count = 3");
    if (Status s = pg::PgMigrate(*db, pg::PgSchemaMigrations()); !s.ok()) return s;
    return std::unique_ptr<PostgresStore>(new PostgresStore(std::make_unique<Impl>(std::move(db), options)));
  } catch (const pg::PgError& e) {
    return Status::Storage(std::string("cannot open database: ") + e.what());
  }
}

Status PostgresStore::Flush() { return Status::Ok(); }       // every call has committed already
Status PostgresStore::MaybeFlush() { return Status::Ok(); }  // (PgSession::Write)

}  // namespace newscrawl
