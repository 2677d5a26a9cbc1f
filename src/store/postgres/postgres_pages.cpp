// PostgresStore's raw pages part: pages kept once per content (zstd, common/record_codec.h) and
// reextract's walk over the articles that have one.
#include "common/record_codec.h"
#include "common/store_walks.h"
#include "newscrawl/core/log.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {

using pg::Params;
using pg::Rows;

Result<std::uint64_t> PostgresStore::StorePage(std::string_view url, std::string_view raw_html) {
  auto page = store::PackPage(raw_html);
  if (!page.ok()) return page.status();
  auto r = impl_->session.Write<bool>("store page", [&] {
    impl_->session.Exec(
        "INSERT INTO pages(hash, size, zstd, stored_at) VALUES($1, $2, $3, EXTRACT(EPOCH FROM now())::bigint) "
        "ON CONFLICT (hash) DO NOTHING",
        Params().Add(store::ToDb(page->hash)).Add(static_cast<std::int64_t>(raw_html.size())).Binary(page->zstd));
    return true;
  });
  if (!r.ok()) return r.status();
  Logger("store")->debug("page {} stored as {:016x} ({} -> {} bytes)", url, page->hash, raw_html.size(),
                         page->zstd.size());
  return page->hash;
}

Result<std::string> PostgresStore::LoadPage(std::uint64_t page_hash) {
  auto blob = impl_->session.Read<std::optional<std::pair<std::int64_t, std::string>>>("load page", [&] {
    // Binary results: the bytea arrives as raw bytes and the size as a big-endian int8.
    Rows r = impl_->session.connection().Exec("SELECT size, zstd FROM pages WHERE hash = $1",
                                              Params().Add(store::ToDb(page_hash)), /*binary_result=*/true);
    std::optional<std::pair<std::int64_t, std::string>> out;
    if (!r.empty()) out.emplace(pg::BinaryInt8(r, 0, 0, "pages.size"), std::string(r.Bytes(0, 1)));
    return out;
  });
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no stored page with hash " + std::to_string(page_hash));
  return store::UnpackPage(page_hash, (*blob)->first, (*blob)->second);
}

Status PostgresStore::ForEachStoredPage(const std::optional<std::string>& site,
                                        const std::function<Status(const StoredPage&)>& fn) {
  auto refs = impl_->session.Read<std::vector<store::StoredPageRef>>("list stored pages", [&] {
    std::vector<store::StoredPageRef> out;
    Rows r = impl_->session.Exec(
        "SELECT a.id, COALESCE(a.url, ''), a.site, a.page_hash, COALESCE(p.stored_at, 0) FROM articles a "
        "LEFT JOIN pages p ON p.hash = a.page_hash WHERE a.page_hash IS NOT NULL "
        "AND ($1::text IS NULL OR a.site = $1::text) ORDER BY a.id",
        Params().Add(site));
    for (int i = 0; i < r.size(); ++i) {
      out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), store::FromDb(r.Int(i, 3)), r.Int(i, 4)});
    }
    return out;
  });
  return store::WalkStoredPages(std::move(refs), [&](std::uint64_t hash) { return LoadPage(hash); }, fn);
}

}  // namespace newscrawl
