#include "sqlite_session.h"

#include <SQLiteCpp/Exception.h>

#include "newscrawl/core/log.h"

namespace newscrawl::store {

SqliteSession::~SqliteSession() {
  if (Status s = Flush(); !s.ok()) Logger("store")->error("final commit failed: {}", s.ToString());
}

SQLite::Statement& SqliteSession::Stmt(const std::string& sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) {
    it = stmts_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return *it->second;
}

Status SqliteSession::Flush() {
  if (!in_txn_) return Status::Ok();
  try {
    db_.exec("COMMIT");
    in_txn_ = false;
    pending_writes_ = 0;
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Storage(std::string("commit failed: ") + e.what());
  }
}

}  // namespace newscrawl::store
