// XmlReader: a small RAII wrapper over libxml2's xmlTextReader (pull parser), shared by the
// sitemap and feed parsers. Private to src/discovery.
//
// Safety settings, chosen because sitemaps and feeds come from the open web:
//  * XML_PARSE_NONET, and neither XML_PARSE_NOENT nor XML_PARSE_DTDLOAD: no network access, no
//    external entities (XXE) and no substitution of declared entities (billion laughs). Entity
//    references are skipped as nodes; only the five predefined entities and character references
//    become text.
//  * Two modes. kStream pulls nodes as it parses (constant memory, the normal path); but on a
//    fatal error it may deliver nothing of the chunk that held the error. kRecoverTree parses the
//    whole document with XML_PARSE_RECOVER into a libxml2 tree first (repairing mismatched tags)
//    and walks that tree with the same API; parsers retry in this mode when streaming fails,
//    for inputs up to kMaxRecoverBytes, since a tree costs several times the input in memory.
//  * No XML_PARSE_HUGE, so libxml2's own depth and text-size limits stay in force.
//  * Errors go to a handler that counts them; nothing is printed to stderr.
//
// Ownership: the reader does not copy the input; `xml` must outlive the XmlReader.
// Thread-safety: one reader per thread; distinct readers may run concurrently (libxml2 is
// initialised once, thread-safely, on first use).
#ifndef NEWSCRAWL_SRC_DISCOVERY_XML_READER_H_
#define NEWSCRAWL_SRC_DISCOVERY_XML_READER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <libxml/xmlreader.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl::discovery {

class XmlReader {
 public:
  enum class Mode { kStream, kRecoverTree };
  static constexpr std::size_t kMaxRecoverBytes = 8 * 1024 * 1024;

  explicit XmlReader(std::string_view xml, Mode mode = Mode::kStream);
  ~XmlReader();
  XmlReader(const XmlReader&) = delete;
  XmlReader& operator=(const XmlReader&) = delete;

  // False if libxml2 could not even create the reader.
  bool valid() const { return reader_ != nullptr; }
  // Advances to the next node: true while there is one; false at the end or on a fatal error.
  bool Next();
  // Whether reading stopped on an error (as opposed to the end of the document), and how many
  // errors the parser reported along the way.
  bool failed() const { return failed_; }
  int error_count() const { return error_count_; }
  const std::string& first_error() const { return first_error_; }

  int NodeType() const { return xmlTextReaderNodeType(reader_.get()); }
  bool IsStart() const { return NodeType() == XML_READER_TYPE_ELEMENT; }
  bool IsEnd() const { return NodeType() == XML_READER_TYPE_END_ELEMENT; }
  bool IsEmptyElement() const { return xmlTextReaderIsEmptyElement(reader_.get()) == 1; }
  int Depth() const { return xmlTextReaderDepth(reader_.get()); }
  // Local name without namespace prefix ("news:title" → "title").
  std::string_view LocalName() const;
  // Namespace URI of the current node; empty if none.
  std::string_view NamespaceUri() const;
  // Value of the attribute with this (qualified) name on the current element.
  std::optional<std::string> Attribute(const char* name) const;

  // On an element start: the concatenated text and CDATA inside it (nested markup dropped), kept
  // to at most `max_bytes`; leaves the reader on the element's end. On an empty element: "".
  std::string ReadElementText(std::size_t max_bytes = 64 * 1024);

 private:
  struct Free {
    void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
  };
  static void OnError(void* self, xmlErrorPtr error) noexcept;

  xmlDoc* doc_ = nullptr;  // kRecoverTree only; owned, freed after reader_ (which walks it)
  std::unique_ptr<xmlTextReader, Free> reader_;
  bool failed_ = false;
  int error_count_ = 0;
  std::string first_error_;
};

// If `xml` declares no encoding or UTF-8 but is not valid UTF-8, returns a repaired copy in
// `*storage` (libxml2 stops at the first bad byte otherwise) and a view of it; else `xml` itself.
std::string_view RepairUtf8(std::string_view xml, std::string* storage);

// The failure of a document that has no root element (empty, or broken before its first tag),
// with libxml2's first error when there was one.
Status NoRootElementError(const XmlReader& reader);

// Skips a UTF-8 BOM, then trims ASCII white space from both ends.
std::string_view SkipBomAndSpace(std::string_view s);

// Parses with the streaming reader and, when that hit broken XML, once more from a recovered
// tree (inputs up to kMaxRecoverBytes), keeping whichever result holds more items. `parse` is
// called as parse(data, mode) and returns Result<T>; `items` gives a T's item list; T has a
// `malformed` flag.
template <typename T, typename Parse, typename Items>
Result<T> ParseWithRecovery(std::string_view data, Parse&& parse, Items&& items) {
  Result<T> streamed = parse(data, XmlReader::Mode::kStream);
  const bool damaged = streamed.ok() ? streamed->malformed : streamed.status().kind() == ErrorKind::kParseError;
  if (!damaged || data.size() > XmlReader::kMaxRecoverBytes) return streamed;
  // The stream reader gives up at the first fatal error; a recovered tree usually holds more.
  Result<T> recovered = parse(data, XmlReader::Mode::kRecoverTree);
  if (!recovered.ok()) return streamed;
  recovered->malformed = true;
  if (streamed.ok() && items(*streamed).size() > items(*recovered).size()) return streamed;
  return recovered;
}

// Stable sort, newest first by `time_of(item)` (optional Unix seconds); undated items last.
template <typename T, typename TimeOf>
void SortNewestFirstBy(std::vector<T>& items, TimeOf&& time_of) {
  std::vector<std::pair<std::optional<std::int64_t>, T>> keyed;
  keyed.reserve(items.size());
  for (auto& item : items) keyed.emplace_back(time_of(item), std::move(item));
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first && b.first) return *a.first > *b.first;
    return a.first.has_value() && !b.first.has_value();
  });
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

}  // namespace newscrawl::discovery

#endif  // NEWSCRAWL_SRC_DISCOVERY_XML_READER_H_
