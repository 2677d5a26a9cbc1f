#include "xml_reader.h"

#include <climits>

#include <libxml/parser.h>

#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"

namespace newscrawl::discovery {
namespace {

std::string_view View(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

void InitLibxmlOnce() {
  // xmlInitParser must run once before readers are used from several threads.
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

constexpr int kParseOptions =
    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

}  // namespace

XmlReader::XmlReader(std::string_view xml, Mode mode) {
  InitLibxmlOnce();
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) return;  // callers cap far below this
  const int size = static_cast<int>(xml.size());
  if (mode == Mode::kStream) {
    reader_.reset(xmlReaderForMemory(xml.data(), size, nullptr, nullptr, kParseOptions));
    if (reader_) xmlTextReaderSetStructuredErrorHandler(reader_.get(), &XmlReader::OnError, this);
    return;
  }
  if (xml.size() > kMaxRecoverBytes) return;
  // xmlReadMemory reports through the global handler; NOERROR/NOWARNING keep it quiet.
  doc_ = xmlReadMemory(xml.data(), size, nullptr, nullptr, kParseOptions);
  if (doc_ != nullptr) reader_.reset(xmlReaderWalker(doc_));
}

XmlReader::~XmlReader() {
  reader_.reset();  // the walker points into doc_
  if (doc_ != nullptr) xmlFreeDoc(doc_);
}

void XmlReader::OnError(void* self, xmlErrorPtr error) noexcept {
  auto* reader = static_cast<XmlReader*>(self);
  ++reader->error_count_;
  if (reader->first_error_.empty() && error != nullptr && error->message != nullptr) {
    try {
      reader->first_error_ = error->message;
      while (!reader->first_error_.empty() && reader->first_error_.back() == '\n') {
        reader->first_error_.pop_back();
      }
    } catch (...) {
      // Out of memory while recording a message: the count is enough.
    }
  }
}

bool XmlReader::Next() {
  if (!reader_ || failed_) return false;
  const int rc = xmlTextReaderRead(reader_.get());
  if (rc < 0) failed_ = true;
  return rc == 1;
}

std::string_view XmlReader::LocalName() const {
  return View(xmlTextReaderConstLocalName(reader_.get()));
}

std::string_view XmlReader::NamespaceUri() const {
  return View(xmlTextReaderConstNamespaceUri(reader_.get()));
}

std::optional<std::string> XmlReader::Attribute(const char* name) const {
  xmlChar* value = xmlTextReaderGetAttribute(reader_.get(), reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return std::nullopt;
  std::string out(View(value));
  xmlFree(value);
  return out;
}

std::string XmlReader::ReadElementText(std::size_t max_bytes) {
  std::string text;
  if (!IsStart() || IsEmptyElement()) return text;
  const int depth = Depth();
  while (Next()) {
    const int type = NodeType();
    if (type == XML_READER_TYPE_END_ELEMENT && Depth() == depth) break;
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
      const std::string_view value = View(xmlTextReaderConstValue(reader_.get()));
      if (text.size() < max_bytes) text.append(value.substr(0, max_bytes - text.size()));
    }
  }
  return text;
}

std::string_view RepairUtf8(std::string_view xml, std::string* storage) {
  // Look for an encoding in the XML declaration only ("<?xml ... encoding='...'?>").
  const std::string_view head = SkipBomAndSpace(xml).substr(0, 256);
  if (head.substr(0, 5) == "<?xml") {
    const std::string_view decl = head.substr(0, head.find("?>"));
    const std::size_t at = decl.find("encoding");
    if (at != std::string_view::npos) {
      const std::size_t quote = decl.find_first_of("\"'", at);
      if (quote != std::string_view::npos) {
        const std::string enc = AsciiLower(decl.substr(quote + 1, 5));
        if (enc != "utf-8" && enc.substr(0, 4) != "utf8") return xml;  // another charset: libxml2 converts
      }
    }
  }
  if (IsValidUtf8(xml)) return xml;
  *storage = SanitizeUtf8(xml);
  return *storage;
}

Status NoRootElementError(const XmlReader& reader) {
  return Status::ParseError("no XML root element" +
                            (reader.first_error().empty() ? "" : ": " + reader.first_error()));
}

std::string_view SkipBomAndSpace(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return TrimAscii(s);
}

}  // namespace newscrawl::discovery
