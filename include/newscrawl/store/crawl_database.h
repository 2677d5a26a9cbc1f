// CrawlDatabase: what a crawl writes to, as one object: the article store and the frontier's
// storage on one connection. A crawl's crash safety rests on that: a record and the
// acknowledgement of its URL go through the same connection and commit together (record
// first), so a killed run never marks a URL done whose record was lost. Each backend
// (SqliteStore, PostgresStore) implements it; whoever opens the database owns it.
#ifndef NEWSCRAWL_CRAWL_DATABASE_H_
#define NEWSCRAWL_CRAWL_DATABASE_H_

#include "newscrawl/store/article_store.h"
#include "newscrawl/frontier/frontier.h"

namespace newscrawl {

class CrawlDatabase : public ArticleStore, public Frontier {};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWL_DATABASE_H_
