// The two walks over stored data that call back into the caller (reextract's stored pages,
// export's articles), the same for every backend: what is read before the callback runs, so
// the callback may write to the store or take long without holding a statement or a result.
// A backend passes its queries in. Private to src/store.
#ifndef NEWSCRAWL_STORE_COMMON_STORE_WALKS_H_
#define NEWSCRAWL_STORE_COMMON_STORE_WALKS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newscrawl/store/article_store.h"
#include "newscrawl/core/status.h"

namespace newscrawl::store {

// An article whose raw page is stored, before the page is loaded.
struct StoredPageRef {
  std::int64_t id = 0;
  std::string url;
  std::string site;
  std::uint64_t page_hash = 0;
  std::int64_t stored_at = 0;
};

// Calls `fn` for each of `refs` (read in full first), loading each page just before.
Status WalkStoredPages(Result<std::vector<StoredPageRef>> refs,
                       const std::function<Result<std::string>(std::uint64_t page_hash)>& load,
                       const std::function<Status(const StoredPage&)>& fn);

// Articles per page of an export walk.
inline constexpr int kExportPageSize = 500;

// Calls `fn` for every article `page` returns, page after page (`page(after)`: at most
// kExportPageSize articles with id > after, by id) until a page is empty. `complete` runs on
// each article just before `fn` (a backend that loads images one article at a time does it
// there). Stops at the first non-OK status.
Status WalkArticles(const std::function<Result<std::vector<StoredArticle>>(std::int64_t after)>& page,
                    const std::function<Status(StoredArticle&)>& complete,
                    const std::function<Status(const StoredArticle&)>& fn);

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_COMMON_STORE_WALKS_H_
