// PostgresStore::Impl: what the facade's parts share, the session (connection, per-call
// transactions, run), the article rows and the host leases over it. Each part of PostgresStore
// is its own file in this folder: the database (postgres_store.cpp), articles and versions,
// raw pages, runs and the fetch log, the frontier's SQL, the politeness ledger, and the stats
// and report queries. Private to src/store.
#ifndef NEWSCRAWL_STORE_POSTGRES_POSTGRES_STORE_IMPL_H_
#define NEWSCRAWL_STORE_POSTGRES_POSTGRES_STORE_IMPL_H_

#include "newscrawl/store/postgres_store.h"
#include "pg_article_rows.h"
#include "pg_host_leases.h"
#include "pg_session.h"

namespace newscrawl {

class PostgresStore::Impl {
 public:
  Impl(std::unique_ptr<pg::PgConnection> db, const PostgresStoreOptions& options)
      : session(std::move(db), options), rows(session), leases(session) {}

  pg::PgSession session;
  pg::PgArticleRows rows;   // declared after session, which they use
  pg::PgHostLeases leases;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_POSTGRES_POSTGRES_STORE_IMPL_H_
