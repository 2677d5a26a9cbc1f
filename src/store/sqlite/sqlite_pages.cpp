// SqliteStore's raw pages part: pages kept once per content (zstd, common/record_codec.h) and
// reextract's walk over the articles that have one.
#include "common/record_codec.h"
#include "common/store_walks.h"
#include "newscrawl/core/log.h"
#include "newscrawl/store/sqlite_store.h"
#include "sqlite_store_impl.h"

namespace newscrawl {

using store::StmtUse;

Result<std::uint64_t> SqliteStore::StorePage(std::string_view url, std::string_view raw_html) {
  auto page = store::PackPage(raw_html);
  if (!page.ok()) return page.status();
  auto r = impl_->session.Write<bool>("store page", [&] {
    StmtUse s(impl_->session.Stmt(
        "INSERT OR IGNORE INTO pages(hash, size, zstd, stored_at) VALUES(?, ?, ?, strftime('%s','now'))"));
    s->bind(1, store::ToDb(page->hash));
    s->bind(2, static_cast<std::int64_t>(raw_html.size()));
    s->bindNoCopy(3, page->zstd.data(), static_cast<int>(page->zstd.size()));
    s->exec();
    return true;
  });
  if (!r.ok()) return r.status();
  Logger("store")->debug("page {} stored as {:016x} ({} -> {} bytes)", url, page->hash, raw_html.size(),
                         page->zstd.size());
  return page->hash;
}

Result<std::string> SqliteStore::LoadPage(std::uint64_t page_hash) {
  auto blob = impl_->session.Read<std::optional<std::pair<std::int64_t, std::string>>>("load page", [&] {
    StmtUse s(impl_->session.Stmt("SELECT size, zstd FROM pages WHERE hash = ?"));
    s->bind(1, store::ToDb(page_hash));
    std::optional<std::pair<std::int64_t, std::string>> out;
    if (s->executeStep()) {
      SQLite::Column c = s->getColumn(1);
      out.emplace(s->getColumn(0).getInt64(),
                  std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())));
    }
    return out;
  });
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no stored page with hash " + std::to_string(page_hash));
  return store::UnpackPage(page_hash, (*blob)->first, (*blob)->second);
}

Status SqliteStore::ForEachStoredPage(const std::optional<std::string>& site,
                                      const std::function<Status(const StoredPage&)>& fn) {
  auto refs = impl_->session.Read<std::vector<store::StoredPageRef>>("list stored pages", [&] {
    std::vector<store::StoredPageRef> out;
    StmtUse s(impl_->session.Stmt(
        "SELECT a.id, COALESCE(a.url, ''), a.site, a.page_hash, COALESCE(p.stored_at, 0) FROM articles a "
        "LEFT JOIN pages p ON p.hash = a.page_hash WHERE a.page_hash IS NOT NULL "
        "AND (?1 IS NULL OR a.site = ?1) ORDER BY a.id"));
    store::BindText(*s, 1, site);
    while (s->executeStep()) {
      out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                     store::FromDb(s->getColumn(3).getInt64()), s->getColumn(4).getInt64()});
    }
    return out;
  });
  return store::WalkStoredPages(std::move(refs), [&](std::uint64_t hash) { return LoadPage(hash); }, fn);
}

}  // namespace newscrawl
