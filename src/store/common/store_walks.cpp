#include "common/store_walks.h"

#include <utility>

namespace newscrawl::store {

Status WalkStoredPages(Result<std::vector<StoredPageRef>> refs,
                       const std::function<Result<std::string>(std::uint64_t page_hash)>& load,
                       const std::function<Status(const StoredPage&)>& fn) {
  if (!refs.ok()) return refs.status();
  for (StoredPageRef& ref : *refs) {
    auto html = load(ref.page_hash);
    if (!html.ok()) return html.status();
    StoredPage page{ref.id, std::move(ref.url), std::move(ref.site), std::move(*html), ref.stored_at};
    if (Status s = fn(page); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WalkArticles(const std::function<Result<std::vector<StoredArticle>>(std::int64_t after)>& page,
                    const std::function<Status(StoredArticle&)>& complete,
                    const std::function<Status(const StoredArticle&)>& fn) {
  std::int64_t after = 0;
  while (true) {
    auto articles = page(after);
    if (!articles.ok()) return articles.status();
    if (articles->empty()) return Status::Ok();
    for (StoredArticle& a : *articles) {
      if (Status s = complete(a); !s.ok()) return s;
      if (Status s = fn(a); !s.ok()) return s;
      after = a.id;
    }
  }
}

}  // namespace newscrawl::store
