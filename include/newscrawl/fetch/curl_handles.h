// RAII owners for libcurl's C handles. Each is a move-only std::unique_ptr with a deleter struct,
// so a CURL*, CURLM* or curl_slist* can never leak or be freed twice. CurlGlobal is the one
// process-wide curl_global_init/cleanup guard: create exactly one in main() (or in a test's
// main/fixture) before any other curl object and let it die last. Not thread-safe by themselves:
// each handle belongs to one thread at a time, as libcurl requires.
#ifndef NEWSCRAWL_CURL_HANDLES_H_
#define NEWSCRAWL_CURL_HANDLES_H_

#include <memory>
#include <stdexcept>

#include <curl/curl.h>

namespace newscrawl {

// curl_global_init(CURL_GLOBAL_DEFAULT) in the constructor, curl_global_cleanup in the destructor.
// Throws std::runtime_error if init fails: that is a start-up error, not an expected failure.
class CurlGlobal {
 public:
  CurlGlobal() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  }
  ~CurlGlobal() { curl_global_cleanup(); }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

struct CurlEasyDeleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct CurlMultiDeleter {
  // curl_multi_cleanup may call the socket callback (CURL_POLL_REMOVE): whoever owns a CurlMulti
  // must keep what that callback touches alive until the CurlMulti is gone.
  void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// Appends `line` to `list` (curl_slist_append copies the string). Returns false (list unchanged)
// on allocation failure.
inline bool AppendSlist(CurlSlist& list, const char* line) {
  curl_slist* grown = curl_slist_append(list.get(), line);
  if (grown == nullptr) return false;
  (void)list.release();  // `grown` is the same head, or a new one owning the old list
  list.reset(grown);
  return true;
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_CURL_HANDLES_H_
