// SqliteStore::Impl: what the facade's parts share, the session (connection, batch, run) and the
// article rows over it. Each part of SqliteStore is its own file in this folder: the database
// (sqlite_store.cpp), articles and versions (sqlite_articles.cpp), raw pages, runs and the fetch
// log, the frontier's SQL, and the stats and report queries. Private to src/store.
#ifndef NEWSCRAWL_STORE_SQLITE_SQLITE_STORE_IMPL_H_
#define NEWSCRAWL_STORE_SQLITE_SQLITE_STORE_IMPL_H_

#include "newscrawl/store/sqlite_store.h"
#include "sqlite_article_rows.h"
#include "sqlite_session.h"

namespace newscrawl {

class SqliteStore::Impl {
 public:
  Impl(SQLite::Database db, const SqliteStoreOptions& options) : session(std::move(db), options), rows(session) {}

  store::SqliteSession session;
  store::SqliteArticleRows rows;  // declared after session, which it uses
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SQLITE_SQLITE_STORE_IMPL_H_
