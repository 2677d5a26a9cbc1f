#include "pg_connection.h"

#include <cstring>

namespace newscrawl::pg {

Params& Params::Text(std::string v) {
  lengths_.push_back(static_cast<int>(v.size()));
  values_.push_back(std::move(v));
  formats_.push_back(0);
  return *this;
}

Params& Params::Null() {
  values_.push_back(std::nullopt);
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

Params& Params::Binary(std::string_view bytes) {
  values_.push_back(std::string(bytes));
  lengths_.push_back(static_cast<int>(bytes.size()));
  formats_.push_back(1);
  return *this;
}

std::vector<const char*> Params::Values() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->data() : nullptr);
  return out;
}

std::string Rows::Text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::optional<std::string> Rows::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

std::int64_t Rows::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

std::optional<std::int64_t> Rows::OptInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

double Rows::Double(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

std::string_view Rows::Bytes(int row, int col) const {
  return {PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
}

std::int64_t Rows::Affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n[0] == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

PgConnection::PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (!conn_) throw PgError("out of memory connecting to PostgreSQL", "");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw PgError(msg, "");
  }
  // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

void PgConnection::Fail(const char* what, PGresult* r) {
  std::string sqlstate;
  std::string msg;
  if (r != nullptr) {
    if (const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE)) sqlstate = s;
    msg = PQresultErrorMessage(r);
  }
  if (msg.empty()) msg = PQerrorMessage(conn_.get());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (PQstatus(conn_.get()) != CONNECTION_OK) msg = "connection to the database lost: " + msg;
  throw PgError(std::string(what) + ": " + msg, std::move(sqlstate));
}

Rows PgConnection::Exec(const std::string& sql, const Params& params, bool binary_result) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    ResultHandle r(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) Fail("prepare", r.get());
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.Values();
  ResultHandle r(PQexecPrepared(conn_.get(), it->second.c_str(), params.size(), values.data(), params.Lengths(),
                                params.Formats(), binary_result ? 1 : 0));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) Fail("statement", r.get());
  return Rows(std::move(r));
}

void PgConnection::ExecScript(const std::string& sql) {
  ResultHandle r(PQexec(conn_.get(), sql.c_str()));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) Fail("statement", r.get());
}

}  // namespace newscrawl::pg
