// PgConnection: one libpq connection with the few operations the PostgreSQL store needs:
// statements with text parameters (prepared once per distinct SQL text and reused), and a
// result type that owns its PGresult. Failures throw PgError; PostgresStore catches it at its
// public boundary and returns Status, like SqliteStore does with SQLite::Exception.
// Not thread-safe: one thread uses a connection (libpq's own rule for a PGconn).
#ifndef NEWSCRAWL_STORE_POSTGRES_PG_CONNECTION_H_
#define NEWSCRAWL_STORE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newscrawl::pg {

// A statement failed or the connection is gone. `sqlstate` is the five-character SQLSTATE when
// the server sent one (empty for a lost connection).
class PgError : public std::runtime_error {
 public:
  PgError(const std::string& what, std::string sqlstate) : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ConnHandle = std::unique_ptr<PGconn, ConnDeleter>;
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

// Positional parameters $1..$n, sent as text (NULL for nullopt) or, for bytea, as binary.
class Params {
 public:
  Params& Add(std::int64_t v) { return Text(std::to_string(v)); }
  Params& Add(int v) { return Text(std::to_string(v)); }
  Params& Add(bool v) { return Text(v ? "true" : "false"); }
  Params& Add(std::string_view v) { return Text(std::string(v)); }
  Params& Add(const std::string& v) { return Text(v); }
  Params& Add(const char* v) { return Text(v); }
  Params& Add(const std::optional<std::string>& v) { return v ? Text(*v) : Null(); }
  Params& Add(const std::optional<std::int64_t>& v) { return v ? Add(*v) : Null(); }
  Params& Null();
  Params& Binary(std::string_view bytes);

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object: valid while it lives and is not added to.
  std::vector<const char*> Values() const;
  const int* Lengths() const { return lengths_.data(); }
  const int* Formats() const { return formats_.data(); }

 private:
  Params& Text(std::string v);
  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// The rows of one statement; owns its PGresult.
class Rows {
 public:
  explicit Rows(ResultHandle r) : r_(std::move(r)) {}
  int size() const { return PQntuples(r_.get()); }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  std::optional<std::string> OptText(int row, int col) const;
  std::int64_t Int(int row, int col) const;
  std::optional<std::int64_t> OptInt(int row, int col) const;
  double Double(int row, int col) const;
  // Raw bytes of a column of a binary-format result (bytea).
  std::string_view Bytes(int row, int col) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t Affected() const;

 private:
  ResultHandle r_;
};

class PgConnection {
 public:
  // Connects with a libpq connection string or URI; throws PgError with libpq's message.
  explicit PgConnection(const std::string& conninfo);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` with `params`, preparing it on first use (the SQL text names the statement).
  // binary_result: columns come back in binary format (only used for bytea).
  Rows Exec(const std::string& sql, const Params& params = {}, bool binary_result = false);
  // Runs one or more parameterless statements (schema, BEGIN/COMMIT, savepoints).
  void ExecScript(const std::string& sql);

  // Whether the server connection is still up.
  bool Ok() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

 private:
  [[noreturn]] void Fail(const char* what, PGresult* r);

  ConnHandle conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
};

}  // namespace newscrawl::pg

#endif  // NEWSCRAWL_STORE_POSTGRES_PG_CONNECTION_H_
