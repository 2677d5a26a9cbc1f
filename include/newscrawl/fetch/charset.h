// Charset detection and conversion of fetched bodies to UTF-8, so that everything after the
// fetcher (Gumbo, extractors, the store) only ever sees UTF-8. Pure functions; thread-safe (each
// call opens its own ICU converter/detector).
//
// Order of evidence (browsers' order, WHATWG "encoding sniffing", simplified):
//   1. a byte order mark (UTF-8, UTF-16LE/BE). The BOM wins even over the HTTP header, as in the
//      WHATWG "decode" algorithm: a BOM is never a coincidence, a header often is wrong;
//   2. the charset parameter of the Content-Type header;
//   3. <meta charset> / <meta http-equiv="Content-Type" content="...; charset=..."> in the first
//      4 KiB (prescan-lite: skips comments, no full tokenizer);
//   4. valid UTF-8 bytes → UTF-8; otherwise ICU's statistical guess (ucsdet);
//   5. windows-1252.
// A declared charset is trusted even when the bytes would also be valid UTF-8 (browsers do the
// same: the page then shows mojibake, and so do we; guessing against a declaration breaks more
// pages than it fixes). Invalid sequences are replaced with U+FFFD, never rejected, also under a
// UTF-8 label. Labels follow the WHATWG Encoding Standard (latin1/iso-8859-1/ascii → windows-1252,
// utf8 → utf-8, x-user-defined, ...); unknown labels are ignored (the next step decides);
// UTF-7 and similar are refused as labels.
#ifndef NEWSCRAWL_CHARSET_H_
#define NEWSCRAWL_CHARSET_H_

#include <optional>
#include <string>
#include <string_view>

#include "newscrawl/core/status.h"

namespace newscrawl {

// Converts `body` to UTF-8 (without BOM, NUL bytes dropped). `content_type_header` is the raw
// Content-Type value ("" if none). If `detected` is not null it receives the WHATWG name of the
// charset used ("utf-8", "windows-1258", ...).
// Errors: kUnsupported for binary data (NUL bytes, or more than 8 other C0 control bytes, in the
// first KiB outside UTF-16) or a content
// type that is not text (image/*, application/pdf, application/octet-stream, ...).
Result<std::string> DecodeToUtf8(std::string_view body, std::string_view content_type_header,
                                 std::string* detected = nullptr);

// The WHATWG name for a charset label ("Latin1 " → "windows-1252", "utf8" → "utf-8"), or nullopt
// for a label newscrawl does not decode.
std::optional<std::string> CanonicalCharset(std::string_view label);

// The charset parameter of a Content-Type value ("text/html; charset="UTF-8"" → "UTF-8"), raw.
std::string CharsetParam(std::string_view content_type);

// The first charset label declared by a <meta> tag in the first 4 KiB of `html` that
// CanonicalCharset knows, raw, or "".
std::string MetaCharset(std::string_view html);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CHARSET_H_
