// Reads a WARC file with warcio.js (the Webrecorder library) and checks every record's digests:
// WARC-Block-Digest over the whole block (read with parseHttp off) and WARC-Payload-Digest over
// the HTTP payload (read with parseHttp on), both recomputed here with node's SHA-1.
// Usage: node warc_check.mjs <npm prefix holding warcio> <file.warc.gz>
// Prints one JSON object: {"ok": bool, "errors": [...], "records": [...]}; exits 1 if not ok.
import { createRequire } from "module";
import crypto from "crypto";
import fs from "fs";

const [, , prefix, file] = process.argv;
const require = createRequire(prefix + "/");
const { WARCParser } = require("warcio");

function base32(buf) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
const sha1 = (bytes) => "sha1:" + base32(crypto.createHash("sha1").update(bytes).digest());

async function read(parseHttp) {
  const out = [];
  const parser = new WARCParser(fs.createReadStream(file), { parseHttp });
  for await (const record of parser) {
    const content = await record.readFully(false);
    out.push({ record, content: Buffer.from(content), offset: parser.offset, length: parser.recordLength });
  }
  return out;
}

const errors = [];
const blocks = await read(false);
const payloads = await read(true);
if (blocks.length !== payloads.length) errors.push(`record counts differ: ${blocks.length} vs ${payloads.length}`);
const records = [];
for (let i = 0; i < blocks.length; ++i) {
  const { record, content, offset, length } = blocks[i];
  const h = (name) => record.warcHeader(name) ?? null;
  const r = {
    type: record.warcType,
    version: record.warcHeaders.protocol,
    id: h("WARC-Record-ID"),
    uri: h("WARC-Target-URI"),
    date: h("WARC-Date"),
    concurrent_to: h("WARC-Concurrent-To"),
    warcinfo_id: h("WARC-Warcinfo-ID"),
    content_type: h("Content-Type"),
    content_length: Number(h("Content-Length")),
    block_bytes: content.length,
    block_digest: h("WARC-Block-Digest"),
    block_digest_computed: sha1(content),
    offset,
    length,
  };
  if (r.block_digest !== r.block_digest_computed) errors.push(`record ${i}: block digest ${r.block_digest} != ${r.block_digest_computed}`);
  if (r.content_length !== content.length) errors.push(`record ${i}: Content-Length ${r.content_length} != ${content.length}`);
  if (record.warcType === "response") {
    const p = payloads[i];
    r.http_status = p.record.httpHeaders?.statusCode ?? null;
    r.http_content_type = p.record.httpHeaders?.headers.get("Content-Type") ?? null;
    r.payload_digest = h("WARC-Payload-Digest");
    r.payload_digest_computed = sha1(p.content);
    r.payload_bytes = p.content.length;
    if (r.payload_digest !== r.payload_digest_computed) errors.push(`record ${i}: payload digest ${r.payload_digest} != ${r.payload_digest_computed}`);
  } else if (record.warcType === "request") {
    const p = payloads[i];
    r.http_method = p.record.httpHeaders?.method ?? null;
    r.http_target = p.record.httpHeaders?.requestPath ?? null;
  }
  records.push(r);
}
console.log(JSON.stringify({ ok: errors.length === 0, errors, records }));
process.exit(errors.length === 0 ? 0 : 1);
