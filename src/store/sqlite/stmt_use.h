// StmtUse: one use of a cached SQLiteCpp statement. When the use ends the statement is reset
// and its bindings cleared, so a cached statement never holds a read snapshot or stale
// parameters between uses. Private to src/store.
#ifndef NEWSCRAWL_STORE_STMT_USE_H_
#define NEWSCRAWL_STORE_STMT_USE_H_

#include <SQLiteCpp/Statement.h>

namespace newscrawl::store {

class StmtUse {
 public:
  explicit StmtUse(SQLite::Statement& s) : s_(s) {}
  ~StmtUse() {
    try {
      s_.reset();
      s_.clearBindings();
    } catch (...) {  // reset reports the last step's error again; it was handled there
    }
  }
  StmtUse(const StmtUse&) = delete;
  StmtUse& operator=(const StmtUse&) = delete;
  SQLite::Statement* operator->() { return &s_; }
  SQLite::Statement& operator*() { return s_; }

 private:
  SQLite::Statement& s_;
};

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_STMT_USE_H_
