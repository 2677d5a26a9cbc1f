// The names the stores write for their enums (and the CLI prints), one table for every backend.
#include "newscrawl/store/article_store.h"
#include "newscrawl/frontier/frontier.h"

namespace newscrawl {

std::string_view StoreOutcomeKindName(StoreOutcomeKind kind) {
  switch (kind) {
    case StoreOutcomeKind::kInserted: return "inserted";
    case StoreOutcomeKind::kUpdated: return "updated";
    case StoreOutcomeKind::kUnchanged: return "unchanged";
    case StoreOutcomeKind::kAliasOfExisting: return "alias_of_existing";
    case StoreOutcomeKind::kNearDuplicateOf: return "near_duplicate_of";
  }
  return "unknown";
}

std::string_view UrlKindName(UrlKind kind) {
  switch (kind) {
    case UrlKind::kArticle: return "article";
    case UrlKind::kListing: return "listing";
    case UrlKind::kFeed: return "feed";
    case UrlKind::kSitemap: return "sitemap";
    case UrlKind::kRobots: return "robots";
    case UrlKind::kStart: return "start";
  }
  return "article";
}

std::optional<UrlKind> UrlKindFromName(std::string_view name) {
  for (UrlKind k : {UrlKind::kArticle, UrlKind::kListing, UrlKind::kFeed, UrlKind::kSitemap,
                    UrlKind::kRobots, UrlKind::kStart}) {
    if (UrlKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view UrlStatusName(UrlStatus status) {
  switch (status) {
    case UrlStatus::kPending: return "pending";
    case UrlStatus::kInProgress: return "in_progress";
    case UrlStatus::kDone: return "done";
    case UrlStatus::kFailed: return "failed";
    case UrlStatus::kGone: return "gone";
  }
  return "pending";
}

std::optional<UrlStatus> UrlStatusFromName(std::string_view name) {
  for (UrlStatus s : {UrlStatus::kPending, UrlStatus::kInProgress, UrlStatus::kDone,
                      UrlStatus::kFailed, UrlStatus::kGone}) {
    if (UrlStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace newscrawl
